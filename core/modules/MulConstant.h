// nn.MulConstant(constant_scalar[, inplace]): y = constant_scalar * x. In-place is accepted and ignored.
#pragma once
#include "core/modules/Pointwise.h"

namespace nn {

class MulConstant : public Pointwise {
  NN_MODULE(MulConstant, "nn.MulConstant")
 public:
  explicit MulConstant(double constant)
      : Pointwise(kernels::Unary::Affine, static_cast<float>(constant), 0.0f), constant_(constant) {}
  double constant() const { return constant_; }
  std::string toString() const override { return cat("nn.MulConstant(", constant_, ")"); }
  std::string description() const override { return "multiplies its input by a constant"; }
  Args arguments() const override { return {constant_}; }

 private:
  double constant_;
};

}  // namespace nn
