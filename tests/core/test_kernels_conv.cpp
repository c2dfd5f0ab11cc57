// The convolution, pooling and batch-norm kernels (core/kernels_conv.h) against their direct
// references, on odd sizes, strides, paddings, dilations and ceil mode. im2col + gemm is also
// checked against a direct convolution, which shares no code with it.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "core/kernels.h"
#include "core/kernels_conv.h"
#include "core/random.h"

namespace k = nn::kernels;

namespace {

constexpr float kSentinel = -12345.5f;

std::vector<float> randomVector(nn::Generator& gen, int64_t n, double low = -1, double high = 1) {
  std::vector<float> v(n);
  for (auto& x : v) x = static_cast<float>(gen.uniform(low, high));
  return v;
}

double maxRelDiff(const std::vector<float>& a, const std::vector<float>& b) {
  double worst = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::isnan(a[i]) || std::isnan(b[i])) {
      if (std::isnan(a[i]) != std::isnan(b[i])) return INFINITY;
      continue;
    }
    worst = std::max(worst, std::fabs(double(a[i]) - b[i]) / (1.0 + std::fabs(double(b[i]))));
  }
  return worst;
}

// A geometry with the output size from windowOutputSize (checked against ref on the way).
k::Window2d window(int64_t planes, int64_t h, int64_t w, int64_t kH, int64_t kW, int64_t dH, int64_t dW,
                   int64_t padH, int64_t padW, int64_t dil, bool ceilMode) {
  k::Window2d g;
  g.planes = planes, g.height = h, g.width = w, g.kH = kH, g.kW = kW, g.dH = dH, g.dW = dW;
  g.padH = padH, g.padW = padW, g.dilH = dil, g.dilW = dil;
  const bool padded = padH || padW;
  g.outH = k::windowOutputSize(h, kH, dH, padH, dil, ceilMode, padded);
  g.outW = k::windowOutputSize(w, kW, dW, padW, dil, ceilMode, padded);
  CHECK(g.outH == k::ref::windowOutputSize(h, kH, dH, padH, dil, ceilMode, padded));
  CHECK(g.outW == k::ref::windowOutputSize(w, kW, dW, padW, dil, ceilMode, padded));
  return g;
}

// Odd geometries: 1x1, non-square kernels, strides larger than the kernel, padding on one axis,
// dilation, and inputs exactly the kernel size.
std::vector<k::Window2d> geometries(bool dilated, bool ceilMode) {
  std::vector<k::Window2d> list;
  for (int64_t dil : dilated ? std::vector<int64_t>{1, 2} : std::vector<int64_t>{1}) {
    list.push_back(window(1, 1, 1, 1, 1, 1, 1, 0, 0, 1, ceilMode));
    list.push_back(window(3, 7, 5, 3, 2, 1, 1, 1, 0, dil, ceilMode));
    list.push_back(window(2, 9, 11, 3, 3, 2, 3, 1, 1, dil, ceilMode));
    list.push_back(window(5, 5, 5, 5, 5, 1, 1, 0, 0, 1, ceilMode));
    list.push_back(window(4, 13, 10, 2, 4, 3, 2, 0, 2, dil, ceilMode));
    list.push_back(window(1, 17, 17, 1, 3, 4, 1, 0, 1, dil, ceilMode));
  }
  return list;
}

}  // namespace

TEST_CASE("conv kernels: windowOutputSize matches THNN's float formula, floor and ceil, padded or not") {
  for (int64_t in = 1; in <= 12; ++in)
    for (int64_t kk = 1; kk <= 5; ++kk)
      for (int64_t step = 1; step <= 4; ++step)
        for (int64_t pad = 0; pad <= kk / 2; ++pad)
          for (int64_t dil = 1; dil <= 2; ++dil)
            for (int ceilMode = 0; ceilMode < 2; ++ceilMode)
              for (int padded = 0; padded < 2; ++padded) {
                INFO("in=" << in << " k=" << kk << " step=" << step << " pad=" << pad << " dil=" << dil << " ceil=" << ceilMode);
                CHECK(k::windowOutputSize(in, kk, step, pad, dil, ceilMode, padded || pad) ==
                      k::ref::windowOutputSize(in, kk, step, pad, dil, ceilMode, padded || pad));
              }
  // Known values: 28 -> 24 for a 5x5 valid convolution; 5 -> 3 pooled 2x2 stride 2 in ceil mode.
  CHECK(k::windowOutputSize(28, 5, 1, 0, 1, false, false) == 24);
  CHECK(k::windowOutputSize(5, 2, 2, 0, 1, false, false) == 2);
  CHECK(k::windowOutputSize(5, 2, 2, 0, 1, true, false) == 3);
  // THNN drops a last ceil-mode window that starts in the right padding: 4, k 2, step 2, pad 1.
  CHECK(k::windowOutputSize(4, 2, 2, 1, 1, true, true) == 3);
}

