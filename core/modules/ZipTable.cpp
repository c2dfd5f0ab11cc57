// nn.ZipTable() (ZipTable.lua): a table of tables {{a1, a2}, {b1, b2}} becomes {{a1, b1}, {a2, b2}};
// gradInput zips gradOutput back. Entries are passed through (tensors are shared, not copied).
#include "core/module.h"

namespace nn {

class ZipTable : public Module {
  NN_MODULE(ZipTable, "nn.ZipTable")
 public:
  ZipTable() { output = Value::table(); gradInput = Value::table(); }
  const Value& updateOutput(const Value& input) override {
    output = zip(input, "input");
    return output;
  }
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override {
    const Value back = zip(gradOutput, "gradOutput");
    if (!back.sameStructure(input))
      fail("gradOutput ", gradOutput.describe(), " does not zip back to the input's structure ", input.describe());
    gradInput = back;
    return gradInput;
  }
  std::string description() const override { return "transposes a table of tables"; }

 private:
  Value zip(const Value& v, const char* what) const {
    const auto& outer = inputTable(v, 0, what);
    std::vector<Value> result;
    for (size_t i = 0; i < outer.size(); ++i) {
      if (!outer[i].isTable())
        fail("expected a table of tables as ", what, ", but entry ", i + 1, " is ", outer[i].describe());
      const auto& inner = outer[i].entries();
      for (size_t j = 0; j < inner.size(); ++j) {
        if (result.size() <= j) result.resize(j + 1, Value::table());
        auto& slot = result[j].entries();
        slot.resize(outer.size());  // entry i of zipped table j (absent ones stay nil, as Lua)
        slot[i] = inner[j];
      }
    }
    return Value(std::move(result));
  }
};

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(ZipTable, [](nn::ArgReader&) -> nn::ModulePtr { return std::make_shared<nn::ZipTable>(); })
