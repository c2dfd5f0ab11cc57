// Scalar reference kernels: the obviously-correct versions the SIMD kernels are tested against.
// Accumulations are done in double so the reference is at least as accurate as what it checks.
#include <algorithm>
#include <cmath>
#include <limits>

#include "core/kernels.h"

namespace nn::kernels::ref {

void gemm(bool transA, bool transB, int64_t M, int64_t N, int64_t K, float alpha,
          const float* A, int64_t lda, const float* B, int64_t ldb, float beta, float* C,
          int64_t ldc) {
  for (int64_t i = 0; i < M; ++i) {
    for (int64_t j = 0; j < N; ++j) {
      double acc = 0;
      for (int64_t k = 0; k < K; ++k) {
        const float a = transA ? A[k * lda + i] : A[i * lda + k];
        const float b = transB ? B[j * ldb + k] : B[k * ldb + j];
        acc += static_cast<double>(a) * b;
      }
      float& c = C[i * ldc + j];
      c = static_cast<float>(alpha * acc + (beta == 0 ? 0.0 : static_cast<double>(beta) * c));
    }
  }
}

void gemv(bool transA, int64_t M, int64_t N, float alpha, const float* A, int64_t lda,
          const float* x, float beta, float* y) {
  const int64_t outLen = transA ? N : M, inLen = transA ? M : N;
  for (int64_t i = 0; i < outLen; ++i) {
    double acc = 0;
    for (int64_t k = 0; k < inLen; ++k)
      acc += static_cast<double>(transA ? A[k * lda + i] : A[i * lda + k]) * x[k];
    y[i] = static_cast<float>(alpha * acc + (beta == 0 ? 0.0 : static_cast<double>(beta) * y[i]));
  }
}

void ger(int64_t M, int64_t N, float alpha, const float* x, const float* y, float* A, int64_t lda) {
  for (int64_t i = 0; i < M; ++i)
    for (int64_t j = 0; j < N; ++j) A[i * lda + j] += alpha * x[i] * y[j];
}

void fill(int64_t n, float value, float* y) { std::fill(y, y + n, value); }
void copy(int64_t n, const float* x, float* y) { std::copy(x, x + n, y); }
void axpy(int64_t n, float alpha, const float* x, float* y) {
  for (int64_t i = 0; i < n; ++i) y[i] += alpha * x[i];
}
void scale(int64_t n, float alpha, float* y) {
  for (int64_t i = 0; i < n; ++i) y[i] *= alpha;
}
void addScalar(int64_t n, float value, float* y) {
  for (int64_t i = 0; i < n; ++i) y[i] += value;
}

void binary(Binary op, int64_t n, const float* x, const float* y, float* z) {
  for (int64_t i = 0; i < n; ++i) {
    switch (op) {
      case Binary::Add: z[i] = x[i] + y[i]; break;
      case Binary::Sub: z[i] = x[i] - y[i]; break;
      case Binary::Mul: z[i] = x[i] * y[i]; break;
      case Binary::Div: z[i] = x[i] / y[i]; break;
      case Binary::Max: z[i] = x[i] >= y[i] ? x[i] : y[i]; break;
      case Binary::Min: z[i] = x[i] <= y[i] ? x[i] : y[i]; break;
    }
  }
}

void addcmul(int64_t n, float value, const float* x, const float* y, float* z) {
  for (int64_t i = 0; i < n; ++i) z[i] += value * x[i] * y[i];
}
void addcdiv(int64_t n, float value, const float* x, const float* y, float* z) {
  for (int64_t i = 0; i < n; ++i) z[i] += value * x[i] / y[i];
}

void maxMinBackward(bool isMax, int64_t n, const float* x, const float* y, const float* g,
                    float* gradX, float* gradY) {
  for (int64_t i = 0; i < n; ++i) {
    const bool toX = isMax ? x[i] >= y[i] : x[i] <= y[i];
    const float gi = g[i];  // read once: gradX or gradY may be g itself
    gradX[i] = toX ? gi : 0.0f;
    gradY[i] = toX ? 0.0f : gi;
  }
}

static float softplus(float x, float beta, float threshold) {
  const float bx = beta * x;
  return bx > threshold ? x : std::log1p(std::exp(bx)) / beta;
}

void unary(Unary op, int64_t n, const float* x, float* y, float a, float b) {
  for (int64_t i = 0; i < n; ++i) {
    const float v = x[i];
    switch (op) {
      case Unary::Exp: y[i] = std::exp(v); break;
      case Unary::Log: y[i] = std::log(v); break;
      case Unary::Abs: y[i] = std::fabs(v); break;
      case Unary::Square: y[i] = v * v; break;
      case Unary::Sqrt: y[i] = std::sqrt(v); break;
      case Unary::Tanh: y[i] = std::tanh(v); break;
      case Unary::Sigmoid: y[i] = 1.0f / (1.0f + std::exp(-v)); break;
      case Unary::ReLU: y[i] = v > 0 ? v : 0.0f; break;
      case Unary::LeakyReLU: y[i] = v > 0 ? v : a * v; break;
      case Unary::ELU: y[i] = v > 0 ? v : a * (std::exp(v) - 1.0f); break;
      case Unary::HardTanh: y[i] = v < a ? a : (v > b ? b : v); break;
      case Unary::SoftPlus: y[i] = softplus(v, a, b); break;
      case Unary::SoftSign: y[i] = v / (1.0f + std::fabs(v)); break;
      case Unary::Power: y[i] = std::pow(v, a); break;
      case Unary::Clamp: y[i] = v < a ? a : (v > b ? b : v); break;
      case Unary::Affine: y[i] = a * v + b; break;
    }
  }
}

void unaryBackward(Unary op, int64_t n, const float* x, const float* y, const float* gy,
                   float* gx, float a, float b) {
  for (int64_t i = 0; i < n; ++i) {
    const float v = x[i], out = y[i], g = gy[i];
    float d = 0;
    switch (op) {
      case Unary::Exp: d = out; break;
      case Unary::Log: d = 1.0f / v; break;
      case Unary::Abs: d = v >= 0 ? 1.0f : -1.0f; break;
      case Unary::Square: d = 2.0f * v; break;
      case Unary::Sqrt:
        if (out == 0) {
          gx[i] = 0.0f;  // THNN: no division where the output is 0
          continue;
        }
        d = 0.5f / out;
        break;
      case Unary::Tanh: d = 1.0f - out * out; break;
      case Unary::Sigmoid: d = out * (1.0f - out); break;
      case Unary::ReLU: d = v > 0 ? 1.0f : 0.0f; break;
      case Unary::LeakyReLU: d = v > 0 ? 1.0f : a; break;
      case Unary::ELU: d = v > 0 ? 1.0f : out + a; break;
      case Unary::HardTanh: d = (v > a && v < b) ? 1.0f : 0.0f; break;
      case Unary::SoftPlus: {
        const float bx = a * v;
        d = bx > b ? 1.0f : 1.0f / (1.0f + std::exp(-bx));
        break;
      }
      case Unary::SoftSign: {
        const float s = 1.0f + std::fabs(v);
        d = 1.0f / (s * s);
        break;
      }
      case Unary::Power: d = a * std::pow(v, a - 1.0f); break;
      case Unary::Clamp: d = (v >= a && v <= b) ? 1.0f : 0.0f; break;
      case Unary::Affine: d = a; break;
    }
    gx[i] = g * d;
  }
}

double sum(int64_t n, const float* x) {
  double acc = 0;
  for (int64_t i = 0; i < n; ++i) acc += x[i];
  return acc;
}

double dot(int64_t n, const float* x, const float* y) {
  double acc = 0;
  for (int64_t i = 0; i < n; ++i) acc += static_cast<double>(x[i]) * y[i];
  return acc;
}

void sumAxis(int64_t outer, int64_t dim, int64_t inner, const float* x, float* y) {
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t i = 0; i < inner; ++i) {
      double acc = 0;
      for (int64_t d = 0; d < dim; ++d) acc += x[(o * dim + d) * inner + i];
      y[o * inner + i] = static_cast<float>(acc);
    }
}