TEST_CASE("conv kernels: im2col and col2im match ref and write only their outputs") {
  nn::Generator gen(11);
  for (const k::Window2d& g : geometries(true, false)) {
    INFO("planes=" << g.planes << " " << g.height << "x" << g.width << " k=" << g.kH << "x" << g.kW << " d=" << g.dH
                   << "," << g.dW << " pad=" << g.padH << "," << g.padW << " dil=" << g.dilH);
    const auto image = randomVector(gen, g.planes * g.inPlane());
    const int64_t n = g.columnRows() * g.outPlane();
    std::vector<float> got(n + 7, kSentinel), want(n + 7, kSentinel);
    k::im2col(g, image.data(), got.data());
    k::ref::im2col(g, image.data(), want.data());
    CHECK(std::memcmp(got.data(), want.data(), got.size() * sizeof(float)) == 0);  // a pure copy: bit-exact

    const auto columns = randomVector(gen, n);
    std::vector<float> img0 = randomVector(gen, g.planes * g.inPlane());
    img0.insert(img0.end(), 7, kSentinel);
    std::vector<float> gotImage = img0, wantImage = img0;
    k::col2im(g, columns.data(), gotImage.data());
    k::ref::col2im(g, columns.data(), wantImage.data());
    CHECK(maxRelDiff(gotImage, wantImage) < 1e-5);
    for (size_t i = gotImage.size() - 7; i < gotImage.size(); ++i) CHECK(gotImage[i] == kSentinel);
  }
}

TEST_CASE("conv kernels: im2col + gemm is the direct convolution; col2im is im2col's adjoint") {
  nn::Generator gen(12);
  for (const k::Window2d& g : geometries(true, false)) {
    for (int64_t nOut : {1, 5, 16}) {
      const auto x = randomVector(gen, g.planes * g.inPlane());
      const auto w = randomVector(gen, nOut * g.columnRows());
      const auto b = randomVector(gen, nOut);
      std::vector<float> columns(g.columnRows() * g.outPlane());
      k::im2col(g, x.data(), columns.data());
      std::vector<float> got(nOut * g.outPlane()), want(nOut * g.outPlane());
      for (int64_t o = 0; o < nOut; ++o) k::fill(g.outPlane(), b[o], got.data() + o * g.outPlane());
      k::gemm(false, false, nOut, g.outPlane(), g.columnRows(), 1.0f, w.data(), g.columnRows(), columns.data(),
              g.outPlane(), 1.0f, got.data(), g.outPlane());
      k::ref::conv2d(g, nOut, x.data(), w.data(), b.data(), want.data());
      INFO("nOut=" << nOut << " planes=" << g.planes << " k=" << g.kH << "x" << g.kW);
      CHECK(maxRelDiff(got, want) < 1e-5 * (g.columnRows() + 4));
    }
    // <im2col(x), c> == <x, col2im(c)> for random x and c.
    const auto x = randomVector(gen, g.planes * g.inPlane());
    const auto c = randomVector(gen, g.columnRows() * g.outPlane());
    std::vector<float> cols(c.size()), img(x.size(), 0.0f);
    k::im2col(g, x.data(), cols.data());
    k::col2im(g, c.data(), img.data());
    double lhs = 0, rhs = 0;
    for (size_t i = 0; i < c.size(); ++i) lhs += double(cols[i]) * c[i];
    for (size_t i = 0; i < x.size(); ++i) rhs += double(x[i]) * img[i];
    CHECK(std::fabs(lhs - rhs) < 1e-4 * (1 + std::fabs(lhs)));
  }
}

