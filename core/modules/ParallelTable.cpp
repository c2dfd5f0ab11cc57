#include "core/modules/ParallelTable.h"

namespace nn {

const std::vector<Value>& ParallelTable::entries(const Value& value, const char* what) const {
  requireChildren();
  if (!value.isTable() || value.size() != modules_.size())
    fail("expected a table of ", modules_.size(), " entries as ", what, " (one per module) but got ",
         value.describe());
  return value.entries();
}

const Value& ParallelTable::updateOutput(const Value& input) {
  const std::vector<Value>& xs = entries(input, "input");
  std::vector<Value>& ys = outputTable();
  ys.resize(xs.size());
  for (size_t i = 0; i < xs.size(); ++i)
    ys[i] = inChild(i, [&]() -> const Value& { return modules_[i]->updateOutput(xs[i]); });
  return output;
}

const Value& ParallelTable::updateGradInput(const Value& input, const Value& gradOutput) {
  const std::vector<Value>& xs = entries(input, "input");
  const std::vector<Value>& gys = entries(gradOutput, "gradOutput");
  std::vector<Value>& gxs = gradInputTable();
  gxs.resize(xs.size());
  for (size_t i = 0; i < xs.size(); ++i)
    gxs[i] = inChild(i, [&]() -> const Value& { return modules_[i]->updateGradInput(xs[i], gys[i]); });
  return gradInput;
}

void ParallelTable::accGradParameters(const Value& input, const Value& gradOutput, float scale) {
  const std::vector<Value>& xs = entries(input, "input");
  const std::vector<Value>& gys = entries(gradOutput, "gradOutput");
  for (size_t i = 0; i < xs.size(); ++i)
    inChild(i, [&]() { modules_[i]->accGradParameters(xs[i], gys[i], scale); });
}

const Value& ParallelTable::backwardUnaliased(const Value& input, const Value& gradOutput, float scale) {
  const std::vector<Value>& xs = entries(input, "input");
  const std::vector<Value>& gys = entries(gradOutput, "gradOutput");
  std::vector<Value>& gxs = gradInputTable();
  gxs.resize(xs.size());
  for (size_t i = 0; i < xs.size(); ++i)
    gxs[i] = inChild(i, [&]() -> const Value& { return modules_[i]->backward(xs[i], gys[i], scale); });
  return gradInput;
}

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(ParallelTable, [](nn::ArgReader&) -> nn::ModulePtr { return std::make_shared<nn::ParallelTable>(); })
