// Loops of the Torch-fidelity fixes and of the everyday module zoo (issue 14): broadcasting a
// parameter with size-1 dimensions (CAdd/CMul "expansion"), channel-wise softmax and the
// elementwise maps of the shrink/threshold family. They run on dense row-major arrays like
// core/kernels.h; the innermost rows go through kernels.h's SIMD kernels where that is a
// whole-row operation, the rest is plain scalar code (these loops are their own reference).
#pragma once
#include <cstdint>

#include "core/kernels.h"

namespace nn::kernels {

// ---------------------------------------------------------------------------------------------
// Expansion (Torch's expandAs): b has the same number of dimensions as x and each of its sizes is
// either x's or 1. bStrides are b's row-major strides with 0 for every size-1 dimension, so
// b[offset(index)] is the element each x element meets. sizes/bStrides have `dims` entries.

// z = x op b (Add or Mul), z and x dense with `sizes` (z may be x).
void expandBinary(Binary op, int dims, const int64_t* sizes, const float* x, const float* b,
                  const int64_t* bStrides, float* z);
// acc[b offset] += scale * x            (y == nullptr: CAdd's gradBias)
// acc[b offset] += scale * x * y        (CMul's gradWeight)
void expandAccumulate(int dims, const int64_t* sizes, const float* x, const float* y, float scale,
                      const int64_t* bStrides, float* acc);

// ---------------------------------------------------------------------------------------------
// Softmax over the middle axis of an [outer, dim, inner] array (THNN SoftMax.c for 3-D and 4-D
// input: normalise over the feature planes at every spatial position), and its backward from the
// output y. inner == 1 is the row-wise softmax of kernels.h.
void softmaxAxis(bool logSoftmax, int64_t outer, int64_t dim, int64_t inner, const float* x, float* y);
void softmaxAxisBackward(bool logSoftmax, int64_t outer, int64_t dim, int64_t inner, const float* y,
                         const float* gy, float* gx);

// LookupTable's maxNorm: if the normType-norm of the row exceeds maxNorm, scale the row by
// maxNorm / (norm + 1e-7) (THNN LookupTable_renormRow).
void renormRow(int64_t n, float* row, float maxNorm, float normType);

}  // namespace nn::kernels
