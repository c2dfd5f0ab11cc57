#include "core/criterion.h"

namespace nn {

const Tensor& Criterion::inputTensor(const Value& input) const {
  if (!input.isTensor()) fail("expected a tensor input but got ", input.describe());
  return input.tensor();
}

const Tensor& Criterion::targetTensor(const Value& target) const {
  if (!target.isTensor()) fail("expected a tensor target but got ", target.describe());
  return target.tensor();
}

void Criterion::checkSameSize(const Tensor& input, const Tensor& target) const {
  if (input.numel() != target.numel())
    fail("input has size ", input.shapeString(), " but target has size ", target.shapeString(),
         "; they must have the same number of elements");
}

Tensor& Criterion::gradInputTensor() {
  if (!gradInput.isTensor()) gradInput = Value(Tensor());
  return gradInput.tensor();
}

ModuleFromCriterion::ModuleFromCriterion(CriterionPtr criterion) : criterion_(std::move(criterion)) {
  if (!criterion_) nn::fail("nn.ModuleFromCriterion needs a criterion");
  gradInput = Value::table();
}

std::string ModuleFromCriterion::description() const {
  return "the loss of " + criterion_->typeName() + " on {prediction, target}, as a 1-element tensor";
}

const Value& ModuleFromCriterion::updateOutput(const Value& input) {
  const std::vector<Value>& pair = inputTable(input, 2, "{prediction, target}");
  const float loss = criterion_->updateOutput(pair[0], pair[1]);
  Tensor& y = outputTensor();
  y.resize({1});
  y.data()[0] = loss;
  return output;
}

const Value& ModuleFromCriterion::updateGradInput(const Value& input, const Value& gradOutput) {
  const std::vector<Value>& pair = inputTable(input, 2, "{prediction, target}");
  const Tensor& gy = inputTensor(gradOutput, "gradOutput");
  if (gy.numel() != 1) fail("gradOutput must have one element (the loss's), got size ", gy.shapeString());
  const float scale = gy.contiguous().data()[0];
  const Value& gradPrediction = criterion_->updateGradInput(pair[0], pair[1]);
  std::vector<Value>& gx = gradInputTable();
  gx.resize(2);
  copyValue(gx[0], gradPrediction);
  if (scale != 1.0f) {  // every tensor, for criterions whose prediction is a table
    std::vector<Tensor> parts;
    flattenTensors(gx[0], parts);
    for (Tensor& part : parts) part.mul(scale);
  }
  zeroLike(gx[1], pair[1]);
  return gradInput;
}

}  // namespace nn
