// Criterions: each loss against a direct formula, its gradient against central differences,
// sizeAverage, errors; and a criterion used as a graph node (ModuleFromCriterion).
#include "tests/core/testing.h"

#include <cmath>
#include <functional>
#include <limits>

#include "core/criterions/AbsCriterion.h"
#include "core/criterions/BCECriterion.h"
#include "core/criterions/ClassNLLCriterion.h"
#include "core/criterions/CrossEntropyCriterion.h"
#include "core/criterions/DistKLDivCriterion.h"
#include "core/criterions/MSECriterion.h"
#include "core/criterions/SmoothL1Criterion.h"
#include "core/modules/Identity.h"
#include "core/modules/Linear.h"
#include "core/modules/LogSoftMax.h"

using namespace nn;

namespace {

// sum_i f(x_i, t_i) (divided by n when average) and the per-element derivative df, written out
// here independently of the criterions.
struct Direct {
  std::function<double(double, double)> f, df;
  double loss(const Tensor& x, const Tensor& t, bool average) const {
    const auto xv = x.toVector(), tv = t.toVector();
    double s = 0;
    for (size_t i = 0; i < xv.size(); ++i) s += f(xv[i], tv[i]);
    return average ? s / xv.size() : s;
  }
  Tensor grad(const Tensor& x, const Tensor& t, bool average) const {
    const auto xv = x.toVector(), tv = t.toVector();
    std::vector<float> g(xv.size());
    for (size_t i = 0; i < xv.size(); ++i) g[i] = static_cast<float>(df(xv[i], tv[i]) / (average ? xv.size() : 1));
    return Tensor::fromData(g, x.sizes());
  }
};

// Loss and gradient of c on (x, t) match the direct formula, with sizeAverage on and off.
void checkAgainstDirect(Criterion& c, const Tensor& x, const Tensor& t, const Direct& direct) {
  for (bool average : {true, false}) {
    c.sizeAverage = average;
    INFO(c.toString() << " sizeAverage=" << average);
    CHECK(c.forward(x, t) == doctest::Approx(direct.loss(x, t, average)).epsilon(1e-5));
    const Tensor g = c.backward(x, t).tensor();
    CHECK(g.sizes() == x.sizes());
    CHECK(maxAbsDiff(g, direct.grad(x, t, average)) < 1e-5f);
  }
  c.sizeAverage = true;
}

double sign(double d) { return d > 0 ? 1 : (d < 0 ? -1 : 0); }

// A criterion on a table of two predictions (the sum of two MSEs), to exercise table gradients.
class PairMSE : public Criterion {
  NN_CRITERION(PairMSE, "test.PairMSE")
 public:
  float updateOutput(const Value& input, const Value& target) override {
    output = a_.forward(input[0], target) + b_.forward(input[1], target);
    return output;
  }
  const Value& updateGradInput(const Value& input, const Value& target) override {
    gradInput = Value::table({a_.backward(input[0], target).tensor().clone(), b_.backward(input[1], target).tensor().clone()});
    return gradInput;
  }
  std::string description() const override { return "two MSEs"; }

 private:
  MSECriterion a_, b_;
};

}  // namespace

TEST_CASE("criterion MSECriterion: loss and gradient are (x - t)^2 and 2 (x - t), averaged over elements") {
  MSECriterion mse;
  const Tensor x = Tensor::vector({1, 2, 3}), t = Tensor::vector({0, 2, 5});
  CHECK(mse.forward(x, t) == doctest::Approx(5.0 / 3));  // 1 + 0 + 4
  const Direct direct{[](double a, double b) { return (a - b) * (a - b); },
                      [](double a, double b) { return 2 * (a - b); }};
  checkAgainstDirect(mse, x, t, direct);
  manualSeed(3);
  const Tensor xb = Tensor::randn({4, 5}), tb = Tensor::randn({4, 5});
  checkAgainstDirect(mse, xb, tb, direct);
  testing::checkCriterionGradients(mse, xb, tb);
  MSECriterion sum(false);
  testing::checkCriterionGradients(sum, xb, tb);
}

