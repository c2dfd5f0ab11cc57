// nn.LookupTable(nIndex, nOutput[, paddingValue = 0, maxNorm, normType = 2]): row i of an
// nIndex x nOutput weight for each index i. As in Torch, positions whose index equals
// paddingValue add nothing to gradWeight, and with maxNorm every row looked up by a forward is
// first renormalised in place to a normType-norm of at most maxNorm (THNN LookupTable_renorm). The
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

  LookupTable(int64_t nIndex, int64_t nOutput, double paddingValue = 0, double maxNorm = 0, double normType = 2);
  void reset();  // N(0, 1), Torch's default
  // Torch's LookupTable:reset(stdv): normal(0, stdv), stdv defaulting to 1.
  void resetParameters(std::optional<double> stdv) override;
  int64_t nIndex() const { return weight.size(1); }
  int64_t nOutput() const { return weight.size(2); }

  const Value& updateOutput(const Value& input) override;
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override;
  void accGradParameters(const Value& input, const Value& gradOutput, float scale) override;
  std::vector<Parameter> parameterList() override { return {{"weight", "gradWeight", &weight, &gradWeight}}; }
  std::string toString() const override { return cat("nn.LookupTable(", nIndex(), ", ", nOutput(), ")"); }
  std::string description() const override { return "embedding: one learned row per index"; }
  Args arguments() const override;
  double paddingValue() const { return padding_; }
  double maxNorm() const { return maxNorm_; }  // 0: no renormalisation

 private:
  double padding_, maxNorm_, normType_;
  std::vector<int64_t> rows_;  // 0-based weight rows of the last checked input
  std::vector<char> padded_;   // per position: the index is paddingValue
  const Tensor& checkIndices(const Value& input);
  Shape outputSizes(const Tensor& x) const;
};

}  // namespace nn
