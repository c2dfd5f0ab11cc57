#include "core/kernels_zoo.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace nn::kernels {

namespace {
// Calls row(xOffset, bOffset) for every innermost row of x (of sizes[dims-1] elements), with the
// offset of that row's first element in x and in b.
template <class Row>
void forEachRow(int dims, const int64_t* sizes, const int64_t* bStrides, Row row) {
  if (dims == 0) return;
  int64_t rows = 1;
  for (int d = 0; d + 1 < dims; ++d) rows *= sizes[d];
  const int64_t width = sizes[dims - 1];
  std::vector<int64_t> index(static_cast<size_t>(dims), 0);
  int64_t bOffset = 0;
  for (int64_t r = 0; r < rows; ++r) {
    row(r * width, bOffset);
    // advance the multi-index over the outer dimensions (odometer), keeping b's offset
    for (int d = dims - 2; d >= 0; --d) {
      ++index[d];
      bOffset += bStrides[d];
      if (index[d] < sizes[d]) break;
      bOffset -= bStrides[d] * index[d];
      index[d] = 0;
    }
  }
}
}  // namespace

void expandBinary(Binary op, int dims, const int64_t* sizes, const float* x, const float* b,
                  const int64_t* bStrides, float* z) {
  const int64_t width = dims ? sizes[dims - 1] : 0;
  const bool rowOfB = dims && bStrides[dims - 1] != 0;
  forEachRow(dims, sizes, bStrides, [&](int64_t xo, int64_t bo) {
    if (rowOfB) {
      binary(op, width, x + xo, b + bo, z + xo);
    } else if (op == Binary::Add) {
      unary(Unary::Affine, width, x + xo, z + xo, 1.0f, b[bo]);
    } else {
      unary(Unary::Affine, width, x + xo, z + xo, b[bo], 0.0f);
    }
  });
}

void expandAccumulate(int dims, const int64_t* sizes, const float* x, const float* y, float scale,
                      const int64_t* bStrides, float* acc) {
  const int64_t width = dims ? sizes[dims - 1] : 0;
  const bool rowOfB = dims && bStrides[dims - 1] != 0;
  forEachRow(dims, sizes, bStrides, [&](int64_t xo, int64_t bo) {
    if (rowOfB) {
      if (y) addcmul(width, scale, x + xo, y + xo, acc + bo);
      else axpy(width, scale, x + xo, acc + bo);
    } else {
      acc[bo] += static_cast<float>(scale * (y ? dot(width, x + xo, y + xo) : sum(width, x + xo)));
    }
  });
}

void softmaxAxis(bool logSoftmax, int64_t outer, int64_t dim, int64_t inner, const float* x, float* y) {
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t i = 0; i < inner; ++i) {
      const float* xp = x + o * dim * inner + i;
      float* yp = y + o * dim * inner + i;
      float top = -INFINITY;
      for (int64_t d = 0; d < dim; ++d) top = std::max(top, xp[d * inner]);
      double total = 0;
      for (int64_t d = 0; d < dim; ++d) total += std::exp(static_cast<double>(xp[d * inner]) - top);
      if (logSoftmax) {
        const double shift = top + std::log(total);
        for (int64_t d = 0; d < dim; ++d) yp[d * inner] = static_cast<float>(xp[d * inner] - shift);
      } else {
        for (int64_t d = 0; d < dim; ++d)
          yp[d * inner] = static_cast<float>(std::exp(static_cast<double>(xp[d * inner]) - top) / total);
      }
    }
  }
}

void softmaxAxisBackward(bool logSoftmax, int64_t outer, int64_t dim, int64_t inner, const float* y,
                         const float* gy, float* gx) {
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t i = 0; i < inner; ++i) {
      const int64_t base = o * dim * inner + i;
      double s = 0;
      for (int64_t d = 0; d < dim; ++d)
        s += logSoftmax ? gy[base + d * inner] : static_cast<double>(gy[base + d * inner]) * y[base + d * inner];
      for (int64_t d = 0; d < dim; ++d) {
        const int64_t k = base + d * inner;
        gx[k] = logSoftmax ? static_cast<float>(gy[k] - std::exp(static_cast<double>(y[k])) * s)
                           : static_cast<float>(y[k] * (gy[k] - s));
      }
    }
  }
}

void renormRow(int64_t n, float* row, float maxNorm, float normType) {
  double norm = 0;
  for (int64_t j = 0; j < n; ++j) {
    const double v = std::fabs(static_cast<double>(row[j]));
    norm += normType == 1 ? v : normType == 2 ? v * v : std::pow(v, static_cast<double>(normType));
  }
  norm = std::pow(norm, 1.0 / normType);
  if (norm > maxNorm) scale(n, static_cast<float>(maxNorm / (norm + 1e-7)), row);
}

