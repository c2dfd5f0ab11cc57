// nn.Select(dimension, index): the slice at `index` along `dimension`, which is removed (a 3x4
// input with Select(1, 2) gives its second row, of size 4). Negative dimension and index count
// from the end. The input needs at least 2 dimensions: Torch's select on a vector yields a Lua
// number, not a tensor. The output is a copy (as Torch); gradInput is zero outside the slice.
#pragma once
#include "core/module.h"

namespace nn {

class Select : public Module {
  NN_MODULE(Select, "nn.Select")
 public:
  Select(int64_t dimension, int64_t index);

  const Value& updateOutput(const Value& input) override;
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override;
  std::string toString() const override { return cat("nn.Select(", dimension_, ", ", index_, ")"); }
  std::string description() const override { return "one slice along a dimension, which is removed"; }
  Args arguments() const override { return {dimension_, index_}; }

 private:
  int64_t dimension_, index_;
  std::pair<int, int64_t> resolve(const Tensor& x) const;  // 1-based dim and index
};

}  // namespace nn
