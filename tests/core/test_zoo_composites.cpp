// Issue 14, the last of the module zoo: MaskedSelect, MixtureTable, WeightedEuclidean, Bottle,
// DepthConcat, CriterionTable, ParallelCriterion and MultiCriterion. Each is compared with its
// formula computed here (from the Lua sources' definitions), Jacobian-checked against central
// differences, and saved and loaded (or refused with a reason).
#include <cmath>

#include "tests/core/testing.h"

#include "core/criterions/CriterionContainer.h"
#include "core/modules/Container.h"
#include "core/modules/CriterionTable.h"
#include "core/serialize.h"

using namespace nn;

namespace {

bool close(double a, double b, double tol = 1e-5) { return std::fabs(a - b) <= tol * (1 + std::fabs(b)); }

// The gradient with respect to input[1] only (the other entries, a mask or a target, held
// fixed), against central differences of sum(output .* R).
void checkFirstEntryGradient(Module& m, const Value& input, double tolerance = 2e-3) {
  Tensor x = input[0].tensor();
  const Tensor R = Tensor::randn(m.forward(input).tensor().sizes());
  const auto loss = [&]() {
    const Tensor y = m.forward(input).tensor().contiguous();
    return kernels::dot(y.numel(), y.data(), R.data());
  };
  m.forward(input);
  const Tensor analytic = m.backward(input, R)[0].tensor().clone();
  for (int64_t i = 0; i < x.numel(); ++i) {
    const float saved = x.data()[i];
    x.data()[i] = saved + 1e-2f;
    const double up = loss();
    x.data()[i] = saved - 1e-2f;
    const double down = loss();
    x.data()[i] = saved;
    INFO(m.toString() << " element " << i);
    CHECK(close(analytic.data()[i], (up - down) / 2e-2, tolerance));
  }
}

ModulePtr roundTrip(const Module& m) {
  const std::string text = saveModule(m);
  ModulePtr back = loadModule(text);
  CHECK(back->toString() == m.toString());
  CHECK(saveModule(*back) == text);
  return back;
}

}  // namespace

TEST_CASE("composites: WeightedEuclidean is ||c_j .* (x - w_j)||, Euclidean's kernels with a scale") {
  manualSeed(61);
  const ModulePtr m = createModule("WeightedEuclidean", {3, 2});
  auto [params, grads] = m->parameters();
  REQUIRE(params.size() == 2);  // Torch's {weight, diagCov}
  Tensor W = params[0], C = params[1];
  CHECK(W.sizes() == Shape{3, 2});
  CHECK(C.maxAbs() == 1.0f);  // diagCov starts at 1
  CHECK(C.sum() == 6.0f);
  // with diagCov = 1 it is nn.Euclidean with the same weight
  const ModulePtr e = createModule("Euclidean", {3, 2});
  e->parameters().first[0].copy(W);
  const Tensor x = Tensor::randn({4, 3});
  CHECK(maxAbsDiff(m->forward(x).tensor(), e->forward(x).tensor()) < 1e-6f);
  C.copy(Tensor::uniform({3, 2}, 0.5f, 2.0f));
  const Tensor& y = m->forward(x).tensor();
  for (int64_t b = 0; b < 4; ++b)
    for (int64_t j = 0; j < 2; ++j) {
      double d = 0;
      for (int64_t i = 0; i < 3; ++i) d += std::pow(C.at({i, j}) * (x.at({b, i}) - W.at({i, j})), 2);
      CHECK(close(y.at({b, j}), std::sqrt(d)));
    }
  // the gradients of the input, weight and diagCov, for a batch and for a vector (where Torch
  // forgets the scale on gradDiagCov; here both scale)
  testing::checkModuleGradients(*m, Tensor::randn({4, 3}));
  testing::checkModuleGradients(*m, Tensor::randn({3}));
  testing::checkAccumulation(*m, x, Tensor::randn({4, 2}));
  const Tensor xv = Tensor::randn({3});
  m->zeroGradParameters();
  m->forward(xv);
  m->backward(xv, Tensor::ones({2}), 0.5f);
  const Tensor half = grads[1].clone().mul(2.0f);
  m->zeroGradParameters();
  m->backward(xv, Tensor::ones({2}), 1.0f);
  CHECK(half.maxAbs() > 0.0f);
  CHECK(maxAbsDiff(half, grads[1]) < 1e-6f * (1 + half.maxAbs()));
  // reset(stdv): weight uniform in +-stdv sqrt(3), diagCov back to 1
  m->resetParameters(0.1);
  CHECK(W.maxAbs() <= static_cast<float>(0.1 * std::sqrt(3.0)) + 1e-6f);
  CHECK(C.sum() == 6.0f);
  CHECK(m->toString() == "nn.WeightedEuclidean(3 -> 2)");
  C.copy(Tensor::uniform({3, 2}, 0.5f, 2.0f));
  ModulePtr back = roundTrip(*m);
  CHECK(maxAbsDiff(back->forward(x).tensor(), m->forward(x).tensor()) == 0.0f);
  CHECK_THROWS_WITH_AS(m->forward(Tensor::randn({2, 4})), doctest::Contains("expected input of size 3"), Error);
  CHECK_THROWS_WITH_AS(createModule("WeightedEuclidean", {0, 2}), doctest::Contains("sizes must be positive"), Error);
}

