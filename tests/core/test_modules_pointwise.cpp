// Elementwise activations (the Pointwise family), Identity: values against the formulas, written
// here independently of the kernels, gradient checks away from kinks, errors, registry.
#include <cmath>
#include <functional>

#include "tests/core/testing.h"

#include "core/modules/Abs.h"
#include "core/modules/AddConstant.h"
#include "core/modules/Clamp.h"
#include "core/modules/ELU.h"
#include "core/modules/Exp.h"
#include "core/modules/HardTanh.h"
#include "core/modules/Identity.h"
#include "core/modules/LeakyReLU.h"
#include "core/modules/Log.h"
#include "core/modules/MulConstant.h"
#include "core/modules/Power.h"
#include "core/modules/ReLU.h"
#include "core/modules/Sigmoid.h"
#include "core/modules/SoftPlus.h"
#include "core/modules/SoftSign.h"
#include "core/modules/Sqrt.h"
#include "core/modules/Square.h"
#include "core/modules/Tanh.h"

using namespace nn;

namespace {

using Fn = std::function<double(double)>;

// forward(x) == f(x) and backward(x, gy) == gy * df(x), elementwise, in double precision.
void checkElementwise(Module& m, const Tensor& x, const Fn& f, const Fn& df, double tol = 1e-5) {
  INFO(m.toString());
  const Tensor y = m.forward(x).tensor();
  REQUIRE(y.sameShape(x));
  const Tensor gy = Tensor::uniform(x.sizes(), -1, 1);
  const Tensor gx = m.backward(x, gy).tensor();
  REQUIRE(gx.sameShape(x));
  const std::vector<float> xs = x.contiguous().toVector(), ys = y.toVector(), gys = gy.toVector(),
                           gxs = gx.toVector();
  for (size_t i = 0; i < xs.size(); ++i) {
    INFO("x = " << xs[i]);
    const double fy = f(xs[i]), fd = gys[i] * df(xs[i]);
    CHECK(std::fabs(ys[i] - fy) <= tol * (1 + std::fabs(fy)));
    CHECK(std::fabs(gxs[i] - fd) <= tol * (1 + std::fabs(fd)));
  }
}

// A 3x4 input whose elements all lie at least `gap` away from every point in `kinks`, in [lo, hi].
Tensor awayFrom(std::initializer_list<double> kinks, double lo = -2, double hi = 2, double gap = 0.05) {
  Tensor x = Tensor::uniform({3, 4}, static_cast<float>(lo), static_cast<float>(hi));
  float* p = x.data();
  for (int64_t i = 0; i < x.numel(); ++i)
    for (double k : kinks)
      if (std::fabs(p[i] - k) < gap) p[i] = static_cast<float>(p[i] < k ? k - gap : k + gap);
  return x;
}

double sigmoid(double v) { return 1 / (1 + std::exp(-v)); }

}  // namespace

TEST_CASE("module Tanh: values, gradient and gradient check") {
  manualSeed(1);
  Tanh m;
  const Tensor y = m.forward(Tensor::vector({0, 1, -2})).tensor();
  CHECK(y.at({0}) == 0.0f);
  CHECK(y.at({1}) == doctest::Approx(0.7615942));
  CHECK(y.at({2}) == doctest::Approx(-0.9640276));
  checkElementwise(m, Tensor::uniform({2, 3, 2}, -3, 3), [](double v) { return std::tanh(v); },
                   [](double v) { return 1 - std::tanh(v) * std::tanh(v); });
  testing::checkModuleGradients(m, Tensor::randn({4, 5}));
  CHECK(m.toString() == "nn.Tanh");
}

TEST_CASE("module Sigmoid: values, gradient and gradient check") {
  manualSeed(2);
  Sigmoid m;
  const Tensor y = m.forward(Tensor::vector({0, 2, -40})).tensor();
  CHECK(y.at({0}) == 0.5f);
  CHECK(y.at({1}) == doctest::Approx(0.8807971));
  CHECK(y.at({2}) == doctest::Approx(0.0).epsilon(1e-12));
  checkElementwise(m, Tensor::uniform({3, 4}, -5, 5), sigmoid,
                   [](double v) { return sigmoid(v) * (1 - sigmoid(v)); });
  testing::checkModuleGradients(m, Tensor::randn({3, 4}));
}

