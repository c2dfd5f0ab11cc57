// nn.Unsqueeze(pos[, numInputDims]): inserts a size-1 dimension at position pos (1-based; a 3x4
// input with Unsqueeze(2) gives 3x1x4). With numInputDims, dimensions before the last
// numInputDims are batch and pos counts after them. The output is a view of the input; gradInput
// is a copy of gradOutput shaped like the input.
#pragma once
#include "core/module.h"

namespace nn {

class Unsqueeze : public Module {
  NN_MODULE(Unsqueeze, "nn.Unsqueeze")
 public:
  explicit Unsqueeze(int64_t pos, int64_t numInputDims = 0);  // 0: not set

  const Value& updateOutput(const Value& input) override;
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override;
  std::string toString() const override { return cat("nn.Unsqueeze(dim ", pos_, ")"); }
  std::string description() const override { return "inserts a dimension of size 1"; }
  Args arguments() const override;

 private:
  int64_t pos_, numInputDims_;
  Tensor unsqueezed(const Tensor& x) const;
};

}  // namespace nn