TEST_CASE("conv kernels: max pooling values and first-maximum indices match ref, ties and NaNs") {
  nn::Generator gen(13);
  for (bool ceilMode : {false, true})
    for (const k::Window2d& g : geometries(true, ceilMode)) {
      if (g.padH > g.kH / 2 || g.padW > g.kW / 2) continue;  // Torch refuses those
      auto x = randomVector(gen, g.planes * g.inPlane());
      for (size_t i = 0; i < x.size(); i += 3) x[i] = 0.25f;  // ties
      if (x.size() > 4) x[x.size() / 2] = std::numeric_limits<float>::quiet_NaN();
      std::vector<float> got(g.planes * g.outPlane()), want(got.size());
      std::vector<int64_t> gotIdx(got.size()), wantIdx(got.size());
      k::maxPool2d(g, x.data(), got.data(), gotIdx.data());
      k::ref::maxPool2d(g, x.data(), want.data(), wantIdx.data());
      INFO("planes=" << g.planes << " " << g.height << "x" << g.width << " k=" << g.kH << "x" << g.kW << " ceil=" << ceilMode);
      CHECK(maxRelDiff(got, want) == 0);
      CHECK(gotIdx == wantIdx);
      for (int64_t i : gotIdx) CHECK((i >= 0 && i < g.inPlane()));

      const auto gy = randomVector(gen, got.size());
      std::vector<float> gxGot(x.size(), 0.5f), gxWant(x.size(), 0.5f);
      k::maxPool2dBackward(g, gy.data(), gotIdx.data(), gxGot.data());
      k::ref::maxPool2dBackward(g, gy.data(), wantIdx.data(), gxWant.data());
      CHECK(maxRelDiff(gxGot, gxWant) < 1e-6);
    }
}

TEST_CASE("conv kernels: average pooling matches ref with and without counting the padding") {
  nn::Generator gen(14);
  for (bool ceilMode : {false, true})
    for (bool includePad : {false, true})
      for (const k::Window2d& g0 : geometries(false, ceilMode)) {
        if (g0.padH > g0.kH / 2 || g0.padW > g0.kW / 2) continue;
        const k::Window2d& g = g0;
        const auto x = randomVector(gen, g.planes * g.inPlane());
        std::vector<float> got(g.planes * g.outPlane()), want(got.size());
        k::avgPool2d(g, includePad, x.data(), got.data());
        k::ref::avgPool2d(g, includePad, x.data(), want.data());
        INFO("planes=" << g.planes << " " << g.height << "x" << g.width << " k=" << g.kH << "x" << g.kW
                       << " ceil=" << ceilMode << " includePad=" << includePad);
        CHECK(maxRelDiff(got, want) < 1e-6);
        const auto gy = randomVector(gen, got.size());
        std::vector<float> gxGot(x.size(), -0.5f), gxWant(x.size(), -0.5f);
        k::avgPool2dBackward(g, includePad, gy.data(), gxGot.data());
        k::ref::avgPool2dBackward(g, includePad, gy.data(), gxWant.data());
        CHECK(maxRelDiff(gxGot, gxWant) < 1e-6);
      }
  // A 2x2 window at the corner of a 3x3 image padded by 1 sees one pixel: divided by 4 or by 1.
  k::Window2d g = window(1, 3, 3, 2, 2, 2, 2, 1, 1, 1, false);
  const std::vector<float> x = {8, 1, 1, 1, 1, 1, 1, 1, 1};
  std::vector<float> y(g.outPlane());
  k::avgPool2d(g, true, x.data(), y.data());
  CHECK(y[0] == 2.0f);
  k::avgPool2d(g, false, x.data(), y.data());
  CHECK(y[0] == 8.0f);
}

