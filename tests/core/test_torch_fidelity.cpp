// Issue 14, part 1: behaviours where the port differed from torch/nn. Each case states what Torch
// does (its .lua module, THNN's C, or test.lua) and checks our module against that formula with
// values computed here, independently of the module.
#include <cmath>

#include "tests/core/testing.h"

#include "core/criterions/ClassNLLCriterion.h"
#include "core/criterions/CrossEntropyCriterion.h"
#include "core/modules/CAdd.h"
#include "core/modules/CMul.h"
#include "core/modules/Dropout.h"
#include "core/modules/LookupTable.h"
#include "core/modules/Narrow.h"
#include "core/modules/View.h"
#include "core/serialize.h"

using namespace nn;

namespace {

Tensor ramp(const Shape& sizes, float start = 0.0f, float step = 1.0f) {
  Tensor t(sizes);
  float* p = t.data();
  for (int64_t i = 0; i < t.numel(); ++i) p[i] = start + step * static_cast<float>(i);
  return t;
}

float close(float a, float b) { return std::fabs(a - b) <= 1e-5f * (1 + std::fabs(b)); }

}  // namespace

// 1. CAdd.lua / CMul.lua: a parameter with as many dimensions as the input expands over its
// size-1 dimensions (expandAs).
TEST_CASE("fidelity 1: nn.CAdd(3, 1, 1) is a per-channel bias of 3 x H x W input") {
  manualSeed(1);
  CAdd m(3, 1, 1);
  const Tensor x = Tensor::randn({3, 2, 4});
  const Tensor& y = m.forward(x).tensor();
  REQUIRE(y.sizes() == Shape{3, 2, 4});
  for (int64_t c = 0; c < 3; ++c)
    for (int64_t i = 0; i < 2; ++i)
      for (int64_t j = 0; j < 4; ++j) CHECK(close(y.at({c, i, j}), x.at({c, i, j}) + m.bias.at({c, 0, 0})));
  // gradBias[c] = sum over the plane of gradOutput
  const Tensor g = Tensor::randn({3, 2, 4});
  m.zeroGradParameters();
  m.backward(x, g);
  for (int64_t c = 0; c < 3; ++c) {
    double s = 0;
    for (int64_t i = 0; i < 2; ++i)
      for (int64_t j = 0; j < 4; ++j) s += g.at({c, i, j});
    CHECK(close(m.gradBias.at({c, 0, 0}), static_cast<float>(s)));
  }
  CHECK(maxAbsDiff(m.gradInput.tensor(), g) == 0);
  testing::checkModuleGradients(m, Tensor::randn({3, 2, 4}));
  // An input the bias fits element by element, or a batch of them, works as before.
  CHECK(m.forward(Tensor::randn({3})).tensor().sizes() == Shape{3});
  CHECK(m.forward(Tensor::randn({5, 3, 1, 1})).tensor().sizes() == Shape{5, 3, 1, 1});
  CHECK_THROWS_WITH_AS(m.forward(Tensor::randn({4, 2, 2})), doctest::Contains("cannot be expanded"), Error);
}

