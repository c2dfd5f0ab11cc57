// The convolution, pooling and batch-normalization kernels (declared in core/kernels_conv.h).
// im2col/col2im move whole rows at a time (a contiguous copy when the window steps by one pixel)
// and the heavy lifting is the packed gemm of kernels.cpp; the batch-norm kernels are passes of
// the SIMD vector kernels (sum, dot, affine, axpy) over one plane at a time.
#include "core/kernels_conv.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <vector>

#include "core/kernels.h"

namespace nn::kernels {

int64_t windowOutputSize(int64_t in, int64_t k, int64_t step, int64_t pad, int64_t dil, bool ceilMode,
                         bool anyPadding) {
  const int64_t span = in + 2 * pad - (dil * (k - 1) + 1);
  if (span < 0) return 0;
  int64_t out = (ceilMode ? (span + step - 1) / step : span / step) + 1;
  // THNN: in ceil mode the last window must start inside the image or the left padding.
  if (ceilMode && anyPadding && (out - 1) * step >= in + pad) --out;
  return out;
}

namespace {

// The range [lo, hi) of output positions o along an axis whose input coordinate o * step + offset
// lies inside [0, size).
inline void insideRange(int64_t count, int64_t step, int64_t offset, int64_t size, int64_t& lo, int64_t& hi) {
  // o * step + offset >= 0  <=>  o >= ceil(-offset / step)
  lo = offset >= 0 ? 0 : (-offset + step - 1) / step;
  // o * step + offset <= size - 1  <=>  o <= floor((size - 1 - offset) / step)
  const int64_t last = size - 1 - offset;
  hi = last < 0 ? 0 : last / step + 1;
  lo = std::min(lo, count);
  hi = std::clamp(hi, lo, count);
}

}  // namespace

void im2col(const Window2d& g, const float* image, float* columns) {
  const int64_t outPlane = g.outPlane();
  for (int64_t c = 0; c < g.planes; ++c) {
    const float* plane = image + c * g.inPlane();
    for (int64_t i = 0; i < g.kH; ++i) {
      const int64_t yOffset = i * g.dilH - g.padH;
      int64_t oyLo, oyHi;
      insideRange(g.outH, g.dH, yOffset, g.height, oyLo, oyHi);
      for (int64_t j = 0; j < g.kW; ++j) {
        float* row = columns + ((c * g.kH + i) * g.kW + j) * outPlane;
        const int64_t xOffset = j * g.dilW - g.padW;
        int64_t oxLo, oxHi;
        insideRange(g.outW, g.dW, xOffset, g.width, oxLo, oxHi);
        fill(oyLo * g.outW, 0.0f, row);
        for (int64_t oy = oyLo; oy < oyHi; ++oy) {
          float* out = row + oy * g.outW;
          const float* in = plane + (oy * g.dH + yOffset) * g.width + xOffset;
          std::fill(out, out + oxLo, 0.0f);
          if (g.dW == 1) {
            std::memcpy(out + oxLo, in + oxLo, (oxHi - oxLo) * sizeof(float));
          } else {
            for (int64_t ox = oxLo; ox < oxHi; ++ox) out[ox] = in[ox * g.dW];
          }
          std::fill(out + oxHi, out + g.outW, 0.0f);
        }
        fill((g.outH - oyHi) * g.outW, 0.0f, row + oyHi * g.outW);
      }
    }
  }
}

void col2im(const Window2d& g, const float* columns, float* image) {
  const int64_t outPlane = g.outPlane();
  for (int64_t c = 0; c < g.planes; ++c) {
    float* plane = image + c * g.inPlane();
    for (int64_t i = 0; i < g.kH; ++i) {
      const int64_t yOffset = i * g.dilH - g.padH;
      int64_t oyLo, oyHi;
      insideRange(g.outH, g.dH, yOffset, g.height, oyLo, oyHi);
      for (int64_t j = 0; j < g.kW; ++j) {
        const float* row = columns + ((c * g.kH + i) * g.kW + j) * outPlane;
        const int64_t xOffset = j * g.dilW - g.padW;
        int64_t oxLo, oxHi;
        insideRange(g.outW, g.dW, xOffset, g.width, oxLo, oxHi);
        for (int64_t oy = oyLo; oy < oyHi; ++oy) {
          const float* in = row + oy * g.outW;
          float* out = plane + (oy * g.dH + yOffset) * g.width + xOffset;
          if (g.dW == 1) {
            axpy(oxHi - oxLo, 1.0f, in + oxLo, out + oxLo);
          } else {
            for (int64_t ox = oxLo; ox < oxHi; ++ox) out[ox * g.dW] += in[ox];
          }
        }
      }
    }
  }
}

void addRowBias(int64_t rows, int64_t count, const float* bias, float* y) {
  for (int64_t r = 0; r < rows; ++r) addScalar(count, bias[r], y + r * count);
}

// ----- pooling ------------------------------------------------------------------------------
// The window of output (oy, ox) clipped to the image: rows [y0, y1), columns [x0, x1).

void maxPool2d(const Window2d& g, const float* x, float* y, int64_t* index) {
  const float kNegInf = -std::numeric_limits<float>::infinity();
  for (int64_t c = 0; c < g.planes; ++c) {
    const float* in = x + c * g.inPlane();
    float* out = y + c * g.outPlane();
    int64_t* ind = index + c * g.outPlane();
    for (int64_t oy = 0; oy < g.outH; ++oy) {
      int64_t y0 = oy * g.dH - g.padH;
      const int64_t y1 = std::min(y0 + (g.kH - 1) * g.dilH + 1, g.height);
      while (y0 < 0) y0 += g.dilH;
      for (int64_t ox = 0; ox < g.outW; ++ox) {
        int64_t x0 = ox * g.dW - g.padW;
        const int64_t x1 = std::min(x0 + (g.kW - 1) * g.dilW + 1, g.width);
        while (x0 < 0) x0 += g.dilW;
        float best = kNegInf;
        int64_t at = -1;
        for (int64_t yy = y0; yy < y1; yy += g.dilH) {
          const float* r = in + yy * g.width;
          for (int64_t xx = x0; xx < x1; xx += g.dilW) {
            const float v = r[xx];
            // The first maximum wins; the first NaN wins over numbers and stays.
            if (at < 0 || v > best || (std::isnan(v) && !std::isnan(best))) {
              best = v;
              at = yy * g.width + xx;
            }
          }
        }
        out[oy * g.outW + ox] = best;
        ind[oy * g.outW + ox] = at;
      }
    }
  }
}

void maxPool2dBackward(const Window2d& g, const float* gy, const int64_t* index, float* gx) {
  for (int64_t c = 0; c < g.planes; ++c) {
    const float* go = gy + c * g.outPlane();
    const int64_t* ind = index + c * g.outPlane();
    float* gi = gx + c * g.inPlane();
    for (int64_t o = 0, n = g.outPlane(); o < n; ++o)
      if (ind[o] >= 0) gi[ind[o]] += go[o];
  }
}

namespace {
// THNN's average-pooling window: bounds clipped to the image, and the divisor.
struct AvgWindow {
  int64_t y0, y1, x0, x1;
  float divisor;
};
inline AvgWindow avgWindow(const Window2d& g, bool countIncludePad, int64_t oy, int64_t ox) {
  int64_t y0 = oy * g.dH - g.padH, x0 = ox * g.dW - g.padW;
  int64_t y1 = std::min(y0 + g.kH, g.height + g.padH), x1 = std::min(x0 + g.kW, g.width + g.padW);
  const int64_t padded = (y1 - y0) * (x1 - x0);
  y0 = std::max<int64_t>(y0, 0);
  x0 = std::max<int64_t>(x0, 0);
  y1 = std::min(y1, g.height);
  x1 = std::min(x1, g.width);
  const int64_t inside = (y1 - y0) * (x1 - x0);
  return {y0, y1, x0, x1, static_cast<float>(countIncludePad ? padded : inside)};
}
}  // namespace

void avgPool2d(const Window2d& g, bool countIncludePad, const float* x, float* y) {
  for (int64_t c = 0; c < g.planes; ++c) {
    const float* in = x + c * g.inPlane();
    float* out = y + c * g.outPlane();
    for (int64_t oy = 0; oy < g.outH; ++oy)
      for (int64_t ox = 0; ox < g.outW; ++ox) {
        const AvgWindow w = avgWindow(g, countIncludePad, oy, ox);
        float total = 0;
        for (int64_t yy = w.y0; yy < w.y1; ++yy)
          for (int64_t xx = w.x0; xx < w.x1; ++xx) total += in[yy * g.width + xx];
        out[oy * g.outW + ox] = w.divisor > 0 ? total / w.divisor : 0.0f;
      }
  }
}

void avgPool2dBackward(const Window2d& g, bool countIncludePad, const float* gy, float* gx) {
  for (int64_t c = 0; c < g.planes; ++c) {
    const float* go = gy + c * g.outPlane();
    float* gi = gx + c * g.inPlane();
    for (int64_t oy = 0; oy < g.outH; ++oy)
      for (int64_t ox = 0; ox < g.outW; ++ox) {
        const AvgWindow w = avgWindow(g, countIncludePad, oy, ox);
        if (w.divisor <= 0) continue;
        const float share = go[oy * g.outW + ox] / w.divisor;
        for (int64_t yy = w.y0; yy < w.y1; ++yy) addScalar(w.x1 - w.x0, share, gi + yy * g.width + w.x0);
      }
  }
}

// ----- batch normalization ------------------------------------------------------------------

void channelMeanVar(int64_t outer, int64_t C, int64_t inner, const float* x, double* mean, double* var) {
  const double n = static_cast<double>(outer * inner);
  for (int64_t c = 0; c < C; ++c) {
    double total = 0;
    for (int64_t o = 0; o < outer; ++o) total += sum(inner, x + (o * C + c) * inner);
    const double m = total / n;
    // Centered second pass: sum (x - m)^2 = sum x^2 - 2 m sum x + n m^2 would cancel badly
    // when |mean| >> std.
    double squares = 0;
    for (int64_t o = 0; o < outer; ++o) {
      const float* p = x + (o * C + c) * inner;
      for (int64_t i = 0; i < inner; ++i) {
        const double d = p[i] - m;
        squares += d * d;
      }
    }
    mean[c] = m;
    var[c] = squares / n;
  }
}

void channelAffine(int64_t outer, int64_t C, int64_t inner, const float* x, const float* mean,
                   const float* invstd, const float* w, const float* b, float* y) {
  for (int64_t c = 0; c < C; ++c) {
    const float scaleC = invstd[c] * (w ? w[c] : 1.0f);
    const float shift = (b ? b[c] : 0.0f) - mean[c] * scaleC;
    for (int64_t o = 0; o < outer; ++o) {
      const int64_t at = (o * C + c) * inner;
      unary(Unary::Affine, inner, x + at, y + at, scaleC, shift);
    }
  }
}

void channelGradSums(int64_t outer, int64_t C, int64_t inner, const float* x, const float* mean,
                     const float* gy, double* sumGy, double* dotp) {
  for (int64_t c = 0; c < C; ++c) {
    double s = 0, d = 0;
    for (int64_t o = 0; o < outer; ++o) {
      const int64_t at = (o * C + c) * inner;
      s += sum(inner, gy + at);
      d += dot(inner, x + at, gy + at);
    }
    sumGy[c] = s;
    dotp[c] = d - static_cast<double>(mean[c]) * s;  // sum (x - mean) gy
  }
}

void batchNormBackward(int64_t outer, int64_t C, int64_t inner, const float* x, const float* gy,
                       const float* mean, const float* invstd, const float* w, const double* sumGy,
                       const double* dotp, float* gx) {
  const double n = static_cast<double>(outer * inner);
  for (int64_t c = 0; c < C; ++c) {
    const double a = static_cast<double>(invstd[c]) * (w ? w[c] : 1.0f);
    const double k = dotp[c] * invstd[c] * invstd[c] / n;
    // gx = a gy - (a k) x + a (k mean - sumGy / n)
    const float shift = static_cast<float>(a * (k * mean[c] - sumGy[c] / n));
    for (int64_t o = 0; o < outer; ++o) {
      const int64_t at = (o * C + c) * inner;
      unary(Unary::Affine, inner, gy + at, gx + at, static_cast<float>(a), shift);
      axpy(inner, static_cast<float>(-a * k), x + at, gx + at);
    }
  }
}

}  // namespace nn::kernels

