// nn.LookupTable(nIndex, nOutput): row i of an nIndex x nOutput weight for each index i. The
// input holds 1-based indices stored as floats: 1-D (n indices -> n x nOutput) or 2-D (batch x n
// -> batch x n x nOutput). Indices are not differentiable: gradInput is zeros shaped like the
// input, as in Torch. A non-integer or out-of-range index is an error naming it.
#pragma once
#include "core/module.h"

namespace nn {

class LookupTable : public Module {
  NN_MODULE(LookupTable, "nn.LookupTable")
 public:
  Tensor weight, gradWeight;

  LookupTable(int64_t nIndex, int64_t nOutput);
  void reset();  // N(0, 1), Torch's default
  int64_t nIndex() const { return weight.size(1); }
  int64_t nOutput() const { return weight.size(2); }

  const Value& updateOutput(const Value& input) override;
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override;
  void accGradParameters(const Value& input, const Value& gradOutput, float scale) override;
  std::vector<Parameter> parameterList() override { return {{"weight", "gradWeight", &weight, &gradWeight}}; }
  std::string toString() const override { return cat("nn.LookupTable(", nIndex(), ", ", nOutput(), ")"); }
  std::string description() const override { return "embedding: one learned row per index"; }
  Args arguments() const override { return {nIndex(), nOutput()}; }

 private:
  std::vector<int64_t> rows_;  // 0-based weight rows of the last checked input
  const Tensor& checkIndices(const Value& input);
  Shape outputSizes(const Tensor& x) const;
};

}  // namespace nn
