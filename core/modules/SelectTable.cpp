#include "core/modules/SelectTable.h"

namespace nn {

SelectTable::SelectTable(int64_t index) : index_(index) {
  if (index == 0) nn::fail("nn.SelectTable(0): indices are 1-based (use 1 for the first entry, -1 for the last)");
  gradInput = Value::table();
}

size_t SelectTable::position(const Value& input) const {
  if (!input.isTable()) fail("expected a table input but got ", input.describe());
  const int64_t n = static_cast<int64_t>(input.size());
  const int64_t zeroBased = index_ < 0 ? n + index_ : index_ - 1;
  if (zeroBased < 0 || zeroBased >= n)
    fail("index ", index_, " is out of range for ", input.describe(), " (valid: 1..", n, " or -", n,
         "..-1)");
  return static_cast<size_t>(zeroBased);
}

const Value& SelectTable::updateOutput(const Value& input) {
  output = input[position(input)];
  return output;
}

const Value& SelectTable::updateGradInput(const Value& input, const Value& gradOutput) {
  const size_t chosen = position(input);
  if (!gradOutput.sameStructure(input[chosen]))
    fail("gradOutput is ", gradOutput.describe(), " but the selected entry is ", input[chosen].describe());
  std::vector<Value>& gx = gradInputTable();
  gx.resize(input.size());
  for (size_t i = 0; i < input.size(); ++i) {
    if (i == chosen) copyValue(gx[i], gradOutput);
    else zeroLike(gx[i], input[i]);
  }
  return gradInput;
}

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(SelectTable, [](nn::ArgReader& args) -> nn::ModulePtr {
  return std::make_shared<nn::SelectTable>(args.integer("index"));
})
