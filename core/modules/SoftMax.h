// nn.SoftMax(): y_i = exp(x_i) / sum_j exp(x_j) over a vector, or over each row of a batch x n matrix.
// (Torch also takes 3-D/4-D input, normalising over the feature plane dimension; not supported here.)
#pragma once
#include "core/module.h"

namespace nn {

class SoftMax : public Module {
  NN_MODULE(SoftMax, "nn.SoftMax")
 public:
  SoftMax() = default;
  const Value& updateOutput(const Value& input) override;
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override;
  std::string description() const override { return "softmax exp(x_i) / sum_j exp(x_j) over the last dimension"; }

 private:
  void checkInput(const Tensor& x) const;
};

}  // namespace nn
