// Kernels of the pair and reduction modules that used to loop over tensor data themselves
// (issue 17): row-wise products and cosines of two matrices (DotProduct, CosineDistance), the
// signed power of PairwiseDistance's gradient, the scatter that undoes maxAxis (Max/Min
// backward), the KL divergence sum (DistKLDivCriterion) and the random masks of Dropout and
// RReLU. Dense row-major arrays as in core/kernels.h; each has a plain scalar reference in
// kernels_ref.cpp (section "issue 17"), which tests/core/test_kernels_rows.cpp compares against.
#pragma once
#include <cstdint>

#include "core/kernels.h"

namespace nn {
class Generator;
}

namespace nn::kernels {

// y[r] = a[r,:] . b[r,:] for the rows x cols matrices a and b.
void rowDots(int64_t rows, int64_t cols, const float* a, const float* b, float* y);
// y[r] = a.b / sqrt((a.a + eps) (b.b + eps)) per row, Torch's CosineDistance (eps = 1e-12).
void rowCosines(int64_t rows, int64_t cols, const float* a, const float* b, double eps, float* y);
// The gradient of rowCosines given gy (one value per row), with the same eps:
// ga = gy w (b - (a.b / (a.a + eps)) a) and gb = gy w (a - (a.b / (b.b + eps)) b),
// w = 1 / sqrt((a.a + eps) (b.b + eps)).
void rowCosinesBackward(int64_t rows, int64_t cols, const float* a, const float* b, const float* gy,
                        double eps, float* ga, float* gb);
// y[r,:] = scales[r] * x[r,:] (y may be x).
void scaleRows(int64_t rows, int64_t cols, const float* scales, const float* x, float* y);

// y = sign(x) |x|^exponent with sign(0) = 0 (so exponent 0 gives the sign; y may be x).
void signedPower(int64_t n, float exponent, const float* x, float* y);

// The backward of maxAxis over an [outer, dim, inner] array: gx[o, index[o,i], i] = gy[o, i] and
// every other element of gx is 0. index holds maxAxis's 0-based positions (each < dim).
void maxAxisBackward(int64_t outer, int64_t dim, int64_t inner, const float* gy, const int64_t* index,
                     float* gx);

// sum over the elements with t > 0 of t (log t - x); the others count 0, also where x is -inf
// (Torch's DistKLDivCriterion; built from elementwise kernels 0 * -inf would be NaN).
double klDivergenceSum(int64_t n, const float* x, const float* t);

// Random fills that must draw from gen in element order, one draw per element (the same
// numbers natively and in wasm for a given seed, whatever the vector width):
// mask[i] = keepValue with probability keep, else 0 (Dropout: Bernoulli(keep) / keep scaling).
void bernoulliMask(int64_t n, double keep, float keepValue, Generator& gen, float* mask);
// slope[i] = U[low, high) where x[i] <= 0 (one draw each), else 1 (RReLU in training).
void randomSlopes(int64_t n, const float* x, double low, double high, Generator& gen, float* slope);

namespace ref {
void rowDots(int64_t rows, int64_t cols, const float* a, const float* b, float* y);
void rowCosines(int64_t rows, int64_t cols, const float* a, const float* b, double eps, float* y);
void rowCosinesBackward(int64_t rows, int64_t cols, const float* a, const float* b, const float* gy,
                        double eps, float* ga, float* gb);
void scaleRows(int64_t rows, int64_t cols, const float* scales, const float* x, float* y);
void signedPower(int64_t n, float exponent, const float* x, float* y);
void maxAxisBackward(int64_t outer, int64_t dim, int64_t inner, const float* gy, const int64_t* index,
                     float* gx);
double klDivergenceSum(int64_t n, const float* x, const float* t);
void bernoulliMask(int64_t n, double keep, float keepValue, Generator& gen, float* mask);
void randomSlopes(int64_t n, const float* x, double low, double high, Generator& gen, float* slope);
}  // namespace ref

}  // namespace nn::kernels
