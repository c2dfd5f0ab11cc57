// The SIMD kernels against their scalar reference (nn::kernels::ref), on sizes that exercise
// full vectors, tails and every gemm blocking boundary. Outputs live in guarded buffers, so a
// kernel that writes past its last element (or into the padding of a strided matrix) fails.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "core/kernels.h"
#include "core/random.h"

namespace k = nn::kernels;

namespace {

const float kNaN = std::numeric_limits<float>::quiet_NaN();
const float kInf = std::numeric_limits<float>::infinity();
const std::vector<int64_t> kSizes = {1, 3, 17, 64, 257};
constexpr int64_t kGuard = 19;           // floats of guard after every output
constexpr float kSentinel = -12345.5f;   // what the guard and padding hold

std::vector<float> randomVector(nn::Generator& gen, int64_t n, double low = -1, double high = 1) {
  std::vector<float> v(n);
  for (auto& x : v) x = static_cast<float>(gen.uniform(low, high));
  return v;
}

// n values followed by kGuard sentinels.
std::vector<float> guarded(const std::vector<float>& values) {
  std::vector<float> v(values);
  v.insert(v.end(), kGuard, kSentinel);
  return v;
}

bool guardIntact(const std::vector<float>& v, int64_t n) {
  for (int64_t i = n; i < static_cast<int64_t>(v.size()); ++i)
    if (std::memcmp(&v[i], &kSentinel, sizeof(float)) != 0) return false;
  return true;
}

bool sameBits(float a, float b) {
  if (std::isnan(a) && std::isnan(b)) return true;
  return std::memcmp(&a, &b, sizeof(float)) == 0;
}

// Index of the first element where got and want differ by more than rel * scale[i] + abs
// (NaN must meet NaN, infinities must match exactly), or -1.
int64_t firstMismatch(int64_t n, const float* got, const float* want, double rel, double abs,
                      const std::vector<double>* scale = nullptr) {
  for (int64_t i = 0; i < n; ++i) {
    const double g = got[i], w = want[i];
    if (std::isnan(w) || std::isnan(g)) {
      if (std::isnan(w) != std::isnan(g)) return i;
      continue;
    }
    if (std::isinf(w) || std::isinf(g)) {
      if (g != w) return i;
      continue;
    }
    const double s = scale ? (*scale)[i] : std::fabs(w);
    if (std::fabs(g - w) > rel * s + abs) return i;
  }
  return -1;
}

// Describes element i of a comparison, for INFO.
std::string describe(int64_t i, const float* got, const float* want) {
  if (i < 0) return "all elements match";
  return "first mismatch at " + std::to_string(i) + ": got " + std::to_string(got[i]) +
         ", want " + std::to_string(want[i]);
}

#define CHECK_CLOSE(n, got, want, rel, abs, scale)                                   \
  do {                                                                               \
    const int64_t bad_ = firstMismatch((n), (got), (want), (rel), (abs), (scale));   \
    INFO(describe(bad_, (got), (want)));                                             \
    CHECK(bad_ == -1);                                                               \
  } while (0)

// ----- gemm ---------------------------------------------------------------------------------

// One gemm against ref, with row strides larger than the minimum; beta == 0 starts from NaN.
void checkGemm(nn::Generator& gen, bool transA, bool transB, int64_t M, int64_t N, int64_t K,
               float alpha, float beta, int64_t pad) {
  const int64_t rowsA = transA ? K : M, colsA = transA ? M : K;
  const int64_t rowsB = transB ? N : K, colsB = transB ? K : N;
  const int64_t lda = colsA + pad, ldb = colsB + (pad * 2) % 7, ldc = N + pad + 1;
  const std::vector<float> A = randomVector(gen, rowsA * lda), B = randomVector(gen, rowsB * ldb);
  std::vector<float> C0 = randomVector(gen, M * ldc);
  for (int64_t i = 0; i < M; ++i)
    for (int64_t j = N; j < ldc; ++j) C0[i * ldc + j] = kSentinel;  // padding must survive
  if (beta == 0)
    for (int64_t i = 0; i < M; ++i)
      for (int64_t j = 0; j < N; ++j) C0[i * ldc + j] = kNaN;
  std::vector<float> got = guarded(C0), want = guarded(C0);
  k::gemm(transA, transB, M, N, K, alpha, A.data(), lda, B.data(), ldb, beta, got.data(), ldc);
  k::ref::gemm(transA, transB, M, N, K, alpha, A.data(), lda, B.data(), ldb, beta, want.data(), ldc);

  // Error bound per element: float accumulation over K terms of |alpha| sum_k |a_ik b_kj|,
  // which Cauchy-Schwarz bounds by |alpha| |row i of op(A)| |column j of op(B)|, plus beta*C.
  std::vector<double> rowNorm(M, 0.0), colNorm(N, 0.0);
  for (int64_t i = 0; i < M; ++i)
    for (int64_t kk = 0; kk < K; ++kk) {
      const double a = transA ? A[kk * lda + i] : A[i * lda + kk];
      rowNorm[i] += a * a;
    }
  for (int64_t j = 0; j < N; ++j)
    for (int64_t kk = 0; kk < K; ++kk) {
      const double b = transB ? B[j * ldb + kk] : B[kk * ldb + j];
      colNorm[j] += b * b;
    }
  std::vector<double> scale(M * ldc, 0.0);
  for (int64_t i = 0; i < M; ++i)
    for (int64_t j = 0; j < N; ++j)
      scale[i * ldc + j] = std::fabs(alpha) * std::sqrt(rowNorm[i] * colNorm[j]) +
                           (beta == 0 ? 0.0 : std::fabs(beta * C0[i * ldc + j]));

  INFO("transA=" << transA << " transB=" << transB << " M=" << M << " N=" << N << " K=" << K
                 << " alpha=" << alpha << " beta=" << beta << " lda=" << lda << " ldb=" << ldb
                 << " ldc=" << ldc);
  // Padding columns hold the sentinel in both, so the comparison also checks they survived.
  CHECK_CLOSE(M * ldc, got.data(), want.data(), 2e-7 * (K + 8), 1e-30, &scale);
  CHECK(guardIntact(got, M * ldc));
}

}  // namespace