TEST_CASE("module ReLU: max(0, x), gradient 0 below zero, in-place flag accepted") {
  manualSeed(3);
  ReLU m;
  const Tensor y = m.forward(Tensor::vector({-1.5f, 0, 2.5f})).tensor();
  CHECK(y.toVector() == std::vector<float>{0, 0, 2.5f});
  // Torch's Threshold: the gradient at exactly 0 is 0.
  const Tensor gx = m.backward(Tensor::vector({-1.5f, 0, 2.5f}), Tensor::vector({1, 1, 1})).tensor();
  CHECK(gx.toVector() == std::vector<float>{0, 0, 1});
  checkElementwise(m, awayFrom({0}), [](double v) { return v > 0 ? v : 0; },
                   [](double v) { return v > 0 ? 1 : 0; });
  testing::checkModuleGradients(m, awayFrom({0}));
  ModulePtr made = createModule("nn.ReLU", {true});
  CHECK(made->toString() == "nn.ReLU");
}

TEST_CASE("module LeakyReLU: default slope 1/100, custom slope") {
  manualSeed(4);
  LeakyReLU m;
  CHECK(m.toString() == "nn.LeakyReLU(0.01)");
  const Tensor y = m.forward(Tensor::vector({-2, 3})).tensor();
  CHECK(y.at({0}) == doctest::Approx(-0.02));
  CHECK(y.at({1}) == 3.0f);
  LeakyReLU m2(0.2);
  checkElementwise(m2, awayFrom({0}), [](double v) { return v > 0 ? v : 0.2 * v; },
                   [](double v) { return v > 0 ? 1 : 0.2; });
  testing::checkModuleGradients(m2, awayFrom({0}));
  CHECK(createModule("LeakyReLU", {0.3, false})->toString() == "nn.LeakyReLU(0.3)");
}

TEST_CASE("module ELU: alpha * (exp(x) - 1) below zero") {
  manualSeed(5);
  ELU m;
  const Tensor y = m.forward(Tensor::vector({-1, 2})).tensor();
  CHECK(y.at({0}) == doctest::Approx(std::exp(-1.0) - 1));
  CHECK(y.at({1}) == 2.0f);
  ELU m2(0.5);
  checkElementwise(m2, awayFrom({0}), [](double v) { return v > 0 ? v : 0.5 * (std::exp(v) - 1); },
                   [](double v) { return v > 0 ? 1 : 0.5 * std::exp(v); });
  testing::checkModuleGradients(m2, awayFrom({0}));
  CHECK(m2.toString() == "nn.ELU(0.5)");
}

TEST_CASE("module HardTanh: clamps to [-1, 1] by default, gradient strictly inside") {
  manualSeed(6);
  HardTanh m;
  const Tensor x = Tensor::vector({-3, -1, 0.5f, 1, 2});
  CHECK(m.forward(x).tensor().toVector() == std::vector<float>{-1, -1, 0.5f, 1, 1});
  // THNN (since 2017) stops the gradient at the bounds themselves: input <= min or >= max.
  CHECK(m.backward(x, Tensor::ones({5})).tensor().toVector() == std::vector<float>{0, 0, 1, 0, 0});
  HardTanh m2(-0.5, 1.5);
  checkElementwise(m2, awayFrom({-0.5, 1.5}), [](double v) { return std::min(1.5, std::max(-0.5, v)); },
                   [](double v) { return v >= -0.5 && v <= 1.5 ? 1 : 0; });
  testing::checkModuleGradients(m2, awayFrom({-0.5, 1.5}));
  CHECK(m2.toString() == "nn.HardTanh(-0.5, 1.5)");
  CHECK_THROWS_WITH_AS(HardTanh(1, 1), doctest::Contains("max_value must be larger than min_value"), Error);
}