TEST_CASE("fidelity 1: nn.CMul(1, 3, 1, 1) scales each channel of batch x 3 x H x W input") {
  manualSeed(2);
  CMul m(1, 3, 1, 1);
  const Tensor x = Tensor::randn({2, 3, 2, 2});
  const Tensor& y = m.forward(x).tensor();
  for (int64_t b = 0; b < 2; ++b)
    for (int64_t c = 0; c < 3; ++c)
      for (int64_t i = 0; i < 2; ++i)
        for (int64_t j = 0; j < 2; ++j)
          CHECK(close(y.at({b, c, i, j}), x.at({b, c, i, j}) * m.weight.at({0, c, 0, 0})));
  const Tensor g = Tensor::randn({2, 3, 2, 2});
  m.zeroGradParameters();
  m.backward(x, g);
  for (int64_t c = 0; c < 3; ++c) {
    double s = 0;
    for (int64_t b = 0; b < 2; ++b)
      for (int64_t i = 0; i < 2; ++i)
        for (int64_t j = 0; j < 2; ++j) s += static_cast<double>(g.at({b, c, i, j})) * x.at({b, c, i, j});
    CHECK(close(m.gradWeight.at({0, c, 0, 0}), static_cast<float>(s)));
    CHECK(close(m.gradInput.tensor().at({1, c, 1, 0}), g.at({1, c, 1, 0}) * m.weight.at({0, c, 0, 0})));
  }
  testing::checkModuleGradients(m, Tensor::randn({2, 3, 2, 2}));
  // a weight with size-1 dimensions in several places (the nn.CMul(1, 3, 2, 2, 1))
  CMul five(1, 3, 2, 2, 1);
  testing::checkModuleGradients(five, Tensor::randn({2, 3, 2, 2, 3}));
}

// 2. AddConstant.lua: a tensor constant of n values for a vector of n or a batch x n matrix.
TEST_CASE("fidelity 2: nn.AddConstant(tensor) adds the tensor to a vector and to every row of a batch") {
  const Tensor c = Tensor::vector({1, -2, 3});
  const ModulePtr m = createModule("AddConstant", {c});
  const Tensor v = Tensor::vector({10, 20, 30});
  CHECK(m->forward(v).tensor().toVector() == std::vector<float>{11, 18, 33});
  const Tensor batch = Tensor::matrix({{0, 0, 0}, {1, 1, 1}});
  CHECK(m->forward(batch).tensor().toVector() == std::vector<float>{1, -2, 3, 2, -1, 4});
  const Tensor g = Tensor::randn({2, 3});
  CHECK(maxAbsDiff(m->backward(batch, g).tensor(), g) == 0);
  CHECK_THROWS_WITH_AS(m->forward(Tensor::randn({4})), doctest::Contains("doesn't match with the dimension of constant"), Error);
  // the constant is a copy, and arguments() rebuilds the module
  CHECK(createModule("AddConstant", m->arguments())->forward(v).tensor().toVector() == std::vector<float>{11, 18, 33});
  testing::checkModuleGradients(*m, Tensor::randn({4, 3}));
}

// 3. LeakyReLU.lua: a boolean first argument is the in-place flag; negval stays 1/100.
TEST_CASE("fidelity 3: nn.LeakyReLU(true) has negval 1/100") {
  const ModulePtr m = createModule("LeakyReLU", {true});
  CHECK(m->toString() == "nn.LeakyReLU(0.01)");
  CHECK(close(m->forward(Tensor::vector({-2, 3})).tensor().at({0}), -0.02f));
  CHECK(createModule("LeakyReLU", {0.2, true})->toString() == "nn.LeakyReLU(0.2)");
}

// 4. THNN Abs.c: gradInput = gradOutput * (z >= 0 ? 1 : -1).
TEST_CASE("fidelity 4: the gradient of nn.Abs at 0 is +gradOutput") {
  const ModulePtr m = createModule("Abs", {});
  const Tensor x = Tensor::vector({-1, 0, 2});
  m->forward(x);
  CHECK(m->backward(x, Tensor::vector({5, 7, 9})).tensor().toVector() == std::vector<float>{-5, 7, 9});
}

// 5. THNN Sqrt.c and test.lua "sqrt backward singularity": 0 where the output is 0.
TEST_CASE("fidelity 5: the gradient of nn.Sqrt where the output is 0 is 0, not Infinity") {
  const ModulePtr m = createModule("Sqrt", {});
  const Tensor zeros = Tensor::zeros({5, 7});
  m->forward(zeros);
  const Tensor& g = m->backward(zeros, Tensor::rand({5, 7})).tensor();
  CHECK(g.maxAbs() == 0);
  const Tensor x = Tensor::vector({0, 4});
  m->forward(x);
  CHECK(m->backward(x, Tensor::vector({3, 8})).tensor().toVector() == std::vector<float>{0, 2});  // 0.5 * 8 / 2
}

