// nn.Replicate(nf[, dim = 1[, ndim]]): nf copies of the input stacked along a new dimension dim
// (a 3-vector with Replicate(2) gives a 2x3 tensor). When the input has more than ndim
// dimensions, the first is batch and the new dimension is dim + 1. Torch returns a zero-stride
// view; this engine's tensors have no expand(), so the output is a copy (same values).
// gradInput sums gradOutput over the replicated dimension.
#pragma once
#include "core/module.h"

namespace nn {

class Replicate : public Module {
  NN_MODULE(Replicate, "nn.Replicate")
 public:
  Replicate(int64_t nf, int64_t dim = 1, int64_t ndim = 0);  // ndim 0: no batch dimension

  const Value& updateOutput(const Value& input) override;
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override;
  std::string toString() const override;
  std::string description() const override { return "copies of the input stacked along a new dimension"; }
  Args arguments() const override;

 private:
  int64_t nf_, dim_, ndim_;
  struct Layout { int64_t outer, inner; Shape outputSizes; };
  Layout layout(const Tensor& x) const;
};

}  // namespace nn
