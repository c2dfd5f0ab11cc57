#include "core/modules/NarrowTable.h"

namespace nn {

NarrowTable::NarrowTable(int64_t offset, int64_t length) : offset_(offset), length_(length) {
  if (offset < 1) nn::fail("nn.NarrowTable(", offset, ", ", length, "): offset is 1-based and must be at least 1");
  if (length < 1) nn::fail("nn.NarrowTable(", offset, ", ", length, "): length must be at least 1");
  output = Value::table();
  gradInput = Value::table();
}

void NarrowTable::checkInput(const Value& input) const {
  if (!input.isTable()) fail("expected a table input but got ", input.describe());
  if (offset_ + length_ - 1 > static_cast<int64_t>(input.size()))
    fail("entries ", offset_, "..", offset_ + length_ - 1, " do not exist in ", input.describe());
}

const Value& NarrowTable::updateOutput(const Value& input) {
  checkInput(input);
  std::vector<Value>& ys = outputTable();
  ys.resize(static_cast<size_t>(length_));
  for (int64_t i = 0; i < length_; ++i) ys[static_cast<size_t>(i)] = input[static_cast<size_t>(offset_ - 1 + i)];
  return output;
}

const Value& NarrowTable::updateGradInput(const Value& input, const Value& gradOutput) {
  checkInput(input);
  if (!gradOutput.isTable() || static_cast<int64_t>(gradOutput.size()) != length_)
    fail("expected gradOutput to be a table of ", length_, " entries, like the output, but got ",
         gradOutput.describe());
  std::vector<Value>& gx = gradInputTable();
  gx.resize(input.size());
  for (size_t i = 0; i < input.size(); ++i) {
    const int64_t k = static_cast<int64_t>(i) - (offset_ - 1);  // 0-based position in the output
    if (k >= 0 && k < length_) {
      const Value& g = gradOutput[static_cast<size_t>(k)];
      if (!g.sameStructure(input[i]))
        fail("gradOutput entry ", k + 1, " is ", g.describe(), " but input entry ", i + 1, " is ",
             input[i].describe());
      copyValue(gx[i], g);
    } else {
      zeroLike(gx[i], input[i]);
    }
  }
  return gradInput;
}

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(NarrowTable, [](nn::ArgReader& args) -> nn::ModulePtr {
  const int64_t offset = args.integer("offset");
  return std::make_shared<nn::NarrowTable>(offset, args.optInteger("length", 1));
})