// 6. THNN SoftMax.c / LogSoftMax.c: 3-D input (planes x h x w) normalises over dimension 1, 4-D
// (batch x planes x h x w) over dimension 2.
TEST_CASE("fidelity 6: nn.SoftMax and nn.LogSoftMax normalise 3-D input over dim 1, 4-D over dim 2") {
  manualSeed(6);
  for (const char* type : {"SoftMax", "LogSoftMax"}) {
    const bool isLog = std::string(type) == "LogSoftMax";
    INFO(type);
    const ModulePtr m = createModule(type, {});
    const Tensor x3 = Tensor::randn({4, 2, 3});
    const Tensor& y3 = m->forward(x3).tensor();
    for (int64_t i = 0; i < 2; ++i)
      for (int64_t j = 0; j < 3; ++j) {
        double total = 0;
        for (int64_t c = 0; c < 4; ++c) total += std::exp(static_cast<double>(x3.at({c, i, j})));
        for (int64_t c = 0; c < 4; ++c) {
          const double want = std::exp(static_cast<double>(x3.at({c, i, j}))) / total;
          CHECK(close(y3.at({c, i, j}), static_cast<float>(isLog ? std::log(want) : want)));
        }
      }
    testing::checkModuleGradients(*m, Tensor::randn({4, 2, 3}));
    const Tensor x4 = Tensor::randn({2, 3, 2, 2});
    const Tensor& y4 = m->forward(x4).tensor();
    for (int64_t b = 0; b < 2; ++b)
      for (int64_t i = 0; i < 2; ++i) {
        double total = 0;
        for (int64_t c = 0; c < 3; ++c) total += isLog ? std::exp(y4.at({b, c, i, 1})) : y4.at({b, c, i, 1});
        CHECK(std::fabs(total - 1) < 1e-5);
      }
    testing::checkModuleGradients(*m, Tensor::randn({2, 3, 2, 2}));
    CHECK_THROWS_WITH_AS(m->forward(Tensor::randn({1, 1, 1, 1, 2})), doctest::Contains("4-D"), Error);
  }
}

// 7. Dropout.lua: v1 keeps survivors unscaled in training and multiplies by 1 - p in evaluate();
// stochasticInference draws a mask in evaluate() too.
TEST_CASE("fidelity 7: nn.Dropout(p, v1, inplace, stochasticInference)") {
  const ModulePtr v1 = createModule("Dropout", {0.25, true});
  const Tensor x = Tensor::full({400}, 2.0f);
  manualSeed(7);
  const Tensor y = v1->forward(x).tensor().clone();
  int64_t kept = 0;
  for (float v : y.toVector()) {
    CHECK((v == 0.0f || v == 2.0f));  // not 2 / 0.75
    kept += v != 0;
  }
  CHECK(kept > 250);
  CHECK(kept < 350);
  const Tensor g = Tensor::full({400}, 3.0f);
  const std::vector<float> gTrain = v1->backward(x, g).tensor().toVector();
  for (size_t i = 0; i < gTrain.size(); ++i) CHECK(gTrain[i] == (y.toVector()[i] != 0 ? 3.0f : 0.0f));
  v1->evaluate();
  CHECK(v1->forward(x).tensor().toVector() == std::vector<float>(400, 1.5f));
  CHECK(v1->backward(x, g).tensor().toVector() == std::vector<float>(400, 2.25f));

  const ModulePtr mc = createModule("Dropout", {0.5, false, false, true});
  mc->evaluate();
  manualSeed(8);
  const std::vector<float> ye = mc->forward(x).tensor().toVector();
  int64_t zeros = 0;
  for (float v : ye) {
    CHECK((v == 0.0f || v == 4.0f));
    zeros += v == 0;
  }
  CHECK(zeros > 100);
  CHECK(createModule("Dropout", mc->arguments())->arguments().size() == 4);
}

