#include "core/kernels_zoo.h"

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

}  // namespace nn::kernels
