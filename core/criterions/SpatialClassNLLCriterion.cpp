#include "core/criterions/SpatialClassNLLCriterion.h"

#include <cmath>

#include "core/kernels.h"

namespace nn {

SpatialClassNLLCriterion::SpatialClassNLLCriterion(Tensor weights, bool sizeAverage) {
  this->sizeAverage = sizeAverage;
  if (weights.defined()) {
    if (weights.dim() != 1)
      nn::fail("nn.SpatialClassNLLCriterion: weights must be a 1-D tensor (one per class), got size ", weights.shapeString());
    weights_ = weights.contiguous();
  }
}

SpatialClassNLLCriterion::SpatialClassNLLCriterion(const SpatialClassNLLCriterion& other)
    : Criterion(other), weights_(other.weights_.defined() ? other.weights_.clone() : Tensor()) {}

Tensor SpatialClassNLLCriterion::readSamples(const Value& input, const Value& target) {
  if (!input.isTensor()) fail("expected a tensor input but got ", input.describe());
  if (!target.isTensor()) fail("expected a tensor target but got ", target.describe());
  const Tensor x = input.tensor().contiguous();
  const Tensor t = target.tensor().contiguous();
  if (x.dim() != 4 && x.dim() != 3)
    fail("expected log-probabilities of size batch x nClasses x height x width (or nClasses x height x width), got ",
         x.shapeString());
  const bool batched = x.dim() == 4;
  const int64_t batch = batched ? x.size(1) : 1, nClasses = x.size(-3), h = x.size(-2), w = x.size(-1);
  const Shape expected = batched ? Shape{batch, h, w} : Shape{h, w};
  if (t.sizes() != expected)
    fail("input of size ", x.shapeString(), " takes a target of size ", shapeString(expected), " (a class per pixel), got ",
         t.shapeString());
  if (weights_.defined() && weights_.numel() != nClasses)
    fail("weights has ", weights_.numel(), " elements but the input has ", nClasses, " classes");
  classes_.resize(t.numel());
  double total = 0;
  for (int64_t i = 0; i < t.numel(); ++i) {
    const float v = t.data()[i];
    if (!(v >= 1 && v <= static_cast<float>(nClasses)) || v != std::floor(v))
      fail("the target at position ", i + 1, " is ", v, ", but class indices must be integers from 1 to ", nClasses);
    classes_[i] = static_cast<int64_t>(v) - 1;
    total += weightOf(classes_[i]);
  }
  totalWeight_ = total;
  return x;
}

float SpatialClassNLLCriterion::updateOutput(const Value& input, const Value& target) {
  const Tensor x = readSamples(input, target);
  const int64_t nClasses = x.size(-3), plane = x.size(-2) * x.size(-1);
  double loss = 0;
  for (size_t i = 0; i < classes_.size(); ++i) {
    const int64_t b = static_cast<int64_t>(i) / plane, p = static_cast<int64_t>(i) % plane;
    loss -= static_cast<double>(x.data()[(b * nClasses + classes_[i]) * plane + p]) * weightOf(classes_[i]);
  }
  if (sizeAverage && totalWeight_ != 0) loss /= totalWeight_;
  output = static_cast<float>(loss);
  return output;
}

const Value& SpatialClassNLLCriterion::updateGradInput(const Value& input, const Value& target) {
  const Tensor x = readSamples(input, target);
  const int64_t nClasses = x.size(-3), plane = x.size(-2) * x.size(-1);
  Tensor& gx = gradInputTensor();
  gx.resizeAs(x);
  kernels::fill(gx.numel(), 0.0f, gx.data());
  const double norm = sizeAverage && totalWeight_ != 0 ? totalWeight_ : 1.0;
  for (size_t i = 0; i < classes_.size(); ++i) {
    const int64_t b = static_cast<int64_t>(i) / plane, p = static_cast<int64_t>(i) % plane;
    gx.data()[(b * nClasses + classes_[i]) * plane + p] = static_cast<float>(-weightOf(classes_[i]) / norm);
  }
  return gradInput;
}

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_CRITERION(SpatialClassNLLCriterion, [](nn::ArgReader& args) -> nn::CriterionPtr {
  nn::Tensor weights = args.optTensor("weights");
  return std::make_shared<nn::SpatialClassNLLCriterion>(weights, args.optBool("sizeAverage", true));
})
