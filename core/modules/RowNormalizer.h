// Shared base of SoftMax and LogSoftMax: a normalisation over a vector, or over each row of a
// batch x n matrix, given by a forward and a backward row kernel (core/kernels.h); as THNN's
// SoftMax.c, a 3-D input (planes x h x w) is normalised over dimension 1 and a 4-D input
// (batch x planes x h x w) over dimension 2, at every position (core/kernels_zoo.h).
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
  RowNormalizer(ForwardRows forward, BackwardRows backward, bool logSoftmax)
      : forward_(forward), backward_(backward), log_(logSoftmax) {}

 private:
  void checkInput(const Tensor& x) const;
  // [outer, dim, inner] of the normalised axis for this input's number of dimensions.
  struct Axis { int64_t outer, dim, inner; };
  static Axis axisOf(const Tensor& x);
  ForwardRows forward_;
  BackwardRows backward_;  // computed from the output y, as both gradients are cheapest that way
  bool log_;
};

}  // namespace nn
