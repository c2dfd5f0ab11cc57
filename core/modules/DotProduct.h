// nn.DotProduct(): the dot product of a table {a, b} of two same-sized vectors (output of size 1)
// or batch x n matrices, row by row (output of size batch).
#pragma once
#include "core/module.h"

namespace nn {

class DotProduct : public Module {
  NN_MODULE(DotProduct, "nn.DotProduct")
 public:
  DotProduct() { gradInput = Value::table(); }
  const Value& updateOutput(const Value& input) override;
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override;
  std::string description() const override { return "dot product of two inputs, row by row"; }
};

}  // namespace nn
