// nn.CDivTable(): the elementwise quotient input[1] / input[2] of a table of two same-sized tensors.
#pragma once
#include "core/module.h"

namespace nn {

class CDivTable : public Module {
  NN_MODULE(CDivTable, "nn.CDivTable")
 public:
  CDivTable() { gradInput = Value::table(); }
  const Value& updateOutput(const Value& input) override;
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override;
  std::string description() const override { return "quotient of two tensors, elementwise"; }
};

}  // namespace nn
