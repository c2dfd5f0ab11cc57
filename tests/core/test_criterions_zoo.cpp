// Issue 14, part 2: the criterions that were missing, each against its Torch formula computed here,
// gradient-checked, and rebuilt from arguments().
#include <cmath>

#include "tests/core/testing.h"

using namespace nn;

namespace {

bool close(double a, double b, double tol = 1e-5) { return std::fabs(a - b) <= tol * (1 + std::fabs(b)); }

Tensor signs(const Shape& sizes) {  // +-1 targets
  Tensor t = Tensor::rand(sizes);
  float* p = t.data();
  for (int64_t i = 0; i < t.numel(); ++i) p[i] = p[i] < 0.5f ? -1.0f : 1.0f;
  return t;
}

void checkRebuilds(const CriterionPtr& c) {
  CHECK(createCriterion(c->typeName(), c->arguments())->toString() == c->toString());
  CHECK(c->clone()->toString() == c->toString());
}

}  // namespace

TEST_CASE("criterion zoo: MarginCriterion and SoftMarginCriterion (THNN)") {
  manualSeed(31);
  const Tensor x = Tensor::vector({0.5f, -2, 3});
  const Tensor y = Tensor::vector({1, -1, -1});
  const CriterionPtr m = createCriterion("MarginCriterion", {});
  // max(0, 1 - 0.5) + max(0, 1 - 2) + max(0, 1 + 3) = 0.5 + 0 + 4, / 3
  CHECK(close(m->forward(x, y), 4.5 / 3));
  CHECK(m->backward(x, y).tensor().toVector() == std::vector<float>{-1.0f / 3, 0, 1.0f / 3});
  const CriterionPtr m2 = createCriterion("MarginCriterion", {0.25});
  CHECK(close(m2->forward(x, y), (0 + 0 + 3.25) / 3));
  const CriterionPtr s = createCriterion("SoftMarginCriterion", {});
  CHECK(close(s->forward(x, y), (std::log1p(std::exp(-0.5)) + std::log1p(std::exp(-2.0)) + std::log1p(std::exp(3.0))) / 3));
  testing::checkCriterionGradients(*s, Tensor::randn({3, 4}), signs({3, 4}));
  Tensor away = Tensor::randn({3, 4});
  const Tensor t = signs({3, 4});
  for (int64_t i = 0; i < away.numel(); ++i)
    if (std::fabs(away.data()[i] * t.data()[i] - 1) < 0.05f) away.data()[i] += 0.2f;
  testing::checkCriterionGradients(*m, away, t);
  checkRebuilds(m2);
}

TEST_CASE("criterion zoo: HingeEmbeddingCriterion: x for y = 1, max(0, margin - x) for y = -1") {
  const CriterionPtr h = createCriterion("HingeEmbeddingCriterion", {2});
  const Tensor x = Tensor::vector({0.5f, 1, 3});
  const Tensor y = Tensor::vector({1, -1, -1});
  CHECK(close(h->forward(x, y), (0.5 + 1 + 0) / 3));
  // Torch: gradInput = y, zeroed where y == -1 and x > margin, / n
  CHECK(h->backward(x, y).tensor().toVector() == std::vector<float>{1.0f / 3, -1.0f / 3, 0});
  h->sizeAverage = false;
  CHECK(close(h->forward(x, y), 1.5));
  checkRebuilds(h);
}

