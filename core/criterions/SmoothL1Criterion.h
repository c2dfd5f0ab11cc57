// nn.SmoothL1Criterion([sizeAverage = true]): loss = sum(0.5 d^2 if |d| < 1 else |d| - 0.5) with
// d = x - t (Huber loss), divided by the number of elements when sizeAverage.
#pragma once
#include "core/criterion.h"

namespace nn {

class SmoothL1Criterion : public Criterion {
  NN_CRITERION(SmoothL1Criterion, "nn.SmoothL1Criterion")
 public:
  explicit SmoothL1Criterion(bool sizeAverage = true) { this->sizeAverage = sizeAverage; }
  float updateOutput(const Value& input, const Value& target) override;
  const Value& updateGradInput(const Value& input, const Value& target) override;
  std::string description() const override {
    return "Huber loss: squared error below 1, absolute error above";
  }
  Args arguments() const override { return {sizeAverage}; }

 private:
  Buffer diff_, clamped_;
  void difference(const Value& input, const Value& target, Tensor& out) const;  // out = input - target
};

}  // namespace nn
