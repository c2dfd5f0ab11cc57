// nn.HardTanh([min_value = -1, max_value = 1, inplace]): y = x clamped to [min_value, max_value],
// elementwise. The gradient passes strictly inside (min_value, max_value) and is 0 at x == min_value
// and x == max_value, as THNN's HardTanh has computed it (in place or not) since 2017.
// In-place is accepted and ignored.
#pragma once
#include "core/modules/Pointwise.h"

namespace nn {

class HardTanh : public Pointwise {
  NN_MODULE(HardTanh, "nn.HardTanh")
 public:
  explicit HardTanh(double minValue = -1, double maxValue = 1);
  double minValue() const { return min_; }
  double maxValue() const { return max_; }
  std::string toString() const override { return cat("nn.HardTanh(", min_, ", ", max_, ")"); }
  std::string description() const override { return "x clamped to [min_value, max_value], elementwise"; }
  Args arguments() const override { return {min_, max_}; }

 private:
  double min_, max_;
};

}  // namespace nn