void maxAxis(bool isMax, int64_t outer, int64_t dim, int64_t inner, const float* x, float* y,
             int64_t* index) {
  if (dim <= 0) return;  // no element to pick (and x[0] would be read out of bounds)
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t i = 0; i < inner; ++i) {
      int64_t best = 0;
      float bestValue = x[o * dim * inner + i];
      for (int64_t d = 1; d < dim; ++d) {
        const float v = x[(o * dim + d) * inner + i];
        if (isMax ? v > bestValue : v < bestValue) {
          bestValue = v;
          best = d;
        }
      }
      y[o * inner + i] = bestValue;
      index[o * inner + i] = best;
    }
}

void softmaxRows(int64_t rows, int64_t cols, const float* x, float* y) {
  if (cols <= 0) return;  // max_element of an empty row would dereference its end
  for (int64_t r = 0; r < rows; ++r) {
    const float* in = x + r * cols;
    float* out = y + r * cols;
    const float m = *std::max_element(in, in + cols);
    double total = 0;
    for (int64_t c = 0; c < cols; ++c) total += std::exp(static_cast<double>(in[c] - m));
    for (int64_t c = 0; c < cols; ++c) out[c] = static_cast<float>(std::exp(static_cast<double>(in[c] - m)) / total);
  }
}