TEST_CASE("criterion MSECriterion: input and target need the same number of elements") {
  MSECriterion mse;
  // Same count, different shape: compared element by element, as Torch.
  CHECK(mse.forward(Tensor::matrix({{1, 2}, {3, 4}}), Tensor::vector({1, 2, 3, 5})) == doctest::Approx(0.25));
  CHECK_THROWS_WITH_AS(mse.forward(Tensor::vector({1, 2, 3}), Tensor::vector({1, 2})),
                       doctest::Contains("nn.MSECriterion: input has size 3 but target has size 2"), Error);
  CHECK_THROWS_WITH_AS(mse.forward(Value::table({Tensor::vector({1})}), Tensor::vector({1})),
                       doctest::Contains("expected a tensor input but got a table"), Error);
}

TEST_CASE("criterion AbsCriterion: loss is |x - t|; the gradient at x == t is +1 as in Torch") {
  AbsCriterion abs;
  const Tensor x = Tensor::vector({1, 2, 3}), t = Tensor::vector({0, 2, 5});
  CHECK(abs.forward(x, t) == doctest::Approx(1.0));  // (1 + 0 + 2) / 3
  const Tensor g = abs.backward(x, t).tensor();
  CHECK(g.toVector() == std::vector<float>{1.0f / 3, 1.0f / 3, -1.0f / 3});
  manualSeed(4);
  const Tensor xb = Tensor::randn({3, 4}), tb = Tensor::randn({3, 4});
  checkAgainstDirect(abs, xb, tb, {[](double a, double b) { return std::fabs(a - b); },
                                   [](double a, double b) { return a - b >= 0 ? 1.0 : -1.0; }});
  testing::checkCriterionGradients(abs, xb, tb);
  AbsCriterion sum(false);
  testing::checkCriterionGradients(sum, xb, tb);
  CHECK_THROWS_WITH_AS(abs.forward(Tensor::vector({1, 2}), Tensor::vector({1})),
                       doctest::Contains("nn.AbsCriterion: input has size 2 but target has size 1"), Error);
}

TEST_CASE("criterion SmoothL1Criterion: squared below |d| = 1, linear above") {
  SmoothL1Criterion huber;
  const Tensor x = Tensor::vector({0.5f, 3, -2, 1}), t = Tensor::vector({0, 0, 0, 0});
  CHECK(huber.forward(x, t) == doctest::Approx((0.125 + 2.5 + 1.5 + 0.5) / 4));
  CHECK(huber.backward(x, t).tensor().toVector() == std::vector<float>{0.125f, 0.25f, -0.25f, 0.25f});
  manualSeed(5);
  const Tensor xb = Tensor::randn({3, 4}).mul(2), tb = Tensor::randn({3, 4});
  const Direct direct{[](double a, double b) {
                        const double z = std::fabs(a - b);
                        return z < 1 ? 0.5 * z * z : z - 0.5;
                      },
                      [](double a, double b) { return std::fabs(a - b) < 1 ? a - b : sign(a - b); }};
  checkAgainstDirect(huber, xb, tb, direct);
  testing::checkCriterionGradients(huber, xb, tb);
  SmoothL1Criterion sum(false);
  testing::checkCriterionGradients(sum, xb, tb);
  CHECK_THROWS_WITH_AS(huber.forward(Tensor::vector({1, 2}), Tensor::vector({1, 2, 3})),
                       doctest::Contains("nn.SmoothL1Criterion: input has size 2 but target has size 3"), Error);
}

