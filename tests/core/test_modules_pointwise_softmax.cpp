// SoftMax, LogSoftMax and Dropout: values against direct formulas, gradients, determinism, errors.
#include <cmath>

#include "tests/core/testing.h"

#include "core/modules/Dropout.h"
#include "core/modules/LogSoftMax.h"
#include "core/modules/SoftMax.h"

using namespace nn;

namespace {

// Softmax of one row in double, written out.
std::vector<double> softmaxRow(const std::vector<float>& x) {
  double total = 0;
  for (float v : x) total += std::exp(static_cast<double>(v));
  std::vector<double> out;
  for (float v : x) out.push_back(std::exp(static_cast<double>(v)) / total);
  return out;
}

}  // namespace

TEST_CASE("module SoftMax: a vector sums to one, hand-computed values") {
  SoftMax m;
  const Tensor y = m.forward(Tensor::vector({0, std::log(3.0f)})).tensor();
  CHECK(y.at({0}) == doctest::Approx(0.25));
  CHECK(y.at({1}) == doctest::Approx(0.75));
  // Shifting the input does not change the result, and large values do not overflow.
  const Tensor big = m.forward(Tensor::vector({1000, 1000 + std::log(3.0f)})).tensor();
  CHECK(big.at({0}) == doctest::Approx(0.25).epsilon(1e-3));
  CHECK(std::isfinite(big.at({1})));
}

TEST_CASE("module SoftMax: a batch is normalised row by row; gradient check") {
  manualSeed(21);
  SoftMax m;
  const Tensor x = Tensor::randn({3, 5});
  const Tensor y = m.forward(x).tensor();
  REQUIRE(y.shapeString() == "3x5");
  for (int r = 0; r < 3; ++r) {
    const std::vector<double> expected = softmaxRow(x.select(1, r + 1).toVector());
    for (int c = 0; c < 5; ++c) CHECK(y.at({r, c}) == doctest::Approx(expected[c]).epsilon(1e-5));
  }
  // d/dx_j sum_i g_i y_i = y_j (g_j - sum_i g_i y_i)
  const Tensor gy = Tensor::randn({3, 5});
  const Tensor gx = m.backward(x, gy).tensor();
  for (int r = 0; r < 3; ++r) {
    double dot = 0;
    for (int c = 0; c < 5; ++c) dot += static_cast<double>(gy.at({r, c})) * y.at({r, c});
    for (int c = 0; c < 5; ++c)
      CHECK(gx.at({r, c}) == doctest::Approx(y.at({r, c}) * (gy.at({r, c}) - dot)).epsilon(1e-5));
  }
  testing::checkModuleGradients(m, x);
  testing::checkModuleGradients(m, Tensor::randn({4}));
}

TEST_CASE("module LogSoftMax: log of the softmax, for a vector and a batch; gradient check") {
  manualSeed(22);
  LogSoftMax m;
  const Tensor v = m.forward(Tensor::vector({0, std::log(3.0f)})).tensor();
  CHECK(v.at({0}) == doctest::Approx(std::log(0.25)));
  CHECK(v.at({1}) == doctest::Approx(std::log(0.75)));
  const Tensor x = Tensor::randn({2, 4});
  const Tensor y = m.forward(x).tensor();
  for (int r = 0; r < 2; ++r) {
    const std::vector<double> expected = softmaxRow(x.select(1, r + 1).toVector());
    for (int c = 0; c < 4; ++c) CHECK(y.at({r, c}) == doctest::Approx(std::log(expected[c])).epsilon(1e-5));
  }
  // d/dx_j sum_i g_i log y_i = g_j - y_j sum_i g_i
  const Tensor gy = Tensor::randn({2, 4});
  const Tensor gx = m.backward(x, gy).tensor();
  for (int r = 0; r < 2; ++r) {
    double total = 0;
    for (int c = 0; c < 4; ++c) total += gy.at({r, c});
    for (int c = 0; c < 4; ++c)
      CHECK(gx.at({r, c}) == doctest::Approx(gy.at({r, c}) - std::exp(y.at({r, c})) * total).epsilon(1e-5));
  }
  testing::checkModuleGradients(m, x);
  testing::checkModuleGradients(m, Tensor::randn({6}));
}

TEST_CASE("module SoftMax and LogSoftMax: 1-D to 4-D input (THNN), errors say what was given") {
  SoftMax s;
  LogSoftMax l;
  CHECK_THROWS_WITH_AS(s.forward(Tensor::rand({2, 3, 4, 1, 1})),
                       doctest::Contains("nn.SoftMax: expected a 1-D (n), 2-D (batch x n), 3-D (planes x h x w) or 4-D "
                                         "(batch x planes x h x w) input, got size 2x3x4x1x1"), Error);
  CHECK_THROWS_WITH_AS(l.forward(Tensor::rand({2, 3, 4, 1, 1})),
                       doctest::Contains("nn.LogSoftMax: expected a 1-D (n), 2-D (batch x n), 3-D"), Error);
  l.forward(Tensor::rand({2, 3}));
  CHECK_THROWS_WITH_AS(l.backward(Tensor::rand({2, 3}), Tensor::rand({3, 2})),
                       doctest::Contains("gradOutput has size 3x2 but input has size 2x3"), Error);
  CHECK_THROWS_WITH_AS(s.backward(Tensor::rand({2, 3}), Tensor::rand({2, 3})),
                       doctest::Contains("nn.SoftMax: backward before forward"), Error);
  CHECK(createModule("nn.SoftMax", {})->toString() == "nn.SoftMax");
  CHECK(createModule("LogSoftMax", {})->toString() == "nn.LogSoftMax");
}

