// nn.LeakyReLU([negval = 1/100, inplace]) or nn.LeakyReLU(inplace): y = x for x > 0, negval * x
// otherwise, elementwise (a boolean first argument is the in-place flag, as in Torch).
// The in-place flag is accepted and ignored.
#pragma once
#include "core/modules/Pointwise.h"

namespace nn {

class LeakyReLU : public Pointwise {
  NN_MODULE(LeakyReLU, "nn.LeakyReLU")
 public:
  explicit LeakyReLU(double negval = 1.0 / 100)
      : Pointwise(kernels::Unary::LeakyReLU, static_cast<float>(negval)), negval_(negval) {}
  double negval() const { return negval_; }
  std::string toString() const override { return cat("nn.LeakyReLU(", negval_, ")"); }
  std::string description() const override {
    return "leaky rectifier: x if x > 0, else negval * x, elementwise";
  }
  Args arguments() const override { return {negval_}; }

 private:
  double negval_;
};

}  // namespace nn
