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
      case Unary::Abs: d = v > 0 ? 1.0f : (v < 0 ? -1.0f : 0.0f); break;
      case Unary::Square: d = 2.0f * v; break;
      case Unary::Sqrt: d = 0.5f / out; break;
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