// 8. LookupTable.lua + THNN LookupTable.c: padding positions get no gradient; with maxNorm the
// looked-up rows are renormalised in place: scale maxNorm / (norm + 1e-7) when norm > maxNorm.
TEST_CASE("fidelity 8: nn.LookupTable(nIndex, nOutput, paddingValue, maxNorm, normType)") {
  manualSeed(9);
  LookupTable padded(5, 3, 2);
  const Tensor idx = Tensor::vector({1, 2, 4, 2});
  padded.forward(idx);
  padded.zeroGradParameters();
  padded.backward(idx, Tensor::ones({4, 3}));
  const Tensor& gw = padded.gradWeight;
  CHECK(gw.at({0, 0}) == 1);
  CHECK(gw.at({1, 0}) == 0);  // index 2 is padding
  CHECK(gw.at({3, 2}) == 1);

  LookupTable renorm(5, 4, 0, 1.0, 2);
  renorm.weight.copy(ramp({5, 4}, 1.0f));  // every row has norm > 1
  const Tensor before = renorm.weight.clone();
  const Tensor rows = Tensor::vector({3, 1, 3});
  const Tensor& y = renorm.forward(rows).tensor();
  for (int64_t r : {0, 2}) {  // rows 1 and 3 were looked up
    double norm = 0;
    for (int64_t j = 0; j < 4; ++j) norm += before.at({r, j}) * before.at({r, j});
    norm = std::sqrt(norm);
    for (int64_t j = 0; j < 4; ++j)
      CHECK(close(renorm.weight.at({r, j}), static_cast<float>(before.at({r, j}) * (1.0 / (norm + 1e-7)))));
  }
  CHECK(renorm.weight.at({1, 0}) == before.at({1, 0}));  // row 2 was not looked up
  CHECK(close(y.at({0, 1}), renorm.weight.at({2, 1})));
  // normType 1
  LookupTable l1(2, 2, 0, 1.0, 1);
  l1.weight.copy(Tensor::matrix({{3, -1}, {0.25f, 0.25f}}));
  l1.forward(Tensor::vector({1, 2}));
  CHECK(close(l1.weight.at({0, 0}), static_cast<float>(3 / (4 + 1e-7))));
  CHECK(l1.weight.at({1, 0}) == 0.25f);
  CHECK(createModule("LookupTable", renorm.arguments())->arguments().size() == 5);
}

// 9. View.lua's setNumInputDims: the last n dimensions are one example.
TEST_CASE("fidelity 9: nn.View(...):setNumInputDims(n) infers the batch and survives save/load") {
  auto v = std::make_shared<View>(Shape{4});
  v->setNumInputDims(2);
  CHECK(v->forward(Tensor::randn({3, 2, 2})).tensor().sizes() == Shape{3, 4});
  CHECK(v->forward(Tensor::randn({2, 2})).tensor().sizes() == Shape{4});
  auto inferred = std::make_shared<View>(Shape{-1, 2});
  inferred->setNumInputDims(2);
  CHECK(inferred->forward(Tensor::randn({5, 3, 2})).tensor().sizes() == Shape{5, 3, 2});
  const ModulePtr back = loadModule(saveModule(*v));
  CHECK(back->forward(Tensor::randn({3, 2, 2})).tensor().sizes() == Shape{3, 4});
  CHECK(v->clone()->forward(Tensor::randn({3, 2, 2})).tensor().sizes() == Shape{3, 4});
}

