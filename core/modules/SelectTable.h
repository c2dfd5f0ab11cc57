// nn.SelectTable(index): output = input[index] of a table; 1-based, negative counts from the end.
// gradInput is a table shaped like input, zeros everywhere but at index. split(n) uses it.
#pragma once
#include "core/module.h"

namespace nn {

class SelectTable : public Module {
  NN_MODULE(SelectTable, "nn.SelectTable")
 public:
  explicit SelectTable(int64_t index);
  const Value& updateOutput(const Value& input) override;
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override;
  std::string toString() const override { return cat("nn.SelectTable(", index_, ")"); }
  std::string description() const override { return "picks one entry of a table"; }
  Args arguments() const override { return {index_}; }
  int64_t index() const { return index_; }

 private:
  size_t position(const Value& input) const;  // 0-based, checked
  int64_t index_;
};

}  // namespace nn