TEST_CASE("module Clamp: like Torch's (a HardTanh), min and max are required") {
  manualSeed(7);
  Clamp m(0, 2);
  const Tensor x = Tensor::vector({-1, 0, 1, 2, 3});
  CHECK(m.forward(x).tensor().toVector() == std::vector<float>{0, 0, 1, 2, 2});
  CHECK(m.backward(x, Tensor::full({5}, 2)).tensor().toVector() == std::vector<float>{0, 0, 2, 0, 0});
  checkElementwise(m, awayFrom({0, 2}, -1, 3), [](double v) { return std::min(2.0, std::max(0.0, v)); },
                   [](double v) { return v >= 0 && v <= 2 ? 1 : 0; });
  testing::checkModuleGradients(m, awayFrom({0, 2}, -1, 3));
  CHECK(m.toString() == "nn.Clamp(0, 2)");
  CHECK_THROWS_WITH_AS(createModule("nn.Clamp", {1}),
                       doctest::Contains("argument 2 (max_value) must be a number, got nothing"), Error);
  CHECK_THROWS_WITH_AS(Clamp(3, -3), doctest::Contains("nn.Clamp(3, -3): max_value must be larger"), Error);
}

TEST_CASE("module SoftPlus: log(1 + exp(beta x)) / beta, linear above the threshold") {
  manualSeed(8);
  SoftPlus m;
  const Tensor y = m.forward(Tensor::vector({0, 1, 30})).tensor();
  CHECK(y.at({0}) == doctest::Approx(std::log(2.0)));
  CHECK(y.at({1}) == doctest::Approx(std::log1p(std::exp(1.0))));
  CHECK(y.at({2}) == 30.0f);
  SoftPlus m2(2);
  checkElementwise(m2, Tensor::uniform({3, 4}, -3, 3), [](double v) { return std::log1p(std::exp(2 * v)) / 2; },
                   [](double v) { return sigmoid(2 * v); });
  testing::checkModuleGradients(m2, Tensor::randn({3, 4}));
  CHECK(m2.toString() == "nn.SoftPlus(2)");
  SoftPlus m3(1, 5);  // beta x above 5: the identity, gradient 1
  const Tensor big = Tensor::vector({6, 7});
  CHECK(m3.forward(big).tensor().toVector() == std::vector<float>{6, 7});
  CHECK(m3.backward(big, Tensor::vector({3, 4})).tensor().toVector() == std::vector<float>{3, 4});
  CHECK(m3.toString() == "nn.SoftPlus(1, 5)");
  CHECK_THROWS_WITH_AS(SoftPlus(0), doctest::Contains("beta must be positive"), Error);
}

TEST_CASE("module SoftSign: x / (1 + |x|)") {
  manualSeed(9);
  SoftSign m;
  CHECK(m.forward(Tensor::vector({1, -3})).tensor().toVector() == std::vector<float>{0.5f, -0.75f});
  checkElementwise(m, awayFrom({0}), [](double v) { return v / (1 + std::fabs(v)); },
                   [](double v) { return 1 / ((1 + std::fabs(v)) * (1 + std::fabs(v))); });
  testing::checkModuleGradients(m, awayFrom({0}));
}