TEST_CASE("criterion zoo: MultiLabelSoftMarginCriterion is the sigmoid cross-entropy, weighted per class") {
  manualSeed(32);
  const Tensor x = Tensor::matrix({{0.5f, -1}, {2, 0}});
  const Tensor t = Tensor::matrix({{1, 0}, {0, 1}});
  const CriterionPtr c = createCriterion("MultiLabelSoftMarginCriterion", {Tensor::vector({1, 3})});
  double want = 0;
  const float xs[4] = {0.5f, -1, 2, 0}, ts[4] = {1, 0, 0, 1}, ws[4] = {1, 3, 1, 3};
  for (int i = 0; i < 4; ++i) {
    const double s = 1 / (1 + std::exp(-xs[i]));
    want -= ws[i] * (ts[i] * std::log(s) + (1 - ts[i]) * std::log(1 - s));
  }
  CHECK(close(c->forward(x, t), want / 4));
  testing::checkCriterionGradients(*c, Tensor::randn({3, 2}), Tensor::matrix({{1, 0}, {0, 0}, {1, 1}}));
  CHECK(std::isfinite(c->forward(Tensor::matrix({{500, -500}}), Tensor::matrix({{0, 1}}))));
  checkRebuilds(c);
}

TEST_CASE("criterion zoo: MarginRankingCriterion on one pair and on a batch") {
  const CriterionPtr r = createCriterion("MarginRankingCriterion", {0.5});
  const Value pair = Value::table({Tensor::vector({1}), Tensor::vector({2})});
  // y = 1 wants x1 > x2: max(0, -(1 - 2) + 0.5) = 1.5
  CHECK(close(r->forward(pair, Tensor::vector({1})), 1.5));
  CHECK(close(r->forward(pair, Tensor::vector({-1})), 0));
  const Value& g = r->backward(pair, Tensor::vector({1}));
  CHECK(g[0].tensor().item() == -1);
  CHECK(g[1].tensor().item() == 1);
  const Value batch = Value::table({Tensor::vector({3, 0, 1}), Tensor::vector({1, 0, 2})});
  const Tensor y = Tensor::vector({1, 1, -1});
  // max(0, -2 + .5) + max(0, 0 + .5) + max(0, -1 + .5) = 0.5, / 3
  CHECK(close(r->forward(batch, y), 0.5 / 3));
  testing::checkCriterionGradients(*r, Value::table({Tensor::vector({3, 0.2f, 1}), Tensor::vector({1, 0, 2.2f})}), y);
  CHECK_THROWS_WITH_AS(r->forward(batch, Tensor::vector({1})), doctest::Contains("one value (1 or -1) per pair"), Error);
  checkRebuilds(r);
}

TEST_CASE("criterion zoo: CosineEmbeddingCriterion: 1 - cos for y = 1, max(0, cos - margin) for y = -1") {
  manualSeed(33);
  const CriterionPtr c = createCriterion("CosineEmbeddingCriterion", {0.1});
  const Tensor a = Tensor::matrix({{1, 0}, {1, 1}}), b = Tensor::matrix({{1, 1}, {1, 0}});
  const double cos = 1 / std::sqrt(2.0);
  CHECK(close(c->forward(Value::table({a, b}), Tensor::vector({1, -1})), ((1 - cos) + (cos - 0.1)) / 2));
  CHECK(close(c->forward(Value::table({Tensor::vector({1, 0}), Tensor::vector({0, 1})}), Tensor::vector({-1})), 0));
  testing::checkCriterionGradients(*c, Value::table({Tensor::randn({3, 4}), Tensor::randn({3, 4})}), Tensor::vector({1, -1, 1}));
  testing::checkCriterionGradients(*createCriterion("CosineEmbeddingCriterion", {-1}),
                                   Value::table({Tensor::randn({4}), Tensor::randn({4})}), Tensor::vector({-1}));
  checkRebuilds(c);
}

TEST_CASE("criterion zoo: L1HingeEmbeddingCriterion") {
  const CriterionPtr c = createCriterion("L1HingeEmbeddingCriterion", {3});
  const Value pair = Value::table({Tensor::vector({1, 2}), Tensor::vector({0, 3})});  // d = 2
  CHECK(close(c->forward(pair, Tensor::vector({1})), 2));
  CHECK(close(c->forward(pair, Tensor::vector({-1})), 1));
  const Value& g = c->backward(pair, Tensor::vector({-1}));
  CHECK(g[0].tensor().toVector() == std::vector<float>{-1, 1});
  CHECK(g[1].tensor().toVector() == std::vector<float>{1, -1});
  testing::checkCriterionGradients(*c, Value::table({Tensor::vector({1, 2.5f}), Tensor::vector({0, 3})}), Tensor::vector({1}));
  checkRebuilds(c);
}

