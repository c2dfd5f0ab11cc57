// nn.ParallelTable(): child i is applied to entry i of the input table; output is the table of
// their outputs. Stricter than Torch: the table must have exactly one entry per child (Torch
// ignores extra entries, which would leave gradInput not mirroring the input).
#pragma once
#include "core/modules/Container.h"

namespace nn {

class ParallelTable : public Container {
  NN_MODULE(ParallelTable, "nn.ParallelTable")
 public:
  ParallelTable() { output = Value::table(); gradInput = Value::table(); }
  ParallelTable& add(ModulePtr module) override { Container::add(std::move(module)); return *this; }

  const Value& updateOutput(const Value& input) override;
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override;
  void accGradParameters(const Value& input, const Value& gradOutput, float scale = 1.0f) override;
  const Value& backwardUnaliased(const Value& input, const Value& gradOutput, float scale) override;
  std::string toString() const override { return branchString(); }
  std::string description() const override { return "applies child i to entry i of a table"; }

 private:
  const std::vector<Value>& entries(const Value& value, const char* what) const;
};

}  // namespace nn