TEST_CASE("kernels: gemm matches ref in all four transpositions, odd sizes, strides, alpha, beta") {
  nn::Generator gen(1);
  const float betas[] = {0.0f, 1.0f, 0.5f};
  int64_t combo = 0;
  for (bool transA : {false, true})
    for (bool transB : {false, true})
      for (int64_t M : kSizes)
        for (int64_t N : kSizes)
          for (int64_t K : kSizes) {
            const float beta = betas[combo % 3];
            const float alpha = combo % 2 ? 1.0f : -0.75f;
            checkGemm(gen, transA, transB, M, N, K, alpha, beta, combo % 4);
            ++combo;
          }
}

TEST_CASE("kernels: gemm crosses every blocking boundary (rows, columns and depth panels)") {
  nn::Generator gen(2);
  for (bool transA : {false, true})
    for (bool transB : {false, true}) {
      checkGemm(gen, transA, transB, 7, 2100, 300, 1.25f, 0.5f, 3);   // N over a column block
      checkGemm(gen, transA, transB, 203, 21, 600, 1.0f, 0.0f, 1);    // M over MC, K over 2 KC
      checkGemm(gen, transA, transB, 2, 2, 1, 2.0f, 1.0f, 0);
    }
}

TEST_CASE("kernels: gemm with K == 0 scales C by beta, and beta == 0 clears NaN") {
  for (bool transA : {false, true})
    for (bool transB : {false, true}) {
      std::vector<float> C = {1, kNaN, 3, 4, 5, 6};
      const float dummy = 7;
      k::gemm(transA, transB, 2, 3, 0, 1.0f, &dummy, 1, &dummy, 3, 0.0f, C.data(), 3);
      for (float c : C) CHECK(c == 0.0f);
      std::vector<float> D = {1, 2, 3, 4, 5, 6};
      k::gemm(transA, transB, 2, 3, 0, 1.0f, &dummy, 1, &dummy, 3, 0.5f, D.data(), 3);
      for (int i = 0; i < 6; ++i) CHECK(D[i] == 0.5f * (i + 1));
    }
}

TEST_CASE("kernels: gemv matches ref, both transpositions, strides, beta") {
  nn::Generator gen(3);
  int64_t combo = 0;
  for (bool transA : {false, true})
    for (int64_t M : kSizes)
      for (int64_t N : kSizes) {
        const float beta = combo % 3 == 0 ? 0.0f : (combo % 3 == 1 ? 1.0f : 0.5f);
        const float alpha = combo % 2 ? 1.5f : -1.0f;
        const int64_t lda = N + combo % 5;
        const int64_t inLen = transA ? M : N, outLen = transA ? N : M;
        const std::vector<float> A = randomVector(gen, M * lda), x = randomVector(gen, inLen);
        std::vector<float> y0 = randomVector(gen, outLen);
        if (beta == 0) y0.assign(outLen, kNaN);
        std::vector<float> got = guarded(y0), want = guarded(y0), bound = guarded(y0);
        k::gemv(transA, M, N, alpha, A.data(), lda, x.data(), beta, got.data());
        k::ref::gemv(transA, M, N, alpha, A.data(), lda, x.data(), beta, want.data());
        std::vector<double> scale(outLen, 0.0);
        for (int64_t i = 0; i < outLen; ++i) {
          double s = beta == 0 ? 0.0 : std::fabs(beta * y0[i]);
          for (int64_t kk = 0; kk < inLen; ++kk)
            s += std::fabs(alpha * (transA ? A[kk * lda + i] : A[i * lda + kk]) * x[kk]);
          scale[i] = s;
        }
        INFO("transA=" << transA << " M=" << M << " N=" << N << " lda=" << lda << " beta=" << beta);
        CHECK_CLOSE(outLen, got.data(), want.data(), 2e-7 * (inLen + 8), 1e-30, &scale);
        CHECK(guardIntact(got, outLen));
        ++combo;
      }
}