void logSoftmaxRows(int64_t rows, int64_t cols, const float* x, float* y) {
  if (cols <= 0) return;
  for (int64_t r = 0; r < rows; ++r) {
    const float* in = x + r * cols;
    float* out = y + r * cols;
    const float m = *std::max_element(in, in + cols);
    double total = 0;
    for (int64_t c = 0; c < cols; ++c) total += std::exp(static_cast<double>(in[c] - m));
    const double logTotal = m + std::log(total);
    for (int64_t c = 0; c < cols; ++c) out[c] = static_cast<float>(in[c] - logTotal);
  }
}

void softmaxBackwardRows(int64_t rows, int64_t cols, const float* y, const float* gy, float* gx) {
  for (int64_t r = 0; r < rows; ++r) {
    double d = 0;
    for (int64_t c = 0; c < cols; ++c) d += static_cast<double>(gy[r * cols + c]) * y[r * cols + c];
    for (int64_t c = 0; c < cols; ++c)
      gx[r * cols + c] = static_cast<float>(y[r * cols + c] * (gy[r * cols + c] - d));
  }
}

void logSoftmaxBackwardRows(int64_t rows, int64_t cols, const float* y, const float* gy, float* gx) {
  for (int64_t r = 0; r < rows; ++r) {
    double total = 0;
    for (int64_t c = 0; c < cols; ++c) total += gy[r * cols + c];
    for (int64_t c = 0; c < cols; ++c)
      gx[r * cols + c] = static_cast<float>(gy[r * cols + c] - std::exp(static_cast<double>(y[r * cols + c])) * total);
  }
}

}  // namespace nn::kernels::ref

// ---- Tensor methods: element by element ----
namespace nn::kernels::ref {

void indexSelect(int64_t outer, int64_t srcDim, int64_t inner, const float* x, int64_t count,
                 const int64_t* index, float* y) {
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t k = 0; k < count; ++k)
      for (int64_t i = 0; i < inner; ++i) y[(o * count + k) * inner + i] = x[(o * srcDim + index[k]) * inner + i];
}

void indexCopy(int64_t outer, int64_t dstDim, int64_t inner, const float* x, int64_t count,
               const int64_t* index, float* y) {
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t k = 0; k < count; ++k)
      for (int64_t i = 0; i < inner; ++i) y[(o * dstDim + index[k]) * inner + i] = x[(o * count + k) * inner + i];
}

