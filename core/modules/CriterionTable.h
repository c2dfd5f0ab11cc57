// nn.CriterionTable(criterion) (CriterionTable.lua): a criterion as a module whose input is the
// table {input, target} and whose output is the loss. Torch's version returns the loss as a
// number and gradInput = {criterion.gradInput}, ignoring gradOutput; here it is
// nn.ModuleFromCriterion under Torch's name: the output is a one-element tensor, and gradInput
// is {gradOutput * dloss/dinput, zeros like the target}, so that it is exact inside a graph (a
// loss scaled downstream, a target that came from another node) and has its input's structure.
// It takes a criterion, which the registry's arguments cannot carry: createModule and a plain
// nn.CriterionTable() fail with a sentence saying so; JS passes one (nn.CriterionTable(crit)).
#pragma once
#include "core/criterion.h"

namespace nn {

class CriterionTable : public ModuleFromCriterion {
  NN_MODULE(CriterionTable, "nn.CriterionTable")
 public:
  explicit CriterionTable(CriterionPtr criterion) : ModuleFromCriterion(std::move(criterion)) {}
  std::string toString() const override { return "nn.CriterionTable(" + criterion()->toString() + ")"; }
};

}  // namespace nn