TEST_CASE("kernels: ger matches ref with a strided A") {
  nn::Generator gen(4);
  for (int64_t M : kSizes)
    for (int64_t N : kSizes) {
      const int64_t lda = N + (M + N) % 4;
      const std::vector<float> x = randomVector(gen, M), y = randomVector(gen, N);
      std::vector<float> A0 = randomVector(gen, M * lda);
      for (int64_t i = 0; i < M; ++i)
        for (int64_t j = N; j < lda; ++j) A0[i * lda + j] = kSentinel;
      std::vector<float> got = guarded(A0), want = guarded(A0);
      k::ger(M, N, -0.625f, x.data(), y.data(), got.data(), lda);
      k::ref::ger(M, N, -0.625f, x.data(), y.data(), want.data(), lda);
      INFO("M=" << M << " N=" << N << " lda=" << lda);
      CHECK_CLOSE(M * lda, got.data(), want.data(), 4e-7, 1e-7, nullptr);
      CHECK(guardIntact(got, M * lda));
    }
}

// ----- level 1 and elementwise ----------------------------------------------------------------

TEST_CASE("kernels: fill, copy, axpy, scale, addScalar match ref and stay in bounds") {
  nn::Generator gen(5);
  for (int64_t n : {int64_t(0), int64_t(1), int64_t(3), int64_t(17), int64_t(64), int64_t(257)}) {
    INFO("n=" << n);
    const std::vector<float> x = randomVector(gen, n), y0 = randomVector(gen, n);
    auto run = [&](auto kernel, auto reference, double rel) {
      std::vector<float> got = guarded(y0), want = guarded(y0);
      kernel(got.data());
      reference(want.data());
      CHECK_CLOSE(n, got.data(), want.data(), rel, 0.0, nullptr);
      CHECK(guardIntact(got, n));
    };
    run([&](float* y) { k::fill(n, 2.5f, y); }, [&](float* y) { k::ref::fill(n, 2.5f, y); }, 0.0);
    run([&](float* y) { k::copy(n, x.data(), y); }, [&](float* y) { k::ref::copy(n, x.data(), y); }, 0.0);
    // axpy may fuse multiply and add (one rounding instead of two): compare with a bound.
    std::vector<float> got = guarded(y0), want = guarded(y0);
    k::axpy(n, -1.75f, x.data(), got.data());
    k::ref::axpy(n, -1.75f, x.data(), want.data());
    std::vector<double> scale(n);
    for (int64_t i = 0; i < n; ++i) scale[i] = std::fabs(1.75 * x[i]) + std::fabs(y0[i]);
    CHECK_CLOSE(n, got.data(), want.data(), 2.5e-7, 0.0, &scale);
    CHECK(guardIntact(got, n));
    run([&](float* y) { k::scale(n, -3.0f, y); }, [&](float* y) { k::ref::scale(n, -3.0f, y); }, 0.0);
    run([&](float* y) { k::addScalar(n, 0.25f, y); }, [&](float* y) { k::ref::addScalar(n, 0.25f, y); }, 0.0);
  }
}

namespace {
// Inputs for binary ops and comparisons: random values with exact ties, signed zeros and NaNs
// sprinkled in, so that the direction of every comparison is visible in the result.
void tiedPair(nn::Generator& gen, int64_t n, std::vector<float>& x, std::vector<float>& y) {
  x = randomVector(gen, n, -2, 2);
  y = randomVector(gen, n, -2, 2);
  for (int64_t i = 0; i < n; ++i) {
    switch (i % 7) {
      case 1: y[i] = x[i]; break;
      case 3: x[i] = 0.0f; y[i] = -0.0f; break;
      case 4: x[i] = -0.0f; y[i] = 0.0f; break;
      case 5: if (i % 2) x[i] = kNaN; else y[i] = kNaN; break;
      default: break;
    }
  }
}
}  // namespace

TEST_CASE("kernels: binary ops are bit-exact with ref, ties and NaNs included") {
  nn::Generator gen(6);
  for (int64_t n : kSizes) {
    std::vector<float> x, y;
    tiedPair(gen, n, x, y);
    for (k::Binary op : {k::Binary::Add, k::Binary::Sub, k::Binary::Mul, k::Binary::Div,
                         k::Binary::Max, k::Binary::Min}) {
      INFO("n=" << n << " op=" << static_cast<int>(op));
      std::vector<float> got = guarded(std::vector<float>(n, 0.0f)), want(n);
      k::binary(op, n, x.data(), y.data(), got.data());
      k::ref::binary(op, n, x.data(), y.data(), want.data());
      int64_t bad = -1;
      for (int64_t i = 0; i < n && bad < 0; ++i)
        if (!sameBits(got[i], want[i])) bad = i;
      CHECK(bad == -1);
      CHECK(guardIntact(got, n));
    }
    // In place (z aliases x), as modules use it.
    std::vector<float> inPlace = x, want(n);
    k::binary(k::Binary::Mul, n, inPlace.data(), y.data(), inPlace.data());
    k::ref::binary(k::Binary::Mul, n, x.data(), y.data(), want.data());
    for (int64_t i = 0; i < n; ++i) CHECK(sameBits(inPlace[i], want[i]));
  }
}