void ramp(int64_t n, double start, double step, float* y) {
  for (int64_t i = 0; i < n; ++i) y[i] = static_cast<float>(start + step * static_cast<double>(i));
}

void truncate(int64_t n, float* y) {
  for (int64_t i = 0; i < n; ++i) y[i] = static_cast<float>(static_cast<int64_t>(y[i]));
}

}  // namespace nn::kernels::ref

// ===== Convolution, pooling and batch normalization (core/kernels_conv.h) =====================
// Written the way THNN states them: one output element at a time, with explicit bounds tests.
#include "core/kernels_conv.h"

namespace nn::kernels::ref {

int64_t windowOutputSize(int64_t in, int64_t k, int64_t step, int64_t pad, int64_t dil, bool ceilMode,
                         bool anyPadding) {
  const double span = static_cast<double>(in + 2 * pad - (dil * (k - 1) + 1));
  if (span < 0) return 0;
  int64_t out = static_cast<int64_t>(ceilMode ? std::ceil(span / step) : std::floor(span / step)) + 1;
  if (ceilMode && anyPadding && (out - 1) * step >= in + pad) --out;
  return out;
}

namespace {
// image value at (c, y, x), 0 outside
inline float pixel(const Window2d& g, const float* image, int64_t c, int64_t y, int64_t x) {
  if (y < 0 || y >= g.height || x < 0 || x >= g.width) return 0.0f;
  return image[(c * g.height + y) * g.width + x];
}
}  // namespace

void conv2d(const Window2d& g, int64_t nOut, const float* x, const float* w, const float* b, float* y) {
  for (int64_t o = 0; o < nOut; ++o)
    for (int64_t oy = 0; oy < g.outH; ++oy)
      for (int64_t ox = 0; ox < g.outW; ++ox) {
        double acc = b ? b[o] : 0.0;
        for (int64_t c = 0; c < g.planes; ++c)
          for (int64_t i = 0; i < g.kH; ++i)
            for (int64_t j = 0; j < g.kW; ++j)
              acc += static_cast<double>(w[((o * g.planes + c) * g.kH + i) * g.kW + j]) *
                     pixel(g, x, c, oy * g.dH - g.padH + i * g.dilH, ox * g.dW - g.padW + j * g.dilW);
        y[(o * g.outH + oy) * g.outW + ox] = static_cast<float>(acc);
      }
}

void im2col(const Window2d& g, const float* image, float* columns) {
  for (int64_t c = 0; c < g.planes; ++c)
    for (int64_t i = 0; i < g.kH; ++i)
      for (int64_t j = 0; j < g.kW; ++j)
        for (int64_t oy = 0; oy < g.outH; ++oy)
          for (int64_t ox = 0; ox < g.outW; ++ox)
            columns[((c * g.kH + i) * g.kW + j) * g.outPlane() + oy * g.outW + ox] =
                pixel(g, image, c, oy * g.dH - g.padH + i * g.dilH, ox * g.dW - g.padW + j * g.dilW);
}

void col2im(const Window2d& g, const float* columns, float* image) {
  for (int64_t c = 0; c < g.planes; ++c)
    for (int64_t i = 0; i < g.kH; ++i)
      for (int64_t j = 0; j < g.kW; ++j)
        for (int64_t oy = 0; oy < g.outH; ++oy)
          for (int64_t ox = 0; ox < g.outW; ++ox) {
            const int64_t y = oy * g.dH - g.padH + i * g.dilH, x = ox * g.dW - g.padW + j * g.dilW;
            if (y < 0 || y >= g.height || x < 0 || x >= g.width) continue;
            image[(c * g.height + y) * g.width + x] +=
                columns[((c * g.kH + i) * g.kW + j) * g.outPlane() + oy * g.outW + ox];
          }
}

void maxPool2d(const Window2d& g, const float* x, float* y, int64_t* index) {
  for (int64_t c = 0; c < g.planes; ++c)
    for (int64_t oy = 0; oy < g.outH; ++oy)
      for (int64_t ox = 0; ox < g.outW; ++ox) {
        float best = -std::numeric_limits<float>::infinity();
        int64_t at = -1;
        for (int64_t i = 0; i < g.kH; ++i)
          for (int64_t j = 0; j < g.kW; ++j) {
            const int64_t yy = oy * g.dH - g.padH + i * g.dilH, xx = ox * g.dW - g.padW + j * g.dilW;
            if (yy < 0 || yy >= g.height || xx < 0 || xx >= g.width) continue;
            const float v = x[(c * g.height + yy) * g.width + xx];
            const bool firstNaN = std::isnan(v) && !std::isnan(best);
            if (at < 0 || firstNaN || (!std::isnan(best) && v > best)) {
              best = v;
              at = yy * g.width + xx;
            }
          }
        y[(c * g.outH + oy) * g.outW + ox] = best;
        index[(c * g.outH + oy) * g.outW + ox] = at;
      }
}

void maxPool2dBackward(const Window2d& g, const float* gy, const int64_t* index, float* gx) {
  for (int64_t c = 0; c < g.planes; ++c)
    for (int64_t o = 0; o < g.outPlane(); ++o) {
      const int64_t at = index[c * g.outPlane() + o];
      if (at >= 0) gx[c * g.inPlane() + at] += gy[c * g.outPlane() + o];
    }
}

namespace {
// The divisor of output (oy, ox), and whether pixel (yy, xx) of the image is in its window.
double avgDivisor(const Window2d& g, bool countIncludePad, int64_t oy, int64_t ox) {
  int64_t count = 0;
  for (int64_t i = 0; i < g.kH; ++i)
    for (int64_t j = 0; j < g.kW; ++j) {
      const int64_t yy = oy * g.dH - g.padH + i, xx = ox * g.dW - g.padW + j;
      // include-pad counts positions inside the padded image, exclude-pad those inside the image
      const bool counted = countIncludePad
                               ? (yy < g.height + g.padH && xx < g.width + g.padW)
                               : (yy >= 0 && yy < g.height && xx >= 0 && xx < g.width);
      count += counted;
    }
  return static_cast<double>(count);
}
}  // namespace

void avgPool2d(const Window2d& g, bool countIncludePad, const float* x, float* y) {
  for (int64_t c = 0; c < g.planes; ++c)
    for (int64_t oy = 0; oy < g.outH; ++oy)
      for (int64_t ox = 0; ox < g.outW; ++ox) {
        double total = 0;
        for (int64_t i = 0; i < g.kH; ++i)
          for (int64_t j = 0; j < g.kW; ++j) total += pixel(g, x, c, oy * g.dH - g.padH + i, ox * g.dW - g.padW + j);
        const double d = avgDivisor(g, countIncludePad, oy, ox);
        y[(c * g.outH + oy) * g.outW + ox] = static_cast<float>(d > 0 ? total / d : 0.0);
      }
}

void avgPool2dBackward(const Window2d& g, bool countIncludePad, const float* gy, float* gx) {
  for (int64_t c = 0; c < g.planes; ++c)
    for (int64_t oy = 0; oy < g.outH; ++oy)
      for (int64_t ox = 0; ox < g.outW; ++ox) {
        const double d = avgDivisor(g, countIncludePad, oy, ox);
        if (d <= 0) continue;
        for (int64_t i = 0; i < g.kH; ++i)
          for (int64_t j = 0; j < g.kW; ++j) {
            const int64_t yy = oy * g.dH - g.padH + i, xx = ox * g.dW - g.padW + j;
            if (yy < 0 || yy >= g.height || xx < 0 || xx >= g.width) continue;
            gx[(c * g.height + yy) * g.width + xx] += static_cast<float>(gy[(c * g.outH + oy) * g.outW + ox] / d);
          }
      }
}

void channelMeanVar(int64_t outer, int64_t C, int64_t inner, const float* x, double* mean, double* var) {
  const double n = static_cast<double>(outer * inner);
  for (int64_t c = 0; c < C; ++c) {
    double s = 0;
    for (int64_t o = 0; o < outer; ++o)
      for (int64_t i = 0; i < inner; ++i) s += x[(o * C + c) * inner + i];
    mean[c] = s / n;
    double v = 0;
    for (int64_t o = 0; o < outer; ++o)
      for (int64_t i = 0; i < inner; ++i) {
        const double d = x[(o * C + c) * inner + i] - mean[c];
        v += d * d;
      }
    var[c] = v / n;
  }
}

void channelAffine(int64_t outer, int64_t C, int64_t inner, const float* x, const float* mean,
                   const float* invstd, const float* w, const float* b, float* y) {
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t c = 0; c < C; ++c)
      for (int64_t i = 0; i < inner; ++i) {
        const int64_t at = (o * C + c) * inner + i;
        y[at] = static_cast<float>((static_cast<double>(x[at]) - mean[c]) * invstd[c] * (w ? w[c] : 1.0f) +
                                   (b ? b[c] : 0.0f));
      }
}

