// nn.JoinTable(dimension[, nInputDims]): concatenates a table of tensors along `dimension`
// (1-based; negative counts from the end). With nInputDims, an input with nInputDims + 1
// dimensions is a batch and the join happens along dimension + 1, as in Torch. A one-entry
// table gives a copy of its tensor.
#pragma once
#include "core/module.h"

namespace nn {

class JoinTable : public Module {
  NN_MODULE(JoinTable, "nn.JoinTable")
 public:
  explicit JoinTable(int64_t dimension, int64_t nInputDims = 0);
  const Value& updateOutput(const Value& input) override;
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override;
  std::string toString() const override;
  std::string description() const override { return "concatenates a table of tensors along a dimension"; }
  Args arguments() const override;

 private:
  // The 1-based dimension to join along for this input, checked; xs are its entries.
  int joinDimension(const std::vector<Value>& xs) const;
  int64_t dimension_;
  int64_t nInputDims_;  // 0: not given
};

}  // namespace nn