TEST_CASE("criterion DistKLDivCriterion: t (log t - x), counting 0 where t <= 0 even if x is -inf") {
  DistKLDivCriterion kl;
  const float inf = std::numeric_limits<float>::infinity();
  const Tensor x = Tensor::vector({std::log(0.25f), std::log(0.75f), -inf});
  const Tensor t = Tensor::vector({0.5f, 0.5f, 0});
  const double expected = (0.5 * (std::log(0.5) - std::log(0.25)) + 0.5 * (std::log(0.5) - std::log(0.75))) / 3;
  CHECK(kl.forward(x, t) == doctest::Approx(expected));
  CHECK(kl.backward(x, t).tensor().toVector() == std::vector<float>{-0.5f / 3, -0.5f / 3, 0});
  manualSeed(6);
  const Tensor xb = Tensor::randn({3, 4}), tb = Tensor::randn({3, 4});  // about half the t are <= 0
  const Direct direct{[](double a, double b) { return b > 0 ? b * (std::log(b) - a) : 0.0; },
                      [](double, double b) { return b > 0 ? -b : 0.0; }};
  checkAgainstDirect(kl, xb, tb, direct);
  testing::checkCriterionGradients(kl, xb, tb);
  DistKLDivCriterion sum(false);
  testing::checkCriterionGradients(sum, xb, tb);
  CHECK_THROWS_WITH_AS(kl.forward(Tensor::vector({1, 2}), Tensor::vector({1})),
                       doctest::Contains("nn.DistKLDivCriterion: input has size 2 but target has size 1"), Error);
}

TEST_CASE("criterion BCECriterion: -(t log x + (1 - t) log(1 - x)), with per-column weights") {
  BCECriterion bce;
  const Tensor x = Tensor::vector({0.2f, 0.9f, 0.5f}), t = Tensor::vector({0, 1, 1});
  CHECK(bce.forward(x, t) == doctest::Approx(-(std::log(0.8) + std::log(0.9) + std::log(0.5)) / 3));
  const Direct direct{[](double a, double b) { return -(b * std::log(a) + (1 - b) * std::log(1 - a)); },
                      [](double a, double b) { return (a - b) / (a * (1 - a)); }};
  checkAgainstDirect(bce, x, t, direct);
  manualSeed(7);
  const Tensor xb = Tensor::uniform({3, 4}, 0.1f, 0.9f), tb = Tensor::rand({3, 4});
  checkAgainstDirect(bce, xb, tb, direct);
  testing::checkCriterionGradients(bce, xb, tb);

  // Weights scale each column's terms, batch or not.
  const Tensor w = Tensor::vector({1, 2, 0.5f, 3});
  BCECriterion weighted(w, false);
  const auto xv = xb.toVector(), tv = tb.toVector();
  double expected = 0;
  for (int i = 0; i < 12; ++i) expected += w.at({i % 4}) * direct.f(xv[i], tv[i]);
  CHECK(weighted.forward(xb, tb) == doctest::Approx(expected).epsilon(1e-5));
  const Tensor g = weighted.backward(xb, tb).tensor();
  for (int i = 0; i < 12; ++i)
    CHECK(g.at({i / 4, i % 4}) == doctest::Approx(w.at({i % 4}) * direct.df(xv[i], tv[i])).epsilon(1e-4));
  testing::checkCriterionGradients(weighted, xb, tb);
  BCECriterion weighted1(Tensor::vector({1, 2, 3}));
  CHECK(weighted1.forward(x, t) == doctest::Approx(-(std::log(0.8) + 2 * std::log(0.9) + 3 * std::log(0.5)) / 3));

  // Probabilities of exactly 0 or 1 stay finite thanks to eps, as in Torch.
  const float edge = bce.forward(Tensor::vector({0, 1}), Tensor::vector({1, 0}));
  CHECK(std::isfinite(edge));
  CHECK(edge == doctest::Approx(-std::log(1e-12)).epsilon(1e-3));
  CHECK(std::isfinite(bce.backward(Tensor::vector({0, 1}), Tensor::vector({1, 0})).tensor().maxAbs()));
}

