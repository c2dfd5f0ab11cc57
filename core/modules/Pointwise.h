// Shared base of the elementwise modules (Tanh, Sigmoid, ReLU, Exp, ...): y = f(x) for any
// tensor shape, gradInput = gradOutput * f'(x). Each concrete module is its own small file.
#pragma once
#include "core/kernels.h"
#include "core/module.h"

namespace nn {

class Pointwise : public Module {
 public:
  const Value& updateOutput(const Value& input) override;
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override;

 protected:
  Pointwise(kernels::Unary op, float a = 0, float b = 0) : op_(op), a_(a), b_(b) {}
  kernels::Unary op_;
  float a_, b_;  // the op's parameters (slope, bounds, exponent...)
};

}  // namespace nn