void channelGradSums(int64_t outer, int64_t C, int64_t inner, const float* x, const float* mean,
                     const float* gy, double* sumGy, double* dotp) {
  for (int64_t c = 0; c < C; ++c) {
    double s = 0, d = 0;
    for (int64_t o = 0; o < outer; ++o)
      for (int64_t i = 0; i < inner; ++i) {
        const int64_t at = (o * C + c) * inner + i;
        s += gy[at];
        d += (static_cast<double>(x[at]) - mean[c]) * gy[at];
      }
    sumGy[c] = s;
    dotp[c] = d;
  }
}

void batchNormBackward(int64_t outer, int64_t C, int64_t inner, const float* x, const float* gy,
                       const float* mean, const float* invstd, const float* w, const double* sumGy,
                       const double* dotp, float* gx) {
  const double n = static_cast<double>(outer * inner);
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t c = 0; c < C; ++c)
      for (int64_t i = 0; i < inner; ++i) {
        const int64_t at = (o * C + c) * inner + i;
        const double k = dotp[c] * invstd[c] * invstd[c] / n;
        const double centered = (static_cast<double>(x[at]) - mean[c]) * k;
        gx[at] = static_cast<float>((gy[at] - sumGy[c] / n - centered) * invstd[c] * (w ? w[c] : 1.0f));
      }
}

}  // namespace nn::kernels::ref

