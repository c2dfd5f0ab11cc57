// nn.Squeeze([dim[, numInputDims]]): removes size-1 dimensions, all of them or only dim (a
// negative dim counts from the end). With numInputDims, an input with one more dimension is a
// batch: dim shifts by one and a batch of size 1 keeps its batch dimension. A 1-element input
// stays 1-D (Torch would give a Lua number). The output is a view of the input; gradInput is a
// copy of gradOutput shaped like the input.
#pragma once
#include "core/module.h"

namespace nn {

class Squeeze : public Module {
  NN_MODULE(Squeeze, "nn.Squeeze")
 public:
  explicit Squeeze(int64_t dim = 0, int64_t numInputDims = 0);  // 0: all dims / not set

  const Value& updateOutput(const Value& input) override;
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override;
  std::string toString() const override;
  std::string description() const override { return "removes dimensions of size 1"; }
  Args arguments() const override;

 private:
  int64_t dim_, numInputDims_;
  Tensor squeezed(const Tensor& x) const;
};

}  // namespace nn
