// nn.SoftMax(): y_i = exp(x_i) / sum_j exp(x_j) over a vector, or over each row of a batch x n matrix.
// As THNN, 3-D input is normalised over dimension 1 and 4-D input over dimension 2 (the planes).
#pragma once
#include "core/kernels.h"
#include "core/modules/RowNormalizer.h"

namespace nn {

class SoftMax : public RowNormalizer {
  NN_MODULE(SoftMax, "nn.SoftMax")
 public:
  SoftMax() : RowNormalizer(kernels::softmaxRows, kernels::softmaxBackwardRows, false) {}
  std::string description() const override { return "softmax exp(x_i) / sum_j exp(x_j) over the last dimension (the planes of 3-D/4-D input)"; }
};

}  // namespace nn