void zooUnary(ZooUnary op, int64_t n, const float* x, float* y, float a, float b) {
  for (int64_t i = 0; i < n; ++i) {
    const float v = x[i];
    switch (op) {
      case ZooUnary::Threshold: y[i] = v > a ? v : b; break;
      case ZooUnary::HardShrink: y[i] = (v > a || v < -a) ? v : 0.0f; break;
      case ZooUnary::SoftShrink: y[i] = v > a ? v - a : (v < -a ? v + a : 0.0f); break;
      case ZooUnary::TanhShrink: y[i] = v - std::tanh(v); break;
      case ZooUnary::LogSigmoid: {
        // -log(1 + e^-v) = -(m + log(e^-m + e^(-v-m))) with m = max(0, -v) (THNN LogSigmoid.c)
        const float m = std::max(0.0f, -v);
        y[i] = -(m + std::log(std::exp(-m) + std::exp(-v - m)));
        break;
      }
      case ZooUnary::Scale: y[i] = a * v; break;
      case ZooUnary::Sign: y[i] = a * (static_cast<float>(v > 0) - static_cast<float>(v < 0)); break;
    }
  }
}

void zooUnaryBackward(ZooUnary op, int64_t n, const float* x, const float* y, const float* gy, float* gx,
                      float a, float b) {
  for (int64_t i = 0; i < n; ++i) {
    const float v = x[i], g = gy[i];
    switch (op) {
      case ZooUnary::Threshold: gx[i] = v > a ? g : 0.0f; break;
      case ZooUnary::HardShrink:
      case ZooUnary::SoftShrink: gx[i] = (v > a || v < -a) ? g : 0.0f; break;
      case ZooUnary::TanhShrink: {
        const float t = std::tanh(v);
        gx[i] = g * t * t;
        break;
      }
      case ZooUnary::LogSigmoid: gx[i] = g / (1.0f + std::exp(v)); break;  // sigmoid(-x)
      case ZooUnary::Scale: gx[i] = a * g; break;
      case ZooUnary::Sign: gx[i] = 0.0f * g; break;
    }
  }
}

void preluForward(int64_t outer, int64_t planes, int64_t inner, const float* x, const float* w, float* y) {
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t p = 0; p < planes; ++p) {
      const int64_t base = (o * planes + p) * inner;
      for (int64_t k = 0; k < inner; ++k) y[base + k] = x[base + k] > 0 ? x[base + k] : w[p] * x[base + k];
    }
}

void preluBackward(int64_t outer, int64_t planes, int64_t inner, const float* x, const float* w, const float* gy,
                   float* gx) {
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t p = 0; p < planes; ++p) {
      const int64_t base = (o * planes + p) * inner;
      for (int64_t k = 0; k < inner; ++k) gx[base + k] = x[base + k] > 0 ? gy[base + k] : w[p] * gy[base + k];
    }
}

void preluAccGrad(int64_t outer, int64_t planes, int64_t inner, const float* x, const float* gy, float scale,
                  float* gw) {
  for (int64_t p = 0; p < planes; ++p) {
    double total = 0;
    for (int64_t o = 0; o < outer; ++o) {
      const int64_t base = (o * planes + p) * inner;
      for (int64_t k = 0; k < inner; ++k)
        if (x[base + k] <= 0) total += static_cast<double>(x[base + k]) * gy[base + k];
    }
    gw[p] += static_cast<float>(scale * total);
  }
}

void euclideanForward(int64_t batch, int64_t inSize, int64_t outSize, const float* x, const float* W, const float* C,
                      float* y) {
  for (int64_t b = 0; b < batch; ++b)
    for (int64_t j = 0; j < outSize; ++j) {
      double total = 0;
      for (int64_t i = 0; i < inSize; ++i) {
        const double c = C ? C[i * outSize + j] : 1.0;
        const double e = c * (static_cast<double>(x[b * inSize + i]) - W[i * outSize + j]);
        total += e * e;
      }
      y[b * outSize + j] = static_cast<float>(std::sqrt(total));
    }
}

// gy[b, j] / (y[b, j] + 1e-7): Torch's guard against 0 / 0 where the input is a template.
static double euclideanCoefficient(const float* y, const float* gy, int64_t at) {
  return gy[at] / (static_cast<double>(y[at]) + 1e-7);
}

