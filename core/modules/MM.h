// nn.MM([transA = false[, transB = false]]): the matrix product op(A) op(B) of a table {A, B},
// two matrices or two batches of matrices (batch x rows x cols, multiplied pairwise); op
// transposes the (last two dimensions of the) operand when its flag is set.
#pragma once
#include "core/module.h"

namespace nn {

class MM : public Module {
  NN_MODULE(MM, "nn.MM")
 public:
  explicit MM(bool transA = false, bool transB = false);

  const Value& updateOutput(const Value& input) override;
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override;
  std::string toString() const override;
  std::string description() const override { return "matrix product of two inputs (or batches of them)"; }
  Args arguments() const override { return {transA_, transB_}; }

 private:
  bool transA_, transB_;
  // Sizes of op(A) = M x K and op(B) = K x N, batch count (1 for 2-D), and the contiguous inputs.
  struct Operands { Tensor a, b; int64_t batch, M, K, N; bool batched; };
  Operands operands(const Value& input) const;
};

}  // namespace nn
