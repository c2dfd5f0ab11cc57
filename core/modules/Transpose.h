// nn.Transpose({d1, d2}, {d3, d4}, ...): swaps dimensions d1 and d2, then d3 and d4, ... in order.
// Torch takes each pair as a Lua table; here the pairs come as one flat list of dimensions,
// Transpose(1, 2) being one pair and Transpose(1, 4, 1, 3) two (in JS, nn.Transpose([1, 2],
// [1, 3]) works too). Negative dimensions count from the end. The output is a contiguous copy,
// as in Torch; gradInput is gradOutput transposed back.
#pragma once
#include <utility>

#include "core/module.h"

namespace nn {

class Transpose : public Module {
  NN_MODULE(Transpose, "nn.Transpose")
 public:
  explicit Transpose(std::vector<std::pair<int64_t, int64_t>> permutations);
  // A flat list d1, d2, d3, d4, ... of an even number of dimensions.
  static std::vector<std::pair<int64_t, int64_t>> pairs(const std::vector<int64_t>& flat);

  const Value& updateOutput(const Value& input) override;
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override;
  std::string toString() const override;
  std::string description() const override { return "swaps pairs of dimensions"; }
  Args arguments() const override;

 private:
  std::vector<std::pair<int64_t, int64_t>> permutations_;
  void check(const Tensor& x) const;
};

}  // namespace nn
