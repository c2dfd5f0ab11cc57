// The shared body of nn.Max and nn.Min(dimension = 1[, nInputDims]): the largest (smallest)
// element along one dimension, which is dropped (a 1-D input gives a 1-element tensor). Negative
// dimensions count from the end; with nInputDims an input with one more dimension is a batch.
// Backward routes each gradient to the position chosen in the last forward, the first on ties.
#pragma once
#include <vector>

#include "core/module.h"

namespace nn {

class Extremum : public Module {
 public:
  const Value& updateOutput(const Value& input) override;
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override;
  std::string toString() const override;
  Args arguments() const override;

 protected:
  Extremum(bool isMax, int64_t dimension, int64_t nInputDims);
  bool isMax_;
  int64_t dimension_, nInputDims_;  // nInputDims_ 0: not set
  std::vector<int64_t> indices_;    // 0-based positions chosen by the last forward
  Buffer contiguousInput_;

  struct Layout { int64_t outer, n, inner; Shape outputSizes; };
  Layout layout(const Tensor& x) const;
};

}  // namespace nn
