// nn.AddConstant(constant_scalar[, inplace]): y = x + constant_scalar. In-place is accepted and ignored.
#pragma once
#include "core/modules/Pointwise.h"

namespace nn {

class AddConstant : public Pointwise {
  NN_MODULE(AddConstant, "nn.AddConstant")
 public:
  explicit AddConstant(double constant)
      : Pointwise(kernels::Unary::Affine, 1.0f, static_cast<float>(constant)), constant_(constant) {}
  double constant() const { return constant_; }
  std::string toString() const override { return cat("nn.AddConstant(", constant_, ")"); }
  std::string description() const override { return "adds a constant to its input"; }
  Args arguments() const override { return {constant_}; }

 private:
  double constant_;
};

}  // namespace nn
