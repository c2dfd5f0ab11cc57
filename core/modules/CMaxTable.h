// nn.CMaxTable(): the elementwise maximum of a table of same-sized tensors. The gradient of
// each element goes to the entry that held the maximum (the first one on ties, as Torch).
// CMaxMinTable is shared with CMinTable.
#pragma once
#include "core/module.h"

namespace nn {

class CMaxMinTable : public Module {
 public:
  const Value& updateOutput(const Value& input) override;
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override;

 protected:
  explicit CMaxMinTable(bool isMax) : isMax_(isMax) { gradInput = Value::table(); }
  bool isMax_;
  Buffer remaining_, next_;  // the part of gradOutput no entry has claimed yet
};

class CMaxTable : public CMaxMinTable {
  NN_MODULE(CMaxTable, "nn.CMaxTable")
 public:
  CMaxTable() : CMaxMinTable(true) {}
  std::string description() const override { return "maximum of a table of tensors, elementwise"; }
};

}  // namespace nn