void euclideanBackward(int64_t batch, int64_t inSize, int64_t outSize, const float* x, const float* W, const float* C,
                       const float* y, const float* gy, float* gx) {
  for (int64_t b = 0; b < batch; ++b)
    for (int64_t i = 0; i < inSize; ++i) {
      double total = 0;
      for (int64_t j = 0; j < outSize; ++j) {
        const double c = C ? C[i * outSize + j] : 1.0;
        total += euclideanCoefficient(y, gy, b * outSize + j) * c * c * (static_cast<double>(x[b * inSize + i]) - W[i * outSize + j]);
      }
      gx[b * inSize + i] = static_cast<float>(total);
    }
}

void euclideanAccGrad(int64_t batch, int64_t inSize, int64_t outSize, const float* x, const float* W, const float* C,
                      const float* y, const float* gy, float scale, float* gW, float* gC) {
  for (int64_t i = 0; i < inSize; ++i)
    for (int64_t j = 0; j < outSize; ++j) {
      const double c = C ? C[i * outSize + j] : 1.0;
      double towardW = 0, towardC = 0;
      for (int64_t b = 0; b < batch; ++b) {
        const double k = euclideanCoefficient(y, gy, b * outSize + j);
        const double d = static_cast<double>(x[b * inSize + i]) - W[i * outSize + j];
        towardW += k * d;
        towardC += k * d * d;
      }
      gW[i * outSize + j] -= static_cast<float>(scale * c * c * towardW);
      if (gC) gC[i * outSize + j] += static_cast<float>(scale * c * towardC);
    }
}

void rowNorms(int64_t rows, int64_t cols, const float* x, float eps, float* norms) {
  for (int64_t r = 0; r < rows; ++r)
    norms[r] = static_cast<float>(std::sqrt(dot(cols, x + r * cols, x + r * cols))) + eps;
}

double zooLoss(ZooLoss op, int64_t n, const float* x, const float* t, float a, const float* w, int64_t wn) {
  double total = 0;
  for (int64_t i = 0; i < n; ++i) {
    const double v = x[i], y = t[i];
    double l = 0;
    switch (op) {
      case ZooLoss::Margin: l = std::max(0.0, a - v * y); break;
      case ZooLoss::SoftMargin: l = std::log1p(std::exp(-v * y)); break;
      case ZooLoss::HingeEmbedding: l = y == 1 ? v : (y == -1 ? std::max(0.0, a - v) : 0.0); break;
      case ZooLoss::LogisticLabel: l = std::log1p(std::exp(-std::fabs(v))) + std::max(v, 0.0) - v * y; break;
    }
    total += w ? l * w[i % wn] : l;
  }
  return total;
}

void zooLossGrad(ZooLoss op, int64_t n, const float* x, const float* t, float a, float norm, float* gx,
                 const float* w, int64_t wn) {
  for (int64_t i = 0; i < n; ++i) {
    const double v = x[i], y = t[i];
    double d = 0;
    switch (op) {
      case ZooLoss::Margin: d = v * y < a ? -y : 0.0; break;
      case ZooLoss::SoftMargin: {
        const double e = std::exp(-y * v);
        d = std::isinf(e) ? -y : -y * e / (1 + e);
        break;
      }
      case ZooLoss::HingeEmbedding: d = y == 1 ? 1.0 : (y == -1 ? (v > a ? 0.0 : -1.0) : 0.0); break;
      case ZooLoss::LogisticLabel: d = 1 / (1 + std::exp(-v)) - y; break;
    }
    gx[i] = static_cast<float>(norm * (w ? d * w[i % wn] : d));
  }
}

double marginRankingLoss(int64_t n, const float* x1, const float* x2, const float* y, float margin) {
  double total = 0;
  for (int64_t i = 0; i < n; ++i) total += std::max(0.0, -static_cast<double>(y[i]) * (x1[i] - x2[i]) + margin);
  return total;
}

void marginRankingGrad(int64_t n, const float* x1, const float* x2, const float* y, float margin, float norm,
                       float* g1, float* g2) {
  for (int64_t i = 0; i < n; ++i) {
    const bool active = -static_cast<double>(y[i]) * (x1[i] - x2[i]) + margin > 0;
    g1[i] = active ? -y[i] * norm : 0.0f;
    g2[i] = active ? y[i] * norm : 0.0f;
  }
}

namespace {
struct CosinePair {
  double w1, w22, w32, w, cos;  // x1.x2, 1/|x1|^2, 1/|x2|^2, sqrt(w22 w32), w1 w (the Lua's names)
};
CosinePair cosinePair(int64_t cols, const float* a, const float* b) {
  CosinePair c;
  c.w1 = dot(cols, a, b);
  c.w22 = 1 / (dot(cols, a, a) + 1e-12);
  c.w32 = 1 / (dot(cols, b, b) + 1e-12);
  c.w = std::sqrt(c.w22 * c.w32);
  c.cos = c.w1 * c.w;
  return c;
}
double cosineRowLoss(double cos, float y, float margin) {
  return y == 1 ? 1 - cos : (y == -1 ? std::max(0.0, cos - margin) : 0.0);
}
}  // namespace