TEST_CASE("criterion BCECriterion: inputs outside [0, 1], mismatched sizes and weights are errors") {
  BCECriterion bce;
  CHECK_THROWS_WITH_AS(bce.forward(Tensor::vector({0.5f, 1.5f}), Tensor::vector({1, 0})),
                       doctest::Contains("nn.BCECriterion: input must hold probabilities in [0, 1], but element 2 is 1.5"),
                       Error);
  CHECK_THROWS_WITH_AS(bce.forward(Tensor::vector({-0.5f, 0.5f}), Tensor::vector({1, 0})),
                       doctest::Contains("but element 1 is -0.5"), Error);
  CHECK_THROWS_WITH_AS(bce.forward(Tensor::vector({0.5f}), Tensor::vector({1, 0})),
                       doctest::Contains("input has size 1 but target has size 2"), Error);
  BCECriterion weighted(Tensor::vector({1, 2}));
  CHECK_THROWS_WITH_AS(weighted.forward(Tensor::rand({2, 3}), Tensor::rand({2, 3})),
                       doctest::Contains("weights has 2 elements but the input has size 2x3"), Error);
  CHECK_THROWS_WITH_AS(BCECriterion(Tensor::rand({2, 2})), doctest::Contains("weights must be a 1-D tensor"), Error);
}

TEST_CASE("criterion ClassNLLCriterion: -x[target] for one sample, averaged over a batch by total weight") {
  ClassNLLCriterion nll;
  const Tensor x1 = Tensor::vector({-1, -2, -3});
  CHECK(nll.forward(x1, Tensor::vector({2})) == doctest::Approx(2));
  CHECK(nll.backward(x1, Tensor::vector({2})).tensor().toVector() == std::vector<float>{0, -1, 0});

  const Tensor x = Tensor::matrix({{-1.0f, -2.0f, -0.5f}, {-0.3f, -1.5f, -2.5f}});
  const Tensor t = Tensor::vector({3, 1});
  CHECK(nll.forward(x, t) == doctest::Approx((0.5 + 0.3) / 2));
  CHECK(maxAbsDiff(nll.backward(x, t).tensor(), Tensor::matrix({{0, 0, -0.5f}, {-0.5f, 0, 0}})) == 0);

  // Weighted: sizeAverage divides by the weights of the targets (3 + 1), not the batch size.
  ClassNLLCriterion weighted(Tensor::vector({1, 2, 3}));
  CHECK(weighted.forward(x, t) == doctest::Approx((3 * 0.5 + 1 * 0.3) / 4));
  CHECK(weighted.totalWeight() == 4);
  CHECK(maxAbsDiff(weighted.backward(x, t).tensor(), Tensor::matrix({{0, 0, -0.75f}, {-0.25f, 0, 0}})) < 1e-7f);
  ClassNLLCriterion weightedSum(Tensor::vector({1, 2, 3}), false);
  CHECK(weightedSum.forward(x, t) == doctest::Approx(3 * 0.5 + 1 * 0.3));
  CHECK(maxAbsDiff(weightedSum.backward(x, t).tensor(), Tensor::matrix({{0, 0, -3}, {-1, 0, 0}})) == 0);
  ClassNLLCriterion one(Tensor::vector({1, 2, 3}));
  CHECK(one.forward(x1, Tensor::vector({2})) == doctest::Approx(2));  // 2 * 2 / 2

  manualSeed(8);
  const Tensor xb = Tensor::randn({5, 4}), tb = Tensor::vector({1, 4, 2, 2, 3});
  testing::checkCriterionGradients(nll, xb, tb);
  ClassNLLCriterion weighted4(Tensor::vector({0.5f, 1, 2, 3}), false);
  testing::checkCriterionGradients(weighted4, xb, tb);
}

