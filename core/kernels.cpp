// The xsimd kernels. One source for both targets: natively xsimd picks fma3<avx2> (8 lanes, real
// FMA); under Emscripten it picks sse4.1, which lowers to wasm SIMD128 (4 lanes, fma = mul + add).
// Without SIMD (wasm without -msimd128, or NNG_SCALAR_KERNELS natively) the same code runs on
// core/simd_scalar.h, a one-lane stand-in for xsimd: W == 1.
// Every kernel keeps the exact semantics of its scalar twin in kernels_ref.cpp (comparison
// directions, ties, thresholds, NaN propagation); only rounding differs, because float SIMD
// lanes accumulate where the reference accumulates in double.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include <xsimd/config/xsimd_config.hpp>  // XSIMD_WITH_*: what this compile can target

#include "core/kernels.h"

#if defined(XSIMD_NO_SUPPORTED_ARCHITECTURE) && !defined(NNG_SCALAR_KERNELS)
#define NNG_SCALAR_KERNELS  // nothing for xsimd to target (wasm without -msimd128)
#endif
#ifdef NNG_SCALAR_KERNELS
#include "core/simd_scalar.h"
namespace simd = nn::simd_scalar;
#else
#include <xsimd/xsimd.hpp>
namespace simd = xsimd;
#endif

namespace nn::kernels {
namespace {

using Vec = simd::batch<float>;
using Mask = Vec::batch_bool_type;
constexpr int64_t W = static_cast<int64_t>(Vec::size);

inline Vec load(const float* p) { return Vec::load_unaligned(p); }
inline void store(float* p, const Vec& v) { v.store_unaligned(p); }

// Sum of the lanes, in double.
inline double laneSum(const Vec& v) {
  alignas(64) float lanes[W];
  v.store_aligned(lanes);
  double total = 0;
  for (int64_t l = 0; l < W; ++l) total += lanes[l];
  return total;
}

// Elementwise maps. The body runs full vectors; the tail (< W elements) goes through the same
// vector function on a zero-padded copy, so body and tail can never disagree on semantics.
// Exact aliasing (y == x) is fine; partial overlap is not.
template <class F>
inline void map1(int64_t n, const float* x, float* y, F f) {
  int64_t i = 0;
  for (; i + W <= n; i += W) store(y + i, f(load(x + i)));
  if (i < n) {
    alignas(64) float tx[W] = {}, ty[W];
    std::memcpy(tx, x + i, (n - i) * sizeof(float));
    store(ty, f(load(tx)));
    std::memcpy(y + i, ty, (n - i) * sizeof(float));
  }
}

template <class F>
inline void map2(int64_t n, const float* x, const float* y, float* z, F f) {
  int64_t i = 0;
  for (; i + W <= n; i += W) store(z + i, f(load(x + i), load(y + i)));
  if (i < n) {
    alignas(64) float tx[W] = {}, ty[W] = {}, tz[W];
    std::memcpy(tx, x + i, (n - i) * sizeof(float));
    std::memcpy(ty, y + i, (n - i) * sizeof(float));
    store(tz, f(load(tx), load(ty)));
    std::memcpy(z + i, tz, (n - i) * sizeof(float));
  }
}

// out = f(x, y, g): the shape of every backward (x, y = f(x), gradOutput -> gradInput).
template <class F>
inline void map3(int64_t n, const float* x, const float* y, const float* g, float* out, F f) {
  int64_t i = 0;
  for (; i + W <= n; i += W) store(out + i, f(load(x + i), load(y + i), load(g + i)));
  if (i < n) {
    alignas(64) float tx[W] = {}, ty[W] = {}, tg[W] = {}, to[W];
    std::memcpy(tx, x + i, (n - i) * sizeof(float));
    std::memcpy(ty, y + i, (n - i) * sizeof(float));
    std::memcpy(tg, g + i, (n - i) * sizeof(float));
    store(to, f(load(tx), load(ty), load(tg)));
    std::memcpy(out + i, to, (n - i) * sizeof(float));
  }
}

// exp(x) for float lanes: Cephes' expf (range reduction by ln 2, degree-6 polynomial; within
// 2 ulp of std::exp), written without float -> int conversions. Emscripten 3.1.6 emulates _mm_cvtps_epi32
// one lane at a time, which made xsimd::exp 4.5 ns per element in wasm against 1 natively.
// The integer n = round(x / ln 2) comes from the magic-number trick instead, and 2^n is applied
// as two normal factors so that subnormal results (x < -87.3) and overflow to inf (x > 88.72)
// round as std::exp does.
inline Vec expLanes(const Vec& x) {
  using IVec = simd::batch<int32_t, Vec::arch_type>;
  const Vec lo(-104.0f), hi(89.0f);  // exp is 0 below lo and inf above hi in float
  const Vec xc = simd::select(x < lo, lo, simd::select(x > hi, hi, x));  // NaN passes through
  const Vec magic(12582912.0f);  // 1.5 * 2^23: adding it rounds to an integer in the low bits
  const Vec t = simd::fma(xc, Vec(1.44269504088896341f), magic);
  const Vec n = t - magic;
  Vec r = simd::fma(n, Vec(-0.693359375f), xc);  // x - n ln 2, ln 2 split in two for precision
  r = simd::fma(n, Vec(2.12194440e-4f), r);
  Vec p(1.9875691500e-4f);
  p = simd::fma(p, r, Vec(1.3981999507e-3f));
  p = simd::fma(p, r, Vec(8.3334519073e-3f));
  p = simd::fma(p, r, Vec(4.1665795894e-2f));
  p = simd::fma(p, r, Vec(1.6666665459e-1f));
  p = simd::fma(p, r, Vec(5.0000001201e-1f));
  p = simd::fma(p, r * r, r) + Vec(1.0f);
  const IVec ni = simd::bitwise_cast<IVec>(t) - simd::bitwise_cast<IVec>(magic);  // n in [-150, 128]
  const IVec n1 = ni >> 1, n2 = ni - n1;
  const Vec s1 = simd::bitwise_cast<Vec>((n1 + IVec(127)) << 23);
  const Vec s2 = simd::bitwise_cast<Vec>((n2 + IVec(127)) << 23);
  return (p * s1) * s2;
}

// tanh from expLanes (xsimd::tanh calls the slow xsimd::exp): Cephes' tanhf, an odd polynomial
// below |x| = 0.625 (no cancellation near 0) and 1 - 2 / (exp(2|x|) + 1) above.
inline Vec tanhLanes(const Vec& x) {
  const Vec ax = simd::abs(x), one(1.0f);
  const Vec big = one - Vec(2.0f) / (expLanes(ax + ax) + one);
  const Vec z = x * x;
  Vec p(-5.70498872745e-3f);
  p = simd::fma(p, z, Vec(2.06390887954e-2f));
  p = simd::fma(p, z, Vec(-5.37397155531e-2f));
  p = simd::fma(p, z, Vec(1.33314422036e-1f));
  p = simd::fma(p, z, Vec(-3.33332819422e-1f));
  const Vec small = simd::fma(p * z, x, x);
  return simd::select(ax < Vec(0.625f), small, simd::select(x < Vec(0.0f), -big, big));
}

// x^e for a scalar exponent, with std::pow's results at 0, negative bases and infinities.
// xsimd::pow is not used: it returns 0 for 0^e with e <= 0 (std::pow gives inf or 1).
// Small integer exponents use repeated squaring (exact sign, a few roundings); the rest use
// exp(e * log|x|), NaN for a finite negative base (non-integer e) or the parity sign (integer e).
class ScalarPow {
 public:
  explicit ScalarPow(float e) : e_(e) {
    const bool integer = std::isfinite(e) && std::floor(e) == e;
    if (integer && std::fabs(e) <= 64) {
      kind_ = Kind::Integer;
      n_ = static_cast<unsigned>(std::fabs(e));
      inverse_ = e < 0;
    } else {
      kind_ = Kind::General;
      integer_ = integer;
      odd_ = integer && std::fmod(std::fabs(e), 2.0f) == 1.0f;
    }
  }

