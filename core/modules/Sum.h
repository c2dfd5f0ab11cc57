// nn.Sum([dimension = 1[, nInputDims[, sizeAverage = false[, squeeze = true]]]]): sums over one
// dimension (negative counts from the end; with nInputDims, an input with one more dimension is a
// batch and dimension shifts by one). sizeAverage divides by that dimension's size; squeeze drops
// the summed dimension unless the input is 1-D (the result then has size 1, as in Torch).
#pragma once
#include "core/module.h"

namespace nn {

class Sum : public Module {
  NN_MODULE(Sum, "nn.Sum")
 public:
  explicit Sum(int64_t dimension = 1, int64_t nInputDims = 0, bool sizeAverage = false, bool squeeze = true);

  const Value& updateOutput(const Value& input) override;
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override;
  std::string toString() const override;
  std::string description() const override { return "sum over one dimension"; }
  Args arguments() const override;

 protected:
  int64_t dimension_, nInputDims_;  // nInputDims_ 0: not set
  bool sizeAverage_, squeeze_;
  Buffer contiguousInput_, contiguousGradOutput_;

  // The input seen as [outer, n, inner] around the reduced dimension.
  struct Layout { int64_t outer, n, inner; Shape outputSizes; };
  Layout layout(const Tensor& x) const;
};

}  // namespace nn
