// nn.LogSoftMax(): y_i = x_i - log sum_j exp(x_j) over a vector, or over each row of a batch x n matrix.
// (Torch also takes 3-D/4-D input, normalising over the feature plane dimension; not supported here.)
#pragma once
#include "core/kernels.h"
#include "core/modules/RowNormalizer.h"

namespace nn {

class LogSoftMax : public RowNormalizer {
  NN_MODULE(LogSoftMax, "nn.LogSoftMax")
 public:
  LogSoftMax() : RowNormalizer(kernels::logSoftmaxRows, kernels::logSoftmaxBackwardRows) {}
  std::string description() const override { return "log-softmax x_i - log sum_j exp(x_j) over the last dimension"; }
};

}  // namespace nn
