#include "core/modules/Extremum.h"

#include "core/kernels.h"
#include "core/kernels_rows.h"

namespace nn {

Extremum::Extremum(bool isMax, int64_t dimension, int64_t nInputDims)
    : isMax_(isMax), dimension_(dimension), nInputDims_(nInputDims) {
  const char* name = isMax ? "nn.Max(" : "nn.Min(";
  if (dimension == 0) nn::fail(name, "0): dimensions are 1-based (negative counts from the end)");
  if (nInputDims < 0) nn::fail(name, dimension, ", ", nInputDims, "): nInputDims must be positive");
}

Extremum::Layout Extremum::layout(const Tensor& x) const {
  if (x.dim() == 0) fail("expected a non-empty input tensor");
  int64_t dim = dimension_;
  if (dim < 0) dim += x.dim() + 1;
  else if (nInputDims_ && x.dim() == nInputDims_ + 1) dim += 1;
  if (dim < 1 || dim > x.dim())
    fail("dimension ", dimension_, " is out of range for an input of size ", x.shapeString());
  Layout l{1, x.size(static_cast<int>(dim)), 1, x.sizes()};
  if (l.n == 0) fail("cannot take the ", isMax_ ? "max" : "min", " over an empty dimension of ", x.shapeString());
  for (int d = 1; d <= x.dim(); ++d)
    if (d != dim) (d < dim ? l.outer : l.inner) *= x.size(d);
  if (x.dim() > 1) l.outputSizes.erase(l.outputSizes.begin() + (dim - 1));
  else l.outputSizes = {1};
  return l;
}

const Value& Extremum::updateOutput(const Value& input) {
  const Tensor& x = inputTensor(input);
  const Layout l = layout(x);
  const Tensor xc = x.isContiguous() ? x : Tensor(contiguousInput_.resize(x.sizes()).copy(x));
  Tensor& y = outputTensor();
  y.resize(l.outputSizes);
  indices_.resize(static_cast<size_t>(l.outer * l.inner));
  kernels::maxAxis(isMax_, l.outer, l.n, l.inner, xc.data(), y.data(), indices_.data());
  return output;
}

const Value& Extremum::updateGradInput(const Value& input, const Value& gradOutput) {
  const Tensor& x = inputTensor(input);
  const Layout l = layout(x);
  const Tensor gy = inputTensor(gradOutput, "gradOutput").contiguous();
  if (gy.sizes() != l.outputSizes)
    fail("gradOutput has size ", gy.shapeString(), " but the output has size ", shapeString(l.outputSizes));
  if (static_cast<int64_t>(indices_.size()) != l.outer * l.inner || outputTensor().sizes() != l.outputSizes)
    fail("backward needs the forward of an input of this size (", x.shapeString(), ") first");
  Tensor& gx = gradInputTensor();
  gx.resize(x.sizes());
  kernels::maxAxisBackward(l.outer, l.n, l.inner, gy.data(), indices_.data(), gx.data());
  return gradInput;
}

std::string Extremum::toString() const {
  return nInputDims_ ? cat(typeName(), "(", dimension_, ", nInputDims ", nInputDims_, ")")
                     : cat(typeName(), "(", dimension_, ")");
}

Args Extremum::arguments() const {
  if (nInputDims_) return {dimension_, nInputDims_};
  return {dimension_};
}

}  // namespace nn