// ----- padding ------------------------------------------------------------------------------

namespace nn::kernels {

void pad2d(Padding mode, const Pad2d& p, const float* x, float* y) {
  const int64_t oH = p.outH(), oW = p.outW();
  // Output columns [xLo, xHi) read input columns inside the image.
  const int64_t xLo = std::clamp<int64_t>(p.left, 0, oW), xHi = std::clamp<int64_t>(p.width + p.left, xLo, oW);
  for (int64_t c = 0; c < p.planes; ++c) {
    const float* in = x + c * p.height * p.width;
    float* out = y + c * oH * oW;
    for (int64_t oy = 0; oy < oH; ++oy) {
      float* row = out + oy * oW;
      int64_t iy = oy - p.top;
      if (mode == Padding::Zero && (iy < 0 || iy >= p.height)) {
        fill(oW, 0.0f, row);
        continue;
      }
      iy = std::clamp<int64_t>(iy, 0, p.height - 1);
      const float* src = in + iy * p.width;
      const float before = mode == Padding::Zero ? 0.0f : src[0];
      const float after = mode == Padding::Zero ? 0.0f : src[p.width - 1];
      std::fill(row, row + xLo, before);
      std::memcpy(row + xLo, src + (xLo - p.left), (xHi - xLo) * sizeof(float));
      std::fill(row + xHi, row + oW, after);
    }
  }
}

void pad2dBackward(Padding mode, const Pad2d& p, const float* gy, float* gx) {
  const int64_t oH = p.outH(), oW = p.outW();
  const int64_t xLo = std::clamp<int64_t>(p.left, 0, oW), xHi = std::clamp<int64_t>(p.width + p.left, xLo, oW);
  for (int64_t c = 0; c < p.planes; ++c) {
    float* in = gx + c * p.height * p.width;
    const float* out = gy + c * oH * oW;
    for (int64_t oy = 0; oy < oH; ++oy) {
      const float* row = out + oy * oW;
      int64_t iy = oy - p.top;
      if (mode == Padding::Zero && (iy < 0 || iy >= p.height)) continue;
      iy = std::clamp<int64_t>(iy, 0, p.height - 1);
      float* dst = in + iy * p.width;
      axpy(xHi - xLo, 1.0f, row + xLo, dst + (xLo - p.left));
      if (mode == Padding::Replicate) {
        dst[0] += static_cast<float>(sum(xLo, row));
        dst[p.width - 1] += static_cast<float>(sum(oW - xHi, row + xHi));
      }
    }
  }
}

}  // namespace nn::kernels

