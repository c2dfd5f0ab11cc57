#include "core/modules/Dropout.h"

#include "core/kernels.h"
#include "core/kernels_rows.h"
#include "core/random.h"

namespace nn {

Dropout::Dropout(double p, bool v1, bool stochasticInference) : p_(p), v1_(v1), stochastic_(stochasticInference) {
  if (!(p >= 0 && p < 1)) nn::fail("nn.Dropout(", p, "): p must satisfy 0 <= p < 1");
}

const Value& Dropout::updateOutput(const Value& input) {
  const Tensor x = inputTensor(input).contiguous();
  Tensor& y = outputTensor();
  y.resizeAs(x);
  if (p_ == 0) {
    kernels::copy(x.numel(), x.data(), y.data());
    return output;
  }
  if (train_ || stochastic_) {
    noise_.resizeAs(x);
    const float keep = v1_ ? 1.0f : static_cast<float>(1.0 / (1.0 - p_));
    kernels::bernoulliMask(x.numel(), 1.0 - p_, keep, globalGenerator(), noise_.data());
    kernels::binary(kernels::Binary::Mul, x.numel(), x.data(), noise_.data(), y.data());
    return output;
  }
  kernels::unary(kernels::Unary::Affine, x.numel(), x.data(), y.data(), v1_ ? static_cast<float>(1.0 - p_) : 1.0f, 0.0f);
  return output;
}

// As Dropout.lua: the mask applies in training; in evaluate() v1 scales by 1 - p and v2 passes
// gradOutput through (even with stochasticInference, whose mask Torch does not apply here).
const Value& Dropout::updateGradInput(const Value& input, const Value& gradOutput) {
  const Tensor& x = inputTensor(input);
  const Tensor gy = inputTensor(gradOutput, "gradOutput").contiguous();
  if (!gy.sameShape(x))
    fail("gradOutput has size ", gy.shapeString(), " but input has size ", x.shapeString());
  Tensor& gx = gradInputTensor();
  gx.resizeAs(gy);
  if (p_ == 0) {
    kernels::copy(gy.numel(), gy.data(), gx.data());
    return gradInput;
  }
  if (train_) {
    if (!noise_.sameShape(x))
      fail("backward before forward: call forward in training mode with this input first");
    kernels::binary(kernels::Binary::Mul, gy.numel(), gy.data(), noise_.data(), gx.data());
    return gradInput;
  }
  kernels::unary(kernels::Unary::Affine, gy.numel(), gy.data(), gx.data(), v1_ ? static_cast<float>(1.0 - p_) : 1.0f, 0.0f);
  return gradInput;
}

Args Dropout::arguments() const {
  if (!v1_ && !stochastic_) return {p_};
  return {p_, v1_, false, stochastic_};
}

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(Dropout, [](nn::ArgReader& args) -> nn::ModulePtr {
  const double p = args.optNumber("p", 0.5);
  const bool v1 = args.optBool("v1", false);
  args.optBool("inplace", false);
  const bool stochastic = args.optBool("stochasticInference", false);
  return std::make_shared<nn::Dropout>(p, v1, stochastic);
})
