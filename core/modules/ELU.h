// nn.ELU([alpha = 1, inplace]): y = x for x > 0, alpha * (exp(x) - 1) otherwise, elementwise.
// The in-place flag is accepted and ignored.
#pragma once
#include "core/modules/Pointwise.h"

namespace nn {

class ELU : public Pointwise {
  NN_MODULE(ELU, "nn.ELU")
 public:
  explicit ELU(double alpha = 1)
      : Pointwise(kernels::Unary::ELU, static_cast<float>(alpha)), alpha_(alpha) {}
  double alpha() const { return alpha_; }
  std::string toString() const override { return cat("nn.ELU(", alpha_, ")"); }
  std::string description() const override {
    return "exponential linear unit: x if x > 0, else alpha * (exp(x) - 1), elementwise";
  }
  Args arguments() const override { return {alpha_}; }

 private:
  double alpha_;
};

}  // namespace nn
