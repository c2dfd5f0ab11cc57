// nn.AbsCriterion([sizeAverage = true]): loss = sum(|x - t|), divided by the number of elements
// when sizeAverage; input and target need the same number of elements.
#pragma once
#include "core/criterion.h"

namespace nn {

class AbsCriterion : public Criterion {
  NN_CRITERION(AbsCriterion, "nn.AbsCriterion")
 public:
  explicit AbsCriterion(bool sizeAverage = true) { this->sizeAverage = sizeAverage; }
  float updateOutput(const Value& input, const Value& target) override;
  const Value& updateGradInput(const Value& input, const Value& target) override;
  std::string description() const override { return "mean absolute error between input and target"; }
  Args arguments() const override { return {sizeAverage}; }

 private:
  Buffer diff_, ones_;
  void difference(const Value& input, const Value& target, Tensor& out) const;  // out = input - target
};

}  // namespace nn