// 10. Narrow.lua, and test.lua's five Narrow cases.
TEST_CASE("fidelity 10: nn.Narrow follows Narrow.lua for negative dimension, offset and length") {
  manualSeed(10);
  struct Case {
    Shape size;
    int64_t dim, offset, length;   // the module's arguments
    int dimWant;
    int64_t offsetWant, lengthWant;  // what Torch's test.lua compares them with
  };
  const Case cases[] = {
      {{9, 4, 14}, 1, 3, -3, 1, 3, 5},  {{3, 10, 4}, 2, 5, -4, 2, 5, 3}, {{6, 11, 7}, 3, 1, -7, 3, 1, 1},
      {{3, 10, 4}, -2, 5, -4, 2, 5, 3}, {{3, 10, 4}, 2, -1, 7, 2, 1, 3},
  };
  for (const Case& c : cases) {
    Narrow m(c.dim, c.offset, c.length);
    INFO(m.toString());
    const Tensor x = Tensor::rand(c.size);
    const Tensor want = x.narrow(c.dimWant, c.offsetWant, c.lengthWant).contiguous();
    CHECK(maxAbsDiff(m.forward(x).tensor(), want) == 0);
    const Tensor g = Tensor::rand(want.sizes());
    Tensor gWant = Tensor::zeros(c.size);
    gWant.narrow(c.dimWant, c.offsetWant, c.lengthWant).copy(g);
    CHECK(maxAbsDiff(m.backward(x, g).tensor(), gWant) == 0);
  }
}

// 11. PairwiseDistance.lua: self.norm = p or 2.
TEST_CASE("fidelity 11: nn.PairwiseDistance() is the Euclidean distance") {
  const ModulePtr m = createModule("PairwiseDistance", {});
  const Value in = Value::table({Tensor::vector({1, 2, 3}), Tensor::vector({4, 6, 3})});
  CHECK(close(m->forward(in).tensor().item(), 5.0f));
}

// 12. ClassNLLCriterion.lua + THNN: (weights, sizeAverage, ignoreIndex); ignored samples count for
// nothing. (A plain number target is JS-level: tests/js/torch-fidelity.test.mjs.)
TEST_CASE("fidelity 12: nn.ClassNLLCriterion(weights, sizeAverage, ignoreIndex)") {
  const Tensor logp = Tensor::matrix({{-1, -2, -3}, {-4, -5, -6}, {-7, -8, -9}});
  const Tensor w = Tensor::vector({1, 2, 3});
  const CriterionPtr c = createCriterion("ClassNLLCriterion", {w, true, 2});
  const Tensor target = Tensor::vector({1, 2, 3});  // sample 2 (class 2) is ignored
  // loss = -(1 * -1 + 3 * -9) / (1 + 3)
  CHECK(close(c->forward(logp, target), 28.0f / 4));
  const std::vector<float> g = c->backward(logp, target).tensor().toVector();
  CHECK(g == std::vector<float>{-0.25f, 0, 0, 0, 0, 0, 0, 0, -0.75f});
  const CriterionPtr sum = createCriterion("ClassNLLCriterion", {Arg(), false});
  CHECK(close(sum->forward(logp, target), 1 + 5 + 9));
  // the default ignoreIndex is -100, and arguments() rebuild the criterion
  CHECK(createCriterion("ClassNLLCriterion", c->arguments())->arguments().size() == 3);
  CHECK(createCriterion("ClassNLLCriterion", {})->arguments().size() == 2);
  testing::checkCriterionGradients(*c, Tensor::randn({3, 3}), target);
}

// 13. THNN HardTanh.c (since 2017): gradInput = 0 where input <= min_val or input >= max_val.
TEST_CASE("fidelity 13: nn.HardTanh and nn.Clamp zero the gradient at x == min and x == max") {
  for (const ModulePtr& m : {createModule("HardTanh", {}), createModule("Clamp", {-1, 1})}) {
    INFO(m->toString());
    const Tensor x = Tensor::vector({-2, -1, 0, 1, 2});
    m->forward(x);
    CHECK(m->backward(x, Tensor::ones({5})).tensor().toVector() == std::vector<float>{0, 0, 1, 0, 0});
  }
}