TEST_CASE("composites: MaskedSelect picks the elements under a 0/1 mask, and scatters the gradient back") {
  manualSeed(62);
  const ModulePtr m = createModule("MaskedSelect", {});
  const Tensor t = Tensor::matrix({{1, 2, 3}, {4, 5, 6}});
  const Tensor mask = Tensor::matrix({{1, 0, 1}, {0, 0, 1}});
  CHECK(m->forward(Value::table({t, mask})).tensor().toVector() == std::vector<float>{1, 3, 6});
  const Value& g = m->backward(Value::table({t, mask}), Tensor::vector({10, 20, 30}));
  CHECK(g[0].tensor().toVector() == std::vector<float>{10, 0, 20, 0, 0, 30});
  CHECK(g[1].tensor().toVector() == std::vector<float>(6, 0.0f));
  // a mask of another shape with as many elements reads in row-major order, as TH
  CHECK(m->forward(Value::table({t, Tensor::vector({0, 1, 0, 1, 0, 0})})).tensor().toVector() == std::vector<float>{2, 4});
  CHECK(m->forward(Value::table({t, Tensor::zeros({2, 3})})).tensor().numel() == 0);
  checkFirstEntryGradient(*m, Value::table({Tensor::randn({3, 4}), Tensor::fromData({1, 0, 1, 1, 0, 0, 1, 0, 1, 1, 1, 0}, {3, 4})}));
  CHECK_THROWS_WITH_AS(m->forward(Value::table({t, Tensor::vector({1, 0})})), doctest::Contains("as many elements"), Error);
  CHECK_THROWS_WITH_AS(m->forward(Value::table({t, Tensor::full({2, 3}, 0.5f)})), doctest::Contains("only 0 and 1"), Error);
  roundTrip(*m);
}

TEST_CASE("composites: MixtureTable mixes a table or a tensor of experts by the gater's weights") {
  manualSeed(63);
  const ModulePtr m = createModule("MixtureTable", {});
  // batch of 2, 3 experts of size 4: y[b] = sum_i g[b, i] e_i[b]
  const Tensor gater = Tensor::rand({2, 3});
  const Value experts = Value::table({Tensor::randn({2, 4}), Tensor::randn({2, 4}), Tensor::randn({2, 4})});
  const Tensor& y = m->forward(Value::table({gater, experts})).tensor();
  REQUIRE(y.sizes() == Shape{2, 4});
  for (int64_t b = 0; b < 2; ++b)
    for (int64_t k = 0; k < 4; ++k) {
      double want = 0;
      for (int64_t i = 0; i < 3; ++i) want += gater.at({b, i}) * experts[static_cast<size_t>(i)].tensor().at({b, k});
      CHECK(close(y.at({b, k}), want));
    }
  testing::checkModuleGradients(*m, Value::table({gater, experts}));
  // the same experts as one tensor, batch x experts x 4 (dim 2, the default for a batch)
  Tensor stacked({2, 3, 4});
  for (int64_t i = 0; i < 3; ++i) stacked.select(2, i + 1).copy(experts[static_cast<size_t>(i)].tensor());
  const ModulePtr mt = createModule("MixtureTable", {});
  CHECK(maxAbsDiff(mt->forward(Value::table({gater, stacked})).tensor(), y) < 1e-6f);
  testing::checkModuleGradients(*mt, Value::table({gater, stacked}));
  // experts along dimension 3 (batch x 4 x experts), and without a batch (experts first)
  const ModulePtr m3 = createModule("MixtureTable", {3});
  CHECK(maxAbsDiff(m3->forward(Value::table({gater, stacked.transpose(2, 3).contiguous()})).tensor(), y) < 1e-6f);
  testing::checkModuleGradients(*m3, Value::table({gater, Tensor::randn({2, 5, 3})}));
  const ModulePtr m1 = createModule("MixtureTable", {});
  const Tensor g1 = Tensor::vector({0.2f, 0.8f});
  const Tensor e1 = Tensor::matrix({{1, 2}, {3, 4}});
  CHECK(m1->forward(Value::table({g1, e1})).tensor().toVector() == std::vector<float>{0.2f * 1 + 0.8f * 3, 0.2f * 2 + 0.8f * 4});
  testing::checkModuleGradients(*m1, Value::table({Tensor::rand({3}), Value::table({Tensor::randn({2, 2}), Tensor::randn({2, 2}), Tensor::randn({2, 2})})}));
  CHECK_THROWS_WITH_AS(m->forward(Value::table({gater, Value::table({Tensor::randn({2, 4})})})), doctest::Contains("one gater output per expert"), Error);
  CHECK_THROWS_WITH_AS(m->forward(Value::table({gater, Tensor::randn({2, 4, 4})})), doctest::Contains("one gater output per expert"), Error);
  CHECK_THROWS_WITH_AS(m->forward(Value::table({gater, Value::table({Tensor::randn({3, 4}), Tensor::randn({3, 4}), Tensor::randn({3, 4})})})),
                       doctest::Contains("batch of 2"), Error);
  CHECK(roundTrip(*m3)->toString() == "nn.MixtureTable(3)");
}