// ----- softmax over planes, cross-map LRN, nearest upsampling ----------------------------------

namespace nn::kernels {

namespace {
std::vector<float>& scratch(int which) {
  static thread_local std::vector<float> buffers[3];
  return buffers[which];
}
// dst[i * rows + r] = src[r * cols + i]: a rows x cols block transposed.
void transposeBlock(int64_t rows, int64_t cols, const float* src, float* dst) {
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t i = 0; i < cols; ++i) dst[i * rows + r] = src[r * cols + i];
}
}  // namespace

// Pixels become rows (a transpose), the row kernels of kernels.cpp do the work, and back.
void softmaxPlanes(bool log, int64_t outer, int64_t C, int64_t inner, const float* x, float* y) {
  std::vector<float>& a = scratch(0);
  std::vector<float>& b = scratch(1);
  a.resize(C * inner);
  b.resize(C * inner);
  for (int64_t o = 0; o < outer; ++o) {
    transposeBlock(C, inner, x + o * C * inner, a.data());
    if (log) logSoftmaxRows(inner, C, a.data(), b.data());
    else softmaxRows(inner, C, a.data(), b.data());
    transposeBlock(inner, C, b.data(), y + o * C * inner);
  }
}

void softmaxPlanesBackward(bool log, int64_t outer, int64_t C, int64_t inner, const float* y, const float* gy,
                           float* gx) {
  std::vector<float>& a = scratch(0);
  std::vector<float>& b = scratch(1);
  std::vector<float>& c = scratch(2);
  a.resize(C * inner);
  b.resize(C * inner);
  c.resize(C * inner);
  for (int64_t o = 0; o < outer; ++o) {
    transposeBlock(C, inner, y + o * C * inner, a.data());
    transposeBlock(C, inner, gy + o * C * inner, b.data());
    if (log) logSoftmaxBackwardRows(inner, C, a.data(), b.data(), c.data());
    else softmaxBackwardRows(inner, C, a.data(), b.data(), c.data());
    transposeBlock(inner, C, c.data(), gx + o * C * inner);
  }
}

