// Modules with parameters: Linear, Add, Mul, CMul, CAdd. Hand-computed values, gradient checks for
// input and parameters, accumulation, Torch initialisation, errors, registry round trips.
#include <cmath>

#include "tests/core/testing.h"

#include "core/modules/Add.h"
#include "core/modules/CAdd.h"
#include "core/modules/CMul.h"
#include "core/modules/Linear.h"
#include "core/modules/Mul.h"

using namespace nn;

namespace {

void setTo(Tensor& t, const Tensor& values) { t.copy(values); }

bool within(const Tensor& t, float bound) {
  for (float v : t.toVector())
    if (std::fabs(v) > bound) return false;
  return true;
}

}  // namespace

TEST_CASE("module Linear: a vector and a batch against hand-computed values") {
  Linear m(3, 2);
  setTo(m.weight, Tensor::matrix({{1, 2, 3}, {-1, 0, 2}}));
  setTo(m.bias, Tensor::vector({0.5f, -1}));
  // W x + b for x = (1, 1, 2): (1 + 2 + 6 + 0.5, -1 + 0 + 4 - 1)
  CHECK(m.forward(Tensor::vector({1, 1, 2})).tensor().toVector() == std::vector<float>{9.5f, 2});
  const Tensor x = Tensor::matrix({{1, 1, 2}, {0, -1, 1}});
  const Tensor y = m.forward(x).tensor();
  CHECK(y.shapeString() == "2x2");
  CHECK(y.toVector() == std::vector<float>{9.5f, 2, 1.5f, 1});
  // gradInput = gy W; gradWeight = gy^T x; gradBias = column sums of gy
  const Tensor gy = Tensor::matrix({{1, 0}, {2, -1}});
  m.zeroGradParameters();
  const Tensor gx = m.backward(x, gy).tensor();
  CHECK(gx.toVector() == std::vector<float>{1, 2, 3, 3, 4, 4});
  CHECK(m.gradWeight.toVector() == std::vector<float>{1, -1, 4, 0, 1, -1});
  CHECK(m.gradBias.toVector() == std::vector<float>{3, -1});
  // scale multiplies the parameter gradient only
  m.zeroGradParameters();
  m.backward(x, gy, 0.5f);
  CHECK(m.gradBias.toVector() == std::vector<float>{1.5f, -0.5f});
}

TEST_CASE("module Linear: gradient checks and accumulation, with and without bias") {
  manualSeed(31);
  Linear m(4, 3);
  testing::checkModuleGradients(m, Tensor::randn({4}));
  testing::checkModuleGradients(m, Tensor::randn({5, 4}));
  testing::checkAccumulation(m, Tensor::randn({5, 4}), Tensor::randn({5, 3}));
  testing::checkAccumulation(m, Tensor::randn({4}), Tensor::randn({3}));
  Linear nb(4, 3, false);
  CHECK(nb.toString() == "nn.Linear(4 -> 3) without bias");
  CHECK(nb.parameters().first.size() == 1);
  const Tensor x = Tensor::randn({2, 4});
  const Tensor y = nb.forward(x).tensor();
  Tensor expected({2, 3});
  kernels::ref::gemm(false, true, 2, 3, 4, 1, x.data(), 4, nb.weight.data(), 4, 0, expected.data(), 3);
  CHECK(maxAbsDiff(y, expected) < 1e-5f);
  testing::checkModuleGradients(nb, x);
  testing::checkAccumulation(nb, x, Tensor::randn({2, 3}));
}

TEST_CASE("module Linear: initialisation is uniform(-1/sqrt(inputSize), 1/sqrt(inputSize)), seeded") {
  manualSeed(32);
  Linear a(16, 8);
  CHECK(within(a.weight, 0.25f));
  CHECK(within(a.bias, 0.25f));
  CHECK(a.weight.maxAbs() > 0.2f);  // 128 draws come close to the bound
  manualSeed(32);
  Linear b(16, 8);
  CHECK(maxAbsDiff(a.weight, b.weight) == 0);
  CHECK(maxAbsDiff(a.bias, b.bias) == 0);
  // reset keeps shared parameters shared
  ModulePtr shared = a.clone({"weight", "bias"});
  a.reset();
  auto* sharedLinear = dynamic_cast<Linear*>(shared.get());
  REQUIRE(sharedLinear);
  CHECK(sharedLinear->weight.isSameTensor(a.weight));
  CHECK(maxAbsDiff(a.weight, b.weight) > 0);
}

