// core/kernels_rows.h against its scalar reference (core/kernels_ref.cpp, section "issue 17"),
// plus hand-computed cases so that a reference sharing a mistake with the kernel still fails.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "core/kernels_rows.h"
#include "core/random.h"

namespace k = nn::kernels;

namespace {

std::vector<float> randomVector(nn::Generator& gen, int64_t n, double low = -1, double high = 1) {
  std::vector<float> v(static_cast<size_t>(n));
  for (auto& x : v) x = static_cast<float>(gen.uniform(low, high));
  return v;
}

// |got - want| <= rel |want| + abs everywhere, NaN only against NaN, infinities equal.
bool close(const std::vector<float>& got, const std::vector<float>& want, double rel = 1e-5, double abs = 1e-6) {
  if (got.size() != want.size()) return false;
  for (size_t i = 0; i < got.size(); ++i) {
    const double g = got[i], w = want[i];
    if (std::isnan(g) || std::isnan(w)) {
      if (std::isnan(g) != std::isnan(w)) return false;
      continue;
    }
    if (std::isinf(g) || std::isinf(w)) {
      if (g != w) return false;
      continue;
    }
    if (std::fabs(g - w) > rel * std::fabs(w) + abs) return false;
  }
  return true;
}

const std::vector<int64_t> kCols = {1, 3, 4, 17, 64};

}  // namespace

TEST_CASE("kernels_rows: rowDots, rowCosines and scaleRows match ref on tails and full vectors") {
  nn::Generator gen(3);
  for (int64_t rows : {1, 2, 5})
    for (int64_t cols : kCols) {
      const auto a = randomVector(gen, rows * cols), b = randomVector(gen, rows * cols), s = randomVector(gen, rows);
      std::vector<float> got(rows), want(rows);
      k::rowDots(rows, cols, a.data(), b.data(), got.data());
      k::ref::rowDots(rows, cols, a.data(), b.data(), want.data());
      INFO("rows=" << rows << " cols=" << cols);
      CHECK(close(got, want));
      k::rowCosines(rows, cols, a.data(), b.data(), 1e-12, got.data());
      k::ref::rowCosines(rows, cols, a.data(), b.data(), 1e-12, want.data());
      CHECK(close(got, want));
      std::vector<float> scaled(rows * cols), scaledRef(rows * cols);
      k::scaleRows(rows, cols, s.data(), a.data(), scaled.data());
      k::ref::scaleRows(rows, cols, s.data(), a.data(), scaledRef.data());
      CHECK(close(scaled, scaledRef, 0, 0));
    }
}

TEST_CASE("kernels_rows: hand-computed row products and cosines") {
  const std::vector<float> a = {1, 2, 3, 0, 0, 0}, b = {4, 5, 6, 1, 1, 1};
  std::vector<float> y(2);
  k::rowDots(2, 3, a.data(), b.data(), y.data());
  CHECK(y[0] == 32.0f);
  CHECK(y[1] == 0.0f);
  k::rowCosines(2, 3, a.data(), b.data(), 1e-12, y.data());
  CHECK(y[0] == doctest::Approx(32.0 / std::sqrt(14.0 * 77.0)).epsilon(1e-6));
  CHECK(y[1] == 0.0f);  // a zero row: eps keeps it finite
  std::vector<float> same(2);
  k::rowCosines(2, 3, b.data(), b.data(), 1e-12, same.data());
  CHECK(same[0] == doctest::Approx(1.0).epsilon(1e-6));
  CHECK(same[1] == doctest::Approx(1.0).epsilon(1e-6));
}

TEST_CASE("kernels_rows: rowCosinesBackward matches ref and central differences of rowCosines") {
  nn::Generator gen(5);
  for (int64_t cols : kCols) {
    const int64_t rows = 3;
    const auto a = randomVector(gen, rows * cols), b = randomVector(gen, rows * cols), gy = randomVector(gen, rows);
    std::vector<float> ga(rows * cols), gb(rows * cols), gaRef(rows * cols), gbRef(rows * cols);
    k::rowCosinesBackward(rows, cols, a.data(), b.data(), gy.data(), 1e-12, ga.data(), gb.data());
    k::ref::rowCosinesBackward(rows, cols, a.data(), b.data(), gy.data(), 1e-12, gaRef.data(), gbRef.data());
    INFO("cols=" << cols);
    CHECK(close(ga, gaRef, 1e-4, 1e-6));
    CHECK(close(gb, gbRef, 1e-4, 1e-6));
    // d/da[r, c] of sum_r gy[r] cos(a_r, b_r), numerically (in double through the reference)
    for (int64_t i = 0; i < rows * cols; i += 5) {
      std::vector<float> plus = a, minus = a, yp(rows), ym(rows);
      const float h = 1e-2f;
      plus[i] += h;
      minus[i] -= h;
      k::ref::rowCosines(rows, cols, plus.data(), b.data(), 1e-12, yp.data());
      k::ref::rowCosines(rows, cols, minus.data(), b.data(), 1e-12, ym.data());
      const int64_t r = i / cols;
      const double numeric = gy[r] * (static_cast<double>(yp[r]) - ym[r]) / (2 * h);
      CHECK(ga[i] == doctest::Approx(numeric).epsilon(2e-2).scale(1e-2));
    }
  }
}