TEST_CASE("conv kernels: batch-norm statistics, affine map and backward match ref") {
  nn::Generator gen(15);
  for (int64_t outer : {1, 3, 8})
    for (int64_t C : {1, 5})
      for (int64_t inner : {1, 7, 33}) {
        if (outer * inner < 2) continue;
        auto x = randomVector(gen, outer * C * inner, -2, 3);
        for (auto& v : x) v += 100.0f;  // a large mean: the variance must not cancel
        const auto gy = randomVector(gen, x.size());
        std::vector<double> mean(C), var(C), meanRef(C), varRef(C);
        k::channelMeanVar(outer, C, inner, x.data(), mean.data(), var.data());
        k::ref::channelMeanVar(outer, C, inner, x.data(), meanRef.data(), varRef.data());
        INFO("outer=" << outer << " C=" << C << " inner=" << inner);
        for (int64_t c = 0; c < C; ++c) {
          CHECK(std::fabs(mean[c] - meanRef[c]) < 1e-6 * std::fabs(meanRef[c]));  // float lanes sum
          CHECK(std::fabs(var[c] - varRef[c]) < 1e-6 * (varRef[c] + 1e-6));
        }
        std::vector<float> m(C), invstd(C), w = randomVector(gen, C), b = randomVector(gen, C);
        for (int64_t c = 0; c < C; ++c) m[c] = float(mean[c]), invstd[c] = float(1 / std::sqrt(var[c] + 1e-5));
        std::vector<float> y(x.size()), yRef(x.size());
        k::channelAffine(outer, C, inner, x.data(), m.data(), invstd.data(), w.data(), b.data(), y.data());
        k::ref::channelAffine(outer, C, inner, x.data(), m.data(), invstd.data(), w.data(), b.data(), yRef.data());
        CHECK(maxRelDiff(y, yRef) < 2e-4);  // x - mean loses ~log2(100) bits in float
        std::vector<double> s(C), d(C), sRef(C), dRef(C);
        k::channelGradSums(outer, C, inner, x.data(), m.data(), gy.data(), s.data(), d.data());
        k::ref::channelGradSums(outer, C, inner, x.data(), m.data(), gy.data(), sRef.data(), dRef.data());
        for (int64_t c = 0; c < C; ++c) {
          CHECK(std::fabs(s[c] - sRef[c]) < 1e-6 * outer * inner);
          CHECK(std::fabs(d[c] - dRef[c]) < 1e-3 * (1 + std::fabs(dRef[c])));
        }
        std::vector<float> gx(x.size()), gxRef(x.size());
        k::batchNormBackward(outer, C, inner, x.data(), gy.data(), m.data(), invstd.data(), w.data(), sRef.data(),
                             dRef.data(), gx.data());
        k::ref::batchNormBackward(outer, C, inner, x.data(), gy.data(), m.data(), invstd.data(), w.data(),
                                  sRef.data(), dRef.data(), gxRef.data());
        CHECK(maxRelDiff(gx, gxRef) < 1e-3);
      }
}

TEST_CASE("conv kernels: zero and replication padding (and negative cropping) match ref") {
  nn::Generator gen(16);
  const std::vector<k::Pad2d> cases = {{1, 1, 1, 0, 0, 0, 0}, {2, 5, 7, 1, 2, 3, 0},  {3, 6, 4, -1, 2, 0, -2},
                                       {1, 9, 9, -3, -2, -1, -4}, {2, 1, 3, 4, 4, 2, 2}, {1, 3, 3, 0, -2, 5, 1}};
  for (const k::Pad2d& p : cases)
    for (k::Padding mode : {k::Padding::Zero, k::Padding::Replicate}) {
      INFO("planes=" << p.planes << " " << p.height << "x" << p.width << " pads l,r,t,b=" << p.left << "," << p.right
                     << "," << p.top << "," << p.bottom << " replicate=" << (mode == k::Padding::Replicate));
      const auto x = randomVector(gen, p.planes * p.height * p.width);
      const int64_t n = p.planes * p.outH() * p.outW();
      std::vector<float> got(n + 5, kSentinel), want(n + 5, kSentinel);
      k::pad2d(mode, p, x.data(), got.data());
      k::ref::pad2d(mode, p, x.data(), want.data());
      CHECK(std::memcmp(got.data(), want.data(), got.size() * sizeof(float)) == 0);
      const auto gy = randomVector(gen, n);
      std::vector<float> gxGot(x.size(), 1.0f), gxWant(x.size(), 1.0f);
      k::pad2dBackward(mode, p, gy.data(), gxGot.data());
      k::ref::pad2dBackward(mode, p, gy.data(), gxWant.data());
      CHECK(maxRelDiff(gxGot, gxWant) < 1e-5);
    }
}

