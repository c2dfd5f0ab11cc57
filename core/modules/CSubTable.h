// nn.CSubTable(): the elementwise difference input[1] - input[2] of a table of two same-sized tensors.
#pragma once
#include "core/module.h"

namespace nn {

class CSubTable : public Module {
  NN_MODULE(CSubTable, "nn.CSubTable")
 public:
  CSubTable() { gradInput = Value::table(); }
  const Value& updateOutput(const Value& input) override;
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override;
  std::string description() const override { return "difference of two tensors, elementwise"; }
};

}  // namespace nn
