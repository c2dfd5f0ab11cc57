// nn.PairwiseDistance(p): the p-norm distance ||a - b||_p of a table {a, b} of two same-sized
// vectors (output of size 1) or batch x n matrices, row by row (output of size batch).
// The gradient is Torch's, sign(d) |d|^(p-1) / (||d||_p + 1e-6)^(p-1) with d = a - b, except
// that sign(0) is 0 (Torch picks a random sign for p = 1) and the |d|^(p-2) factor is applied
// for every p (Torch applies it only for p > 2, which is wrong for 1 < p < 2).
#pragma once
#include "core/module.h"

namespace nn {

class PairwiseDistance : public Module {
  NN_MODULE(PairwiseDistance, "nn.PairwiseDistance")
 public:
  explicit PairwiseDistance(double p);
  double norm() const { return p_; }

  const Value& updateOutput(const Value& input) override;
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override;
  std::string toString() const override { return cat("nn.PairwiseDistance(", p_, ")"); }
  std::string description() const override { return "p-norm distance between two inputs, row by row"; }
  Args arguments() const override { return {p_}; }

 private:
  double p_;
  Buffer diff_, powered_, norms_;
  struct Rows { Tensor a, b; int64_t rows, cols; };
  Rows rows(const Value& input) const;
  void distances(const Rows& r, Tensor& y);  // also leaves a - b in diff_
};

}  // namespace nn