TEST_CASE("criterion ClassNLLCriterion: targets must be integer classes from 1 to nClasses, one per sample") {
  ClassNLLCriterion nll;
  const Tensor x = Tensor::randn({2, 3});
  CHECK_THROWS_WITH_AS(nll.forward(x, Tensor::vector({1, 4})),
                       doctest::Contains("nn.ClassNLLCriterion: the target of sample 2 is 4, but class indices must be integers from 1 to 3"),
                       Error);
  CHECK_THROWS_WITH_AS(nll.forward(x, Tensor::vector({0, 1})),
                       doctest::Contains("the target of sample 1 is 0, but class indices must be integers from 1 to 3"), Error);
  CHECK_THROWS_WITH_AS(nll.backward(x, Tensor::vector({1.5f, 1})),
                       doctest::Contains("the target of sample 1 is 1.5, but class indices must be integers"), Error);
  CHECK_THROWS_WITH_AS(nll.forward(x, Tensor::vector({1, 2, 3})),
                       doctest::Contains("input of size 2x3 takes a 1-D target of 2 class indices, got size 3"), Error);
  CHECK_THROWS_WITH_AS(nll.forward(Tensor::vector({-1, -2}), Tensor::vector({1, 2})),
                       doctest::Contains("a 1-D input of size 2 takes a target with one class index, got size 2"), Error);
  CHECK_THROWS_WITH_AS(nll.forward(Tensor::randn({2, 2, 2}), Tensor::vector({1, 2})),
                       doctest::Contains("expected input of size nClasses or batch x nClasses (log-probabilities), got 2x2x2"),
                       Error);
  ClassNLLCriterion weighted(Tensor::vector({1, 2}));
  CHECK_THROWS_WITH_AS(weighted.forward(x, Tensor::vector({1, 2})),
                       doctest::Contains("weights has 2 elements but the input has 3 classes"), Error);
  CHECK_THROWS_WITH_AS(ClassNLLCriterion(Tensor::randn({2, 3})),
                       doctest::Contains("nn.ClassNLLCriterion: weights must be a 1-D tensor (one per class), got size 2x3"),
                       Error);
}

TEST_CASE("criterion CrossEntropyCriterion: LogSoftMax then ClassNLL, on squeezed input") {
  const Tensor x = Tensor::matrix({{1.0f, 2.0f, 0.5f}, {-1.0f, 0.0f, 3.0f}});
  const Tensor t = Tensor::vector({2, 3});
  const Tensor w = Tensor::vector({1, 2, 0.5f});
  // Direct: per row, logsumexp(x) - x[t], weighted by w[t]; gradient w[t] (softmax(x) - onehot(t)).
  double loss = 0, total = 0;
  Tensor expectedGrad({2, 3});
  for (int r = 0; r < 2; ++r) {
    double z = 0;
    for (int c = 0; c < 3; ++c) z += std::exp(x.at({r, c}));
    const int cls = static_cast<int>(t.at({r})) - 1;
    const double weight = w.at({cls});
    loss += weight * (std::log(z) - x.at({r, cls}));
    total += weight;
    for (int c = 0; c < 3; ++c)
      expectedGrad.at({r, c}) = static_cast<float>(weight * (std::exp(x.at({r, c})) / z - (c == cls ? 1 : 0)));
  }
  CrossEntropyCriterion ce(w);
  CHECK(ce.forward(x, t) == doctest::Approx(loss / total));
  CHECK(maxAbsDiff(ce.backward(x, t).tensor(), expectedGrad.clone().mul(static_cast<float>(1 / total))) < 1e-6f);
  CrossEntropyCriterion sum(w, false);
  CHECK(sum.forward(x, t) == doctest::Approx(loss));
  CHECK(maxAbsDiff(sum.backward(x, t).tensor(), expectedGrad) < 1e-6f);
  // Changing the field after construction is honoured, as in Torch.
  sum.sizeAverage = true;
  CHECK(sum.forward(x, t) == doctest::Approx(loss / total));

  // 1 x nClasses is one sample; the gradient keeps the input's size.
  CrossEntropyCriterion plain;
  const Tensor row = x.narrow(1, 1, 1);
  const float one = plain.forward(row, Tensor::vector({2}));
  CHECK(one == doctest::Approx(std::log(std::exp(1.0) + std::exp(2.0) + std::exp(0.5)) - 2));
  CHECK(plain.backward(row, Tensor::vector({2})).tensor().shapeString() == "1x3");
  CHECK(plain.forward(x.select(1, 1), Tensor::vector({2})) == doctest::Approx(one));

  manualSeed(9);
  const Tensor xb = Tensor::randn({4, 5}), tb = Tensor::vector({5, 1, 3, 3});
  testing::checkCriterionGradients(plain, xb, tb);
  CrossEntropyCriterion weighted(Tensor::vector({1, 2, 3, 4, 5}), false);
  testing::checkCriterionGradients(weighted, xb, tb);
}

