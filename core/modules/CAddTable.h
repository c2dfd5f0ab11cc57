// nn.CAddTable(): the elementwise sum of a table of same-sized tensors.
#pragma once
#include "core/module.h"

namespace nn {

class CAddTable : public Module {
  NN_MODULE(CAddTable, "nn.CAddTable")
 public:
  CAddTable() { gradInput = Value::table(); }
  const Value& updateOutput(const Value& input) override;
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override;
  std::string description() const override { return "sum of a table of tensors, elementwise"; }
};

}  // namespace nn
