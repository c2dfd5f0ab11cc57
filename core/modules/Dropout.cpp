#include "core/modules/Dropout.h"

#include "core/kernels.h"
#include "core/random.h"

namespace nn {

Dropout::Dropout(double p) : p_(p) {
  if (!(p >= 0 && p < 1)) nn::fail("nn.Dropout(", p, "): p must satisfy 0 <= p < 1");
}

const Value& Dropout::updateOutput(const Value& input) {
  const Tensor x = inputTensor(input).contiguous();
  Tensor& y = outputTensor();
  y.resizeAs(x);
  if (!train_ || p_ == 0) {
    kernels::copy(x.numel(), x.data(), y.data());
    return output;
  }
  noise_.resizeAs(x);
  const float keep = static_cast<float>(1.0 / (1.0 - p_));
  Generator& gen = globalGenerator();
  float* mask = noise_.data();
  // TODO(kernel): a Bernoulli fill; it must draw from the shared Generator in element order.
  for (int64_t i = 0, n = x.numel(); i < n; ++i) mask[i] = gen.bernoulli(1.0 - p_) ? keep : 0.0f;
  kernels::binary(kernels::Binary::Mul, x.numel(), x.data(), mask, y.data());
  return output;
}

const Value& Dropout::updateGradInput(const Value& input, const Value& gradOutput) {
  const Tensor& x = inputTensor(input);
  const Tensor gy = inputTensor(gradOutput, "gradOutput").contiguous();
  if (!gy.sameShape(x))
    fail("gradOutput has size ", gy.shapeString(), " but input has size ", x.shapeString());
  Tensor& gx = gradInputTensor();
  gx.resizeAs(gy);
  if (!train_ || p_ == 0) {
    kernels::copy(gy.numel(), gy.data(), gx.data());
    return gradInput;
  }
  if (!noise_.sameShape(x))
    fail("backward before forward: call forward in training mode with this input first");
  kernels::binary(kernels::Binary::Mul, gy.numel(), gy.data(), noise_.data(), gx.data());
  return gradInput;
}

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(Dropout, [](nn::ArgReader& args) -> nn::ModulePtr {
  const double p = args.optNumber("p", 0.5);
  if (args.optBool("v1", false))
    nn::fail("nn.Dropout: v1 = true (scaling at evaluation instead of training) is not supported; "
             "leave it out to get Torch's default behaviour");
  args.optBool("inplace", false);
  return std::make_shared<nn::Dropout>(p);
})
