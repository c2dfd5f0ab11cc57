#include "core/criterions/CrossEntropyCriterion.h"

#include "core/kernels.h"

namespace nn {

CrossEntropyCriterion::CrossEntropyCriterion(Tensor weights, bool sizeAverage)
    : nll_(std::move(weights), sizeAverage) {
  this->sizeAverage = sizeAverage;
  nll_.reportErrorsAs(typeName());
}

Tensor CrossEntropyCriterion::logSoftMax(const Value& input) {
  const Tensor x = inputTensor(input).squeeze().contiguous();
  if (x.dim() != 1 && x.dim() != 2)
    fail("expected input of size nClasses or batch x nClasses (raw scores), got ",
         inputTensor(input).shapeString());
  const int64_t rows = x.dim() == 1 ? 1 : x.size(1);
  logProbabilities_.resizeAs(x);
  kernels::logSoftmaxRows(rows, x.size(-1), x.data(), logProbabilities_.data());
  return x;
}

Value CrossEntropyCriterion::squeezedTarget(const Value& target) const {
  return Value(targetTensor(target).squeeze());
}

float CrossEntropyCriterion::updateOutput(const Value& input, const Value& target) {
  logSoftMax(input);
  nll_.sizeAverage = sizeAverage;  // the field may have been changed since construction
  output = nll_.updateOutput(Value(logProbabilities_), squeezedTarget(target));
  return output;
}

const Value& CrossEntropyCriterion::updateGradInput(const Value& input, const Value& target) {
  const Tensor x = logSoftMax(input);
  nll_.sizeAverage = sizeAverage;
  const Tensor& gnll =
      nll_.updateGradInput(Value(logProbabilities_), squeezedTarget(target)).tensor();
  Tensor& gx = gradInputTensor();
  gx.resizeAs(inputTensor(input));  // the unsqueezed size, as Torch's gradInput:view(size)
  const int64_t rows = x.dim() == 1 ? 1 : x.size(1);
  kernels::logSoftmaxBackwardRows(rows, x.size(-1), logProbabilities_.data(), gnll.data(), gx.data());
  return gradInput;
}

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_CRITERION(CrossEntropyCriterion, [](nn::ArgReader& args) -> nn::CriterionPtr {
  nn::Tensor weights = args.optTensor("weights");
  return std::make_shared<nn::CrossEntropyCriterion>(weights, args.optBool("sizeAverage", true));
})