TEST_CASE("composites: Bottle folds the leading dimensions into the first, as Bottle.lua") {
  manualSeed(64);
  const ModulePtr lin = createModule("Linear", {3, 2});
  auto bottle = std::dynamic_pointer_cast<Container>(createModule("Bottle", {}));
  REQUIRE(bottle);
  bottle->add(lin);
  const Tensor x = Tensor::randn({4, 5, 3});
  const Tensor& y = bottle->forward(x).tensor();
  REQUIRE(y.sizes() == Shape{4, 5, 2});
  // each x[a][b] through the Linear on its own
  for (int64_t a = 0; a < 4; ++a) {
    const Tensor row = lin->forward(x.select(1, a + 1).contiguous()).tensor().clone();
    CHECK(maxAbsDiff(bottle->forward(x).tensor().select(1, a + 1).contiguous(), row) < 1e-6f);
  }
  testing::checkModuleGradients(*bottle, Tensor::randn({2, 3, 3}));
  testing::checkModuleGradients(*bottle, Tensor::randn({4, 3}));  // 2-D: the module as it is
  // nInputDim 1 around a module of 1-D input (Linear on a vector): a matrix is a batch
  const ModulePtr sum = createModule("Sum", {1});
  auto b1 = std::dynamic_pointer_cast<Container>(createModule("Bottle", {2, 1}));
  b1->add(sum);
  CHECK(b1->forward(Tensor::matrix({{1, 2}, {3, 4}})).tensor().toVector() == std::vector<float>{4, 6});
  auto b3 = std::dynamic_pointer_cast<Container>(createModule("Bottle", {2, 1}));
  b3->add(createModule("Sum", {2}));
  CHECK(b3->forward(Tensor::ones({2, 3, 4})).tensor().sizes() == Shape{2, 3});
  testing::checkModuleGradients(*b3, Tensor::randn({2, 3, 4}));
  CHECK_THROWS_WITH_AS(bottle->add(createModule("Tanh", {})), doctest::Contains("single module"), Error);
  auto wrong = std::dynamic_pointer_cast<Container>(createModule("Bottle", {2, 3}));
  wrong->add(createModule("Linear", {3, 2}));
  CHECK_THROWS_WITH_AS(wrong->forward(Tensor::randn({2, 2, 3})), doctest::Contains("expected 3"), Error);
  CHECK_THROWS_WITH_AS(createModule("Bottle", {})->forward(x), doctest::Contains("no modules"), Error);
  CHECK(bottle->toString().rfind("nn.Bottle @ nn.Linear(3 -> 2)", 0) == 0);
  ModulePtr back = roundTrip(*bottle);
  CHECK(maxAbsDiff(back->forward(x).tensor(), bottle->forward(x).tensor()) == 0.0f);
}

