// nn.Clamp(min_value, max_value): y = x clamped to [min_value, max_value], elementwise. Torch's
// Clamp is a HardTanh: the gradient passes strictly inside (min_value, max_value), 0 at the bounds.
#pragma once
#include "core/modules/Pointwise.h"

namespace nn {

class Clamp : public Pointwise {
  NN_MODULE(Clamp, "nn.Clamp")
 public:
  Clamp(double minValue, double maxValue);
  double minValue() const { return min_; }
  double maxValue() const { return max_; }
  std::string toString() const override { return cat("nn.Clamp(", min_, ", ", max_, ")"); }
  std::string description() const override { return "x clamped to [min_value, max_value], elementwise"; }
  Args arguments() const override { return {min_, max_}; }

 private:
  double min_, max_;
};

}  // namespace nn