TEST_CASE("conv kernels: softmax over planes, cross-map LRN and nearest upsampling match ref") {
  nn::Generator gen(17);
  for (int64_t outer : {1, 2})
    for (int64_t C : {1, 3, 7})
      for (int64_t inner : {1, 5, 19}) {
        INFO("outer=" << outer << " C=" << C << " inner=" << inner);
        const auto x = randomVector(gen, outer * C * inner, -3, 3);
        const auto gy = randomVector(gen, x.size());
        for (bool log : {false, true}) {
          std::vector<float> y(x.size()), yRef(x.size()), gx(x.size()), gxRef(x.size());
          k::softmaxPlanes(log, outer, C, inner, x.data(), y.data());
          k::ref::softmaxPlanes(log, outer, C, inner, x.data(), yRef.data());
          CHECK(maxRelDiff(y, yRef) < 1e-5);
          k::softmaxPlanesBackward(log, outer, C, inner, yRef.data(), gy.data(), gx.data());
          k::ref::softmaxPlanesBackward(log, outer, C, inner, yRef.data(), gy.data(), gxRef.data());
          CHECK(maxRelDiff(gx, gxRef) < 1e-5);
        }
        for (int64_t size : {1, 3, 4, 5}) {
          std::vector<float> s(x.size()), sRef(x.size()), y(x.size()), yRef(x.size()), gx(x.size()), gxRef(x.size());
          k::crossMapLRN(outer, C, inner, size, 0.3f, 0.75f, 2.0f, x.data(), s.data(), y.data());
          k::ref::crossMapLRN(outer, C, inner, size, 0.3f, 0.75f, 2.0f, x.data(), sRef.data(), yRef.data());
          CHECK(maxRelDiff(s, sRef) < 1e-5);
          CHECK(maxRelDiff(y, yRef) < 1e-5);
          k::crossMapLRNBackward(outer, C, inner, size, 0.3f, 0.75f, x.data(), yRef.data(), sRef.data(), gy.data(), gx.data());
          k::ref::crossMapLRNBackward(outer, C, inner, size, 0.3f, 0.75f, x.data(), yRef.data(), sRef.data(), gy.data(),
                                      gxRef.data());
          CHECK(maxRelDiff(gx, gxRef) < 1e-5);
        }
      }
  for (int64_t factor : {1, 2, 3}) {
    const int64_t planes = 2, h = 3, w = 5;
    const auto x = randomVector(gen, planes * h * w);
    const int64_t n = planes * h * w * factor * factor;
    std::vector<float> y(n), yRef(n);
    k::upsampleNearest(planes, h, w, factor, x.data(), y.data());
    k::ref::upsampleNearest(planes, h, w, factor, x.data(), yRef.data());
    CHECK(y == yRef);
    const auto gy = randomVector(gen, n);
    std::vector<float> gx(x.size(), 9.0f), gxRef(x.size(), 9.0f);
    k::upsampleNearestBackward(planes, h, w, factor, gy.data(), gx.data());
    k::ref::upsampleNearestBackward(planes, h, w, factor, gy.data(), gxRef.data());
    CHECK(maxRelDiff(gx, gxRef) < 1e-6);
  }
}

// ----- implicit-gemm convolution (kernels::conv2d, kernels::gemmPanels) -----------------------

// B packed from a dense K x N matrix: the packer contract of gemmPanels, written independently.
struct DensePanels {
  const float* b;
  int64_t ldb;
  static void pack(const void* context, int64_t k0, int64_t kc, int64_t j0, int64_t nr, float* dst) {
    const DensePanels& s = *static_cast<const DensePanels*>(context);
    const int64_t width = k::gemmPanelWidth();
    for (int64_t kk = 0; kk < kc; ++kk)
      for (int64_t j = 0; j < width; ++j) dst[kk * width + j] = j < nr ? s.b[(k0 + kk) * s.ldb + j0 + j] : 0.0f;
  }
};