double cosineEmbeddingLoss(int64_t rows, int64_t cols, const float* x1, const float* x2, const float* y, float margin) {
  double total = 0;
  for (int64_t r = 0; r < rows; ++r) total += cosineRowLoss(cosinePair(cols, x1 + r * cols, x2 + r * cols).cos, y[r], margin);
  return total;
}

void cosineEmbeddingGrad(int64_t rows, int64_t cols, const float* x1, const float* x2, const float* y, float margin,
                         float norm, float* g1, float* g2) {
  for (int64_t r = 0; r < rows; ++r) {
    const float* a = x1 + r * cols;
    const float* b = x2 + r * cols;
    const CosinePair c = cosinePair(cols, a, b);
    // d cos / d x1 = (x2 - w1 w22 x1) w; zero where the row's loss is <= 0; negated for y = 1
    const double loss = cosineRowLoss(c.cos, y[r], margin);
    const double sign = loss <= 0 ? 0.0 : (y[r] == 1 ? -1.0 : 1.0);
    for (int64_t k = 0; k < cols; ++k) {
      g1[r * cols + k] = static_cast<float>(norm * sign * (b[k] - c.w1 * c.w22 * a[k]) * c.w);
      g2[r * cols + k] = static_cast<float>(norm * sign * (a[k] - c.w1 * c.w32 * b[k]) * c.w);
    }
  }
}

double multiMarginLoss(int64_t frames, int64_t dim, const float* x, const int64_t* targets, int p, float margin,
                       const float* w) {
  double total = 0;
  for (int64_t f = 0; f < frames; ++f) {
    const float* row = x + f * dim;
    const int64_t t = targets[f];
    for (int64_t d = 0; d < dim; ++d) {
      const double z = static_cast<double>(margin) - row[t] + row[d];
      if (d == t || z <= 0) continue;
      total += (p == 1 ? z : z * z) * (w ? w[t] : 1.0f);
    }
  }
  return total / static_cast<double>(dim);
}

void multiMarginGrad(int64_t frames, int64_t dim, const float* x, const int64_t* targets, int p, float margin,
                     const float* w, float g, float* gx) {
  for (int64_t f = 0; f < frames; ++f) {
    const float* row = x + f * dim;
    float* grad = gx + f * dim;
    const int64_t t = targets[f];
    double toTarget = 0;
    for (int64_t d = 0; d < dim; ++d) {
      const double z = static_cast<double>(margin) - row[t] + row[d];
      if (d == t) continue;
      if (z > 0) {
        const double h = (p == 1 ? g : 2 * g * z) * (w ? w[t] : 1.0f);
        toTarget -= h;
        grad[d] = static_cast<float>(h);
      } else {
        grad[d] = 0.0f;
      }
    }
    grad[t] = static_cast<float>(toTarget);
  }
}

void normalizeRows(int64_t rows, int64_t cols, const float* x, double p, double eps, float* y, float* norms) {
  for (int64_t r = 0; r < rows; ++r) {
    const float* xr = x + r * cols;
    double total = 0;
    for (int64_t j = 0; j < cols; ++j) total += p == 2 ? static_cast<double>(xr[j]) * xr[j] : std::pow(std::fabs(static_cast<double>(xr[j])), p);
    const double n = std::pow(total + eps, 1 / p);
    norms[r] = static_cast<float>(n);
    for (int64_t j = 0; j < cols; ++j) y[r * cols + j] = static_cast<float>(xr[j] / n);
  }
}

void normalizeRowsBackward(int64_t rows, int64_t cols, const float* x, const float* norms, double p,
                           const float* gy, float* gx) {
  for (int64_t r = 0; r < rows; ++r) {
    const float* xr = x + r * cols;
    const float* gr = gy + r * cols;
    const double n = norms[r];
    const double gDotX = dot(cols, gr, xr);
    const double c = gDotX * std::pow(n, -1 - p);
    for (int64_t j = 0; j < cols; ++j) {
      const double v = xr[j];
      const double s = (v > 0) - (v < 0);
      const double dn = p == 2 ? v : std::pow(std::fabs(v), p - 1) * s;
      gx[r * cols + j] = static_cast<float>(gr[j] / n - c * dn);
    }
  }
}

}  // namespace nn::kernels
