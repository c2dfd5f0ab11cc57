// nn.SplitTable(dimension[, nInputDims]): a tensor -> the table of its slices along `dimension`
// (1-based; negative counts from the end), each a view of the input as in Torch (the slices of
// a 1-D tensor are one-element tensors, where Torch gives numbers). With nInputDims,
// an input with nInputDims + 1 dimensions is a batch and the split is along dimension + 1.
#pragma once
#include "core/module.h"

namespace nn {

class SplitTable : public Module {
  NN_MODULE(SplitTable, "nn.SplitTable")
 public:
  explicit SplitTable(int64_t dimension, int64_t nInputDims = 0);
  const Value& updateOutput(const Value& input) override;
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override;
  std::string toString() const override;
  std::string description() const override { return "splits a tensor into a table of its slices along a dimension"; }
  Args arguments() const override;

 private:
  int splitDimension(const Tensor& x) const;  // 1-based, checked
  static Tensor slice(const Tensor& x, int d, int64_t index1);
  int64_t dimension_;
  int64_t nInputDims_;  // 0: not given
};

}  // namespace nn
