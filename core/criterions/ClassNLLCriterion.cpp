#include "core/criterions/ClassNLLCriterion.h"

#include <cmath>

#include "core/kernels.h"

namespace nn {

ClassNLLCriterion::ClassNLLCriterion(Tensor weights, bool sizeAverage, int64_t ignoreIndex)
    : ignoreIndex_(ignoreIndex) {
  this->sizeAverage = sizeAverage;
  if (weights.defined()) {
    if (weights.dim() != 1)
      nn::fail("nn.ClassNLLCriterion: weights must be a 1-D tensor (one per class), got size ",
               weights.shapeString());
    weights_ = weights.contiguous();
  }
}

ClassNLLCriterion::ClassNLLCriterion(const ClassNLLCriterion& other)
    : Criterion(other), weights_(other.weights_.defined() ? other.weights_.clone() : Tensor()),
      ignoreIndex_(other.ignoreIndex_), owner_(other.owner_) {}

Args ClassNLLCriterion::arguments() const {
  if (ignoreIndex_ == -100) return {weights_.defined() ? Arg(weights_) : Arg(), sizeAverage};
  return {weights_.defined() ? Arg(weights_) : Arg(), sizeAverage, ignoreIndex_};
}

Tensor ClassNLLCriterion::readSamples(const Value& input, const Value& target) {
  if (!input.isTensor()) fail("expected a tensor input but got ", input.describe());
  if (!target.isTensor()) fail("expected a tensor target but got ", target.describe());
  const Tensor x = input.tensor().contiguous();
  const Tensor t = target.tensor().contiguous();
  if (x.dim() != 1 && x.dim() != 2)
    fail("expected input of size nClasses or batch x nClasses (log-probabilities), got ",
         x.shapeString());
  const int64_t nClasses = x.size(-1);
  const int64_t batch = x.dim() == 1 ? 1 : x.size(1);
  if (x.dim() == 1 && t.numel() != 1)
    fail("a 1-D input of size ", x.shapeString(), " takes a target with one class index, got size ",
         t.shapeString());
  if (x.dim() == 2 && (t.dim() != 1 || t.size(1) != batch))
    fail("input of size ", x.shapeString(), " takes a 1-D target of ", batch,
         " class indices, got size ", t.shapeString());
  if (weights_.defined() && weights_.numel() != nClasses)
    fail("weights has ", weights_.numel(), " elements but the input has ", nClasses, " classes");
  classes_.resize(batch);
  double total = 0;
  const float* tp = t.data();
  for (int64_t i = 0; i < batch; ++i) {
    const float v = tp[i];
    if (v == static_cast<float>(ignoreIndex_)) {
      classes_[i] = -1;
      continue;
    }
    // Torch would truncate 2.5 to 2 and crash on 0: both are mistakes worth a sentence.
    if (!(v >= 1 && v <= static_cast<float>(nClasses)) || v != std::floor(v))
      fail("the target of sample ", i + 1, " is ", v, ", but class indices must be integers from 1 to ",
           nClasses);
    classes_[i] = static_cast<int64_t>(v) - 1;
    total += weightOf(classes_[i]);
  }
  totalWeight_ = static_cast<float>(total);
  return x;
}

float ClassNLLCriterion::updateOutput(const Value& input, const Value& target) {
  const Tensor x = readSamples(input, target);
  const int64_t nClasses = x.size(-1);
  const float* xp = x.data();
  double loss = 0;
  for (size_t i = 0; i < classes_.size(); ++i)
    if (classes_[i] >= 0) loss -= static_cast<double>(xp[i * nClasses + classes_[i]]) * weightOf(classes_[i]);
  if (sizeAverage && totalWeight_ != 0) loss /= totalWeight_;
  output = static_cast<float>(loss);
  return output;
}

const Value& ClassNLLCriterion::updateGradInput(const Value& input, const Value& target) {
  const Tensor x = readSamples(input, target);
  const int64_t nClasses = x.size(-1);
  Tensor& gx = gradInputTensor();
  gx.resizeAs(input.tensor());
  kernels::fill(gx.numel(), 0.0f, gx.data());
  const float norm = sizeAverage && totalWeight_ != 0 ? totalWeight_ : 1.0f;
  float* g = gx.data();
  for (size_t i = 0; i < classes_.size(); ++i)
    if (classes_[i] >= 0) g[i * nClasses + classes_[i]] = -weightOf(classes_[i]) / norm;
  return gradInput;
}

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_CRITERION(ClassNLLCriterion, [](nn::ArgReader& args) -> nn::CriterionPtr {
  nn::Tensor weights = args.optTensor("weights");
  const bool sizeAverage = args.optBool("sizeAverage", true);
  return std::make_shared<nn::ClassNLLCriterion>(weights, sizeAverage, args.optInteger("ignoreIndex", -100));
})
