// nn.DistKLDivCriterion([sizeAverage = true]): Kullback-Leibler divergence of the input, given as
// log-probabilities, from the target probabilities: loss = sum(t * (log(t) - x)) over the elements
// where t > 0, divided by the number of elements when sizeAverage.
#pragma once
#include "core/criterion.h"

namespace nn {

class DistKLDivCriterion : public Criterion {
  NN_CRITERION(DistKLDivCriterion, "nn.DistKLDivCriterion")
 public:
  explicit DistKLDivCriterion(bool sizeAverage = true) { this->sizeAverage = sizeAverage; }
  float updateOutput(const Value& input, const Value& target) override;
  const Value& updateGradInput(const Value& input, const Value& target) override;
  std::string description() const override {
    return "KL divergence from target probabilities to input log-probabilities";
  }
  Args arguments() const override { return {sizeAverage}; }
};

}  // namespace nn