namespace nn::kernels::ref {

namespace {
// The input pixel output (oy, ox) reads, or false when it reads a zero.
bool padSource(Padding mode, const Pad2d& p, int64_t oy, int64_t ox, int64_t& iy, int64_t& ix) {
  iy = oy - p.top;
  ix = ox - p.left;
  if (mode == Padding::Replicate) {
    iy = std::clamp<int64_t>(iy, 0, p.height - 1);
    ix = std::clamp<int64_t>(ix, 0, p.width - 1);
    return true;
  }
  return iy >= 0 && iy < p.height && ix >= 0 && ix < p.width;
}
}  // namespace

void pad2d(Padding mode, const Pad2d& p, const float* x, float* y) {
  for (int64_t c = 0; c < p.planes; ++c)
    for (int64_t oy = 0; oy < p.outH(); ++oy)
      for (int64_t ox = 0; ox < p.outW(); ++ox) {
        int64_t iy, ix;
        y[(c * p.outH() + oy) * p.outW() + ox] =
            padSource(mode, p, oy, ox, iy, ix) ? x[(c * p.height + iy) * p.width + ix] : 0.0f;
      }
}

void pad2dBackward(Padding mode, const Pad2d& p, const float* gy, float* gx) {
  for (int64_t c = 0; c < p.planes; ++c)
    for (int64_t oy = 0; oy < p.outH(); ++oy)
      for (int64_t ox = 0; ox < p.outW(); ++ox) {
        int64_t iy, ix;
        if (padSource(mode, p, oy, ox, iy, ix))
          gx[(c * p.height + iy) * p.width + ix] += gy[(c * p.outH() + oy) * p.outW() + ox];
      }
}

}  // namespace nn::kernels::ref