void crossMapLRN(int64_t outer, int64_t C, int64_t inner, int64_t size, float alpha, float beta, float k,
                 const float* x, float* scale, float* y) {
  const int64_t half = (size - 1) / 2;
  std::vector<float>& squares = scratch(0);
  squares.resize(C * inner);
  for (int64_t o = 0; o < outer; ++o) {
    const float* xo = x + o * C * inner;
    float* so = scale + o * C * inner;
    float* yo = y + o * C * inner;
    binary(Binary::Mul, C * inner, xo, xo, squares.data());
    for (int64_t c = 0; c < C; ++c) {
      float* sc = so + c * inner;
      fill(inner, k, sc);
      for (int64_t j = std::max<int64_t>(0, c - half); j <= std::min(C - 1, c - half + size - 1); ++j)
        axpy(inner, alpha / static_cast<float>(size), squares.data() + j * inner, sc);
    }
    // y = x * scale^-beta
    unary(Unary::Power, C * inner, so, yo, -beta);
    binary(Binary::Mul, C * inner, yo, xo, yo);
  }
}

void crossMapLRNBackward(int64_t outer, int64_t C, int64_t inner, int64_t size, float alpha, float beta,
                         const float* x, const float* y, const float* scale, const float* gy, float* gx) {
  const int64_t half = (size - 1) / 2;
  std::vector<float>& ratio = scratch(0);
  std::vector<float>& accum = scratch(1);
  ratio.resize(C * inner);
  accum.resize(inner);
  const float factor = 2.0f * alpha * beta / static_cast<float>(size);
  for (int64_t o = 0; o < outer; ++o) {
    const int64_t at = o * C * inner;
    // ratio = gy * y / scale; gx = gy * scale^-beta
    binary(Binary::Mul, C * inner, gy + at, y + at, ratio.data());
    binary(Binary::Div, C * inner, ratio.data(), scale + at, ratio.data());
    unary(Unary::Power, C * inner, scale + at, gx + at, -beta);
    binary(Binary::Mul, C * inner, gx + at, gy + at, gx + at);
    for (int64_t c = 0; c < C; ++c) {
      // the planes c' whose window [c' - half, c' - half + size - 1] holds c
      fill(inner, 0.0f, accum.data());
      for (int64_t j = std::max<int64_t>(0, c + half - size + 1); j <= std::min(C - 1, c + half); ++j)
        axpy(inner, 1.0f, ratio.data() + j * inner, accum.data());
      addcmul(inner, -factor, x + at + c * inner, accum.data(), gx + at + c * inner);
    }
  }
}

