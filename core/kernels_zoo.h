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

// ---------------------------------------------------------------------------------------------
// Elementwise maps of the module zoo, with THNN's comparisons: y = f(x), gx = gy * f'(x).
enum class ZooUnary {
  Threshold,   // a = threshold, b = value: y = x > a ? x : b
  HardShrink,  // a = lambda: y = |x| > a ? x : 0   (x > a || x < -a)
  SoftShrink,  // a = lambda: y = x - a, x + a or 0
  TanhShrink,  // y = x - tanh(x)
  LogSigmoid,  // y = -log(1 + exp(-x)), computed without overflow
  Scale,       // y = a * x (GradientReversal's backward)
  Sign,        // y = a * sign(x), sign(0) = 0 (L1Penalty's gradient); its derivative is 0
};
void zooUnary(ZooUnary op, int64_t n, const float* x, float* y, float a = 0, float b = 0);
void zooUnaryBackward(ZooUnary op, int64_t n, const float* x, const float* y, const float* gy, float* gx,
                      float a = 0, float b = 0);

// PReLU over [outer, planes, inner] (planes == 1 for the shared weight): y = x > 0 ? x : w[p] x;
// backward gx = x > 0 ? gy : w[p] gy; gradWeight[p] += scale * sum over x <= 0 of x * gy.
void preluForward(int64_t outer, int64_t planes, int64_t inner, const float* x, const float* w, float* y);
void preluBackward(int64_t outer, int64_t planes, int64_t inner, const float* x, const float* w, const float* gy,
                   float* gx);
void preluAccGrad(int64_t outer, int64_t planes, int64_t inner, const float* x, const float* gy, float scale,
                  float* gw);

// Euclidean over a batch: W is inSize x outSize (column j is template j, Torch's layout);
// y[b, j] = ||C[:, j] .* (x[b] - W[:, j])||, where C (inSize x outSize, WeightedEuclidean's
// diagCov) may be null for nn.Euclidean's plain distance (C = 1). Backward (Euclidean.lua,
// WeightedEuclidean.lua): with d = x - w_j and k_j = gy[b, j] / (y[b, j] + 1e-7),
// gx[b] = sum_j k_j C_j^2 d, gradW[:, j] -= scale * sum_b k_j C_j^2 d and, when gC is given,
// gC[:, j] += scale * sum_b k_j C_j d^2.
void euclideanForward(int64_t batch, int64_t inSize, int64_t outSize, const float* x, const float* W, const float* C,
                      float* y);
void euclideanBackward(int64_t batch, int64_t inSize, int64_t outSize, const float* x, const float* W, const float* C,
                       const float* y, const float* gy, float* gx);
void euclideanAccGrad(int64_t batch, int64_t inSize, int64_t outSize, const float* x, const float* W, const float* C,
                      const float* y, const float* gy, float scale, float* gW, float* gC);

// Row norms: norms[r] = ||x[r]||_2 + eps for a rows x cols array.
void rowNorms(int64_t rows, int64_t cols, const float* x, float eps, float* norms);

// ---------------------------------------------------------------------------------------------
// Elementwise losses of the criterion zoo: loss = sum_i l(x_i, t_i) (in double), and
// gx_i = norm * dl/dx_i. a is the margin.
enum class ZooLoss {
  Margin,          // max(0, a - x t); d = x t < a ? -t : 0          (THNN MarginCriterion.c)
  SoftMargin,      // log(1 + exp(-x t)); d = -t e / (1 + e), e = exp(-x t)
  HingeEmbedding,  // t == 1: x; t == -1: max(0, a - x); d = 1, or -1 where x <= a (HingeEmbeddingCriterion.lua)
  LogisticLabel,   // log(1 + exp(-|x|)) + max(x, 0) - x t; d = sigmoid(x) - t (MultiLabelSoftMargin)
};
// w (may be null) weights element i by w[i % wn] (MultiLabelSoftMargin's per-class weights).
double zooLoss(ZooLoss op, int64_t n, const float* x, const float* t, float a, const float* w = nullptr,
               int64_t wn = 1);
void zooLossGrad(ZooLoss op, int64_t n, const float* x, const float* t, float a, float norm, float* gx,
                 const float* w = nullptr, int64_t wn = 1);

// MarginRankingCriterion over n pairs: loss = sum max(0, -y (x1 - x2) + margin); where the term
// is positive g1 = -y norm and g2 = y norm, else 0.
double marginRankingLoss(int64_t n, const float* x1, const float* x2, const float* y, float margin);
void marginRankingGrad(int64_t n, const float* x1, const float* x2, const float* y, float margin, float norm,
                       float* g1, float* g2);

// CosineEmbeddingCriterion over rows x cols pairs (CosineEmbeddingCriterion.lua, 1e-12 added to
// the squared norms): loss per row 1 - cos for y = 1, max(0, cos - margin) for y = -1.
double cosineEmbeddingLoss(int64_t rows, int64_t cols, const float* x1, const float* x2, const float* y, float margin);
void cosineEmbeddingGrad(int64_t rows, int64_t cols, const float* x1, const float* x2, const float* y, float margin,
                         float norm, float* g1, float* g2);

// MultiMarginCriterion over frames x dim scores with 0-based targets (THNN MultiMarginCriterion.c):
// loss = sum_frames sum_{d != t} w[t] max(0, margin - x[t] + x[d])^p / dim; gx is that sum's
// gradient times g (1 / dim, also / frames when sizeAverage). p is 1 or 2; w may be null.
double multiMarginLoss(int64_t frames, int64_t dim, const float* x, const int64_t* targets, int p, float margin,
                       const float* w);
void multiMarginGrad(int64_t frames, int64_t dim, const float* x, const int64_t* targets, int p, float margin,
                     const float* w, float g, float* gx);

// Normalize (Normalize.lua) of each row of a rows x cols array: N = (sum |x|^p + eps)^(1/p),
// y = x / N (norms[r] = N); backward gx_j = gy_j / N - (gy . x) N^(-1-p) |x_j|^(p-1) sign(x_j).
void normalizeRows(int64_t rows, int64_t cols, const float* x, double p, double eps, float* y, float* norms);
void normalizeRowsBackward(int64_t rows, int64_t cols, const float* x, const float* norms, double p,
                           const float* gy, float* gx);

}  // namespace nn::kernels