TEST_CASE("module Linear: wrong input or gradOutput sizes are errors naming the sizes") {
  Linear m(3, 5);
  CHECK(m.toString() == "nn.Linear(3 -> 5)");
  CHECK_THROWS_WITH_AS(m.forward(Tensor::rand({4})),
                       doctest::Contains("nn.Linear(3 -> 5): expected input of size 3 or batch x 3, got 4"), Error);
  CHECK_THROWS_WITH_AS(m.forward(Tensor::rand({2, 2, 3})), doctest::Contains("got 2x2x3"), Error);
  m.forward(Tensor::rand({2, 3}));
  CHECK_THROWS_WITH_AS(m.backward(Tensor::rand({2, 3}), Tensor::rand({5, 2})),
                       doctest::Contains("gradOutput has size 5x2 but output has size 2x5"), Error);
  CHECK_THROWS_WITH_AS(m.accGradParameters(Tensor::rand({2, 3}), Tensor::rand({2, 4}), 1),
                       doctest::Contains("gradOutput has size 2x4 but output has size 2x5"), Error);
  CHECK_THROWS_WITH_AS(Linear(0, 3), doctest::Contains("sizes must be positive"), Error);
  CHECK_THROWS_WITH_AS(createModule("nn.Linear", {3}), doctest::Contains("argument 2 (outputSize) must be an integer"),
                       Error);
  ModulePtr rebuilt = createModule("nn.Linear", Linear(3, 2, false).arguments());
  CHECK(rebuilt->toString() == "nn.Linear(3 -> 2) without bias");
}

TEST_CASE("module Add: a bias per element, broadcast over a batch, or one scalar") {
  Add m(3);
  CHECK(m.toString() == "nn.Add(3)");
  setTo(m.bias, Tensor::vector({1, -2, 0.5f}));
  CHECK(m.forward(Tensor::vector({1, 1, 1})).tensor().toVector() == std::vector<float>{2, -1, 1.5f});
  const Tensor x = Tensor::matrix({{0, 0, 0}, {1, 2, 3}});
  CHECK(m.forward(x).tensor().toVector() == std::vector<float>{1, -2, 0.5f, 2, 0, 3.5f});
  const Tensor gy = Tensor::matrix({{1, 2, 3}, {4, 5, 6}});
  m.zeroGradParameters();
  CHECK(m.backward(x, gy).tensor().toVector() == gy.toVector());
  CHECK(m.gradBias.toVector() == std::vector<float>{5, 7, 9});

  Add s(3, true);
  CHECK(s.toString() == "nn.Add(3, scalar)");
  REQUIRE(s.bias.numel() == 1);
  setTo(s.bias, Tensor::vector({2}));
  CHECK(s.forward(x).tensor().toVector() == std::vector<float>{2, 2, 2, 3, 4, 5});
  s.zeroGradParameters();
  s.backward(x, gy, 2);
  CHECK(s.gradBias.item() == 42.0f);
}

TEST_CASE("module Add: gradient checks, accumulation, initialisation, errors") {
  manualSeed(33);
  Add m(4);
  CHECK(within(m.bias, 0.5f));
  testing::checkModuleGradients(m, Tensor::randn({4}));
  testing::checkModuleGradients(m, Tensor::randn({3, 4}));
  testing::checkAccumulation(m, Tensor::randn({3, 4}), Tensor::randn({3, 4}));
  Add s(4, true);
  CHECK(within(s.bias, 1.0f));
  testing::checkModuleGradients(s, Tensor::randn({2, 5}));
  testing::checkAccumulation(s, Tensor::randn({2, 5}), Tensor::randn({2, 5}));
  CHECK_THROWS_WITH_AS(m.forward(Tensor::rand({5})),
                       doctest::Contains("nn.Add(4): expected input of size 4 or batch x 4, got 5"), Error);
  CHECK_THROWS_WITH_AS(m.forward(Tensor::rand({2, 5})), doctest::Contains("got 2x5"), Error);
  m.forward(Tensor::rand({2, 4}));
  CHECK_THROWS_WITH_AS(m.backward(Tensor::rand({2, 4}), Tensor::rand({4, 2})),
                       doctest::Contains("gradOutput has size 4x2 but input has size 2x4"), Error);
  CHECK_THROWS_WITH_AS(Add(0), doctest::Contains("inputSize must be positive"), Error);
  CHECK(createModule("nn.Add", s.arguments())->toString() == "nn.Add(4, scalar)");
  CHECK(createModule("nn.Add", {7})->toString() == "nn.Add(7)");
}