TEST_CASE("module Exp, Log, Sqrt, Square, Abs: values and gradients") {
  manualSeed(10);
  const Tensor positive = Tensor::uniform({3, 4}, 0.5f, 3);
  Exp e;
  checkElementwise(e, Tensor::uniform({3, 4}, -2, 2), [](double v) { return std::exp(v); },
                   [](double v) { return std::exp(v); });
  testing::checkModuleGradients(e, Tensor::uniform({3, 4}, -2, 2));
  Log l;
  CHECK(l.forward(Tensor::vector({1})).tensor().at({0}) == 0.0f);
  checkElementwise(l, positive, [](double v) { return std::log(v); }, [](double v) { return 1 / v; });
  testing::checkModuleGradients(l, positive);
  Sqrt s;
  CHECK(s.forward(Tensor::vector({4, 9})).tensor().toVector() == std::vector<float>{2, 3});
  checkElementwise(s, positive, [](double v) { return std::sqrt(v); },
                   [](double v) { return 0.5 / std::sqrt(v); });
  testing::checkModuleGradients(s, positive);
  Square q;
  CHECK(q.forward(Tensor::vector({-3, 2})).tensor().toVector() == std::vector<float>{9, 4});
  checkElementwise(q, Tensor::randn({3, 4}), [](double v) { return v * v; }, [](double v) { return 2 * v; });
  testing::checkModuleGradients(q, Tensor::randn({3, 4}));
  Abs a;
  CHECK(a.forward(Tensor::vector({-3, 2})).tensor().toVector() == std::vector<float>{3, 2});
  checkElementwise(a, awayFrom({0}), [](double v) { return std::fabs(v); },
                   [](double v) { return v > 0 ? 1 : -1; });
  testing::checkModuleGradients(a, awayFrom({0}));
}

TEST_CASE("module Power: x^pow with gradient pow * x^(pow - 1)") {
  manualSeed(11);
  Power cube(3);
  CHECK(cube.forward(Tensor::vector({2, -1})).tensor().toVector() == std::vector<float>{8, -1});
  const Tensor positive = Tensor::uniform({3, 4}, 0.5f, 2);
  Power p(1.5);
  checkElementwise(p, positive, [](double v) { return std::pow(v, 1.5); },
                   [](double v) { return 1.5 * std::pow(v, 0.5); });
  testing::checkModuleGradients(p, positive);
  CHECK(p.toString() == "nn.Power(1.5)");
  CHECK_THROWS_WITH_AS(createModule("nn.Power", {}), doctest::Contains("nn.Power: argument 1 (pow) must be a number"),
                       Error);
}

TEST_CASE("module MulConstant and AddConstant: affine maps with a fixed constant") {
  manualSeed(12);
  MulConstant m(-2.5);
  AddConstant a(4);
  const Tensor x = Tensor::matrix({{1, -2}, {0.5f, 3}});
  CHECK(m.forward(x).tensor().toVector() == std::vector<float>{-2.5f, 5, -1.25f, -7.5f});
  CHECK(a.forward(x).tensor().toVector() == std::vector<float>{5, 2, 4.5f, 7});
  CHECK(m.backward(x, Tensor::ones({2, 2})).tensor().toVector() == std::vector<float>{-2.5f, -2.5f, -2.5f, -2.5f});
  CHECK(a.backward(x, Tensor::full({2, 2}, 3)).tensor().toVector() == std::vector<float>{3, 3, 3, 3});
  testing::checkModuleGradients(m, Tensor::randn({2, 3}));
  testing::checkModuleGradients(a, Tensor::randn({2, 3}));
  CHECK(m.toString() == "nn.MulConstant(-2.5)");
  CHECK(a.toString() == "nn.AddConstant(4)");
  CHECK(createModule("nn.MulConstant", {2.0, true})->toString() == "nn.MulConstant(2)");
}

TEST_CASE("module Pointwise: any shape, non-contiguous input, buffers reused") {
  manualSeed(13);
  Sigmoid m;
  const Tensor x = Tensor::randn({4, 3}).t();  // 3x4 transposed view
  REQUIRE(!x.isContiguous());
  const Tensor y = m.forward(x).tensor();
  CHECK(y.shapeString() == "3x4");
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 4; ++j) CHECK(y.at({i, j}) == doctest::Approx(sigmoid(x.at({i, j}))));
  const float* before = m.output.tensor().data();
  m.forward(x.clone());
  CHECK(m.output.tensor().data() == before);
  checkElementwise(m, Tensor::randn({2, 2, 2, 2}), sigmoid, [](double v) { return sigmoid(v) * (1 - sigmoid(v)); });
}

