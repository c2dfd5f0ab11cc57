// nn.CMinTable(): the elementwise minimum of a table of same-sized tensors. The gradient of
// each element goes to the entry that held the minimum (the first one on ties, as Torch).
#pragma once
#include "core/modules/CMaxTable.h"

namespace nn {

class CMinTable : public CMaxMinTable {
  NN_MODULE(CMinTable, "nn.CMinTable")
 public:
  CMinTable() : CMaxMinTable(false) {}
  std::string description() const override { return "minimum of a table of tensors, elementwise"; }
};

}  // namespace nn
