#include "core/criterions/DistKLDivCriterion.h"

#include <cmath>

#include "core/kernels.h"
#include "core/kernels_rows.h"

namespace nn {

float DistKLDivCriterion::updateOutput(const Value& input, const Value& target) {
  const Tensor x = inputTensor(input).contiguous();
  const Tensor t = targetTensor(target).contiguous();
  checkSameSize(x, t);
  const int64_t n = x.numel();
  const double loss = kernels::klDivergenceSum(n, x.data(), t.data());
  output = static_cast<float>(sizeAverage ? loss / n : loss);
  return output;
}

const Value& DistKLDivCriterion::updateGradInput(const Value& input, const Value& target) {
  const Tensor& x = inputTensor(input);
  const Tensor t = targetTensor(target).contiguous();
  checkSameSize(x, t);
  const int64_t n = x.numel();
  const float norm = sizeAverage ? -1.0f / static_cast<float>(n) : -1.0f;
  Tensor& gx = gradInputTensor();
  gx.resizeAs(x);
  // -t where t > 0, else 0: that is -max(t, 0).
  kernels::unary(kernels::Unary::ReLU, n, t.data(), gx.data());
  kernels::scale(n, norm, gx.data());
  return gradInput;
}

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_CRITERION(DistKLDivCriterion, [](nn::ArgReader& args) -> nn::CriterionPtr {
  return std::make_shared<nn::DistKLDivCriterion>(args.optBool("sizeAverage", true));
})
