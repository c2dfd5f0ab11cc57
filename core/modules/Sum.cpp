#include "core/modules/Sum.h"

#include "core/kernels.h"

namespace nn {

Sum::Sum(int64_t dimension, int64_t nInputDims, bool sizeAverage, bool squeeze)
    : dimension_(dimension), nInputDims_(nInputDims), sizeAverage_(sizeAverage), squeeze_(squeeze) {
  if (dimension == 0) nn::fail(toString(), ": dimensions are 1-based (negative counts from the end), got 0");
  if (nInputDims < 0) nn::fail(toString(), ": nInputDims must be positive, got ", nInputDims);
}

Sum::Layout Sum::layout(const Tensor& x) const {
  if (x.dim() == 0) fail("expected a non-empty input tensor");
  int64_t dim = dimension_;
  if (dim < 0) dim += x.dim() + 1;
  else if (nInputDims_ && x.dim() == nInputDims_ + 1) dim += 1;
  if (dim < 1 || dim > x.dim())
    fail("dimension ", dimension_, " is out of range for an input of size ", x.shapeString());
  Layout l{1, x.size(static_cast<int>(dim)), 1, x.sizes()};
  for (int d = 1; d <= x.dim(); ++d)
    if (d != dim) (d < dim ? l.outer : l.inner) *= x.size(d);
  if (squeeze_ && x.dim() > 1) l.outputSizes.erase(l.outputSizes.begin() + (dim - 1));
  else l.outputSizes[dim - 1] = 1;
  return l;
}

const Value& Sum::updateOutput(const Value& input) {
  const Tensor& x = inputTensor(input);
  const Layout l = layout(x);
  const Tensor xc = x.isContiguous() ? x : Tensor(contiguousInput_.resize(x.sizes()).copy(x));
  Tensor& y = outputTensor();
  y.resize(l.outputSizes);
  kernels::sumAxis(l.outer, l.n, l.inner, xc.data(), y.data());
  if (sizeAverage_) kernels::scale(y.numel(), 1.0f / static_cast<float>(l.n), y.data());
  return output;
}

const Value& Sum::updateGradInput(const Value& input, const Value& gradOutput) {
  const Tensor& x = inputTensor(input);
  const Layout l = layout(x);
  const Tensor& g = inputTensor(gradOutput, "gradOutput");
  if (g.sizes() != l.outputSizes)
    fail("gradOutput has size ", g.shapeString(), " but the output has size ", shapeString(l.outputSizes));
  const Tensor gy = g.isContiguous() ? g : Tensor(contiguousGradOutput_.resize(g.sizes()).copy(g));
  Tensor& gx = gradInputTensor();
  gx.resize(x.sizes());
  const float factor = sizeAverage_ ? 1.0f / static_cast<float>(l.n) : 1.0f;
  // Every element along the summed dimension receives its row's gradient.
  for (int64_t o = 0; o < l.outer; ++o) {
    if (l.inner == 1) {
      kernels::fill(l.n, gy.data()[o] * factor, gx.data() + o * l.n);
      continue;
    }
    for (int64_t d = 0; d < l.n; ++d)
      kernels::copy(l.inner, gy.data() + o * l.inner, gx.data() + (o * l.n + d) * l.inner);
  }
  if (sizeAverage_ && l.inner != 1) kernels::scale(gx.numel(), factor, gx.data());
  return gradInput;
}

std::string Sum::toString() const {
  std::string s = cat(typeName(), "(", dimension_);
  if (nInputDims_) s += cat(", nInputDims ", nInputDims_);
  if (sizeAverage_ && typeName() == "nn.Sum") s += ", sizeAverage";
  if (!squeeze_) s += ", no squeeze";
  return s + ")";
}

Args Sum::arguments() const {
  return {dimension_, nInputDims_ ? Arg(nInputDims_) : Arg(), sizeAverage_, squeeze_};
}

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(Sum, [](nn::ArgReader& args) -> nn::ModulePtr {
  const int64_t dimension = args.optInteger("dimension", 1);
  const int64_t nInputDims = args.optInteger("nInputDims", 0);
  const bool sizeAverage = args.optBool("sizeAverage", false);
  return std::make_shared<nn::Sum>(dimension, nInputDims, sizeAverage, args.optBool("squeeze", true));
})