void upsampleNearest(int64_t planes, int64_t h, int64_t w, int64_t factor, const float* x, float* y) {
  const int64_t W = w * factor;
  for (int64_t c = 0; c < planes; ++c)
    for (int64_t i = 0; i < h; ++i) {
      const float* src = x + (c * h + i) * w;
      float* row = y + (c * h * factor + i * factor) * W;
      for (int64_t j = 0; j < w; ++j) std::fill(row + j * factor, row + (j + 1) * factor, src[j]);
      for (int64_t r = 1; r < factor; ++r) std::memcpy(row + r * W, row, W * sizeof(float));
    }
}

void upsampleNearestBackward(int64_t planes, int64_t h, int64_t w, int64_t factor, const float* gy, float* gx) {
  const int64_t W = w * factor;
  for (int64_t c = 0; c < planes; ++c)
    for (int64_t i = 0; i < h; ++i) {
      float* dst = gx + (c * h + i) * w;
      for (int64_t j = 0; j < w; ++j) {
        double total = 0;
        for (int64_t r = 0; r < factor; ++r) total += sum(factor, gy + (c * h * factor + i * factor + r) * W + j * factor);
        dst[j] = static_cast<float>(total);
      }
    }
}

// ----- implicit-gemm convolution (issue 15) ---------------------------------------------------
// The forward is the gemm weight [nOut, K] x im2col(image) [K, P], but the im2col matrix is never
// written: gemmPanels asks for one kc x NR micro-panel of it at a time (NR consecutive output
// pixels, kc consecutive (plane, kernel row, kernel column) rows) and packImagePanel gathers it
// from the image, which stays in L2. Profile of the bench's row before this (wasm, per image):
// im2col 0.27 ms, then gemm's packB of the 1.8 MB matrix and the micro-kernels 2.06 ms, 24 GFLOP/s
// in all (bench/NOTES.md).