TEST_CASE("module Dropout: training zeroes about p of the elements and scales the rest by 1/(1-p)") {
  manualSeed(23);
  Dropout m(0.25);
  const Tensor x = Tensor::uniform({40, 50}, 1, 2);
  const Tensor y = m.forward(x).tensor();
  int64_t zeros = 0;
  for (int i = 0; i < 40; ++i)
    for (int j = 0; j < 50; ++j) {
      const float v = y.at({i, j});
      if (v == 0) ++zeros;
      else CHECK(v == doctest::Approx(x.at({i, j}) / 0.75));
    }
  // 2000 Bernoulli(0.25) draws: 500 expected, standard deviation about 19.
  CHECK(zeros > 400);
  CHECK(zeros < 600);
  // backward applies the same mask
  const Tensor gy = Tensor::randn({40, 50});
  const Tensor gx = m.backward(x, gy).tensor();
  for (int i = 0; i < 40; ++i)
    for (int j = 0; j < 50; ++j) {
      const float expected = y.at({i, j}) == 0 ? 0.0f : gy.at({i, j}) / 0.75f;
      CHECK(gx.at({i, j}) == doctest::Approx(expected));
    }
}

TEST_CASE("module Dropout: the mask is reproducible under manualSeed and follows the generator") {
  Dropout m(0.5);
  const Tensor x = Tensor::ones({100});
  manualSeed(7);
  const Tensor first = m.forward(x).tensor().clone();
  const Tensor second = m.forward(x).tensor().clone();
  CHECK(maxAbsDiff(first, second) > 0);  // a new mask every forward
  manualSeed(7);
  CHECK(maxAbsDiff(m.forward(x).tensor(), first) == 0);
  // The mask is Bernoulli(1 - p) drawn in element order from the global generator.
  Generator gen(7);
  for (int i = 0; i < 100; ++i) CHECK(first.at({i}) == (gen.bernoulli(0.5) ? 2.0f : 0.0f));
  CHECK(maxAbsDiff(m.noise(), first) == 0);
}

TEST_CASE("module Dropout: evaluate() is the identity and the gradient check passes") {
  manualSeed(24);
  Dropout m;
  CHECK(m.toString() == "nn.Dropout(0.5)");
  m.evaluate();
  const Tensor x = Tensor::randn({3, 4});
  CHECK(maxAbsDiff(m.forward(x).tensor(), x) == 0);
  CHECK(!m.output.tensor().sameStorage(x));  // a copy, as Torch's (not in-place) Dropout
  const Tensor gy = Tensor::randn({3, 4});
  CHECK(maxAbsDiff(m.backward(x, gy).tensor(), gy) == 0);
  testing::checkModuleGradients(m, x);
  // p = 0 is the identity even while training.
  Dropout none(0);
  CHECK(maxAbsDiff(none.forward(x).tensor(), x) == 0);
  testing::checkModuleGradients(none, x);
  // Back to training: elements are dropped again.
  m.training();
  manualSeed(25);
  const Tensor y = m.forward(Tensor::ones({64})).tensor();
  CHECK(y.sum() != doctest::Approx(64));
}

TEST_CASE("module Dropout: p outside [0, 1) and backward before forward are errors") {
  CHECK_THROWS_WITH_AS(Dropout(1), doctest::Contains("nn.Dropout(1): p must satisfy 0 <= p < 1"), Error);
  CHECK_THROWS_WITH_AS(Dropout(-0.1), doctest::Contains("p must satisfy 0 <= p < 1"), Error);
  // v1 = true is supported since issue 14 (tests/core/test_torch_fidelity.cpp)
  CHECK(createModule("nn.Dropout", {0.2, false, true})->toString() == "nn.Dropout(0.2)");
  CHECK(createModule("nn.Dropout", {})->toString() == "nn.Dropout(0.5)");
  Dropout m(0.3);
  CHECK_THROWS_WITH_AS(m.backward(Tensor::rand({3}), Tensor::rand({3})),
                       doctest::Contains("nn.Dropout(0.3): backward before forward"), Error);
  m.forward(Tensor::rand({3}));
  CHECK_THROWS_WITH_AS(m.backward(Tensor::rand({3}), Tensor::rand({4})),
                       doctest::Contains("gradOutput has size 4 but input has size 3"), Error);
  ModulePtr copy = createModule("nn.Dropout", m.arguments());
  CHECK(copy->toString() == m.toString());
}