TEST_CASE("kernels_rows: signedPower is sign(x) |x|^e with sign(0) = 0, as ref") {
  const std::vector<float> x = {-8, -0.5f, 0, -0.0f, 0.25f, 4, std::numeric_limits<float>::infinity()};
  std::vector<float> y(x.size()), want(x.size());
  k::signedPower(static_cast<int64_t>(x.size()), 0.5f, x.data(), y.data());
  CHECK(y[0] == doctest::Approx(-std::sqrt(8.0)));
  CHECK(y[2] == 0.0f);
  CHECK(y[3] == 0.0f);
  CHECK(y[4] == doctest::Approx(0.5));
  CHECK(y[6] == std::numeric_limits<float>::infinity());
  k::signedPower(static_cast<int64_t>(x.size()), 0.0f, x.data(), y.data());  // the sign
  CHECK(y == std::vector<float>{-1, -1, 0, 0, 1, 1, 1});
  nn::Generator gen(9);
  for (float e : {0.0f, 0.5f, 1.0f, 2.0f, 2.7f}) {
    const auto v = randomVector(gen, 67, -3, 3);
    std::vector<float> got(v.size()), ref(v.size());
    k::signedPower(static_cast<int64_t>(v.size()), e, v.data(), got.data());
    k::ref::signedPower(static_cast<int64_t>(v.size()), e, v.data(), ref.data());
    CHECK(close(got, ref, 1e-6, 0));
  }
}

TEST_CASE("kernels_rows: maxAxisBackward puts each gradient at its argmax and zeros elsewhere") {
  // outer 2, dim 3, inner 2: the positions chosen per (outer, inner)
  const std::vector<int64_t> index = {2, 0, 1, 1};
  const std::vector<float> gy = {10, 20, 30, 40};
  std::vector<float> gx(12, -7.0f), want(12, -7.0f);  // stale contents must be overwritten
  k::maxAxisBackward(2, 3, 2, gy.data(), index.data(), gx.data());
  CHECK(gx == std::vector<float>{0, 20, 0, 0, 10, 0, 0, 0, 30, 40, 0, 0});
  k::ref::maxAxisBackward(2, 3, 2, gy.data(), index.data(), want.data());
  CHECK(gx == want);
  // round trip with maxAxis on random data
  nn::Generator gen(11);
  const int64_t outer = 3, dim = 5, inner = 7;
  const auto x = randomVector(gen, outer * dim * inner), g = randomVector(gen, outer * inner);
  std::vector<float> y(outer * inner), got(outer * dim * inner), ref(outer * dim * inner);
  std::vector<int64_t> at(outer * inner);
  k::maxAxis(true, outer, dim, inner, x.data(), y.data(), at.data());
  k::maxAxisBackward(outer, dim, inner, g.data(), at.data(), got.data());
  k::ref::maxAxisBackward(outer, dim, inner, g.data(), at.data(), ref.data());
  CHECK(got == ref);
}

TEST_CASE("kernels_rows: klDivergenceSum counts only t > 0, also against x = -inf") {
  const float inf = std::numeric_limits<float>::infinity();
  const std::vector<float> x = {-1, -inf, 0.5f, -2}, t = {0.5f, 0, -1, 0.25f};
  const double want = 0.5 * (std::log(0.5) + 1) + 0.25 * (std::log(0.25) + 2);
  CHECK(k::klDivergenceSum(4, x.data(), t.data()) == doctest::Approx(want));
  CHECK(k::ref::klDivergenceSum(4, x.data(), t.data()) == doctest::Approx(want));
  nn::Generator gen(13);
  const auto xs = randomVector(gen, 100, -4, 0), ts = randomVector(gen, 100, -0.5, 1);
  CHECK(k::klDivergenceSum(100, xs.data(), ts.data()) ==
        doctest::Approx(k::ref::klDivergenceSum(100, xs.data(), ts.data())).epsilon(1e-9));
}

TEST_CASE("kernels_rows: the random masks draw once per element, in order, like ref") {
  nn::Generator g1(21), g2(21);
  std::vector<float> mask(1000), want(1000);
  k::bernoulliMask(1000, 0.7, 2.5f, g1, mask.data());
  k::ref::bernoulliMask(1000, 0.7, 2.5f, g2, want.data());
  CHECK(mask == want);
  int kept = 0;
  for (float m : mask) {
    CHECK((m == 0.0f || m == 2.5f));
    kept += m != 0;
  }
  CHECK(kept > 620);  // 700 expected; the binomial's standard deviation is 14.5
  CHECK(kept < 780);
  CHECK(g1.uniform() == g2.uniform());  // both drew exactly 1000 numbers

  const auto x = randomVector(g1, 500);
  g2.manualSeed(5);
  nn::Generator g3(5);
  std::vector<float> slopes(500), slopesRef(500);
  k::randomSlopes(500, x.data(), 0.125, 1.0 / 3, g2, slopes.data());
  k::ref::randomSlopes(500, x.data(), 0.125, 1.0 / 3, g3, slopesRef.data());
  CHECK(slopes == slopesRef);
  for (size_t i = 0; i < x.size(); ++i) {
    if (x[i] > 0) CHECK(slopes[i] == 1.0f);
    else CHECK((slopes[i] >= 0.125f && slopes[i] <= 1.0f / 3));
  }
  CHECK(g2.uniform() == g3.uniform());
}
