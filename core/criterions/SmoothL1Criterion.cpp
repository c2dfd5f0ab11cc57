#include "core/criterions/SmoothL1Criterion.h"

#include "core/kernels.h"

namespace nn {

void SmoothL1Criterion::difference(const Value& input, const Value& target, Tensor& out) const {
  const Tensor x = inputTensor(input).contiguous();
  const Tensor t = targetTensor(target).contiguous();
  checkSameSize(x, t);
  out.resizeAs(inputTensor(input));
  kernels::binary(kernels::Binary::Sub, x.numel(), x.data(), t.data(), out.data());
}

float SmoothL1Criterion::updateOutput(const Value& input, const Value& target) {
  difference(input, target, diff_);
  const int64_t n = diff_.numel();
  // With c = clamp(d, -1, 1), each term is d*c - c^2/2: d^2/2 when |d| < 1, |d| - 1/2 otherwise.
  clamped_.resizeAs(diff_);
  kernels::unary(kernels::Unary::Clamp, n, diff_.data(), clamped_.data(), -1.0f, 1.0f);
  const double loss = kernels::dot(n, diff_.data(), clamped_.data()) -
                      0.5 * kernels::dot(n, clamped_.data(), clamped_.data());
  output = static_cast<float>(sizeAverage ? loss / n : loss);
  return output;
}

const Value& SmoothL1Criterion::updateGradInput(const Value& input, const Value& target) {
  Tensor& gx = gradInputTensor();
  difference(input, target, gx);
  const int64_t n = gx.numel();
  // The derivative is clamp(d, -1, 1).
  kernels::unary(kernels::Unary::Clamp, n, gx.data(), gx.data(), -1.0f, 1.0f);
  if (sizeAverage) kernels::scale(n, 1.0f / static_cast<float>(n), gx.data());
  return gradInput;
}

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_CRITERION(SmoothL1Criterion, [](nn::ArgReader& args) -> nn::CriterionPtr {
  return std::make_shared<nn::SmoothL1Criterion>(args.optBool("sizeAverage", true));
})