  Vec operator()(const Vec& x) const {
    if (kind_ == Kind::Integer) {
      Vec result(1.0f), base = x;
      for (unsigned n = n_; n != 0; n >>= 1) {
        if (n & 1u) result *= base;
        if (n > 1) base *= base;
      }
      return inverse_ ? Vec(1.0f) / result : result;
    }
    const Vec magnitude = expLanes(Vec(e_) * simd::log(simd::abs(x)));
    const Mask negative = x < Vec(0.0f);
    Vec r;
    if (integer_) {
      r = odd_ ? simd::select(negative, -magnitude, magnitude) : magnitude;
    } else {
      const Mask finiteNegative = negative & (x > Vec(-std::numeric_limits<float>::infinity()));
      r = simd::select(finiteNegative, Vec(std::numeric_limits<float>::quiet_NaN()), magnitude);
    }
    return simd::select(x == Vec(1.0f), Vec(1.0f), r);  // 1^e == 1, even for e = NaN
  }

 private:
  enum class Kind { Integer, General };
  float e_;
  Kind kind_ = Kind::General;
  unsigned n_ = 0;
  bool inverse_ = false, integer_ = false, odd_ = false;
};

}  // namespace

// ---------------------------------------------------------------------------------------------
// Level-1 and elementwise

void fill(int64_t n, float value, float* y) {
  const Vec v(value);
  int64_t i = 0;
  for (; i + W <= n; i += W) store(y + i, v);
  for (; i < n; ++i) y[i] = value;
}

void copy(int64_t n, const float* x, float* y) {
  if (n > 0 && x != y) std::memmove(y, x, n * sizeof(float));
}

void axpy(int64_t n, float alpha, const float* x, float* y) {
  const Vec a(alpha);
  int64_t i = 0;
  for (; i + 2 * W <= n; i += 2 * W) {
    store(y + i, simd::fma(a, load(x + i), load(y + i)));
    store(y + i + W, simd::fma(a, load(x + i + W), load(y + i + W)));
  }
  for (; i + W <= n; i += W) store(y + i, simd::fma(a, load(x + i), load(y + i)));
  for (; i < n; ++i) y[i] += alpha * x[i];
}

void scale(int64_t n, float alpha, float* y) {
  const Vec a(alpha);
  map1(n, y, y, [a](const Vec& v) { return v * a; });
}

void addScalar(int64_t n, float value, float* y) {
  const Vec c(value);
  map1(n, y, y, [c](const Vec& v) { return v + c; });
}

void binary(Binary op, int64_t n, const float* x, const float* y, float* z) {
  switch (op) {
    case Binary::Add: map2(n, x, y, z, [](const Vec& a, const Vec& b) { return a + b; }); break;
    case Binary::Sub: map2(n, x, y, z, [](const Vec& a, const Vec& b) { return a - b; }); break;
    case Binary::Mul: map2(n, x, y, z, [](const Vec& a, const Vec& b) { return a * b; }); break;
    case Binary::Div: map2(n, x, y, z, [](const Vec& a, const Vec& b) { return a / b; }); break;
    // Explicit compare + select rather than xsimd::max/min: ties and NaNs go exactly as ref.
    case Binary::Max:
      map2(n, x, y, z, [](const Vec& a, const Vec& b) { return simd::select(a >= b, a, b); });
      break;
    case Binary::Min:
      map2(n, x, y, z, [](const Vec& a, const Vec& b) { return simd::select(a <= b, a, b); });
      break;
  }
}

void addcmul(int64_t n, float value, const float* x, const float* y, float* z) {
  const Vec c(value);
  map3(n, x, y, z, z,
       [c](const Vec& a, const Vec& b, const Vec& acc) { return simd::fma(c * a, b, acc); });
}

void addcdiv(int64_t n, float value, const float* x, const float* y, float* z) {
  const Vec c(value);
  map3(n, x, y, z, z, [c](const Vec& a, const Vec& b, const Vec& acc) { return acc + c * a / b; });
}

void maxMinBackward(bool isMax, int64_t n, const float* x, const float* y, const float* g,
                    float* gradX, float* gradY) {
  const Vec zero(0.0f);
  int64_t i = 0;
  for (; i + W <= n; i += W) {
    const Vec a = load(x + i), b = load(y + i), v = load(g + i);
    const Mask toX = isMax ? (a >= b) : (a <= b);
    store(gradX + i, simd::select(toX, v, zero));
    store(gradY + i, simd::select(toX, zero, v));
  }
  for (; i < n; ++i) {
    const bool toX = isMax ? x[i] >= y[i] : x[i] <= y[i];
    const float gi = g[i];  // read once: gradX or gradY may be g itself
    gradX[i] = toX ? gi : 0.0f;
    gradY[i] = toX ? 0.0f : gi;
  }
}

void unary(Unary op, int64_t n, const float* x, float* y, float a, float b) {
  const Vec va(a), vb(b), zero(0.0f), one(1.0f);
  switch (op) {
    case Unary::Exp: map1(n, x, y, [](const Vec& v) { return expLanes(v); }); break;
    case Unary::Log: map1(n, x, y, [](const Vec& v) { return simd::log(v); }); break;
    case Unary::Abs: map1(n, x, y, [](const Vec& v) { return simd::abs(v); }); break;
    case Unary::Square: map1(n, x, y, [](const Vec& v) { return v * v; }); break;
    case Unary::Sqrt: map1(n, x, y, [](const Vec& v) { return simd::sqrt(v); }); break;
    case Unary::Tanh: map1(n, x, y, [](const Vec& v) { return tanhLanes(v); }); break;
    case Unary::Sigmoid:
      map1(n, x, y, [one](const Vec& v) { return one / (one + expLanes(-v)); });
      break;
    case Unary::ReLU:
      map1(n, x, y, [zero](const Vec& v) { return simd::select(v > zero, v, zero); });
      break;
    case Unary::LeakyReLU:
      map1(n, x, y, [zero, va](const Vec& v) { return simd::select(v > zero, v, va * v); });
      break;
    case Unary::ELU:
      // exp(v) - 1 rather than expm1, as Torch (and ref) compute it.
      map1(n, x, y, [zero, one, va](const Vec& v) {
        return simd::select(v > zero, v, va * (expLanes(v) - one));
      });
      break;
    case Unary::HardTanh:
    case Unary::Clamp:  // same forward; they differ only in the derivative at the boundaries
      map1(n, x, y, [va, vb](const Vec& v) {
        return simd::select(v < va, va, simd::select(v > vb, vb, v));
      });
      break;
    case Unary::SoftPlus:
      // Above the threshold the result is x itself (Torch); exp may overflow there, unused.
      map1(n, x, y, [va, vb](const Vec& v) {
        const Vec bx = va * v;
        return simd::select(bx > vb, v, simd::log1p(expLanes(bx)) / va);
      });
      break;
    case Unary::SoftSign:
      map1(n, x, y, [one](const Vec& v) { return v / (one + simd::abs(v)); });
      break;
    case Unary::Power: {
      const ScalarPow power(a);
      map1(n, x, y, [&power](const Vec& v) { return power(v); });
      break;
    }
    case Unary::Affine:
      map1(n, x, y, [va, vb](const Vec& v) { return simd::fma(va, v, vb); });
      break;
  }
}

void unaryBackward(Unary op, int64_t n, const float* x, const float* y, const float* gy,
                   float* gx, float a, float b) {
  const Vec va(a), vb(b), zero(0.0f), one(1.0f);
  // Each lambda computes the derivative d and returns g * d, exactly as ref does (so that
  // g = inf or NaN propagates the same way even where d == 0).
  switch (op) {
    case Unary::Exp:
      map3(n, x, y, gy, gx, [](const Vec&, const Vec& out, const Vec& g) { return g * out; });
      break;
    case Unary::Log:
      map3(n, x, y, gy, gx, [one](const Vec& v, const Vec&, const Vec& g) { return g * (one / v); });
      break;
    case Unary::Abs:  // THNN: z >= 0 ? 1 : -1, so the gradient at 0 is +gradOutput
      map3(n, x, y, gy, gx, [zero, one](const Vec& v, const Vec&, const Vec& g) {
        return g * simd::select(v >= zero, one, -one);
      });
      break;
    case Unary::Square:
      map3(n, x, y, gy, gx, [](const Vec& v, const Vec&, const Vec& g) { return g * (Vec(2.0f) * v); });
      break;
    case Unary::Sqrt:  // THNN: 0 where the output is 0 (no division), whatever gradOutput is
      map3(n, x, y, gy, gx, [zero](const Vec&, const Vec& out, const Vec& g) {
        return simd::select(out == zero, zero, g * (Vec(0.5f) / out));
      });
      break;
    case Unary::Tanh:
      map3(n, x, y, gy, gx, [one](const Vec&, const Vec& out, const Vec& g) { return g * (one - out * out); });
      break;
    case Unary::Sigmoid:
      map3(n, x, y, gy, gx, [one](const Vec&, const Vec& out, const Vec& g) { return g * (out * (one - out)); });
      break;
    case Unary::ReLU:
      map3(n, x, y, gy, gx, [zero, one](const Vec& v, const Vec&, const Vec& g) {
        return g * simd::select(v > zero, one, zero);
      });
      break;
    case Unary::LeakyReLU:
      map3(n, x, y, gy, gx, [zero, one, va](const Vec& v, const Vec&, const Vec& g) {
        return g * simd::select(v > zero, one, va);
      });
      break;
    case Unary::ELU:  // for x <= 0, f'(x) = a * exp(x) = f(x) + a
      map3(n, x, y, gy, gx, [zero, one, va](const Vec& v, const Vec& out, const Vec& g) {
        return g * simd::select(v > zero, one, out + va);
      });
      break;
    case Unary::HardTanh:  // 1 strictly inside (min, max), as THNN's HardTanh (and so Clamp)
      map3(n, x, y, gy, gx, [zero, one, va, vb](const Vec& v, const Vec&, const Vec& g) {
        return g * simd::select((v > va) & (v < vb), one, zero);
      });
      break;
    case Unary::Clamp:  // 1 on the closed interval [min, max] (older THNN; no module uses it now)
      map3(n, x, y, gy, gx, [zero, one, va, vb](const Vec& v, const Vec&, const Vec& g) {
        return g * simd::select((v >= va) & (v <= vb), one, zero);
      });
      break;
    case Unary::SoftPlus:
      map3(n, x, y, gy, gx, [one, va, vb](const Vec& v, const Vec&, const Vec& g) {
        const Vec bx = va * v;
        return g * simd::select(bx > vb, one, one / (one + expLanes(-bx)));
      });
      break;
    case Unary::SoftSign:
      map3(n, x, y, gy, gx, [one](const Vec& v, const Vec&, const Vec& g) {
        const Vec s = one + simd::abs(v);
        return g * (one / (s * s));
      });
      break;
    case Unary::Power: {
      const ScalarPow power(a - 1.0f);
      map3(n, x, y, gy, gx, [&power, va](const Vec& v, const Vec&, const Vec& g) {
        return g * (va * power(v));
      });
      break;
    }
    case Unary::Affine:
      map3(n, x, y, gy, gx, [va](const Vec&, const Vec&, const Vec& g) { return g * va; });
      break;
  }
}

// ---------------------------------------------------------------------------------------------
// Reductions. Float lanes accumulate chunks of kChunk elements, each chunk then goes into a
// double: SIMD speed, and the error does not grow with n as a float accumulator's would.

namespace {
constexpr int64_t kChunk = 1024;  // a multiple of 4 * W for every lane count we build for
}

double sum(int64_t n, const float* x) {
  double total = 0;
  int64_t i = 0;
  while (i + 4 * W <= n) {
    const int64_t end = std::min(n, i + kChunk);
    Vec s0(0.0f), s1(0.0f), s2(0.0f), s3(0.0f);
    for (; i + 4 * W <= end; i += 4 * W) {
      s0 += load(x + i);
      s1 += load(x + i + W);
      s2 += load(x + i + 2 * W);
      s3 += load(x + i + 3 * W);
    }
    total += laneSum((s0 + s1) + (s2 + s3));
  }
  for (; i < n; ++i) total += x[i];
  return total;
}

double dot(int64_t n, const float* x, const float* y) {
  double total = 0;
  int64_t i = 0;
  while (i + 4 * W <= n) {
    const int64_t end = std::min(n, i + kChunk);
    Vec s0(0.0f), s1(0.0f), s2(0.0f), s3(0.0f);
    for (; i + 4 * W <= end; i += 4 * W) {
      s0 = simd::fma(load(x + i), load(y + i), s0);
      s1 = simd::fma(load(x + i + W), load(y + i + W), s1);
      s2 = simd::fma(load(x + i + 2 * W), load(y + i + 2 * W), s2);
      s3 = simd::fma(load(x + i + 3 * W), load(y + i + 3 * W), s3);
    }
    total += laneSum((s0 + s1) + (s2 + s3));
  }
  for (; i < n; ++i) total += static_cast<double>(x[i]) * y[i];
  return total;
}

void sumAxis(int64_t outer, int64_t dim, int64_t inner, const float* x, float* y) {
  if (inner == 1) {
    for (int64_t o = 0; o < outer; ++o) y[o] = static_cast<float>(sum(dim, x + o * dim));
    return;
  }
  // Vectorised along inner: a block of columns is summed over d in registers (float), then
  // stored once. Leftover columns (fewer than W) are summed one by one in double.
  for (int64_t o = 0; o < outer; ++o) {
    const float* base = x + o * dim * inner;
    float* out = y + o * inner;
    int64_t i = 0;
    for (; i + 4 * W <= inner; i += 4 * W) {
      Vec s0(0.0f), s1(0.0f), s2(0.0f), s3(0.0f);
      for (int64_t d = 0; d < dim; ++d) {
        const float* p = base + d * inner + i;
        s0 += load(p);
        s1 += load(p + W);
        s2 += load(p + 2 * W);
        s3 += load(p + 3 * W);
      }
      store(out + i, s0);
      store(out + i + W, s1);
      store(out + i + 2 * W, s2);
      store(out + i + 3 * W, s3);
    }
    for (; i + W <= inner; i += W) {
      Vec s(0.0f);
      for (int64_t d = 0; d < dim; ++d) s += load(base + d * inner + i);
      store(out + i, s);
    }
    for (; i < inner; ++i) {
      double acc = 0;
      for (int64_t d = 0; d < dim; ++d) acc += base[d * inner + i];
      out[i] = static_cast<float>(acc);
    }
  }
}

namespace {
// Scalar max/min of one strided column, exactly as ref (strict comparison: first index wins,
// a NaN never replaces the current best, a NaN in first position stays).
inline void maxColumn(bool isMax, int64_t dim, int64_t stride, const float* x, float* y,
                      int64_t* index) {
  int64_t best = 0;
  float bestValue = x[0];
  for (int64_t d = 1; d < dim; ++d) {
    const float v = x[d * stride];
    if (isMax ? v > bestValue : v < bestValue) {
      bestValue = v;
      best = d;
    }
  }
  *y = bestValue;
  *index = best;
}
}  // namespace

void maxAxis(bool isMax, int64_t outer, int64_t dim, int64_t inner, const float* x, float* y,
             int64_t* index) {
  if (dim <= 0) return;  // no element to pick: the caller must reject an empty axis
  // Positions are carried in float lanes, exact below 2^24.
  const bool exactIndices = dim < (int64_t(1) << 24);
  for (int64_t o = 0; o < outer; ++o) {
    const float* base = x + o * dim * inner;
    float* outY = y + o * inner;
    int64_t* outIndex = index + o * inner;
    if (inner == 1) {
      if (!exactIndices || dim < 2 * W) {
        maxColumn(isMax, dim, 1, base, outY, outIndex);
        continue;
      }
      // Every lane starts from element 0 and scans its own elements in increasing order with
      // the strict comparison; the lanes are then merged taking the better value and, on a tie,
      // the smaller position. That reproduces the sequential scan, NaNs included.
      Vec best(base[0]), bestPos(0.0f), pos(0.0f);
      alignas(64) float iota[W];
      for (int64_t l = 0; l < W; ++l) iota[l] = static_cast<float>(l);
      pos = Vec::load_aligned(iota);
      const Vec step(static_cast<float>(W));
      int64_t d = 0;
      for (; d + W <= dim; d += W, pos += step) {
        const Vec v = load(base + d);
        const Mask better = isMax ? (v > best) : (v < best);
        best = simd::select(better, v, best);
        bestPos = simd::select(better, pos, bestPos);
      }
      alignas(64) float lanes[W], lanePos[W];
      best.store_aligned(lanes);
      bestPos.store_aligned(lanePos);
      float bestValue = lanes[0];
      int64_t bestIndex = static_cast<int64_t>(lanePos[0]);
      for (int64_t l = 1; l < W; ++l) {
        const int64_t p = static_cast<int64_t>(lanePos[l]);
        const bool better = isMax ? lanes[l] > bestValue : lanes[l] < bestValue;
        if (better || (lanes[l] == bestValue && p < bestIndex)) {
          bestValue = lanes[l];
          bestIndex = p;
        }
      }
      for (; d < dim; ++d) {
        const float v = base[d];
        if (isMax ? v > bestValue : v < bestValue) {
          bestValue = v;
          bestIndex = d;
        }
      }
      *outY = bestValue;
      *outIndex = bestIndex;
      continue;
    }
    int64_t i = 0;
    if (exactIndices) {
      for (; i + W <= inner; i += W) {
        Vec best = load(base + i), bestPos(0.0f);
        for (int64_t d = 1; d < dim; ++d) {
          const Vec v = load(base + d * inner + i);
          const Mask better = isMax ? (v > best) : (v < best);
          best = simd::select(better, v, best);
          bestPos = simd::select(better, Vec(static_cast<float>(d)), bestPos);
        }
        alignas(64) float lanePos[W];
        bestPos.store_aligned(lanePos);
        store(outY + i, best);
        for (int64_t l = 0; l < W; ++l) outIndex[i + l] = static_cast<int64_t>(lanePos[l]);
      }
    }
    for (; i < inner; ++i) maxColumn(isMax, dim, inner, base + i, outY + i, outIndex + i);
  }
}

// ---------------------------------------------------------------------------------------------
// Softmax family: subtract the row max before exp; sums go through double like sum().

namespace {
inline float rowMax(int64_t n, const float* x) {
  int64_t i = 0;
  float m = x[0];
  if (n >= W) {
    Vec vm = load(x);
    for (i = W; i + W <= n; i += W) vm = simd::max(vm, load(x + i));
    alignas(64) float lanes[W];
    vm.store_aligned(lanes);
    m = lanes[0];
    for (int64_t l = 1; l < W; ++l) m = std::max(m, lanes[l]);
  }
  for (; i < n; ++i) m = std::max(m, x[i]);
  return m;
}

// y = exp(x - m), returning the sum of y in double.
inline double expShiftedSum(int64_t n, const float* x, float m, float* y) {
  const Vec vm(m);
  double total = 0;
  int64_t i = 0;
  while (i + W <= n) {
    const int64_t end = std::min(n, i + kChunk);
    Vec s(0.0f);
    for (; i + W <= end; i += W) {
      const Vec e = expLanes(load(x + i) - vm);
      if (y) store(y + i, e);
      s += e;
    }
    total += laneSum(s);
  }
  if (i < n) {
    alignas(64) float tx[W], ty[W];
    for (int64_t l = 0; l < W; ++l) tx[l] = -std::numeric_limits<float>::infinity();
    std::memcpy(tx, x + i, (n - i) * sizeof(float));
    const Vec e = expLanes(load(tx) - vm);
    e.store_aligned(ty);
    for (int64_t l = 0; l < n - i; ++l) total += ty[l];
    if (y) std::memcpy(y + i, ty, (n - i) * sizeof(float));
  }
  return total;
}
}  // namespace

void softmaxRows(int64_t rows, int64_t cols, const float* x, float* y) {
  if (cols <= 0) return;
  for (int64_t r = 0; r < rows; ++r) {
    const float* in = x + r * cols;
    float* out = y + r * cols;
    const double total = expShiftedSum(cols, in, rowMax(cols, in), out);
    scale(cols, static_cast<float>(1.0 / total), out);
  }
}

void logSoftmaxRows(int64_t rows, int64_t cols, const float* x, float* y) {
  if (cols <= 0) return;
  for (int64_t r = 0; r < rows; ++r) {
    const float* in = x + r * cols;
    const float m = rowMax(cols, in);
    const double total = expShiftedSum(cols, in, m, nullptr);
    const Vec logTotal(static_cast<float>(m + std::log(total)));
    map1(cols, in, y + r * cols, [logTotal](const Vec& v) { return v - logTotal; });
  }
}

void softmaxBackwardRows(int64_t rows, int64_t cols, const float* y, const float* gy, float* gx) {
  for (int64_t r = 0; r < rows; ++r) {
    const int64_t o = r * cols;
    const Vec d(static_cast<float>(dot(cols, gy + o, y + o)));
    map2(cols, y + o, gy + o, gx + o, [d](const Vec& out, const Vec& g) { return out * (g - d); });
  }
}

void logSoftmaxBackwardRows(int64_t rows, int64_t cols, const float* y, const float* gy, float* gx) {
  for (int64_t r = 0; r < rows; ++r) {
    const int64_t o = r * cols;
    const Vec total(static_cast<float>(sum(cols, gy + o)));
    map2(cols, y + o, gy + o, gx + o, [total](const Vec& out, const Vec& g) {
      return g - expLanes(out) * total;
    });
  }
}

// ---------------------------------------------------------------------------------------------
// gemv / ger

void gemv(bool transA, int64_t M, int64_t N, float alpha, const float* A, int64_t lda,
          const float* x, float beta, float* y) {
  if (!transA) {
    // y[i] = alpha * <A row i, x> + beta * y[i]; four rows share each load of x.
    auto finish = [&](int64_t i, double acc) {
      y[i] = static_cast<float>(alpha * acc + (beta == 0 ? 0.0 : static_cast<double>(beta) * y[i]));
    };
    int64_t i = 0;
    for (; i + 4 <= M; i += 4) {
      const float* a0 = A + i * lda;
      const float* a1 = a0 + lda;
      const float* a2 = a1 + lda;
      const float* a3 = a2 + lda;
      Vec s0(0.0f), s1(0.0f), s2(0.0f), s3(0.0f);
      int64_t k = 0;
      for (; k + W <= N; k += W) {
        const Vec xv = load(x + k);
        s0 = simd::fma(load(a0 + k), xv, s0);
        s1 = simd::fma(load(a1 + k), xv, s1);
        s2 = simd::fma(load(a2 + k), xv, s2);
        s3 = simd::fma(load(a3 + k), xv, s3);
      }
      double t0 = laneSum(s0), t1 = laneSum(s1), t2 = laneSum(s2), t3 = laneSum(s3);
      for (; k < N; ++k) {
        t0 += static_cast<double>(a0[k]) * x[k];
        t1 += static_cast<double>(a1[k]) * x[k];
        t2 += static_cast<double>(a2[k]) * x[k];
        t3 += static_cast<double>(a3[k]) * x[k];
      }
      finish(i, t0);
      finish(i + 1, t1);
      finish(i + 2, t2);
      finish(i + 3, t3);
    }
    for (; i < M; ++i) finish(i, dot(N, A + i * lda, x));
    return;
  }
  // y (length N) = alpha * A^T x + beta * y: scale y once, then add rows of A four at a time.
  if (beta == 0)
    fill(N, 0.0f, y);
  else if (beta != 1)
    scale(N, beta, y);
  int64_t i = 0;
  for (; i + 4 <= M; i += 4) {
    const float* a0 = A + i * lda;
    const float* a1 = a0 + lda;
    const float* a2 = a1 + lda;
    const float* a3 = a2 + lda;
    const float c0 = alpha * x[i], c1 = alpha * x[i + 1], c2 = alpha * x[i + 2], c3 = alpha * x[i + 3];
    const Vec v0(c0), v1(c1), v2(c2), v3(c3);
    int64_t j = 0;
    for (; j + W <= N; j += W) {
      Vec acc = load(y + j);
      acc = simd::fma(v0, load(a0 + j), acc);
      acc = simd::fma(v1, load(a1 + j), acc);
      acc = simd::fma(v2, load(a2 + j), acc);
      acc = simd::fma(v3, load(a3 + j), acc);
      store(y + j, acc);
    }
    for (; j < N; ++j) y[j] += c0 * a0[j] + c1 * a1[j] + c2 * a2[j] + c3 * a3[j];
  }
  for (; i < M; ++i) axpy(N, alpha * x[i], A + i * lda, y);
}

void ger(int64_t M, int64_t N, float alpha, const float* x, const float* y, float* A, int64_t lda) {
  for (int64_t i = 0; i < M; ++i) axpy(N, alpha * x[i], y, A + i * lda);
}

// ---------------------------------------------------------------------------------------------
// gemm: Goto/BLIS blocking. For each KC-deep slab of K, op(B) is packed into NR-wide column
// panels and op(A), MC rows at a time, into MR-high row panels; both packings read whichever
// way the transposition makes contiguous, so all four variants run the same micro-kernel on
// the same packed layout. The micro-kernel keeps an MR x NR tile of C in registers and, per k,
// broadcasts MR elements of A against NR/W vectors of B:
//   4 lanes (SSE4.1 / wasm SIMD128): 4 x 8  ->  8 accumulators + 2 B + 1 A = 11 registers;
//   8 lanes (AVX2 + FMA):            6 x 16 -> 12 accumulators + 2 B + 1 A = 15 of 16 ymm
//                                    (4 x 16 measured 56 GFLOP/s against 97: 8 FMA chains do
//                                    not cover the FMA latency).
// Measured under V8 (Node 20, Zen 4), n = 256..512: 4 x 8 and 2 x 16 both reach 40-43 GFLOP/s;
// 5 x 8, 6 x 8, 3 x 12 and any unrolling of the k loop drop to about 25 (presumably spills in
// V8's register allocator: it has 16 xmm registers, a few reserved).
// 1 lane (no SIMD, core/simd_scalar.h): 4 x 4 scalars. In wasm without SIMD128, 2 x 4, 3 x 4,
// 4 x 4 and 6 x 4 all gave 6.5-9 GFLOP/s at n = 256..512 (a busy machine: no clear winner);
// kNR stays a multiple of 4 for the 4 x 4 transposes of packB.
// The packed B micro-panel stays in L1 while A panels stream from the MC x KC block in L2.

namespace {

constexpr int kNV = W == 1 ? 4 : 2;  // vectors per micro-tile row
constexpr int kNR = kNV * static_cast<int>(W);
static_assert(kNR % 4 == 0, "packB moves transposed columns 4 at a time");
constexpr int kMR = W >= 8 ? 6 : 4;
// Depth of a K slab: the B micro-panel (kKC x kNR floats, 16 KB with SIMD, 8 KB scalar) must
// stay in L1.
constexpr int64_t kKC = W >= 8 ? 256 : 512;
constexpr int64_t kMC = kMR * (96 / kMR);  // 96 rows: the packed A block is 96-192 KB, in L2
constexpr int64_t kNC = W >= 8 ? 2048 : 1024;  // packed B block kKC x kNC: 2 MB
// Up to this many columns of C, one gemv per column beats packing: op(A) would be packed (a
// pass over it) for a panel that is mostly zero padding. Measured at M = K = 256: N = 2 in wasm
// 16-27 GFLOP/s by gemv against 8 packed, N = 4 17-26 against 16; natively N = 8 47 against 27.
constexpr int64_t kGemvColumns = kNR / 2;

// Packing buffers, grown once and reused (one per thread).
std::vector<float>& bufferA() {
  static thread_local std::vector<float> buffer;
  return buffer;
}
std::vector<float>& bufferB() {
  static thread_local std::vector<float> buffer;
  return buffer;
}
std::vector<float>& bufferVector() {
  static thread_local std::vector<float> buffer;
  return buffer;
}

// Transposes a 4 x 4 block: the four rows src, src + ld, src + 2 ld, src + 3 ld (4 floats each)
// become the four columns written at dst, dst + dstStride, ... Packing a transposed operand is
// a transposition; done one float at a time it cost as much as the multiplication itself when
// the other dimension is small (Linear with a small batch). 128-bit on every x86 build and wasm
// with SIMD; element by element in the scalar build.
inline void transpose4(const float* src, int64_t ld, float* dst, int64_t dstStride) {
#if XSIMD_WITH_SSE4_1 && !defined(NNG_SCALAR_KERNELS)
  using V4 = xsimd::batch<float, xsimd::sse4_1>;
  using D2 = xsimd::batch<double, xsimd::sse4_1>;
  const V4 r0 = V4::load_unaligned(src), r1 = V4::load_unaligned(src + ld),
           r2 = V4::load_unaligned(src + 2 * ld), r3 = V4::load_unaligned(src + 3 * ld);
  // (r0[0] r1[0] r0[1] r1[1]), (r0[2] r1[2] r0[3] r1[3]) and the same for rows 2, 3 ...
  const D2 t0 = xsimd::bitwise_cast<D2>(xsimd::zip_lo(r0, r1));
  const D2 t1 = xsimd::bitwise_cast<D2>(xsimd::zip_hi(r0, r1));
  const D2 t2 = xsimd::bitwise_cast<D2>(xsimd::zip_lo(r2, r3));
  const D2 t3 = xsimd::bitwise_cast<D2>(xsimd::zip_hi(r2, r3));
  // ... then pairs of 64-bit halves give the columns.
  xsimd::bitwise_cast<V4>(xsimd::zip_lo(t0, t2)).store_unaligned(dst);
  xsimd::bitwise_cast<V4>(xsimd::zip_hi(t0, t2)).store_unaligned(dst + dstStride);
  xsimd::bitwise_cast<V4>(xsimd::zip_lo(t1, t3)).store_unaligned(dst + 2 * dstStride);
  xsimd::bitwise_cast<V4>(xsimd::zip_hi(t1, t3)).store_unaligned(dst + 3 * dstStride);
#else
  for (int r = 0; r < 4; ++r)
    for (int c = 0; c < 4; ++c) dst[c * dstStride + r] = src[r * ld + c];
#endif
}

// Packs op(B)[pc:pc+kc, jc:jc+nc] into panels of kNR columns, k-major inside a panel, the last
// panel zero-padded: dst[panel * kc * kNR + k * kNR + j].
void packB(bool transB, int64_t kc, int64_t nc, const float* B, int64_t ldb, float* dst) {
  const int64_t fullCols = nc / kNR * kNR;
  if (!transB) {
    // op(B)(k, j) = B[k * ldb + j]: each k gives kNR contiguous floats per panel. Panels go in
    // groups spanning a 64-byte line of B, for the cache-set reason given in packA.
    constexpr int64_t kGroup = std::max<int64_t>(1, 16 / kNR);
    int64_t j0 = 0;
    for (; j0 + kGroup * kNR <= fullCols; j0 += kGroup * kNR)
      for (int64_t k = 0; k < kc; ++k)
        for (int64_t g = 0; g < kGroup; ++g)
          for (int v = 0; v < kNV; ++v)
            store(dst + (j0 + g * kNR) * kc + k * kNR + v * W, load(B + k * ldb + j0 + g * kNR + v * W));
    for (; j0 < fullCols; j0 += kNR)
      for (int64_t k = 0; k < kc; ++k)
        for (int v = 0; v < kNV; ++v)
          store(dst + j0 * kc + k * kNR + v * W, load(B + k * ldb + j0 + v * W));
  } else {
    // op(B)(k, j) = B[j * ldb + k]: each column j is a contiguous row of B; 4 x 4 transposes.
    for (int64_t j0 = 0; j0 < fullCols; j0 += kNR) {
      float* panel = dst + j0 * kc;
      for (int64_t j = 0; j < kNR; j += 4) {
        const float* src = B + (j0 + j) * ldb;
        int64_t k = 0;
        for (; k + 4 <= kc; k += 4) transpose4(src + k, ldb, panel + k * kNR + j, kNR);
        for (; k < kc; ++k)
          for (int64_t c = 0; c < 4; ++c) panel[k * kNR + j + c] = src[c * ldb + k];
      }
    }
  }
  if (fullCols < nc) {  // the last, partial panel, zero-padded to kNR columns
    const int64_t nr = nc - fullCols;
    float* panel = dst + fullCols * kc;
    for (int64_t k = 0; k < kc; ++k) {
      for (int64_t j = 0; j < nr; ++j)
        panel[k * kNR + j] = transB ? B[(fullCols + j) * ldb + k] : B[k * ldb + fullCols + j];
      for (int64_t j = nr; j < kNR; ++j) panel[k * kNR + j] = 0.0f;
    }
  }
}

// Packs op(A)[ic:ic+mc, pc:pc+kc] into panels of kMR rows: dst[panel * kc * kMR + k * kMR + r].
void packA(bool transA, int64_t mc, int64_t kc, const float* A, int64_t lda, float* dst) {
  const int64_t fullRows = mc / kMR * kMR;
  if (transA) {
    // op(A)(i, k) = A[k * lda + i]: for each k a panel takes kMR contiguous floats (a fixed-size
    // copy: vector moves). Panels go in groups that span one 64-byte line of A, so each line is
    // read once: panel by panel, a power-of-two lda maps all rows of a column to a few cache
    // sets and they are evicted before the next panel uses them; all panels at once writes
    // streams kc * kMR floats apart, again one cache set (both ran 1.4-3x slower).
    constexpr int64_t kGroup = std::max<int64_t>(1, 16 / kMR);
    int64_t i0 = 0;
    for (; i0 + kGroup * kMR <= fullRows; i0 += kGroup * kMR)
      for (int64_t k = 0; k < kc; ++k)
        for (int64_t g = 0; g < kGroup; ++g)
          std::memcpy(dst + (i0 + g * kMR) * kc + k * kMR, A + k * lda + i0 + g * kMR,
                      kMR * sizeof(float));
    for (; i0 < fullRows; i0 += kMR)
      for (int64_t k = 0; k < kc; ++k)
        std::memcpy(dst + i0 * kc + k * kMR, A + k * lda + i0, kMR * sizeof(float));
  } else {
    // op(A)(i, k) = A[i * lda + k]: each row is contiguous in k; 4 x 4 transposes interleave them.
    for (int64_t i0 = 0; i0 < fullRows; i0 += kMR) {
      float* panel = dst + i0 * kc;
      int64_t r = 0;
      for (; r + 4 <= kMR; r += 4) {
        const float* src = A + (i0 + r) * lda;
        int64_t k = 0;
        for (; k + 4 <= kc; k += 4) transpose4(src + k, lda, panel + k * kMR + r, kMR);
        for (; k < kc; ++k)
          for (int64_t c = 0; c < 4; ++c) panel[k * kMR + r + c] = src[c * lda + k];
      }
      for (; r < kMR; ++r) {
        const float* src = A + (i0 + r) * lda;
        for (int64_t k = 0; k < kc; ++k) panel[k * kMR + r] = src[k];
      }
    }
  }
  if (fullRows < mc) {  // the last, partial panel, zero-padded to kMR rows
    const int64_t mr = mc - fullRows;
    float* panel = dst + fullRows * kc;
    for (int64_t k = 0; k < kc; ++k) {
      for (int64_t r = 0; r < mr; ++r)
        panel[k * kMR + r] = transA ? A[k * lda + fullRows + r] : A[(fullRows + r) * lda + k];
      for (int64_t r = mr; r < kMR; ++r) panel[k * kMR + r] = 0.0f;
    }
  }
}

// C tile (mr x nr, at most kMR x kNR) = alpha * a_panel * b_panel + beta * C tile;
// beta == 0 never reads C.
void microKernel(int64_t kc, const float* a, const float* b, float* c, int64_t ldc, float alpha,
                 float beta, int64_t mr, int64_t nr) {
  Vec acc[kMR][kNV];
  for (int r = 0; r < kMR; ++r)
    for (int v = 0; v < kNV; ++v) acc[r][v] = Vec(0.0f);
  for (int64_t k = 0; k < kc; ++k) {
    Vec bv[kNV];
    for (int v = 0; v < kNV; ++v) bv[v] = load(b + v * W);
    for (int r = 0; r < kMR; ++r) {
      const Vec ar(a[r]);
      for (int v = 0; v < kNV; ++v) acc[r][v] = simd::fma(ar, bv[v], acc[r][v]);
    }
    a += kMR;
    b += kNR;
  }
  const Vec va(alpha), vb(beta);
  if (mr == kMR && nr == kNR) {
    for (int r = 0; r < kMR; ++r)
      for (int v = 0; v < kNV; ++v) {
        float* p = c + r * ldc + v * W;
        if (beta == 0)
          store(p, va * acc[r][v]);
        else if (beta == 1)
          store(p, simd::fma(va, acc[r][v], load(p)));
        else
          store(p, simd::fma(va, acc[r][v], vb * load(p)));
      }
    return;
  }
  alignas(64) float tile[kMR * kNR];
  for (int r = 0; r < kMR; ++r)
    for (int v = 0; v < kNV; ++v) store(tile + r * kNR + v * W, acc[r][v]);
  for (int64_t r = 0; r < mr; ++r)
    for (int64_t j = 0; j < nr; ++j) {
      float& out = c[r * ldc + j];
      const float t = alpha * tile[r * kNR + j];
      out = beta == 0 ? t : t + beta * out;
    }
}

constexpr int64_t kSmallProduct = 256;  // M * N * K up to which gemmSmall is faster

// C = alpha * op(A) op(B) + beta * C one entry at a time, op() read through the strides;
// beta == 0 never reads C, as in microKernel.
void gemmSmall(bool transA, bool transB, int64_t M, int64_t N, int64_t K, float alpha,
               const float* A, int64_t lda, const float* B, int64_t ldb, float beta, float* C,
               int64_t ldc) {
  const int64_t aRowStep = transA ? 1 : lda, aColStep = transA ? lda : 1;  // op(A)(i, k)
  const int64_t bRowStep = transB ? 1 : ldb, bColStep = transB ? ldb : 1;  // op(B)(k, j)
  for (int64_t i = 0; i < M; ++i)
    for (int64_t j = 0; j < N; ++j) {
      float sum = 0.0f;
      for (int64_t k = 0; k < K; ++k) sum += A[i * aRowStep + k * aColStep] * B[k * bRowStep + j * bColStep];
      float& out = C[i * ldc + j];
      const float t = alpha * sum;
      out = beta == 0 ? t : t + beta * out;
    }
}

void gemmPacked(bool transA, bool transB, int64_t M, int64_t N, int64_t K, float alpha,
                const float* A, int64_t lda, const float* B, int64_t ldb, float beta, float* C,
                int64_t ldc) {
  const int64_t ncMax = std::min(kNC, (N + kNR - 1) / kNR * kNR);
  const int64_t kcMax = std::min(kKC, K);
  const int64_t mcMax = std::min(kMC, (M + kMR - 1) / kMR * kMR);
  std::vector<float>& bufA = bufferA();
  std::vector<float>& bufB = bufferB();
  if (bufA.size() < static_cast<size_t>(mcMax * kcMax)) bufA.resize(mcMax * kcMax);
  if (bufB.size() < static_cast<size_t>(kcMax * ncMax)) bufB.resize(kcMax * ncMax);
  float* packedA = bufA.data();
  float* packedB = bufB.data();

  for (int64_t jc = 0; jc < N; jc += kNC) {
    const int64_t nc = std::min(kNC, N - jc);
    for (int64_t pc = 0; pc < K; pc += kKC) {
      const int64_t kc = std::min(kKC, K - pc);
      packB(transB, kc, nc, transB ? B + jc * ldb + pc : B + pc * ldb + jc, ldb, packedB);
      // The first K slab applies beta; later slabs accumulate onto it.
      const float betaSlab = pc == 0 ? beta : 1.0f;
      for (int64_t ic = 0; ic < M; ic += kMC) {
        const int64_t mc = std::min(kMC, M - ic);
        packA(transA, mc, kc, transA ? A + pc * lda + ic : A + ic * lda + pc, lda, packedA);
        for (int64_t jr = 0; jr < nc; jr += kNR) {
          const int64_t nr = std::min<int64_t>(kNR, nc - jr);
          for (int64_t ir = 0; ir < mc; ir += kMR) {
            const int64_t mr = std::min<int64_t>(kMR, mc - ir);
            microKernel(kc, packedA + ir * kc, packedB + jr * kc, C + (ic + ir) * ldc + jc + jr,
                        ldc, alpha, betaSlab, mr, nr);
          }
        }
      }
    }
  }
}

}  // namespace

void gemm(bool transA, bool transB, int64_t M, int64_t N, int64_t K, float alpha,
          const float* A, int64_t lda, const float* B, int64_t ldb, float beta, float* C,
          int64_t ldc) {
  if (M <= 0 || N <= 0) return;
  if (K <= 0) {  // C = beta * C, and beta == 0 clears C even if it held NaN
    for (int64_t i = 0; i < M; ++i) {
      if (beta == 0)
        fill(N, 0.0f, C + i * ldc);
      else if (beta != 1)
        scale(N, beta, C + i * ldc);
    }
    return;
  }
  // Products too small to repay packing (the seed graph's 3x3 by 3x5: packing and a partial
  // register tile cost ~1500 instructions for 45 multiply-adds): the plain loops.
  if (M * N * K <= kSmallProduct) {
    gemmSmall(transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
    return;
  }
  // One row or one column of C is a matrix-vector product: no packing, gemv's loops.
  if (M == 1) {
    const float* a = A;  // op(A) row 0, gathered when it is strided
    if (transA && K > 1 && lda != 1) {
      std::vector<float>& buf = bufferVector();
      buf.resize(K);
      for (int64_t k = 0; k < K; ++k) buf[k] = A[k * lda];
      a = buf.data();
    }
    if (transB)
      gemv(false, N, K, alpha, B, ldb, a, beta, C);  // C row = B (N x K) * a
    else
      gemv(true, K, N, alpha, B, ldb, a, beta, C);   // C row = B^T (B is K x N) * a
    return;
  }
  // A few columns of C: one gemv per column (a packed B panel would be mostly padding).
  if (N <= kGemvColumns) {
    std::vector<float>& buf = bufferVector();
    buf.resize(K + M);
    for (int64_t j = 0; j < N; ++j) {
      const float* b = transB ? B + j * ldb : B + j;  // op(B) column j
      if (!transB && ldb != 1) {
        for (int64_t k = 0; k < K; ++k) buf[k] = b[k * ldb];
        b = buf.data();
      }
      float* y = C + j;  // C column j
      if (ldc != 1) {
        y = buf.data() + K;
        if (beta != 0)
          for (int64_t i = 0; i < M; ++i) y[i] = C[i * ldc + j];
      }
      if (transA)
        gemv(true, K, M, alpha, A, lda, b, beta, y);   // A is K x M
      else
        gemv(false, M, K, alpha, A, lda, b, beta, y);  // A is M x K
      if (y != C + j)
        for (int64_t i = 0; i < M; ++i) C[i * ldc + j] = y[i];
    }
    return;
  }
  gemmPacked(transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
}

// ---------------------------------------------------------------------------------------------
// gemmPanels: the gemm above with a B that is never stored (issue 15: the implicit-gemm
// convolution). The caller packs one kc x kNR micro-panel of B at a time, straight into the
// layout the micro-kernel reads, and the micro-kernel runs every row panel of the packed A block
// against it while it is hot in L1. Compared with im2col + gemm this saves writing the im2col
// matrix (1.8 MB per image in the bench's conv row) and reading it back into packB's 2 MB block.
// Loop order: K slabs (balanced: K = 800 gives two slabs of 400, not 512 + 288), then MC-row
// blocks of A packed into L2, then B panels, then row panels.

int64_t gemmPanelWidth() { return kNR; }

void gemmPanels(int64_t M, int64_t N, int64_t K, float alpha, const float* A, int64_t lda,
                const PanelSource& B, float beta, float* C, int64_t ldc) {
  if (M <= 0 || N <= 0 || K <= 0) {
    if (M > 0 && N > 0) gemm(false, false, M, N, 0, alpha, A, lda, nullptr, 1, beta, C, ldc);
    return;
  }
  const int64_t slabs = (K + kKC - 1) / kKC;
  const int64_t kcStep = (K + slabs - 1) / slabs;
  const int64_t mcMax = std::min(kMC, (M + kMR - 1) / kMR * kMR);
  std::vector<float>& bufA = bufferA();
  std::vector<float>& bufB = bufferB();
  if (bufA.size() < static_cast<size_t>(mcMax * kcStep)) bufA.resize(mcMax * kcStep);
  if (bufB.size() < static_cast<size_t>(kcStep * kNR)) bufB.resize(kcStep * kNR);
  float* packedA = bufA.data();
  float* panel = bufB.data();
  for (int64_t pc = 0; pc < K; pc += kcStep) {
    const int64_t kc = std::min(kcStep, K - pc);
    const float betaSlab = pc == 0 ? beta : 1.0f;  // later slabs accumulate onto the first
    for (int64_t ic = 0; ic < M; ic += kMC) {
      const int64_t mc = std::min(kMC, M - ic);
      packA(false, mc, kc, A + ic * lda + pc, lda, packedA);
      for (int64_t jr = 0; jr < N; jr += kNR) {
        const int64_t nr = std::min<int64_t>(kNR, N - jr);
        B.pack(B.context, pc, kc, jr, nr, panel);
        for (int64_t ir = 0; ir < mc; ir += kMR)
          microKernel(kc, packedA + ir * kc, panel, C + (ic + ir) * ldc + jr, ldc, alpha, betaSlab,
                      std::min<int64_t>(kMR, mc - ir), nr);
      }
    }
  }
}

}  // namespace nn::kernels

// ---------------------------------------------------------------------------------------------
// Tensor methods: gathers and scatters of whole inner blocks (t:index, t:indexCopy), ramps
// (torch.range, torch.linspace), truncation (t:long()). Memory-bound block copies, no SIMD needed.
namespace nn::kernels {

void indexSelect(int64_t outer, int64_t srcDim, int64_t inner, const float* x, int64_t count,
                 const int64_t* index, float* y) {
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t k = 0; k < count; ++k)
      copy(inner, x + (o * srcDim + index[k]) * inner, y + (o * count + k) * inner);
}

void indexCopy(int64_t outer, int64_t dstDim, int64_t inner, const float* x, int64_t count,
               const int64_t* index, float* y) {
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t k = 0; k < count; ++k)
      copy(inner, x + (o * count + k) * inner, y + (o * dstDim + index[k]) * inner);
}

void ramp(int64_t n, double start, double step, float* y) {
  // from the start each time rather than by repeated addition, so long ramps do not drift
  for (int64_t i = 0; i < n; ++i) y[i] = static_cast<float>(start + static_cast<double>(i) * step);
}

void truncate(int64_t n, float* y) {
  for (int64_t i = 0; i < n; ++i) y[i] = std::trunc(y[i]);
}

}  // namespace nn::kernels
