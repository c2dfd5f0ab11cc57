// nn.SoftMax(): y_i = exp(x_i) / sum_j exp(x_j) over a vector, or over each row of a batch x n matrix.
// (Torch also takes 3-D/4-D input, normalising over the feature plane dimension; not supported here.)
#pragma once
#include "core/kernels.h"
#include "core/modules/RowNormalizer.h"

namespace nn {

class SoftMax : public RowNormalizer {
  NN_MODULE(SoftMax, "nn.SoftMax")
 public:
  SoftMax() : RowNormalizer(kernels::softmaxRows, kernels::softmaxBackwardRows) {}
  std::string description() const override { return "softmax exp(x_i) / sum_j exp(x_j) over the last dimension"; }
};

}  // namespace nn