TEST_CASE("criterion CrossEntropyCriterion: bad targets are reported under its own name") {
  CrossEntropyCriterion ce;
  CHECK_THROWS_WITH_AS(ce.forward(Tensor::randn({2, 3}), Tensor::vector({1, 7})),
                       doctest::Contains("nn.CrossEntropyCriterion: the target of sample 2 is 7, but class indices must be integers from 1 to 3"),
                       Error);
  CHECK_THROWS_WITH_AS(ce.forward(Tensor::randn({2, 3, 4}), Tensor::vector({1, 2})),
                       doctest::Contains("nn.CrossEntropyCriterion: expected input of size nClasses or batch x nClasses (raw scores), got 2x3x4"),
                       Error);
  CHECK_THROWS_WITH_AS(ce.forward(Tensor::randn({2, 3}), Value()),
                       doctest::Contains("nn.CrossEntropyCriterion: expected a tensor target"), Error);
}

TEST_CASE("criterion registry: criterions are built from Torch's constructor arguments and clone deeply") {
  for (const char* name : {"MSECriterion", "AbsCriterion", "SmoothL1Criterion", "DistKLDivCriterion"}) {
    CriterionPtr c = createCriterion(name, {false});
    CHECK(c->typeName() == std::string("nn.") + name);
    CHECK(!c->sizeAverage);
    CHECK(createCriterion(std::string("nn.") + name, {})->sizeAverage);
    CHECK(!createCriterion(name, c->arguments())->sizeAverage);
  }
  const Tensor w = Tensor::vector({1, 2, 3});
  for (const char* name : {"ClassNLLCriterion", "CrossEntropyCriterion", "BCECriterion"}) {
    CriterionPtr c = createCriterion(name, {w, false});
    CHECK(!c->sizeAverage);
    const Args args = c->arguments();
    REQUIRE(args.size() == 2);
    CHECK(args[0].kind == Arg::Kind::Tensor);
    CHECK(args[0].tensor.toVector() == w.toVector());
    CHECK(createCriterion(name, {})->sizeAverage);
    CHECK(createCriterion(name, {Arg(), true})->arguments()[0].kind == Arg::Kind::Nil);
  }
  auto nll = std::make_shared<ClassNLLCriterion>(w.clone());
  auto copy = std::dynamic_pointer_cast<ClassNLLCriterion>(nll->clone());
  REQUIRE(copy);
  CHECK(!copy->weights().sameStorage(nll->weights()));
  CHECK(copy->weights().toVector() == w.toVector());
  CHECK_THROWS_WITH_AS(createCriterion("MSECriterion", {true, 3}), doctest::Contains("nn.MSECriterion"), Error);
}

TEST_CASE("criterion ModuleFromCriterion: an MSE loss node gives the loss as a 1-element tensor and {dpred, 0}") {
  manualSeed(10);
  auto mse = std::make_shared<MSECriterion>();
  auto pred = Node::input(testing::make<Identity>());
  auto target = Node::input(testing::make<Identity>());
  auto loss = Node::make(testing::make<ModuleFromCriterion>(mse), {pred, target});
  gModule g({pred, target}, {loss});

  const Tensor x = Tensor::randn({3, 4}), t = Tensor::randn({3, 4});
  const Value input = Value::table({x, t});
  const Tensor out = g.forward(input).tensor();
  CHECK(out.shapeString() == "1");
  MSECriterion reference;
  const float expected = reference.forward(x, t);
  CHECK(out.item() == doctest::Approx(expected));

  const Value& grads = g.backward(input, Tensor::vector({1}));
  REQUIRE(grads.isTable());
  REQUIRE(grads.size() == 2);
  const Tensor dpred = reference.backward(x, t).tensor();
  CHECK(maxAbsDiff(grads[0].tensor(), dpred) < 1e-7f);
  CHECK(grads[1].tensor().shapeString() == "3x4");
  CHECK(grads[1].tensor().maxAbs() == 0);
  // gradOutput scales the loss.
  const Value& scaled = g.backward(input, Tensor::vector({2.5f}));
  CHECK(maxAbsDiff(scaled[0].tensor(), dpred.clone().mul(2.5f)) < 1e-6f);

  // The prediction's gradient passes a numerical check (the target's is zero by definition).
  const GradCheckResult r = checkGradients(g, input);
  INFO(r.toString());
  REQUIRE(r.inputs.size() == 2);
  CHECK(r.inputs[0].maxError < 2e-2);

  CHECK_THROWS_WITH_AS(g.forward(Value::table({x, Tensor::randn({2, 4})})),
                       doctest::Contains("nn.MSECriterion: input has size 3x4 but target has size 2x4"), Error);
}