TEST_CASE("kernels: addcmul and addcdiv match ref") {
  nn::Generator gen(7);
  for (int64_t n : kSizes) {
    INFO("n=" << n);
    const std::vector<float> x = randomVector(gen, n), y = randomVector(gen, n, 0.5, 2),
                             z0 = randomVector(gen, n);
    for (bool divide : {false, true}) {
      std::vector<float> got = guarded(z0), want = guarded(z0);
      if (divide) {
        k::addcdiv(n, 0.3f, x.data(), y.data(), got.data());
        k::ref::addcdiv(n, 0.3f, x.data(), y.data(), want.data());
      } else {
        k::addcmul(n, 0.3f, x.data(), y.data(), got.data());
        k::ref::addcmul(n, 0.3f, x.data(), y.data(), want.data());
      }
      std::vector<double> scale(n);
      for (int64_t i = 0; i < n; ++i)
        scale[i] = std::fabs(0.3 * x[i] * (divide ? 1.0 / y[i] : y[i])) + std::fabs(z0[i]);
      CHECK_CLOSE(n, got.data(), want.data(), 4e-7, 0.0, &scale);
      CHECK(guardIntact(got, n));
    }
  }
}

TEST_CASE("kernels: maxMinBackward routes gradients like ref, ties to x") {
  nn::Generator gen(8);
  for (int64_t n : kSizes)
    for (bool isMax : {true, false}) {
      INFO("n=" << n << " isMax=" << isMax);
      std::vector<float> x, y;
      tiedPair(gen, n, x, y);
      const std::vector<float> g = randomVector(gen, n);
      std::vector<float> gx = guarded(std::vector<float>(n, kNaN)), gy = gx;
      std::vector<float> wx(n), wy(n);
      k::maxMinBackward(isMax, n, x.data(), y.data(), g.data(), gx.data(), gy.data());
      k::ref::maxMinBackward(isMax, n, x.data(), y.data(), g.data(), wx.data(), wy.data());
      int64_t bad = -1;
      for (int64_t i = 0; i < n && bad < 0; ++i)
        if (!sameBits(gx[i], wx[i]) || !sameBits(gy[i], wy[i])) bad = i;
      CHECK(bad == -1);
      CHECK(guardIntact(gx, n));
      CHECK(guardIntact(gy, n));
    }
}

// ----- unary ----------------------------------------------------------------------------------

namespace {
struct UnaryCase {
  const char* name;
  k::Unary op;
  float a, b;
  double low, high;          // random inputs
  std::vector<float> edges;  // inputs where semantics are decided: boundaries, 0, inf, NaN
};

std::vector<UnaryCase> unaryCases() {
  using U = k::Unary;
  const std::vector<float> common = {0.0f, -0.0f, kInf, -kInf, kNaN, 1.0f, -1.0f};
  auto with = [&](std::vector<float> extra) {
    extra.insert(extra.end(), common.begin(), common.end());
    return extra;
  };
  return {
      {"Exp", U::Exp, 0, 0, -20, 20, with({88.0f, 89.0f, -104.0f, -88.0f})},
      {"Log", U::Log, 0, 0, 1e-4, 50, with({1e-30f, 1e-45f, 3e38f, -2.0f})},
      {"Abs", U::Abs, 0, 0, -5, 5, with({})},
      {"Square", U::Square, 0, 0, -5, 5, with({1e20f, -1e20f})},
      {"Sqrt", U::Sqrt, 0, 0, 0, 100, with({1e-30f, -4.0f, 3e38f})},
      {"Tanh", U::Tanh, 0, 0, -6, 6, with({1e-6f, -1e-6f, 0.2f, 9.0f, -9.0f, 40.0f, -40.0f})},
      {"Sigmoid", U::Sigmoid, 0, 0, -12, 12, with({-100.0f, 100.0f, 1e-7f})},
      {"ReLU", U::ReLU, 0, 0, -3, 3, with({1e-38f, -1e-38f})},
      {"LeakyReLU", U::LeakyReLU, 0.1f, 0, -3, 3, with({1e-38f})},
      {"ELU", U::ELU, 1.3f, 0, -5, 3, with({-1e-3f, -30.0f})},
      {"HardTanh", U::HardTanh, -1.0f, 1.0f, -2, 2, with({0.999999f, 1.000001f})},
      {"HardTanh(-0.5,2)", U::HardTanh, -0.5f, 2.0f, -3, 3, with({-0.5f, 2.0f})},
      // beta = 2, threshold = 20: the switch to linear is at x == 10.
      {"SoftPlus", U::SoftPlus, 2.0f, 20.0f, -15, 15, with({10.0f, 10.000001f, 9.999999f, -60.0f})},
      {"SoftPlus(1,5)", U::SoftPlus, 1.0f, 5.0f, -8, 8, with({5.0f, 4.9999995f, 5.0000005f})},
      {"SoftSign", U::SoftSign, 0, 0, -10, 10, with({1e30f})},
      {"Power 2", U::Power, 2.0f, 0, -4, 4, with({})},
      {"Power 3", U::Power, 3.0f, 0, -4, 4, with({})},
      {"Power -1", U::Power, -1.0f, 0, -4, 4, with({})},
      {"Power -2", U::Power, -2.0f, 0, 0.1, 4, with({-0.5f})},
      {"Power 0", U::Power, 0.0f, 0, -4, 4, with({})},
      {"Power 1", U::Power, 1.0f, 0, -4, 4, with({})},
      {"Power 0.5", U::Power, 0.5f, 0, 0, 9, with({-2.0f})},
      {"Power 1.7", U::Power, 1.7f, 0, 0, 5, with({-2.0f, 1e-20f})},
      {"Power -2.5", U::Power, -2.5f, 0, 0.05, 5, with({-2.0f})},
      {"Power 75", U::Power, 75.0f, 0, 0.5, 1.2, with({-1.1f, -0.9f})},
      {"Power 100", U::Power, 100.0f, 0, 0.5, 1.2, with({-1.1f, -0.9f})},
      {"Power 101", U::Power, 101.0f, 0, 0.5, 1.2, with({-1.1f, -0.9f})},
      {"Clamp", U::Clamp, -0.5f, 0.7f, -2, 2, with({-0.5f, 0.7f})},
      {"Affine", U::Affine, 2.5f, -1.0f, -10, 10, with({})},
  };
}

// Random inputs, with every edge value placed somewhere (including in a vector tail).
std::vector<float> unaryInputs(nn::Generator& gen, const UnaryCase& c, int64_t n) {
  std::vector<float> x = randomVector(gen, n, c.low, c.high);
  for (size_t e = 0; e < c.edges.size(); ++e) x[(e * 5 + 2) % n] = c.edges[e];
  if (n > 1) x[n - 1] = c.edges[(n * 3) % c.edges.size()];
  return x;
}

// The size an error is measured against: the result, except for ELU whose exp(x) - 1 cancels
// near 0 (in ref too), so there it is the size of the terms, |f(x)| + |a|.
std::vector<double> unaryScale(k::Unary op, const std::vector<float>& want, float a) {
  std::vector<double> scale(want.size());
  for (size_t i = 0; i < want.size(); ++i)
    scale[i] = std::fabs(want[i]) + (op == k::Unary::ELU ? std::fabs(a) : 0.0);
  return scale;
}
}  // namespace