TEST_CASE("criterion zoo: WeightedMSECriterion scales the target by w (WeightedMSECriterion.lua)") {
  manualSeed(34);
  const Tensor w = Tensor::vector({1, 2});
  const CriterionPtr c = createCriterion("WeightedMSECriterion", {w});
  const Tensor x = Tensor::matrix({{1, 1}, {0, 5}});
  const Tensor t = Tensor::matrix({{1, 1}, {1, 2}});
  // (1 - 1)^2 + (1 - 2)^2 + (0 - 1)^2 + (5 - 4)^2 = 3, / 4
  CHECK(close(c->forward(x, t), 0.75));
  testing::checkCriterionGradients(*c, Tensor::randn({3, 2}), Tensor::randn({3, 2}));
  testing::checkCriterionGradients(*c, Tensor::randn({2}), Tensor::randn({2}));
  checkRebuilds(c);
}

TEST_CASE("criterion zoo: MultiMarginCriterion, p = 1 and 2, with weights (THNN)") {
  manualSeed(35);
  const Tensor x = Tensor::vector({0.1f, 0.2f, 0.4f, 0.8f});
  const CriterionPtr c = createCriterion("MultiMarginCriterion", {});
  // target 4: sum_{d != 4} max(0, 1 - 0.8 + x_d) / 4 = (0.3 + 0.4 + 0.6) / 4
  CHECK(close(c->forward(x, Tensor::vector({4})), 1.3 / 4));
  const CriterionPtr c2 = createCriterion("MultiMarginCriterion", {2, Tensor::vector({1, 1, 1, 2}), 0.5});
  // margin 0.5: only class 3 violates (0.5 - 0.8 + 0.4 = 0.1), squared, times w[4] = 2, / 4
  CHECK(close(c2->forward(x, Tensor::vector({4})), 2 * 0.01 / 4));
  const Tensor batch = Tensor::randn({3, 4});
  const Tensor targets = Tensor::vector({1, 3, 2});
  testing::checkCriterionGradients(*c2, batch, targets);
  testing::checkCriterionGradients(*createCriterion("MultiMarginCriterion", {2}), batch, targets);
  CHECK_THROWS_WITH_AS(c->forward(x, Tensor::vector({5})), doctest::Contains("integers from 1 to 4"), Error);
  CHECK_THROWS_WITH_AS(createCriterion("MultiMarginCriterion", {3}), doctest::Contains("only p=1 and p=2"), Error);
  checkRebuilds(c2);
}

TEST_CASE("criterion zoo: MultiLabelMarginCriterion (THNN): target classes above the others by 1") {
  manualSeed(36);
  const CriterionPtr c = createCriterion("MultiLabelMarginCriterion", {});
  const Tensor x = Tensor::vector({0.1f, 0.2f, 0.4f, 0.8f});
  const Tensor t = Tensor::vector({4, 1, 0, 0});  // classes 4 and 1
  // j = 4: d = 2, 3: (1 - 0.8 + 0.2) + (1 - 0.8 + 0.4) = 1.0; j = 1: (1 - 0.1 + 0.2) + (1 - 0.1 + 0.4) = 2.4
  CHECK(close(c->forward(x, t), 3.4 / 4));
  CHECK(c->backward(x, t).tensor().toVector() == std::vector<float>{-0.5f, 0.5f, 0.5f, -0.5f});
  testing::checkCriterionGradients(*c, Tensor::randn({3, 4}), Tensor::matrix({{1, 0, 0, 0}, {2, 3, 0, 0}, {4, 3, 2, 0}}));
  CHECK_THROWS_WITH_AS(c->forward(x, Tensor::vector({5, 0, 0, 0})), doctest::Contains("classes are integers from 1 to 4"), Error);
}
