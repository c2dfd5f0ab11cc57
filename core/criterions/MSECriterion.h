// nn.MSECriterion([sizeAverage = true]): loss = sum((x - t)^2), divided by the number of
// elements when sizeAverage; input and target need the same number of elements.
#pragma once
#include "core/criterion.h"

namespace nn {

class MSECriterion : public Criterion {
  NN_CRITERION(MSECriterion, "nn.MSECriterion")
 public:
  explicit MSECriterion(bool sizeAverage = true) { this->sizeAverage = sizeAverage; }
  float updateOutput(const Value& input, const Value& target) override;
  const Value& updateGradInput(const Value& input, const Value& target) override;
  std::string description() const override { return "mean squared error between input and target"; }
  Args arguments() const override { return {sizeAverage}; }

 private:
  Buffer diff_;
  void difference(const Value& input, const Value& target, Tensor& out) const;  // out = input - target
};

}  // namespace nn
