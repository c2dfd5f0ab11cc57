// nn.Power(pow): y = x^pow, elementwise (NaN for negative x and a non-integer pow, as Torch).
#pragma once
#include "core/modules/Pointwise.h"

namespace nn {

class Power : public Pointwise {
  NN_MODULE(Power, "nn.Power")
 public:
  explicit Power(double pow) : Pointwise(kernels::Unary::Power, static_cast<float>(pow)), pow_(pow) {}
  double pow() const { return pow_; }
  std::string toString() const override { return cat("nn.Power(", pow_, ")"); }
  std::string description() const override { return "x to the power pow, elementwise"; }
  Args arguments() const override { return {pow_}; }

 private:
  double pow_;
};

}  // namespace nn