TEST_CASE("module Mul: one learnable scalar for any input shape") {
  manualSeed(34);
  Mul m;
  CHECK(m.toString() == "nn.Mul");
  REQUIRE(m.weight.numel() == 1);
  CHECK(within(m.weight, 1.0f));
  setTo(m.weight, Tensor::vector({-3}));
  const Tensor x = Tensor::matrix({{1, 2}, {0, -1}});
  CHECK(m.forward(x).tensor().toVector() == std::vector<float>{-3, -6, 0, 3});
  const Tensor gy = Tensor::matrix({{1, 1}, {2, 3}});
  m.zeroGradParameters();
  CHECK(m.backward(x, gy).tensor().toVector() == std::vector<float>{-3, -3, -6, -9});
  CHECK(m.gradWeight.item() == 0.0f);  // 1 + 2 + 0 - 3
  m.backward(Tensor::vector({2}), Tensor::vector({5}));
  CHECK(m.gradWeight.item() == 10.0f);
  testing::checkModuleGradients(m, Tensor::randn({2, 3, 2}));
  testing::checkAccumulation(m, Tensor::randn({4}), Tensor::randn({4}));
  CHECK_THROWS_WITH_AS(m.backward(Tensor::rand({4}), Tensor::rand({3})),
                       doctest::Contains("nn.Mul: gradOutput has size 3 but input has size 4"), Error);
  CHECK(createModule("nn.Mul", {})->toString() == "nn.Mul");
}

TEST_CASE("module CMul: componentwise weight, broadcast over a batch") {
  CMul m(3);
  CHECK(m.toString() == "nn.CMul(3)");
  setTo(m.weight, Tensor::vector({2, -1, 0.5f}));
  CHECK(m.forward(Tensor::vector({1, 2, 4})).tensor().toVector() == std::vector<float>{2, -2, 2});
  const Tensor x = Tensor::matrix({{1, 2, 4}, {-1, 0, 2}});
  CHECK(m.forward(x).tensor().toVector() == std::vector<float>{2, -2, 2, -2, 0, 1});
  const Tensor gy = Tensor::matrix({{1, 1, 1}, {2, 3, 4}});
  m.zeroGradParameters();
  CHECK(m.backward(x, gy).tensor().toVector() == std::vector<float>{2, -1, 0.5f, 4, -3, 2});
  // gradWeight = sum over the batch of x .* gy
  CHECK(m.gradWeight.toVector() == std::vector<float>{-1, 2, 12});

  // A 2-D weight: an input with as many elements, or a batch of them.
  CMul m2(2, 2);
  CHECK(m2.toString() == "nn.CMul(2, 2)");
  setTo(m2.weight, Tensor::matrix({{1, 2}, {3, 4}}));
  CHECK(m2.forward(Tensor::matrix({{1, 1}, {1, 1}})).tensor().toVector() == std::vector<float>{1, 2, 3, 4});
  const Tensor batch = Tensor::ones({3, 2, 2});
  const Tensor y = m2.forward(batch).tensor();
  CHECK(y.shapeString() == "3x2x2");
  CHECK(y.select(1, 3).toVector() == std::vector<float>{1, 2, 3, 4});
}

TEST_CASE("module CMul: gradient checks, accumulation, initialisation, errors") {
  manualSeed(35);
  CMul m(4);
  CHECK(within(m.weight, 0.5f));
  testing::checkModuleGradients(m, Tensor::randn({4}));
  testing::checkModuleGradients(m, Tensor::randn({3, 4}));
  testing::checkAccumulation(m, Tensor::randn({3, 4}), Tensor::randn({3, 4}));
  CMul m2(2, 3);
  testing::checkModuleGradients(m2, Tensor::randn({4, 2, 3}));
  testing::checkAccumulation(m2, Tensor::randn({2, 3}), Tensor::randn({2, 3}));
  CHECK_THROWS_WITH_AS(m.forward(Tensor::rand({5})),
                       doctest::Contains("nn.CMul(4): the weight (size 4) cannot be expanded to the input's size 5"),
                       Error);
  CHECK_THROWS_WITH_AS(m.forward(Tensor::rand({2, 3})), doctest::Contains("got 2x3"), Error);
  m.forward(Tensor::rand({2, 4}));
  CHECK_THROWS_WITH_AS(m.backward(Tensor::rand({2, 4}), Tensor::rand({8})),
                       doctest::Contains("gradOutput has size 8 but input has size 2x4"), Error);
  CHECK_THROWS_WITH_AS(CMul(Shape{}), doctest::Contains("expected the size of the weight"), Error);
  CHECK_THROWS_WITH_AS(createModule("nn.CMul", {3, 0}), doctest::Contains("nn.CMul(3, 0): sizes must be positive"),
                       Error);
  CHECK(createModule("nn.CMul", m2.arguments())->toString() == "nn.CMul(2, 3)");
  CHECK(createModule("nn.CMul", {std::vector<double>{5, 2}})->toString() == "nn.CMul(5, 2)");
}