TEST_CASE("kernels: unary ops match ref within 1e-5 relative, edges and NaNs exactly") {
  nn::Generator gen(9);
  for (const UnaryCase& c : unaryCases())
    for (int64_t n : kSizes) {
      INFO(c.name << " n=" << n);
      const std::vector<float> x = unaryInputs(gen, c, n);
      std::vector<float> got = guarded(std::vector<float>(n, 0.0f)), want(n);
      k::unary(c.op, n, x.data(), got.data(), c.a, c.b);
      k::ref::unary(c.op, n, x.data(), want.data(), c.a, c.b);
      const std::vector<double> scale = unaryScale(c.op, want, c.a);
      const int64_t bad = firstMismatch(n, got.data(), want.data(), 1e-5, 1e-37, &scale);
      INFO((bad >= 0 ? "x=" + std::to_string(x[bad]) + ", " : std::string()) << describe(bad, got.data(), want.data()));
      CHECK(bad == -1);
      CHECK(guardIntact(got, n));
      // In place, as the modules' in-place variants call it.
      std::vector<float> inPlace = x;
      k::unary(c.op, n, inPlace.data(), inPlace.data(), c.a, c.b);
      CHECK(firstMismatch(n, inPlace.data(), got.data(), 0.0, 0.0) == -1);
    }
}

TEST_CASE("kernels: unaryBackward matches ref, HardTanh open and Clamp closed at the bounds") {
  nn::Generator gen(10);
  for (const UnaryCase& c : unaryCases())
    for (int64_t n : kSizes) {
      INFO(c.name << " n=" << n);
      const std::vector<float> x = unaryInputs(gen, c, n), gy = randomVector(gen, n, -2, 2);
      std::vector<float> y(n);
      k::ref::unary(c.op, n, x.data(), y.data(), c.a, c.b);
      std::vector<float> got = guarded(std::vector<float>(n, 0.0f)), want(n);
      k::unaryBackward(c.op, n, x.data(), y.data(), gy.data(), got.data(), c.a, c.b);
      k::ref::unaryBackward(c.op, n, x.data(), y.data(), gy.data(), want.data(), c.a, c.b);
      // 1e-4: the sanitizer build (clang, another optimisation level) rounds the SoftPlus/ELU
      // exp differently in the last bits; a wrong derivative is off by far more.
      const int64_t bad = firstMismatch(n, got.data(), want.data(), 1e-4, 1e-37);
      INFO((bad >= 0 ? "x=" + std::to_string(x[bad]) + ", " : std::string()) << describe(bad, got.data(), want.data()));
      CHECK(bad == -1);
      CHECK(guardIntact(got, n));
    }
  // The boundary convention, spelled out.
  const float x[] = {-1.0f, 1.0f, 0.0f}, y[] = {-1.0f, 1.0f, 0.0f}, g[] = {3.0f, 3.0f, 3.0f};
  float gx[3];
  k::unaryBackward(k::Unary::HardTanh, 3, x, y, g, gx, -1.0f, 1.0f);
  CHECK(gx[0] == 0.0f);
  CHECK(gx[1] == 0.0f);
  CHECK(gx[2] == 3.0f);
  k::unaryBackward(k::Unary::Clamp, 3, x, y, g, gx, -1.0f, 1.0f);
  CHECK(gx[0] == 3.0f);
  CHECK(gx[1] == 3.0f);
  CHECK(gx[2] == 3.0f);
}

