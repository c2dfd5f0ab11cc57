// nn.LogSoftMax(): y_i = x_i - log sum_j exp(x_j) over a vector, or over each row of a batch x n matrix.
// (Torch also takes 3-D/4-D input, normalising over the feature plane dimension; not supported here.)
#pragma once
#include "core/module.h"

namespace nn {

class LogSoftMax : public Module {
  NN_MODULE(LogSoftMax, "nn.LogSoftMax")
 public:
  LogSoftMax() = default;
  const Value& updateOutput(const Value& input) override;
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override;
  std::string description() const override { return "log-softmax x_i - log sum_j exp(x_j) over the last dimension"; }

 private:
  void checkInput(const Tensor& x) const;
};

}  // namespace nn