TEST_CASE("module CAdd: componentwise bias, broadcast over a batch") {
  CAdd m(3);
  CHECK(m.toString() == "nn.CAdd(3)");
  setTo(m.bias, Tensor::vector({1, -1, 0.5f}));
  CHECK(m.forward(Tensor::vector({1, 2, 4})).tensor().toVector() == std::vector<float>{2, 1, 4.5f});
  const Tensor x = Tensor::matrix({{1, 2, 4}, {-1, 0, 2}});
  CHECK(m.forward(x).tensor().toVector() == std::vector<float>{2, 1, 4.5f, 0, -1, 2.5f});
  const Tensor gy = Tensor::matrix({{1, 1, 1}, {2, 3, 4}});
  m.zeroGradParameters();
  CHECK(m.backward(x, gy).tensor().toVector() == gy.toVector());
  CHECK(m.gradBias.toVector() == std::vector<float>{3, 4, 5});
  // CAdd(1, 3): a 1 x 3 bias added to every row of a batch x 3 input, as Torch's expand.
  CAdd row(1, 3);
  setTo(row.bias, Tensor::matrix({{1, 2, 3}}));
  CHECK(row.forward(Tensor::zeros({2, 3})).tensor().toVector() == std::vector<float>{1, 2, 3, 1, 2, 3});
}

TEST_CASE("module CAdd: gradient checks, accumulation, initialisation, errors") {
  manualSeed(36);
  CAdd m(2, 2);
  CHECK(within(m.bias, 0.5f));
  testing::checkModuleGradients(m, Tensor::randn({2, 2}));
  testing::checkModuleGradients(m, Tensor::randn({3, 2, 2}));
  testing::checkAccumulation(m, Tensor::randn({3, 2, 2}), Tensor::randn({3, 2, 2}));
  // Column broadcasting (a 3 x 1 bias on a 3 x 5 input) is CAdd.lua's expansion
  // (tests/core/test_torch_fidelity.cpp); a bias that fits none of Torch's cases is a clear error.
  CAdd column(3, 1);
  CHECK(column.forward(Tensor::rand({3, 5})).tensor().sizes() == Shape{3, 5});
  CHECK_THROWS_WITH_AS(column.forward(Tensor::rand({2, 5})),
                       doctest::Contains("nn.CAdd(3, 1): the bias (size 3x1) cannot be expanded to the input's size 2x5"),
                       Error);
  m.forward(Tensor::rand({4}));
  CHECK_THROWS_WITH_AS(m.backward(Tensor::rand({4}), Tensor::rand({2, 2})),
                       doctest::Contains("gradOutput has size 2x2 but input has size 4"), Error);
  CHECK(createModule("nn.CAdd", m.arguments())->toString() == "nn.CAdd(2, 2)");
}

TEST_CASE("module Add, Mul, CMul, CAdd: clone is deep, clone(names) shares, updateParameters steps") {
  manualSeed(37);
  std::vector<ModulePtr> modules = {testing::make<Add>(3), testing::make<Mul>(), testing::make<CMul>(3),
                                    testing::make<CAdd>(3), testing::make<Linear>(3, 3)};
  const Tensor x = Tensor::randn({2, 3}), gy = Tensor::randn({2, 3});
  for (const ModulePtr& m : modules) {
    INFO(m->toString());
    ModulePtr deep = m->clone();
    ModulePtr shared = m->clone(m->typeName() == "nn.Add" || m->typeName() == "nn.CAdd"
                                    ? std::vector<std::string>{"bias", "gradBias"}
                                    : std::vector<std::string>{"weight", "gradWeight"});
    const Tensor before = m->parameters().first[0].clone();
    m->zeroGradParameters();
    m->forward(x);
    m->backward(x, gy);
    const Tensor grad = m->parameters().second[0].clone();
    m->updateParameters(0.1f);
    Tensor expected = before.clone().add(grad, -0.1f);
    CHECK(maxAbsDiff(m->parameters().first[0], expected) < 1e-6f);
    CHECK(maxAbsDiff(deep->parameters().first[0], before) == 0);
    CHECK(shared->parameters().first[0].isSameTensor(m->parameters().first[0]));
  }
}

TEST_CASE("module Linear: a non-contiguous (transposed) batch gives the same results as a dense copy") {
  manualSeed(38);
  Linear m(3, 4);
  const Tensor xt = Tensor::randn({3, 5}).t();  // 5x3 view
  REQUIRE(!xt.isContiguous());
  const Tensor dense = xt.clone();
  const Tensor gy = Tensor::randn({5, 4});
  m.zeroGradParameters();
  const Tensor y1 = m.forward(xt).tensor().clone();
  const Tensor g1 = m.backward(xt, gy).tensor().clone();
  const Tensor w1 = m.gradWeight.clone();
  m.zeroGradParameters();
  CHECK(maxAbsDiff(m.forward(dense).tensor(), y1) == 0);
  CHECK(maxAbsDiff(m.backward(dense, gy).tensor(), g1) == 0);
  CHECK(maxAbsDiff(m.gradWeight, w1) == 0);
}
