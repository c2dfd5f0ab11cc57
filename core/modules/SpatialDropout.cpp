#include "core/modules/SpatialDropout.h"

#include "core/kernels.h"
#include "core/modules/SpatialCommon.h"
#include "core/random.h"

namespace nn {

SpatialDropout::SpatialDropout(double p) : p_(p) {
  if (!(p >= 0 && p < 1)) nn::fail("nn.SpatialDropout(", p, "): p must satisfy 0 <= p < 1");
}

// y = x * mask per plane, or x * (1 - p) everywhere.
void SpatialDropout::apply(const Tensor& x, Tensor& y, bool withMask) const {
  const int64_t planes = noise_.numel(), plane = x.numel() / std::max<int64_t>(planes, 1);
  if (!withMask) {
    kernels::unary(kernels::Unary::Affine, x.numel(), x.data(), y.data(), static_cast<float>(1 - p_), 0.0f);
    return;
  }
  for (int64_t i = 0; i < planes; ++i)
    kernels::unary(kernels::Unary::Affine, plane, x.data() + i * plane, y.data() + i * plane, noise_.data()[i], 0.0f);
}

const Value& SpatialDropout::updateOutput(const Value& input) {
  const Tensor x = inputTensor(input).contiguous();
  const SpatialInput s = readSpatialInput(toString(), x);
  Tensor& y = outputTensor();
  y.resizeAs(x);
  masked_ = train_;
  if (train_) {
    noise_.resize(s.batched ? Shape{s.batch, s.planes, 1, 1} : Shape{s.planes, 1, 1});
    Generator& gen = globalGenerator();
    for (int64_t i = 0; i < noise_.numel(); ++i) noise_.data()[i] = gen.bernoulli(1.0 - p_) ? 1.0f : 0.0f;
  }
  apply(x, y, masked_);
  return output;
}

const Value& SpatialDropout::updateGradInput(const Value& input, const Value& gradOutput) {
  const Tensor& x = inputTensor(input);
  const SpatialInput s = readSpatialInput(toString(), x);
  const Tensor gy = inputTensor(gradOutput, "gradOutput").contiguous();
  checkGradOutputShape(toString(), gy, x.sizes());
  if (masked_ != train_ || (train_ && noise_.numel() != s.batch * s.planes))
    fail("backward before forward: call forward with this input (in the same training mode) first");
  Tensor& gx = gradInputTensor();
  gx.resizeAs(gy);
  apply(gy, gx, masked_);
  return gradInput;
}

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(SpatialDropout, [](nn::ArgReader& args) -> nn::ModulePtr {
  const double p = args.optNumber("p", 0.5);
  if (args.optBool("stochasticInference", false))
    nn::fail("nn.SpatialDropout: stochasticInference = true (dropping planes in evaluate()) is not supported");
  return std::make_shared<nn::SpatialDropout>(p);
})