TEST_CASE("criterion ModuleFromCriterion: gradOutput scales every gradient of a table prediction") {
  ModuleFromCriterion node(std::make_shared<PairMSE>());
  const Tensor p1 = Tensor::vector({1, 2}), p2 = Tensor::vector({0, 4}), t = Tensor::vector({0, 0});
  const Value input = Value::table({Value::table({p1, p2}), t});
  CHECK(node.forward(input).tensor().item() == doctest::Approx(2.5 + 8));
  const Value& g = node.backward(input, Tensor::vector({3}));
  REQUIRE(g[0].isTable());
  CHECK(g[0][0].tensor().toVector() == std::vector<float>{3, 6});    // 3 * 2 (p1 - t) / 2
  CHECK(g[0][1].tensor().toVector() == std::vector<float>{0, 12});
  CHECK(g[1].tensor().toVector() == std::vector<float>{0, 0});
  CHECK_THROWS_WITH_AS(node.backward(input, Tensor::vector({1, 1})),
                       doctest::Contains("gradOutput must have one element (the loss's), got size 2"), Error);
}

TEST_CASE("criterion ModuleFromCriterion: Linear -> LogSoftMax -> ClassNLL node equals CrossEntropy on the logits") {
  manualSeed(11);
  auto lin = testing::make<Linear>(3, 4);
  auto x = Node::input(testing::make<Identity>());
  auto target = Node::input(testing::make<Identity>());
  auto logProbabilities = Node::make(testing::make<LogSoftMax>(), {Node::make(lin, {x})});
  auto loss = Node::make(testing::make<ModuleFromCriterion>(std::make_shared<ClassNLLCriterion>()),
                         {logProbabilities, target});
  gModule g({x, target}, {loss});

  const Tensor xv = Tensor::randn({5, 3}), tv = Tensor::vector({1, 4, 2, 3, 4});
  const Value input = Value::table({xv, tv});
  // Reference: the logits x W^T + b (reference gemm), then CrossEntropyCriterion.
  Tensor logits({5, 4});
  kernels::ref::gemm(false, true, 5, 4, 3, 1, xv.data(), 3, lin->weight.data(), 3, 0, logits.data(), 4);
  for (int r = 0; r < 5; ++r)
    for (int c = 0; c < 4; ++c) logits.at({r, c}) += lin->bias.at({c});
  CrossEntropyCriterion ce;
  const float expected = ce.forward(logits, tv);
  CHECK(g.forward(input).tensor().item() == doctest::Approx(expected));

  g.zeroGradParameters();
  const Value& grads = g.backward(input, Tensor::vector({1}));
  const Tensor dlogits = ce.backward(logits, tv).tensor();
  Tensor dx({5, 3}), dW({4, 3});
  kernels::ref::gemm(false, false, 5, 3, 4, 1, dlogits.data(), 4, lin->weight.data(), 3, 0, dx.data(), 3);
  kernels::ref::gemm(true, false, 4, 3, 5, 1, dlogits.data(), 4, xv.data(), 3, 0, dW.data(), 3);
  CHECK(maxAbsDiff(grads[0].tensor(), dx) < 1e-5f);
  CHECK(grads[1].tensor().maxAbs() == 0);
  CHECK(maxAbsDiff(lin->gradWeight, dW) < 1e-5f);
}
