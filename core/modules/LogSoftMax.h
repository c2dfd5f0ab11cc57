// nn.LogSoftMax(): y_i = x_i - log sum_j exp(x_j) over a vector, or over each row of a batch x n matrix.
// As THNN, 3-D input is normalised over dimension 1 and 4-D input over dimension 2 (the planes).
#pragma once
#include "core/kernels.h"
#include "core/modules/RowNormalizer.h"

namespace nn {

class LogSoftMax : public RowNormalizer {
  NN_MODULE(LogSoftMax, "nn.LogSoftMax")
 public:
  LogSoftMax() : RowNormalizer(kernels::logSoftmaxRows, kernels::logSoftmaxBackwardRows, true) {}
  std::string description() const override { return "log-softmax x_i - log sum_j exp(x_j) over the last dimension (the planes of 3-D/4-D input)"; }
};

}  // namespace nn
