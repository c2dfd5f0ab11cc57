#include "core/criterions/MSECriterion.h"

#include "core/kernels.h"

namespace nn {

void MSECriterion::difference(const Value& input, const Value& target, Tensor& out) const {
  const Tensor x = inputTensor(input).contiguous();
  const Tensor t = targetTensor(target).contiguous();
  checkSameSize(x, t);
  out.resizeAs(inputTensor(input));
  kernels::binary(kernels::Binary::Sub, x.numel(), x.data(), t.data(), out.data());
}

float MSECriterion::updateOutput(const Value& input, const Value& target) {
  difference(input, target, diff_);
  const int64_t n = diff_.numel();
  const double loss = kernels::dot(n, diff_.data(), diff_.data());
  output = static_cast<float>(sizeAverage ? loss / n : loss);
  return output;
}

const Value& MSECriterion::updateGradInput(const Value& input, const Value& target) {
  Tensor& gx = gradInputTensor();
  difference(input, target, gx);
  const int64_t n = gx.numel();
  kernels::scale(n, sizeAverage ? 2.0f / static_cast<float>(n) : 2.0f, gx.data());
  return gradInput;
}

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_CRITERION(MSECriterion, [](nn::ArgReader& args) -> nn::CriterionPtr {
  return std::make_shared<nn::MSECriterion>(args.optBool("sizeAverage", true));
})
