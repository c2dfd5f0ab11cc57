#include "core/criterions/BCECriterion.h"

#include "core/kernels.h"

namespace nn {

using kernels::Binary;
using kernels::Unary;

BCECriterion::BCECriterion(Tensor weights, bool sizeAverage) {
  this->sizeAverage = sizeAverage;
  if (weights.defined()) {
    if (weights.dim() != 1)
      nn::fail("nn.BCECriterion: weights must be a 1-D tensor, got size ", weights.shapeString());
    weights_ = weights.contiguous();
  }
}

BCECriterion::BCECriterion(const BCECriterion& other)
    : Criterion(other), weights_(other.weights_.defined() ? other.weights_.clone() : Tensor()) {}

Args BCECriterion::arguments() const { return {weights_.defined() ? Arg(weights_) : Arg(), sizeAverage}; }

std::pair<Tensor, Tensor> BCECriterion::read(const Value& input, const Value& target) const {
  const Tensor x = inputTensor(input).contiguous();
  const Tensor t = targetTensor(target).contiguous();
  checkSameSize(x, t);
  if (weights_.defined()) {
    if (x.dim() == 1 && weights_.numel() != x.numel())
      fail("weights has ", weights_.numel(), " elements but the input has size ", x.shapeString());
    if (x.dim() == 2 && weights_.numel() != x.size(2))
      fail("weights has ", weights_.numel(), " elements but the input has size ", x.shapeString(),
           " (one weight per column expected)");
    if (x.dim() != 1 && x.dim() != 2)
      fail("weights need a 1-D or 2-D input, got size ", x.shapeString());
  }
  // Outside [0, 1] the logs are NaN; say so instead (as Torch's THNN version asserts).
  const int64_t n = x.numel();
  if (n > 0) {
    float extreme[2];
    int64_t where[2];
    kernels::maxAxis(false, 1, n, 1, x.data(), &extreme[0], &where[0]);
    kernels::maxAxis(true, 1, n, 1, x.data(), &extreme[1], &where[1]);
    for (int k = 0; k < 2; ++k)
      if (!(extreme[k] >= 0 && extreme[k] <= 1))
        fail("input must hold probabilities in [0, 1], but element ", where[k] + 1, " is ", extreme[k]);
  }
  return {x, t};
}

void BCECriterion::applyWeights(const Tensor& x, float* values) const {
  if (!weights_.defined()) return;
  const int64_t cols = weights_.numel();
  for (int64_t r = 0; r < x.numel() / cols; ++r)
    kernels::binary(Binary::Mul, cols, values + r * cols, weights_.data(), values + r * cols);
}

float BCECriterion::updateOutput(const Value& input, const Value& target) {
  const auto [x, t] = read(input, target);
  const int64_t n = x.numel();
  // The two steps (add eps after 1 - x) matter in float: 1 + 1e-12 rounds to 1.
  logX_.resize({n});
  kernels::unary(Unary::Affine, n, x.data(), logX_.data(), 1.0f, kEps);
  kernels::unary(Unary::Log, n, logX_.data(), logX_.data());
  log1mX_.resize({n});
  kernels::unary(Unary::Affine, n, x.data(), log1mX_.data(), -1.0f, 1.0f);
  kernels::addScalar(n, kEps, log1mX_.data());
  kernels::unary(Unary::Log, n, log1mX_.data(), log1mX_.data());
  applyWeights(x, logX_.data());
  applyWeights(x, log1mX_.data());
  // sum(t log x + (1 - t) log(1 - x)) = t.log x + sum(log(1 - x)) - t.log(1 - x)
  double loss = kernels::dot(n, t.data(), logX_.data()) + kernels::sum(n, log1mX_.data()) -
                kernels::dot(n, t.data(), log1mX_.data());
  if (sizeAverage) loss /= n;
  output = static_cast<float>(-loss);
  return output;
}

const Value& BCECriterion::updateGradInput(const Value& input, const Value& target) {
  const auto [x, t] = read(input, target);
  const int64_t n = x.numel();
  // Torch's gradient: (x - t) / (x (1 + eps - x) + eps), computed as (t - x) / ((x - 1 - eps) x - eps)
  // in the same order, so the denominator is never 0 even at x = 0 or 1.
  Buffer& denominator = logX_;
  denominator.resize({n});
  kernels::unary(Unary::Affine, n, x.data(), denominator.data(), 1.0f, -1.0f);
  kernels::addScalar(n, -kEps, denominator.data());
  kernels::binary(Binary::Mul, n, denominator.data(), x.data(), denominator.data());
  kernels::addScalar(n, -kEps, denominator.data());
  Tensor& gx = gradInputTensor();
  gx.resizeAs(inputTensor(input));
  kernels::binary(Binary::Sub, n, t.data(), x.data(), gx.data());
  kernels::binary(Binary::Div, n, gx.data(), denominator.data(), gx.data());
  applyWeights(x, gx.data());
  if (sizeAverage) kernels::scale(n, 1.0f / static_cast<float>(n), gx.data());
  return gradInput;
}

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_CRITERION(BCECriterion, [](nn::ArgReader& args) -> nn::CriterionPtr {
  nn::Tensor weights = args.optTensor("weights");
  return std::make_shared<nn::BCECriterion>(weights, args.optBool("sizeAverage", true));
})