TEST_CASE("kernels: exp, tanh, sigmoid and ELU are accurate across the whole float range") {
  // The SIMD exp is our own (range reduction + polynomial): sweep it densely, through the
  // subnormal results below -87.3 and the overflow to inf above 88.72.
  const int64_t n = 20011;
  std::vector<float> x(n);
  for (int64_t i = 0; i < n; ++i) x[i] = static_cast<float>(-110.0 + 200.0 * i / (n - 1));
  for (k::Unary op : {k::Unary::Exp, k::Unary::Tanh, k::Unary::Sigmoid, k::Unary::ELU}) {
    INFO("op=" << static_cast<int>(op));
    std::vector<float> got(n), want(n);
    k::unary(op, n, x.data(), got.data(), 1.0f, 0.0f);
    k::ref::unary(op, n, x.data(), want.data(), 1.0f, 0.0f);
    const std::vector<double> scale = unaryScale(op, want, 1.0f);
    const int64_t bad = firstMismatch(n, got.data(), want.data(), 4e-7, 1e-44, &scale);
    INFO((bad >= 0 ? "x=" + std::to_string(x[bad]) + ", " : std::string()) << describe(bad, got.data(), want.data()));
    CHECK(bad == -1);
  }
  // Near zero, relative accuracy matters (tanh(x) ~ x): sweep magnitudes 1e-30 .. 3.
  for (int64_t i = 0; i < n; ++i) x[i] = static_cast<float>((i % 2 ? -1 : 1) * std::pow(10.0, -30.0 + 30.5 * i / (n - 1)));
  for (k::Unary op : {k::Unary::Exp, k::Unary::Tanh}) {
    std::vector<float> got(n), want(n);
    k::unary(op, n, x.data(), got.data());
    k::ref::unary(op, n, x.data(), want.data());
    const int64_t bad = firstMismatch(n, got.data(), want.data(), 4e-7, 0.0, nullptr);
    INFO((bad >= 0 ? "x=" + std::to_string(x[bad]) + ", " : std::string()) << describe(bad, got.data(), want.data()));
    CHECK(bad == -1);
  }
}

// ----- reductions -----------------------------------------------------------------------------

TEST_CASE("kernels: sum and dot match ref (double-accurate even for long vectors)") {
  nn::Generator gen(11);
  std::vector<int64_t> sizes = kSizes;
  sizes.push_back(0);
  sizes.push_back(100003);
  for (int64_t n : sizes) {
    INFO("n=" << n);
    const std::vector<float> x = randomVector(gen, n, 0, 1), y = randomVector(gen, n, -1, 1);
    double absDot = 0, absSum = 0;
    for (int64_t i = 0; i < n; ++i) {
      absSum += std::fabs(x[i]);
      absDot += std::fabs(x[i] * y[i]);
    }
    // A plain float accumulator over 10^5 terms would be off by ~1e-4 relative.
    CHECK(std::fabs(k::sum(n, x.data()) - k::ref::sum(n, x.data())) <= 1e-6 * absSum);
    CHECK(std::fabs(k::dot(n, x.data(), y.data()) - k::ref::dot(n, x.data(), y.data())) <= 1e-6 * absDot + 1e-30);
  }
}

TEST_CASE("kernels: sumAxis matches ref for every (outer, dim, inner) mix") {
  nn::Generator gen(12);
  const std::vector<int64_t> outers = {1, 3}, inners = {1, 3, 17, 64, 257};
  for (int64_t outer : outers)
    for (int64_t dim : kSizes)
      for (int64_t inner : inners) {
        INFO("outer=" << outer << " dim=" << dim << " inner=" << inner);
        const std::vector<float> x = randomVector(gen, outer * dim * inner);
        std::vector<float> absX(x.size());
        for (size_t i = 0; i < x.size(); ++i) absX[i] = std::fabs(x[i]);
        const int64_t n = outer * inner;
        std::vector<float> got = guarded(std::vector<float>(n, kNaN)), want(n), bound(n);
        k::sumAxis(outer, dim, inner, x.data(), got.data());
        k::ref::sumAxis(outer, dim, inner, x.data(), want.data());
        k::ref::sumAxis(outer, dim, inner, absX.data(), bound.data());
        std::vector<double> scale(bound.begin(), bound.end());
        CHECK_CLOSE(n, got.data(), want.data(), 1.2e-7 * (dim + 2), 0.0, &scale);
        CHECK(guardIntact(got, n));
      }
}

