// nn.SpatialClassNLLCriterion([weights][, sizeAverage = true]): ClassNLLCriterion at every pixel.
// Input: log-probabilities batch x nClasses x h x w (or, an extension of Torch's 4-D-only
// version, nClasses x h x w); target: batch x h x w (or h x w) 1-based class indices stored as
// floats. loss = -sum over pixels of w[t] * input[t], divided by the sum of w[t] when sizeAverage.
#pragma once
#include <vector>

#include "core/criterion.h"

namespace nn {

class SpatialClassNLLCriterion : public Criterion {
  NN_CRITERION(SpatialClassNLLCriterion, "nn.SpatialClassNLLCriterion")
 public:
  explicit SpatialClassNLLCriterion(Tensor weights = Tensor(), bool sizeAverage = true);
  SpatialClassNLLCriterion(const SpatialClassNLLCriterion& other);

  float updateOutput(const Value& input, const Value& target) override;
  const Value& updateGradInput(const Value& input, const Value& target) override;
  std::string description() const override { return "negative log-likelihood of a class target at every pixel"; }
  Args arguments() const override { return {weights_.defined() ? Arg(weights_) : Arg(), sizeAverage}; }

 private:
  Tensor weights_;
  double totalWeight_ = 0;
  std::vector<int64_t> classes_;  // 0-based, per (sample, pixel)
  Tensor readSamples(const Value& input, const Value& target);
  float weightOf(int64_t cls) const { return weights_.defined() ? weights_.data()[cls] : 1.0f; }
};

}  // namespace nn
