#include "core/modules/ConcatTable.h"

namespace nn {

const Value& ConcatTable::updateOutput(const Value& input) {
  requireChildren();
  std::vector<Value>& ys = outputTable();
  ys.resize(modules_.size());
  for (size_t i = 0; i < modules_.size(); ++i)
    ys[i] = inChild(i, [&]() -> const Value& { return modules_[i]->updateOutput(input); });
  return output;
}

const std::vector<Value>& ConcatTable::gradOutputs(const Value& gradOutput) const {
  requireChildren();
  if (!gradOutput.isTable() || gradOutput.size() != modules_.size())
    fail("expected gradOutput to be a table of ", modules_.size(), " entries (one per module) but got ",
         gradOutput.describe());
  return gradOutput.entries();
}

void ConcatTable::accumulate(size_t index0, const Value& childGradInput, const Value& input) {
  if (!childGradInput.sameStructure(input))
    fail("module ", index0 + 1, " returned a gradInput that is ", childGradInput.describe(),
         " but the input is ", input.describe());
  if (index0 == 0) copyValue(gradInput, childGradInput);
  else addValue(gradInput, childGradInput);
}

const Value& ConcatTable::updateGradInput(const Value& input, const Value& gradOutput) {
  const std::vector<Value>& gys = gradOutputs(gradOutput);
  for (size_t i = 0; i < modules_.size(); ++i)
    accumulate(i, inChild(i, [&]() -> const Value& { return modules_[i]->updateGradInput(input, gys[i]); }), input);
  return gradInput;
}

void ConcatTable::accGradParameters(const Value& input, const Value& gradOutput, float scale) {
  const std::vector<Value>& gys = gradOutputs(gradOutput);
  for (size_t i = 0; i < modules_.size(); ++i)
    inChild(i, [&]() { modules_[i]->accGradParameters(input, gys[i], scale); });
}

const Value& ConcatTable::backwardUnaliased(const Value& input, const Value& gradOutput, float scale) {
  const std::vector<Value>& gys = gradOutputs(gradOutput);
  for (size_t i = 0; i < modules_.size(); ++i)
    accumulate(i, inChild(i, [&]() -> const Value& { return modules_[i]->backward(input, gys[i], scale); }), input);
  return gradInput;
}

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(ConcatTable, [](nn::ArgReader&) -> nn::ModulePtr { return std::make_shared<nn::ConcatTable>(); })