TEST_CASE("kernels: maxAxis picks the same values and first positions as ref, ties and NaNs") {
  nn::Generator gen(13);
  const std::vector<int64_t> inners = {1, 3, 17, 64, 257};
  for (bool isMax : {true, false})
    for (int64_t outer : {int64_t(1), int64_t(2)})
      for (int64_t dim : kSizes)
        for (int64_t inner : inners)
          for (int variant = 0; variant < 3; ++variant) {
            INFO("isMax=" << isMax << " outer=" << outer << " dim=" << dim << " inner=" << inner
                          << " variant=" << variant);
            // Few distinct values so ties are everywhere; variant 1 adds signed zeros, variant 2
            // NaNs (also in first position, where ref keeps them).
            std::vector<float> x(outer * dim * inner);
            for (size_t i = 0; i < x.size(); ++i) {
              x[i] = static_cast<float>(std::floor(gen.uniform(-3, 3)));
              if (variant == 1 && x[i] == 0.0f && gen.uniform() < 0.5) x[i] = -0.0f;
              if (variant == 2 && gen.uniform() < 0.05) x[i] = kNaN;
            }
            if (variant == 2) x[0] = kNaN;
            const int64_t n = outer * inner;
            std::vector<float> got = guarded(std::vector<float>(n, 0.0f)), want(n);
            std::vector<int64_t> gotIndex(n + 1, -7), wantIndex(n);
            k::maxAxis(isMax, outer, dim, inner, x.data(), got.data(), gotIndex.data());
            k::ref::maxAxis(isMax, outer, dim, inner, x.data(), want.data(), wantIndex.data());
            int64_t bad = -1;
            for (int64_t i = 0; i < n && bad < 0; ++i)
              if (!sameBits(got[i], want[i]) || gotIndex[i] != wantIndex[i]) bad = i;
            INFO(describe(bad, got.data(), want.data())
                 << (bad >= 0 ? ", positions " + std::to_string(gotIndex[bad]) + " vs " +
                                    std::to_string(wantIndex[bad])
                              : std::string()));
            CHECK(bad == -1);
            CHECK(guardIntact(got, n));
            CHECK(gotIndex[n] == -7);
          }
}

// ----- softmax ----------------------------------------------------------------------------------

TEST_CASE("kernels: softmax and log-softmax rows match ref and stay finite for large inputs") {
  nn::Generator gen(14);
  for (int64_t rows : {int64_t(1), int64_t(3), int64_t(17)})
    for (int64_t cols : kSizes) {
      INFO("rows=" << rows << " cols=" << cols);
      const int64_t n = rows * cols;
      std::vector<float> x = randomVector(gen, n, -10, 10);
      for (int64_t c = 0; c < cols; ++c) x[c] += 1000.0f;  // exp would overflow without the max
      std::vector<float> got = guarded(std::vector<float>(n, kNaN)), want(n);
      k::softmaxRows(rows, cols, x.data(), got.data());
      k::ref::softmaxRows(rows, cols, x.data(), want.data());
      CHECK_CLOSE(n, got.data(), want.data(), 1e-5, 0.0, nullptr);
      CHECK(guardIntact(got, n));

      std::vector<float> gotLog = guarded(std::vector<float>(n, kNaN)), wantLog(n);
      k::logSoftmaxRows(rows, cols, x.data(), gotLog.data());
      k::ref::logSoftmaxRows(rows, cols, x.data(), wantLog.data());
      // x - logsumexp cancels: the error is relative to the size of the operands.
      std::vector<double> scale(n);
      for (int64_t i = 0; i < n; ++i) scale[i] = std::fabs(x[i]) + std::fabs(wantLog[i]);
      CHECK_CLOSE(n, gotLog.data(), wantLog.data(), 2e-7, 0.0, &scale);
      CHECK(guardIntact(gotLog, n));
      for (int64_t i = 0; i < n; ++i) REQUIRE(std::isfinite(gotLog[i]));
    }
}

