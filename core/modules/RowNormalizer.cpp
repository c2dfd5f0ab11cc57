#include "core/modules/RowNormalizer.h"

namespace nn {

void RowNormalizer::checkInput(const Tensor& x) const {
  if (x.dim() != 1 && x.dim() != 2)
    fail("expected a 1-D (n) or 2-D (batch x n) input, got ", x.shapeString());
  if (x.numel() == 0) fail("expected a non-empty input, got ", x.shapeString());
}

const Value& RowNormalizer::updateOutput(const Value& input) {
  const Tensor x = inputTensor(input).contiguous();
  checkInput(x);
  Tensor& y = outputTensor();
  y.resizeAs(x);
  const int64_t rows = x.dim() == 1 ? 1 : x.size(1);
  forward_(rows, x.size(-1), x.data(), y.data());
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
  const int64_t rows = x.dim() == 1 ? 1 : x.size(1);
  backward_(rows, x.size(-1), y.data(), gy.data(), gx.data());
  return gradInput;
}

}  // namespace nn