namespace nn::kernels::ref {

void softmaxPlanes(bool log, int64_t outer, int64_t C, int64_t inner, const float* x, float* y) {
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t i = 0; i < inner; ++i) {
      const float* p = x + o * C * inner + i;
      double m = -std::numeric_limits<double>::infinity();
      for (int64_t c = 0; c < C; ++c) m = std::max<double>(m, p[c * inner]);
      double total = 0;
      for (int64_t c = 0; c < C; ++c) total += std::exp(p[c * inner] - m);
      for (int64_t c = 0; c < C; ++c)
        y[o * C * inner + c * inner + i] =
            static_cast<float>(log ? p[c * inner] - m - std::log(total) : std::exp(p[c * inner] - m) / total);
    }
}

void softmaxPlanesBackward(bool log, int64_t outer, int64_t C, int64_t inner, const float* y, const float* gy,
                           float* gx) {
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t i = 0; i < inner; ++i) {
      const int64_t base = o * C * inner + i;
      double s = 0;
      for (int64_t c = 0; c < C; ++c) s += log ? gy[base + c * inner] : double(gy[base + c * inner]) * y[base + c * inner];
      for (int64_t c = 0; c < C; ++c) {
        const int64_t at = base + c * inner;
        gx[at] = static_cast<float>(log ? gy[at] - std::exp(double(y[at])) * s : y[at] * (gy[at] - s));
      }
    }
}

void crossMapLRN(int64_t outer, int64_t C, int64_t inner, int64_t size, float alpha, float beta, float k,
                 const float* x, float* scale, float* y) {
  const int64_t half = (size - 1) / 2;
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t c = 0; c < C; ++c)
      for (int64_t i = 0; i < inner; ++i) {
        double total = 0;
        for (int64_t j = c - half; j <= c - half + size - 1; ++j)
          if (j >= 0 && j < C) total += double(x[(o * C + j) * inner + i]) * x[(o * C + j) * inner + i];
        const int64_t at = (o * C + c) * inner + i;
        const double s = k + alpha / double(size) * total;
        scale[at] = static_cast<float>(s);
        y[at] = static_cast<float>(x[at] * std::pow(s, -double(beta)));
      }
}

void crossMapLRNBackward(int64_t outer, int64_t C, int64_t inner, int64_t size, float alpha, float beta,
                         const float* x, const float* y, const float* scale, const float* gy, float* gx) {
  const int64_t half = (size - 1) / 2;
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t c = 0; c < C; ++c)
      for (int64_t i = 0; i < inner; ++i) {
        const int64_t at = (o * C + c) * inner + i;
        double total = 0;
        for (int64_t j = 0; j < C; ++j) {
          if (c < j - half || c > j - half + size - 1) continue;  // c not in j's window
          const int64_t aj = (o * C + j) * inner + i;
          total += double(gy[aj]) * y[aj] / scale[aj];
        }
        gx[at] = static_cast<float>(gy[at] * std::pow(double(scale[at]), -double(beta)) -
                                    2.0 * alpha * beta / size * x[at] * total);
      }
}

void upsampleNearest(int64_t planes, int64_t h, int64_t w, int64_t factor, const float* x, float* y) {
  for (int64_t c = 0; c < planes; ++c)
    for (int64_t Y = 0; Y < h * factor; ++Y)
      for (int64_t X = 0; X < w * factor; ++X)
        y[(c * h * factor + Y) * w * factor + X] = x[(c * h + Y / factor) * w + X / factor];
}