TEST_CASE("conv kernels: gemmPanels matches ref::gemm across slab, block and panel edges") {
  nn::Generator gen(31);
  // M around the 4/6-row tiles and the 96-row block, N around the panel width, K around the
  // 256/512-deep slabs (balanced slabs: 513 gives 257 + 256).
  for (int64_t M : {1, 5, 97, 130})
    for (int64_t N : {1, 7, 17, 45})
      for (int64_t K : {1, 3, 257, 513, 1100}) {
        for (float beta : {0.0f, 1.0f, -0.5f}) {
          const auto a = randomVector(gen, M * (K + 2)), b = randomVector(gen, K * (N + 1));
          auto got = randomVector(gen, M * (N + 3));
          auto want = got;
          if (beta == 0) std::fill(got.begin(), got.end(), std::numeric_limits<float>::quiet_NaN());
          const DensePanels source{b.data(), N + 1};
          k::gemmPanels(M, N, K, 0.75f, a.data(), K + 2, {DensePanels::pack, &source}, beta, got.data(), N + 3);
          k::ref::gemm(false, false, M, N, K, 0.75f, a.data(), K + 2, b.data(), N + 1, beta, want.data(), N + 3);
          // the columns past N of each row (ldc padding) are not C's: compare only C
          std::vector<float> g, w;
          for (int64_t i = 0; i < M; ++i)
            for (int64_t j = 0; j < N + 3; ++j)
              if (j < N) {
                g.push_back(got[i * (N + 3) + j]);
                w.push_back(want[i * (N + 3) + j]);
              } else if (beta != 0) {
                CHECK(got[i * (N + 3) + j] == want[i * (N + 3) + j]);  // untouched
              }
          INFO("M=" << M << " N=" << N << " K=" << K << " beta=" << beta);
          CHECK(maxRelDiff(g, w) < 1e-5 * (K + 4));
        }
      }
}

TEST_CASE("conv kernels: conv2d (implicit gemm) is the direct convolution, and writes only its output") {
  nn::Generator gen(32);
  std::vector<k::Window2d> list = geometries(true, false);
  // Output rows that are not a multiple of the panel width (panels wrap onto the next row),
  // strides, paddings as large as the window, dilation, more than one K slab (24 x 5 x 5 = 600,
  // 3 x 19 x 19 = 1083 rows), and the 1x1 pointwise shortcut.
  list.push_back(window(2, 30, 29, 3, 3, 1, 1, 1, 1, 1, false));
  list.push_back(window(3, 12, 13, 2, 2, 1, 1, 2, 3, 1, false));
  list.push_back(window(24, 9, 11, 5, 5, 1, 1, 2, 2, 1, false));
  list.push_back(window(3, 21, 23, 19, 19, 1, 2, 3, 0, 1, false));
  list.push_back(window(5, 14, 9, 3, 3, 2, 2, 1, 1, 2, false));
  list.push_back(window(7, 6, 5, 1, 1, 1, 1, 0, 0, 1, false));
  list.push_back(window(7, 6, 5, 1, 1, 2, 1, 0, 0, 1, false));
  for (const k::Window2d& g : list) {
    for (int64_t nOut : {1, 6, 16, 100}) {
      for (bool withBias : {true, false}) {
        const auto x = randomVector(gen, g.planes * g.inPlane());
        const auto w = randomVector(gen, nOut * g.columnRows());
        const auto b = randomVector(gen, nOut);
        const int64_t n = nOut * g.outPlane();
        std::vector<float> got(n + 8, kSentinel), want(n);
        if (!withBias) std::fill(got.begin(), got.begin() + n, std::numeric_limits<float>::quiet_NaN());
        k::conv2d(g, nOut, x.data(), w.data(), withBias ? b.data() : nullptr, got.data());
        k::ref::conv2d(g, nOut, x.data(), w.data(), withBias ? b.data() : nullptr, want.data());
        INFO("nOut=" << nOut << " planes=" << g.planes << " " << g.height << "x" << g.width << " k=" << g.kH << "x"
                     << g.kW << " step=" << g.dH << "," << g.dW << " pad=" << g.padH << "," << g.padW
                     << " dil=" << g.dilH << " bias=" << withBias);
        for (int i = 0; i < 8; ++i) CHECK(got[n + i] == kSentinel);
        got.resize(n);
        CHECK(maxRelDiff(got, want) < 1e-5 * (g.columnRows() + 4));
      }
    }
  }
}
