#include "core/modules/RowNormalizer.h"

#include "core/kernels_zoo.h"

namespace nn {

void RowNormalizer::checkInput(const Tensor& x) const {
  if (x.dim() < 1 || x.dim() > 4)
    fail("expected a 1-D (n), 2-D (batch x n), 3-D (planes x h x w) or 4-D (batch x planes x h x w) "
         "input, got ", x.dim() ? "size " + x.shapeString() : std::string("an empty tensor"));
  if (x.numel() == 0) fail("expected a non-empty input, got ", x.shapeString());
}

RowNormalizer::Axis RowNormalizer::axisOf(const Tensor& x) {
  switch (x.dim()) {
    case 1: return {1, x.size(1), 1};
    case 2: return {x.size(1), x.size(2), 1};
    case 3: return {1, x.size(1), x.size(2) * x.size(3)};
    default: return {x.size(1), x.size(2), x.size(3) * x.size(4)};
  }
}

const Value& RowNormalizer::updateOutput(const Value& input) {
  const Tensor x = inputTensor(input).contiguous();
  checkInput(x);
  Tensor& y = outputTensor();
  y.resizeAs(x);
  const Axis a = axisOf(x);
  if (a.inner == 1) forward_(a.outer, a.dim, x.data(), y.data());
  else kernels::softmaxAxis(log_, a.outer, a.dim, a.inner, x.data(), y.data());
  return output;
}

const Value& RowNormalizer::updateGradInput(const Value& input, const Value& gradOutput) {
  const Tensor& x = inputTensor(input);
  checkInput(x);
  const Tensor gy = inputTensor(gradOutput, "gradOutput").contiguous();
  if (!gy.sameShape(x))
    fail("gradOutput has size ", gy.shapeString(), " but input has size ", x.shapeString());
  // The gradient is computed from the output, so forward must have seen an input of this size.
  const Tensor& y = outputTensor();
  if (!y.sameShape(x)) fail("backward before forward: call forward with this input first");
  Tensor& gx = gradInputTensor();
  gx.resizeAs(x);
  const Axis a = axisOf(x);
  if (a.inner == 1) backward_(a.outer, a.dim, y.data(), gy.data(), gx.data());
  else kernels::softmaxAxisBackward(log_, a.outer, a.dim, a.inner, y.data(), gy.data(), gx.data());
  return gradInput;
}

}  // namespace nn
