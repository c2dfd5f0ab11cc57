#include "core/modules/Replicate.h"

#include "core/kernels.h"

namespace nn {

Replicate::Replicate(int64_t nf, int64_t dim, int64_t ndim) : nf_(nf), dim_(dim), ndim_(ndim) {
  if (nf <= 0) nn::fail("nn.Replicate(", nf, "): the number of copies must be positive");
  if (dim <= 0) nn::fail("nn.Replicate(", nf, ", ", dim, "): can only replicate along a positive dimension");
  if (ndim < 0) nn::fail("nn.Replicate(", nf, ", ", dim, ", ", ndim, "): ndim must be positive");
}

// The output seen as [outer, nf, inner], where outer/inner are the input's element counts
// before/after the replicated position.
Replicate::Layout Replicate::layout(const Tensor& x) const {
  if (x.dim() == 0) fail("expected a non-empty input tensor");
  const int64_t rdim = dim_ + (ndim_ && ndim_ < x.dim() ? 1 : 0);
  if (rdim > x.dim() + 1)
    fail("cannot replicate along dimension ", rdim, " of an input of size ", x.shapeString(),
         " (at most ", x.dim() + 1, ")");
  Layout l{1, 1, x.sizes()};
  for (int d = 1; d <= x.dim(); ++d) (d < rdim ? l.outer : l.inner) *= x.size(d);
  l.outputSizes.insert(l.outputSizes.begin() + (rdim - 1), nf_);
  return l;
}

const Value& Replicate::updateOutput(const Value& input) {
  const Tensor& x = inputTensor(input);
  const Layout l = layout(x);
  const Tensor xc = x.contiguous();
  Tensor& y = outputTensor();
  y.resize(l.outputSizes);
  for (int64_t o = 0; o < l.outer; ++o)
    for (int64_t k = 0; k < nf_; ++k)
      kernels::copy(l.inner, xc.data() + o * l.inner, y.data() + (o * nf_ + k) * l.inner);
  return output;
}

const Value& Replicate::updateGradInput(const Value& input, const Value& gradOutput) {
  const Tensor& x = inputTensor(input);
  const Layout l = layout(x);
  const Tensor gy = inputTensor(gradOutput, "gradOutput").contiguous();
  if (gy.sizes() != l.outputSizes)
    fail("gradOutput has size ", gy.shapeString(), " but the output has size ", shapeString(l.outputSizes));
  Tensor& gx = gradInputTensor();
  gx.resize(x.sizes());
  kernels::sumAxis(l.outer, nf_, l.inner, gy.data(), gx.data());
  return gradInput;
}

std::string Replicate::toString() const {
  return ndim_ ? cat("nn.Replicate(", nf_, ", ", dim_, ", ", ndim_, ")") : cat("nn.Replicate(", nf_, ", ", dim_, ")");
}

Args Replicate::arguments() const {
  if (ndim_) return {nf_, dim_, ndim_};
  return {nf_, dim_};
}

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(Replicate, [](nn::ArgReader& args) -> nn::ModulePtr {
  const int64_t nf = args.integer("nf");
  const int64_t dim = args.optInteger("dim", 1);
  return std::make_shared<nn::Replicate>(nf, dim, args.optInteger("ndim", 0));
})
