// nn.FlattenTable(): a table nested to any depth -> the flat table of its tensors, depth-first
// (entries are passed through, not copied). gradInput has the nesting of the input.
#pragma once
#include "core/module.h"

namespace nn {

class FlattenTable : public Module {
  NN_MODULE(FlattenTable, "nn.FlattenTable")
 public:
  FlattenTable() { output = Value::table(); gradInput = Value::table(); }
  const Value& updateOutput(const Value& input) override;
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override;
  std::string description() const override { return "flattens nested tables into one table of tensors"; }
};

}  // namespace nn