TEST_CASE("kernels: softmax and log-softmax backward match ref") {
  nn::Generator gen(15);
  for (int64_t rows : {int64_t(1), int64_t(3), int64_t(17)})
    for (int64_t cols : kSizes) {
      INFO("rows=" << rows << " cols=" << cols);
      const int64_t n = rows * cols;
      const std::vector<float> x = randomVector(gen, n, -5, 5), gy = randomVector(gen, n);
      std::vector<float> y(n), logY(n);
      k::ref::softmaxRows(rows, cols, x.data(), y.data());
      k::ref::logSoftmaxRows(rows, cols, x.data(), logY.data());
      // Both backward formulas subtract a row total from gy: scale the error by what was added.
      std::vector<double> rowAbs(rows, 0.0);
      for (int64_t i = 0; i < n; ++i) rowAbs[i / cols] += std::fabs(gy[i] * y[i]) + std::fabs(gy[i]);

      std::vector<float> got = guarded(std::vector<float>(n, kNaN)), want(n);
      k::softmaxBackwardRows(rows, cols, y.data(), gy.data(), got.data());
      k::ref::softmaxBackwardRows(rows, cols, y.data(), gy.data(), want.data());
      std::vector<double> scale(n);
      for (int64_t i = 0; i < n; ++i) scale[i] = std::fabs(y[i]) * (std::fabs(gy[i]) + rowAbs[i / cols]);
      CHECK_CLOSE(n, got.data(), want.data(), 1e-6, 0.0, &scale);
      CHECK(guardIntact(got, n));

      std::vector<float> gotLog = guarded(std::vector<float>(n, kNaN)), wantLog(n);
      k::logSoftmaxBackwardRows(rows, cols, logY.data(), gy.data(), gotLog.data());
      k::ref::logSoftmaxBackwardRows(rows, cols, logY.data(), gy.data(), wantLog.data());
      for (int64_t i = 0; i < n; ++i) scale[i] = std::fabs(gy[i]) + y[i] * rowAbs[i / cols];
      CHECK_CLOSE(n, gotLog.data(), wantLog.data(), 1e-6, 0.0, &scale);
      CHECK(guardIntact(gotLog, n));
    }
}

// ----- aliasing and empty shapes --------------------------------------------------------------

TEST_CASE("kernels: in-place calls (output == input) give the out-of-place result") {
  nn::Generator gen(16);
  for (int64_t n : kSizes) {
    INFO("n=" << n);
    std::vector<float> x, y;
    tiedPair(gen, n, x, y);
    const std::vector<float> g = randomVector(gen, n);
    auto same = [n](const std::vector<float>& a, const std::vector<float>& b) {
      for (int64_t i = 0; i < n; ++i)
        if (!sameBits(a[i], b[i])) return false;
      return true;
    };
    for (bool isMax : {true, false}) {
      std::vector<float> wx(n), wy(n);
      k::maxMinBackward(isMax, n, x.data(), y.data(), g.data(), wx.data(), wy.data());
      std::vector<float> gx = g, gy(n);  // gradX written over g
      k::maxMinBackward(isMax, n, x.data(), y.data(), gx.data(), gx.data(), gy.data());
      CHECK(same(gx, wx));
      CHECK(same(gy, wy));
      std::vector<float> gx2(n), gy2 = g;  // gradY written over g
      k::maxMinBackward(isMax, n, x.data(), y.data(), gy2.data(), gx2.data(), gy2.data());
      CHECK(same(gx2, wx));
      CHECK(same(gy2, wy));
    }
    const std::vector<float> pos = randomVector(gen, n, 0.5, 2);
    std::vector<float> want(n), inPlace = g;
    k::unaryBackward(k::Unary::Sqrt, n, x.data(), pos.data(), g.data(), want.data());
    k::unaryBackward(k::Unary::Sqrt, n, x.data(), pos.data(), inPlace.data(), inPlace.data());
    CHECK(same(inPlace, want));
    std::vector<float> z = randomVector(gen, n), zWant = z, xz = z;
    k::addcmul(n, 0.5f, z.data(), pos.data(), zWant.data());
    k::addcmul(n, 0.5f, xz.data(), pos.data(), xz.data());  // x is z
    CHECK(same(xz, zWant));
    std::vector<float> s(n), sIn = g;
    k::softmaxRows(1, n, g.data(), s.data());
    k::softmaxRows(1, n, sIn.data(), sIn.data());
    CHECK(same(sIn, s));
    std::vector<float> b(n), bIn = g;
    k::softmaxBackwardRows(1, n, s.data(), g.data(), b.data());
    k::softmaxBackwardRows(1, n, s.data(), bIn.data(), bIn.data());
    CHECK(same(bIn, b));
  }
}

TEST_CASE("kernels: empty sizes write nothing and read nothing") {
  float sentinel[2] = {kSentinel, kSentinel};
  int64_t index[1] = {-7};
  for (bool isMax : {true, false}) {
    k::maxAxis(isMax, 2, 0, 3, nullptr, sentinel, index);
    k::ref::maxAxis(isMax, 2, 0, 3, nullptr, sentinel, index);
  }
  k::softmaxRows(2, 0, nullptr, sentinel);
  k::logSoftmaxRows(2, 0, nullptr, sentinel);
  k::ref::softmaxRows(2, 0, nullptr, sentinel);
  k::ref::logSoftmaxRows(2, 0, nullptr, sentinel);
  k::gemm(false, false, 0, 3, 4, 1.0f, nullptr, 4, nullptr, 3, 0.0f, sentinel, 3);
  k::gemm(true, true, 2, 0, 4, 1.0f, nullptr, 2, nullptr, 4, 0.0f, sentinel, 1);
  CHECK(sentinel[0] == kSentinel);
  CHECK(sentinel[1] == kSentinel);
  CHECK(index[0] == -7);
  CHECK(k::sum(0, nullptr) == 0.0);
  CHECK(k::dot(0, nullptr, nullptr) == 0.0);
}