TEST_CASE("composites: DepthConcat centres the smaller outputs in zeros, as an Inception block") {
  manualSeed(65);
  auto dc = std::dynamic_pointer_cast<Container>(createModule("DepthConcat", {1}));
  REQUIRE(dc);
  const ModulePtr wide = createModule("SpatialConvolution", {2, 3, 3, 3});   // 5x5 -> 3x3
  const ModulePtr narrow = createModule("SpatialConvolution", {2, 2, 1, 1});  // 5x5 -> 5x5
  dc->add(wide);
  dc->add(narrow);
  const Tensor x = Tensor::randn({2, 5, 5});
  const Tensor y = dc->forward(x).tensor().clone();
  REQUIRE(y.sizes() == Shape{5, 5, 5});
  const Tensor a = wide->forward(x).tensor().clone(), b = narrow->forward(x).tensor().clone();
  // the 3x3 planes sit at rows/columns 2..4 (start floor((5 - 3) / 2) + 1), zeros around them
  for (int64_t p = 0; p < 3; ++p)
    for (int64_t r = 0; r < 5; ++r)
      for (int64_t c = 0; c < 5; ++c) {
        const bool inside = r >= 1 && r <= 3 && c >= 1 && c <= 3;
        CHECK(y.at({p, r, c}) == (inside ? a.at({p, r - 1, c - 1}) : 0.0f));
      }
  CHECK(maxAbsDiff(y.narrow(1, 4, 2).contiguous(), b) == 0.0f);
  testing::checkModuleGradients(*dc, Tensor::randn({2, 5, 5}));
  // a batch, concatenated along the planes (dimension 2); 4x4 vs 2x2 puts the smaller at 2..3
  auto batch = std::dynamic_pointer_cast<Container>(createModule("DepthConcat", {2}));
  batch->add(createModule("SpatialConvolution", {1, 1, 3, 3}));
  batch->add(createModule("SpatialConvolution", {1, 2, 1, 1}));
  const Tensor xb = Tensor::randn({2, 1, 4, 4});
  CHECK(batch->forward(xb).tensor().sizes() == Shape{2, 3, 4, 4});
  CHECK(batch->forward(xb).tensor().at({1, 0, 0, 0}) == 0.0f);
  testing::checkModuleGradients(*batch, xb);
  // children whose outputs agree behave as nn.Concat
  auto same = std::dynamic_pointer_cast<Container>(createModule("DepthConcat", {1}));
  auto concat = std::dynamic_pointer_cast<Container>(createModule("Concat", {1}));
  const ModulePtr l1 = createModule("Linear", {3, 2}), l2 = createModule("Linear", {3, 4});
  same->add(l1).add(l2);
  concat->add(l1).add(l2);
  const Tensor v = Tensor::randn({3});
  CHECK(maxAbsDiff(same->forward(v).tensor(), concat->forward(v).tensor()) == 0.0f);
  CHECK(dc->toString().rfind("nn.DepthConcat", 0) == 0);
  ModulePtr back = roundTrip(*dc);
  CHECK(maxAbsDiff(back->forward(x).tensor(), y) == 0.0f);
  CHECK_THROWS_WITH_AS(createModule("DepthConcat", {0}), doctest::Contains("nn.DepthConcat(0)"), Error);
}

TEST_CASE("composites: ParallelCriterion and MultiCriterion are weighted sums of their criterions") {
  manualSeed(66);
  auto pc = std::dynamic_pointer_cast<CriterionContainer>(createCriterion("ParallelCriterion", {}));
  REQUIRE(pc);
  const CriterionPtr mse = createCriterion("MSECriterion", {}), nll = createCriterion("ClassNLLCriterion", {});
  pc->add(mse, 0.5).add(nll);
  const Tensor a = Tensor::randn({2, 3}), at = Tensor::randn({2, 3});
  const Tensor logp = Tensor::matrix({{-1, -2, -0.5f}, {-0.3f, -2, -3}}), cls = Tensor::vector({3, 1});
  const Value input = Value::table({a, logp}), target = Value::table({at, cls});
  const double want = 0.5 * mse->forward(a, at) + nll->forward(logp, cls);
  CHECK(close(pc->forward(input, target), want));
  testing::checkCriterionGradients(*pc, input, target);
  // an input entry no criterion reads gets zeros
  const Value longer = Value::table({a, logp, Tensor::ones({2})});
  CHECK(pc->backward(longer, target)[2].tensor().maxAbs() == 0.0f);
  // repeatTarget: every criterion gets the whole target
  auto rep = std::dynamic_pointer_cast<CriterionContainer>(createCriterion("ParallelCriterion", {true}));
  rep->add(createCriterion("MSECriterion", {})).add(createCriterion("AbsCriterion", {}), 3);
  const Tensor b = Tensor::randn({4}), t = Tensor::randn({4});
  double abs = 0, sq = 0;
  for (int64_t i = 0; i < 4; ++i) {
    abs += std::fabs(b.at({i}) - t.at({i}));
    sq += std::pow(b.at({i}) - t.at({i}), 2);
  }
  CHECK(close(rep->forward(Value::table({b, b}), t), sq / 4 + 3 * abs / 4));
  testing::checkCriterionGradients(*rep, Value::table({b, Tensor::randn({4})}), t);
  // MultiCriterion: the same input and target for all
  auto mc = std::dynamic_pointer_cast<CriterionContainer>(createCriterion("MultiCriterion", {}));
  mc->add(createCriterion("MSECriterion", {}), 2).add(createCriterion("AbsCriterion", {}), -1);
  CHECK(close(mc->forward(b, t), 2 * sq / 4 - abs / 4));
  testing::checkCriterionGradients(*mc, b, t);
  // nested: a MultiCriterion inside a ParallelCriterion
  auto outer = std::dynamic_pointer_cast<CriterionContainer>(createCriterion("ParallelCriterion", {}));
  outer->add(mc, 0.25);
  testing::checkCriterionGradients(*outer, Value::table({b}), Value::table({t}));
  // clone is deep: the copy's criterions are its own
  const CriterionPtr copy = pc->clone();
  pc->add(createCriterion("MSECriterion", {}));
  CHECK(dynamic_cast<CriterionContainer&>(*copy).criterions().size() == 2);
  CHECK(dynamic_cast<CriterionContainer&>(*copy).criterions()[0] != mse);
  CHECK(copy->toString() == "nn.ParallelCriterion {0.5 * nn.MSECriterion, 1 * nn.ClassNLLCriterion}");
  // mistakes
  CHECK_THROWS_WITH_AS(pc->forward(a, at), doctest::Contains("expected a table input"), Error);
  CHECK_THROWS_WITH_AS(mc->add(mc), doctest::Contains("cannot contain itself"), Error);
  CHECK_THROWS_WITH_AS(mc->add(outer), doctest::Contains("cycle"), Error);
  CHECK_THROWS_WITH_AS(mc->add(nullptr), doctest::Contains("no criterion"), Error);
  // a saved graph cannot record criterions added after construction: a clear refusal
  ModuleFromCriterion wrapped(mc);
  CHECK_THROWS_WITH_AS(saveModule(wrapped), doctest::Contains("holds criterions added with add()"), Error);
}

