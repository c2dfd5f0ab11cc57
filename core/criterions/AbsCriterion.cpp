#include "core/criterions/AbsCriterion.h"

#include <limits>

#include "core/kernels.h"

namespace nn {

void AbsCriterion::difference(const Value& input, const Value& target, Tensor& out) const {
  const Tensor x = inputTensor(input).contiguous();
  const Tensor t = targetTensor(target).contiguous();
  checkSameSize(x, t);
  out.resizeAs(inputTensor(input));
  kernels::binary(kernels::Binary::Sub, x.numel(), x.data(), t.data(), out.data());
}

float AbsCriterion::updateOutput(const Value& input, const Value& target) {
  difference(input, target, diff_);
  const int64_t n = diff_.numel();
  kernels::unary(kernels::Unary::Abs, n, diff_.data(), diff_.data());
  const double loss = kernels::sum(n, diff_.data());
  output = static_cast<float>(sizeAverage ? loss / n : loss);
  return output;
}

const Value& AbsCriterion::updateGradInput(const Value& input, const Value& target) {
  difference(input, target, diff_);
  const int64_t n = diff_.numel();
  const float norm = sizeAverage ? 1.0f / static_cast<float>(n) : 1.0f;
  Tensor& gx = gradInputTensor();
  gx.resizeAs(inputTensor(input));
  // Torch's gradient is +norm where x - t >= 0 (including 0) and -norm elsewhere, not sign(),
  // which is 0 at 0: the indicator of [0, inf) is Clamp's derivative, then 2 * norm * it - norm.
  ones_.resize({n});
  kernels::fill(n, 1.0f, ones_.data());
  kernels::unaryBackward(kernels::Unary::Clamp, n, diff_.data(), diff_.data(), ones_.data(), gx.data(),
                         0.0f, std::numeric_limits<float>::infinity());
  kernels::unary(kernels::Unary::Affine, n, gx.data(), gx.data(), 2.0f * norm, -norm);
  return gradInput;
}

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_CRITERION(AbsCriterion, [](nn::ArgReader& args) -> nn::CriterionPtr {
  return std::make_shared<nn::AbsCriterion>(args.optBool("sizeAverage", true));
})
