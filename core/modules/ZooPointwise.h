// Shared base of the elementwise modules of the zoo (Threshold, HardShrink, SoftShrink, TanhShrink,
// LogSigmoid): y = f(x) for any shape, gradInput = gradOutput * f'(x), with the
// maps of core/kernels_zoo.h. Each module is one small file that also registers it.
#pragma once
#include <string>

#include "core/kernels_zoo.h"
#include "core/module.h"

namespace nn {

class ZooPointwise : public Module {
 public:
  const Value& updateOutput(const Value& input) override {
    const Tensor x = inputTensor(input).contiguous();
    Tensor& y = outputTensor();
    y.resizeAs(x);
    kernels::zooUnary(op_, x.numel(), x.data(), y.data(), a_, b_);
    return output;
  }
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override {
    const Tensor x = inputTensor(input).contiguous();
    const Tensor gy = inputTensor(gradOutput, "gradOutput").contiguous();
    if (!gy.sameShape(x))
      fail("gradOutput has size ", gy.shapeString(), " but input has size ", x.shapeString());
    Tensor& gx = gradInputTensor();
    gx.resizeAs(x);
    kernels::zooUnaryBackward(op_, x.numel(), x.data(), nullptr, gy.data(), gx.data(), a_, b_);
    return gradInput;
  }

 protected:
  explicit ZooPointwise(kernels::ZooUnary op, float a = 0, float b = 0) : op_(op), a_(a), b_(b) {}
  kernels::ZooUnary op_;
  float a_, b_;  // the map's parameters (threshold and value, lambda)
};

}  // namespace nn