TEST_CASE("composites: CriterionTable is a criterion as a module of {input, target}") {
  manualSeed(67);
  const CriterionPtr mse = createCriterion("MSECriterion", {});
  CriterionTable m(mse);
  const Tensor x = Tensor::randn({2, 3}), t = Tensor::randn({2, 3});
  CHECK(close(m.forward(Value::table({x, t})).tensor().item(), mse->forward(x, t)));
  const Value& g = m.backward(Value::table({x, t}), Tensor::ones({1}));
  CHECK(maxAbsDiff(g[0].tensor(), mse->backward(x, t).tensor()) < 1e-7f);
  CHECK(g[1].tensor().maxAbs() == 0.0f);  // the target gets no gradient
  checkFirstEntryGradient(m, Value::table({Tensor::randn({2, 3}), Tensor::randn({2, 3})}));
  CHECK(m.toString() == "nn.CriterionTable(nn.MSECriterion)");
  CHECK(m.typeName() == "nn.CriterionTable");
  mse->sizeAverage = false;
  ModulePtr back = roundTrip(m);
  CHECK(back->typeName() == "nn.CriterionTable");
  CHECK(close(back->forward(Value::table({x, t})).tensor().item(), m.forward(Value::table({x, t})).tensor().item()));
  CHECK(m.clone()->typeName() == "nn.CriterionTable");
  CHECK_THROWS_WITH_AS(createModule("CriterionTable", {}), doctest::Contains("takes a criterion"), Error);
}

// Issue 14, point 14 (what the README's "Strict backward, for graphs" says): a leaf module uses
// the input it is given in backward, as Torch's do; only a gModule compares it with its forward.
TEST_CASE("fidelity 14: leaf modules backward with the input they are given; gModule checks it") {
  manualSeed(68);
  const ModulePtr lin = createModule("Linear", {3, 2});
  const Tensor x1 = Tensor::randn({3}), x2 = Tensor::randn({3}), g = Tensor::vector({1, -2});
  lin->forward(x1);
  lin->zeroGradParameters();
  lin->backward(x2, g);
  const Tensor gw = lin->parameters().second[0];
  for (int64_t j = 0; j < 2; ++j)
    for (int64_t i = 0; i < 3; ++i) CHECK(close(gw.at({j, i}), g.at({j}) * x2.at({i})));  // x2, not x1
  const NodePtr in = testing::input();
  const auto graph = std::make_shared<gModule>(std::vector<NodePtr>{in}, std::vector<NodePtr>{testing::call("Linear", {3, 2}, in)});
  graph->forward(x1);
  CHECK_THROWS_AS(graph->backward(x2, g), Error);
}
