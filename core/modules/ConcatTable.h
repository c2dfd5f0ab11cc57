// nn.ConcatTable(): every child gets the same input; output is the table of their outputs, and
// gradInput the sum of the children's gradInputs (through nested tables when the input is one).
#pragma once
#include "core/modules/Container.h"

namespace nn {

class ConcatTable : public Container {
  NN_MODULE(ConcatTable, "nn.ConcatTable")
 public:
  ConcatTable() { output = Value::table(); }
  ConcatTable& add(ModulePtr module) override { Container::add(std::move(module)); return *this; }

  const Value& updateOutput(const Value& input) override;
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override;
  void accGradParameters(const Value& input, const Value& gradOutput, float scale = 1.0f) override;
  const Value& backwardUnaliased(const Value& input, const Value& gradOutput, float scale) override;
  std::string toString() const override { return branchString(); }
  std::string description() const override { return "applies every child to the same input, giving a table"; }

 private:
  const std::vector<Value>& gradOutputs(const Value& gradOutput) const;
  // gradInput = sum of the children's gradInputs, in order.
  void accumulate(size_t index0, const Value& childGradInput, const Value& input);
};

}  // namespace nn
