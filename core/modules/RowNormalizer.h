// Shared base of SoftMax and LogSoftMax: a normalisation over a vector, or over each row of a
// batch x n matrix, given by a forward and a backward row kernel (core/kernels.h).
#pragma once
#include "core/module.h"

namespace nn {

class RowNormalizer : public Module {
 public:
  const Value& updateOutput(const Value& input) override;
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override;

 protected:
  using ForwardRows = void (*)(int64_t rows, int64_t cols, const float* x, float* y);
  using BackwardRows = void (*)(int64_t rows, int64_t cols, const float* y, const float* gy, float* gx);
  RowNormalizer(ForwardRows forward, BackwardRows backward) : forward_(forward), backward_(backward) {}

 private:
  void checkInput(const Tensor& x) const;
  ForwardRows forward_;
  BackwardRows backward_;  // computed from the output y, as both gradients are cheapest that way
};

}  // namespace nn
