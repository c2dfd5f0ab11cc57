// nn.CMulTable(): the elementwise product of a table of same-sized tensors.
#pragma once
#include "core/module.h"

namespace nn {

class CMulTable : public Module {
  NN_MODULE(CMulTable, "nn.CMulTable")
 public:
  CMulTable() { gradInput = Value::table(); }
  const Value& updateOutput(const Value& input) override;
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override;
  std::string description() const override { return "product of a table of tensors, elementwise"; }
};

}  // namespace nn
