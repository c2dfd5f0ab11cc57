#include "core/modules/Pointwise.h"

namespace nn {

const Value& Pointwise::updateOutput(const Value& input) {
  const Tensor x = inputTensor(input).contiguous();
  Tensor& y = outputTensor();
  y.resizeAs(x);
  kernels::unary(op_, x.numel(), x.data(), y.data(), a_, b_);
  return output;
}

const Value& Pointwise::updateGradInput(const Value& input, const Value& gradOutput) {
  const Tensor x = inputTensor(input).contiguous();
  const Tensor gy = inputTensor(gradOutput, "gradOutput").contiguous();
  if (!gy.sameShape(x))
    fail("gradOutput has size ", gy.shapeString(), " but input has size ", x.shapeString());
  const Tensor& y = outputTensor();
  if (!y.sameShape(x)) fail("backward before forward: call forward with this input first");
  Tensor& gx = gradInputTensor();
  gx.resizeAs(x);
  kernels::unaryBackward(op_, x.numel(), x.data(), y.data(), gy.data(), gx.data(), a_, b_);
  return gradInput;
}

}  // namespace nn
