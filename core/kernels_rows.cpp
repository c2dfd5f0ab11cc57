// The row-wise kernels over kernels.h's SIMD dot/axpy/scale; the elementwise ones whose work is a
// libm call or a random draw per element are plain loops (no vector form would be faster or keep
// the draw order).
#include "core/kernels_rows.h"

#include <cmath>

#include "core/random.h"

namespace nn::kernels {

void rowDots(int64_t rows, int64_t cols, const float* a, const float* b, float* y) {
  for (int64_t r = 0; r < rows; ++r) y[r] = static_cast<float>(dot(cols, a + r * cols, b + r * cols));
}

void rowCosines(int64_t rows, int64_t cols, const float* a, const float* b, double eps, float* y) {
  for (int64_t r = 0; r < rows; ++r) {
    const float* ar = a + r * cols;
    const float* br = b + r * cols;
    const double ab = dot(cols, ar, br), aa = dot(cols, ar, ar) + eps, bb = dot(cols, br, br) + eps;
    y[r] = static_cast<float>(ab / std::sqrt(aa * bb));
  }
}

void rowCosinesBackward(int64_t rows, int64_t cols, const float* a, const float* b, const float* gy,
                        double eps, float* ga, float* gb) {
  for (int64_t r = 0; r < rows; ++r) {
    const float* ar = a + r * cols;
    const float* br = b + r * cols;
    const double ab = dot(cols, ar, br), aa = dot(cols, ar, ar) + eps, bb = dot(cols, br, br) + eps;
    const float w = static_cast<float>(gy[r] / std::sqrt(aa * bb));
    float* da = ga + r * cols;
    float* db = gb + r * cols;
    copy(cols, br, da);
    axpy(cols, static_cast<float>(-ab / aa), ar, da);
    scale(cols, w, da);
    copy(cols, ar, db);
    axpy(cols, static_cast<float>(-ab / bb), br, db);
    scale(cols, w, db);
  }
}

void scaleRows(int64_t rows, int64_t cols, const float* scales, const float* x, float* y) {
  for (int64_t r = 0; r < rows; ++r) unary(Unary::Affine, cols, x + r * cols, y + r * cols, scales[r], 0.0f);
}

void signedPower(int64_t n, float exponent, const float* x, float* y) {
  for (int64_t i = 0; i < n; ++i) {
    const float v = x[i];
    const float sign = v > 0 ? 1.0f : (v < 0 ? -1.0f : 0.0f);
    y[i] = exponent == 0 ? sign : sign * std::pow(std::fabs(v), exponent);
  }
}

void maxAxisBackward(int64_t outer, int64_t dim, int64_t inner, const float* gy, const int64_t* index,
                     float* gx) {
  fill(outer * dim * inner, 0.0f, gx);
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t i = 0; i < inner; ++i) gx[(o * dim + index[o * inner + i]) * inner + i] = gy[o * inner + i];
}

double klDivergenceSum(int64_t n, const float* x, const float* t) {
  double total = 0;
  for (int64_t i = 0; i < n; ++i)
    if (t[i] > 0) total += static_cast<double>(t[i]) * (std::log(static_cast<double>(t[i])) - x[i]);
  return total;
}

void bernoulliMask(int64_t n, double keep, float keepValue, Generator& gen, float* mask) {
  for (int64_t i = 0; i < n; ++i) mask[i] = gen.bernoulli(keep) ? keepValue : 0.0f;
}

void randomSlopes(int64_t n, const float* x, double low, double high, Generator& gen, float* slope) {
  for (int64_t i = 0; i < n; ++i) slope[i] = x[i] <= 0 ? static_cast<float>(gen.uniform(low, high)) : 1.0f;
}

}  // namespace nn::kernels