namespace {

struct ImagePanels {
  const Window2d* g;
  const float* image;
};

// Rows k0 .. k0 + kc of im2col(image), columns p0 .. p0 + np, as a packed NR-wide panel.
template <int NR>
void packImagePanel(const void* context, int64_t k0, int64_t kc, int64_t p0, int64_t np, float* dst) {
  const ImagePanels& s = *static_cast<const ImagePanels*>(context);
  const Window2d& g = *s.g;
  int64_t c = k0 / (g.kH * g.kW), i = k0 / g.kW % g.kH, j = k0 % g.kW;  // row k0's (plane, i, j)
  const int64_t oy0 = p0 / g.outW, ox0 = p0 % g.outW;
  if (ox0 + np <= g.outW) {
    // The panel's pixels lie in one output row: the rows k of one (plane, kernel row) read one
    // input row, at x0 + j dilW + lane dW; they go as a run (its checks made once).
    const int64_t yBase = oy0 * g.dH - g.padH, xBase = ox0 * g.dW - g.padW;
    for (int64_t k = 0; k < kc;) {
      const int64_t run = std::min(g.kW - j, kc - k), y = yBase + i * g.dilH, x0 = xBase + j * g.dilW;
      if (y < 0 || y >= g.height) {
        std::fill(dst, dst + run * NR, 0.0f);
      } else {
        const float* row = s.image + (c * g.height + y) * g.width;
        if (np == NR && g.dW == 1 && x0 >= 0 && x0 + (run - 1) * g.dilW + NR <= g.width) {
          // the common case: one vector copy per row k
          for (int64_t r = 0; r < run; ++r) std::memcpy(dst + r * NR, row + x0 + r * g.dilW, NR * sizeof(float));
        } else {
          for (int64_t r = 0; r < run; ++r) {
            float* out = dst + r * NR;
            for (int64_t l = 0; l < np; ++l) {
              const int64_t x = x0 + r * g.dilW + l * g.dW;
              out[l] = x >= 0 && x < g.width ? row[x] : 0.0f;
            }
            std::fill(out + np, out + NR, 0.0f);
          }
        }
      }
      dst += run * NR, k += run, j += run;
      if (j == g.kW) {
        j = 0;
        if (++i == g.kH) i = 0, ++c;
      }
    }
    return;
  }
  // The panel wraps onto the next output row(s): each lane has its own window origin.
  int64_t yOf[NR], xOf[NR];
  for (int64_t l = 0; l < np; ++l) {
    yOf[l] = (p0 + l) / g.outW * g.dH - g.padH;
    xOf[l] = (p0 + l) % g.outW * g.dW - g.padW;
  }
  for (int64_t k = 0; k < kc; ++k, dst += NR) {
    const float* plane = s.image + c * g.height * g.width;
    for (int64_t l = 0; l < np; ++l) {
      const int64_t y = yOf[l] + i * g.dilH, x = xOf[l] + j * g.dilW;
      dst[l] = y >= 0 && y < g.height && x >= 0 && x < g.width ? plane[y * g.width + x] : 0.0f;
    }
    std::fill(dst + np, dst + NR, 0.0f);
    if (++j == g.kW) {
      j = 0;
      if (++i == g.kH) i = 0, ++c;
    }
  }
}

PanelSource imagePanels(const ImagePanels& s) {
  switch (gemmPanelWidth()) {
    case 4: return {packImagePanel<4>, &s};
    case 8: return {packImagePanel<8>, &s};
    case 16: return {packImagePanel<16>, &s};
  }
  std::abort();  // a micro-kernel width this file was not taught (kernels.cpp's kNR)
}

}  // namespace

void conv2d(const Window2d& g, int64_t nOut, const float* x, const float* w, const float* b, float* y) {
  const int64_t P = g.outPlane(), K = g.columnRows();
  if (b)
    for (int64_t o = 0; o < nOut; ++o) fill(P, b[o], y + o * P);
  const float beta = b ? 1.0f : 0.0f;
  const bool pointwise = g.kH == 1 && g.kW == 1 && g.dH == 1 && g.dW == 1 && g.padH == 0 && g.padW == 0;
  if (pointwise) {  // the image is its own im2col matrix
    gemm(false, false, nOut, P, K, 1.0f, w, K, x, P, beta, y, P);
    return;
  }
  const ImagePanels source{&g, x};
  gemmPanels(nOut, P, K, 1.0f, w, K, imagePanels(source), beta, y, P);
}

}  // namespace nn::kernels
