// nn.AddConstant(constant_scalar[, inplace]): y = x + constant_scalar. The constant is a number, or
// (as in Torch's AddConstant.lua) a 1-D tensor of n values added to a vector of n elements or to
// every row of a batch x n matrix. In-place is accepted and ignored.
#pragma once
#include "core/module.h"

namespace nn {

class AddConstant : public Module {
  NN_MODULE(AddConstant, "nn.AddConstant")
 public:
  explicit AddConstant(double constant) : constant_(constant) {}
  explicit AddConstant(Tensor constant);
  double constant() const { return constant_; }
  const Tensor& constantTensor() const { return tensor_; }  // undefined for a number constant

  const Value& updateOutput(const Value& input) override;
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override;
  std::string toString() const override;
  std::string description() const override { return "adds a constant to its input"; }
  Args arguments() const override;

 private:
  double constant_ = 0;
  Tensor tensor_;
  int64_t rowsOf(const Tensor& x) const;  // tensor constant: how many rows of n the input holds
};

}  // namespace nn