void upsampleNearestBackward(int64_t planes, int64_t h, int64_t w, int64_t factor, const float* gy, float* gx) {
  for (int64_t i = 0; i < planes * h * w; ++i) gx[i] = 0;
  for (int64_t c = 0; c < planes; ++c)
    for (int64_t Y = 0; Y < h * factor; ++Y)
      for (int64_t X = 0; X < w * factor; ++X)
        gx[(c * h + Y / factor) * w + X / factor] += gy[(c * h * factor + Y) * w * factor + X];
}

}  // namespace nn::kernels::ref

// ---------------------------------------------------------------------------------------------
// issue 17: references of core/kernels_rows.h (row pairs, signed power, maxAxis scatter, KL
// divergence, random masks), written element by element in double.
#include "core/kernels_rows.h"
#include "core/random.h"

namespace nn::kernels::ref {

static double rowDot(int64_t cols, const float* a, const float* b) {
  double total = 0;
  for (int64_t c = 0; c < cols; ++c) total += static_cast<double>(a[c]) * b[c];
  return total;
}

void rowDots(int64_t rows, int64_t cols, const float* a, const float* b, float* y) {
  for (int64_t r = 0; r < rows; ++r) y[r] = static_cast<float>(rowDot(cols, a + r * cols, b + r * cols));
}

void rowCosines(int64_t rows, int64_t cols, const float* a, const float* b, double eps, float* y) {
  for (int64_t r = 0; r < rows; ++r) {
    const float* ar = a + r * cols;
    const float* br = b + r * cols;
    const double normA = std::sqrt(rowDot(cols, ar, ar) + eps), normB = std::sqrt(rowDot(cols, br, br) + eps);
    y[r] = static_cast<float>(rowDot(cols, ar, br) / (normA * normB));
  }
}

void rowCosinesBackward(int64_t rows, int64_t cols, const float* a, const float* b, const float* gy,
                        double eps, float* ga, float* gb) {
  for (int64_t r = 0; r < rows; ++r) {
    const float* ar = a + r * cols;
    const float* br = b + r * cols;
    const double ab = rowDot(cols, ar, br), aa = rowDot(cols, ar, ar) + eps, bb = rowDot(cols, br, br) + eps;
    const double w = gy[r] / std::sqrt(aa * bb);
    for (int64_t c = 0; c < cols; ++c) {
      ga[r * cols + c] = static_cast<float>(w * (br[c] - ab / aa * ar[c]));
      gb[r * cols + c] = static_cast<float>(w * (ar[c] - ab / bb * br[c]));
    }
  }
}

void scaleRows(int64_t rows, int64_t cols, const float* scales, const float* x, float* y) {
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c) y[r * cols + c] = scales[r] * x[r * cols + c];
}

void signedPower(int64_t n, float exponent, const float* x, float* y) {
  for (int64_t i = 0; i < n; ++i)
    y[i] = x[i] == 0 ? 0.0f : std::copysign(exponent == 0 ? 1.0f : std::pow(std::fabs(x[i]), exponent), x[i]);
}

void maxAxisBackward(int64_t outer, int64_t dim, int64_t inner, const float* gy, const int64_t* index,
                     float* gx) {
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t d = 0; d < dim; ++d)
      for (int64_t i = 0; i < inner; ++i)
        gx[(o * dim + d) * inner + i] = index[o * inner + i] == d ? gy[o * inner + i] : 0.0f;
}

double klDivergenceSum(int64_t n, const float* x, const float* t) {
  double total = 0;
  for (int64_t i = 0; i < n; ++i) {
    const double target = t[i];
    if (target > 0) total += target * std::log(target) - target * x[i];
  }
  return total;
}

void bernoulliMask(int64_t n, double keep, float keepValue, Generator& gen, float* mask) {
  for (int64_t i = 0; i < n; ++i) mask[i] = gen.uniform() < keep ? keepValue : 0.0f;
}

void randomSlopes(int64_t n, const float* x, double low, double high, Generator& gen, float* slope) {
  for (int64_t i = 0; i < n; ++i) slope[i] = x[i] <= 0 ? static_cast<float>(low + (high - low) * gen.uniform()) : 1.0f;
}

}  // namespace nn::kernels::ref