TEST_CASE("module Pointwise: errors name the module, what was expected and what was given") {
  Tanh m;
  CHECK_THROWS_WITH_AS(m.forward(Value::table({Tensor::rand({2}), Tensor::rand({2})})),
                       doctest::Contains("nn.Tanh: expected a tensor input but got a table of 2"), Error);
  m.forward(Tensor::rand({2, 3}));
  CHECK_THROWS_WITH_AS(m.backward(Tensor::rand({2, 3}), Tensor::rand({3, 2})),
                       doctest::Contains("nn.Tanh: gradOutput has size 3x2 but input has size 2x3"), Error);
  LeakyReLU l(0.1);
  CHECK_THROWS_WITH_AS(l.backward(Tensor::rand({4}), Tensor::rand({4})),
                       doctest::Contains("nn.LeakyReLU(0.1): backward before forward"), Error);
}

TEST_CASE("module Pointwise: arguments() rebuild each module through the registry") {
  std::vector<ModulePtr> modules = {
      testing::make<Tanh>(),         testing::make<Sigmoid>(),     testing::make<ReLU>(),
      testing::make<LeakyReLU>(0.3), testing::make<ELU>(0.7),      testing::make<HardTanh>(-2, 3),
      testing::make<Clamp>(-1, 4),   testing::make<SoftPlus>(2, 9), testing::make<SoftSign>(),
      testing::make<Exp>(),          testing::make<Log>(),         testing::make<Abs>(),
      testing::make<Square>(),       testing::make<Sqrt>(),        testing::make<Power>(2.5),
      testing::make<MulConstant>(3), testing::make<AddConstant>(-1)};
  manualSeed(14);
  const Tensor x = Tensor::uniform({2, 3}, 0.1f, 2);
  for (const ModulePtr& m : modules) {
    INFO(m->toString());
    ModulePtr rebuilt = createModule(m->typeName(), m->arguments());
    CHECK(rebuilt->toString() == m->toString());
    CHECK(maxAbsDiff(rebuilt->forward(x).tensor(), m->forward(x).tensor()) == 0.0f);
    ModulePtr copy = m->clone();
    CHECK(maxAbsDiff(copy->forward(x).tensor(), m->output.tensor()) == 0.0f);
    CHECK(!copy->output.tensor().sameStorage(m->output.tensor()));
  }
  CHECK(createModule("nn.HardTanh", {})->toString() == "nn.HardTanh(-1, 1)");
  CHECK(createModule("nn.ELU", {})->toString() == "nn.ELU(1)");
  CHECK(createModule("nn.SoftPlus", {})->toString() == "nn.SoftPlus(1)");
}

TEST_CASE("module Identity: passes tensors and tables through, gradient likewise") {
  Identity m;
  const Tensor x = Tensor::rand({2, 3});
  CHECK(m.forward(x).tensor().isSameTensor(x));
  const Tensor g = Tensor::rand({2, 3});
  CHECK(m.backward(x, g).tensor().isSameTensor(g));
  const Value t = Value::table({Tensor::rand({2}), Value::table({Tensor::rand({3})})});
  const Value& out = m.forward(t);
  REQUIRE(out.isTable());
  CHECK(out.describe() == t.describe());
  CHECK(out[1][0].tensor().isSameTensor(t[1][0].tensor()));
  testing::checkModuleGradients(m, t);
  CHECK(createModule("nn.Identity", {})->toString() == "nn.Identity");
  CHECK_THROWS_WITH_AS(createModule("nn.Identity", {3}), doctest::Contains("takes at most 0 arguments"), Error);
}

TEST_CASE("module Pointwise: an empty input gives an empty output and gradient") {
  Sigmoid m;
  const Tensor x = Tensor::zeros({0, 3});
  CHECK(m.forward(x).tensor().shapeString() == x.shapeString());
  CHECK(m.backward(x, Tensor::zeros({0, 3})).tensor().numel() == 0);
}
