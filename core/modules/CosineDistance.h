// nn.CosineDistance(): the cosine similarity a.b / (|a| |b|) of a table {a, b} of two same-sized
// vectors (output of size 1) or batch x n matrices, row by row (output of size batch). As in
// Torch, 1e-12 is added to |a|^2 and |b|^2, so zero vectors give 0 rather than NaN.
#pragma once
#include "core/module.h"

namespace nn {

class CosineDistance : public Module {
  NN_MODULE(CosineDistance, "nn.CosineDistance")
 public:
  CosineDistance() { gradInput = Value::table(); }
  const Value& updateOutput(const Value& input) override;
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override;
  std::string description() const override { return "cosine similarity of two inputs, row by row"; }

 private:
  struct Rows { Tensor a, b; int64_t rows, cols; };
  Rows rows(const Value& input) const;
};

}  // namespace nn
