// Issue 14, part 2: the everyday modules that were missing. Each is built through the registry
// with Torch's constructor arguments, compared with its formula computed here, Jacobian-checked,
// and rebuilt from arguments() (what saving uses).
#include <cmath>

#include "tests/core/testing.h"

#include "core/modules/Container.h"
#include "core/serialize.h"

using namespace nn;

namespace {

bool close(double a, double b, double tol = 1e-5) { return std::fabs(a - b) <= tol * (1 + std::fabs(b)); }

// y = f(x) elementwise, checked element by element against f.
template <class F>
void checkMap(Module& m, const Tensor& x, F f) {
  const std::vector<float> y = m.forward(x).tensor().toVector(), xs = x.toVector();
  REQUIRE(y.size() == xs.size());
  for (size_t i = 0; i < xs.size(); ++i) {
    INFO(m.toString() << " at x = " << xs[i]);
    CHECK(close(y[i], f(static_cast<double>(xs[i]))));
  }
}

// Inputs at least `gap` away from each kink, for gradient checks of piecewise maps.
Tensor awayFrom(std::initializer_list<float> kinks, const Shape& sizes = {4, 5}, float gap = 0.05f) {
  Tensor x = Tensor::uniform(sizes, -3, 3);
  float* p = x.data();
  for (int64_t i = 0; i < x.numel(); ++i)
    for (float k : kinks)
      if (std::fabs(p[i] - k) < gap) p[i] = k + (p[i] < k ? -gap : gap);
  return x;
}

void checkRebuilds(const ModulePtr& m) {
  const ModulePtr again = createModule(m->typeName(), m->arguments());
  CHECK(again->toString() == m->toString());
  const ModulePtr loaded = loadModule(saveModule(*m));
  CHECK(loaded->toString() == m->toString());
}

}  // namespace

TEST_CASE("zoo: Threshold, HardShrink, SoftShrink, TanhShrink, LogSigmoid, ReLU6 follow THNN") {
  manualSeed(21);
  const Tensor x = Tensor::vector({-2, -0.5f, -0.2f, 0, 0.3f, 0.5f, 1, 6, 7});
  const ModulePtr th = createModule("Threshold", {0.3, -5});
  checkMap(*th, x, [](double v) { return v > 0.3f ? v : -5; });  // the threshold is a float
  CHECK(createModule("Threshold", {})->toString() == "nn.Threshold(1e-06, 0)");
  const ModulePtr hs = createModule("HardShrink", {});
  checkMap(*hs, x, [](double v) { return (v > 0.5 || v < -0.5) ? v : 0; });
  const ModulePtr ss = createModule("SoftShrink", {0.25});
  checkMap(*ss, x, [](double v) { return v > 0.25 ? v - 0.25 : (v < -0.25 ? v + 0.25 : 0); });
  const ModulePtr ts = createModule("TanhShrink", {});
  checkMap(*ts, x, [](double v) { return v - std::tanh(v); });
  const ModulePtr ls = createModule("LogSigmoid", {});
  checkMap(*ls, x, [](double v) { return -std::log1p(std::exp(-v)); });
  CHECK(std::isfinite(ls->forward(Tensor::vector({-200, 200})).tensor().at({0})));
  CHECK(close(ls->forward(Tensor::vector({-200})).tensor().at({0}), -200));
  const ModulePtr r6 = createModule("ReLU6", {true});
  checkMap(*r6, x, [](double v) { return std::min(6.0, std::max(0.0, v)); });
  // gradients at THNN's boundaries: Threshold passes only where x > th; ReLU6 is 0 at 0 and 6
  th->forward(x);
  CHECK(th->backward(x, Tensor::ones({9})).tensor().toVector() == std::vector<float>{0, 0, 0, 0, 0, 1, 1, 1, 1});
  r6->forward(x);
  CHECK(r6->backward(x, Tensor::ones({9})).tensor().toVector() == std::vector<float>{0, 0, 0, 0, 1, 1, 1, 0, 0});
  hs->forward(x);
  CHECK(hs->backward(x, Tensor::ones({9})).tensor().toVector() == std::vector<float>{1, 0, 0, 0, 0, 0, 1, 1, 1});
  testing::checkModuleGradients(*th, awayFrom({0.3f}));
  testing::checkModuleGradients(*hs, awayFrom({-0.5f, 0.5f}));
  testing::checkModuleGradients(*ss, awayFrom({-0.25f, 0.25f}));
  testing::checkModuleGradients(*ts, Tensor::randn({3, 4}));
  testing::checkModuleGradients(*ls, Tensor::randn({3, 4}));
  testing::checkModuleGradients(*r6, awayFrom({0, 6}, {4, 5}));
  for (const ModulePtr& m : {th, hs, ss, ts, ls, r6}) checkRebuilds(m);
}

TEST_CASE("zoo: PReLU with a shared slope and per plane (PReLU.lua: weight 0.25, THNN channel layout)") {
  manualSeed(22);
  const ModulePtr shared = createModule("PReLU", {});
  checkMap(*shared, Tensor::vector({-2, 3}), [](double v) { return v > 0 ? v : 0.25 * v; });
  testing::checkModuleGradients(*shared, awayFrom({0}));
  const ModulePtr planes = createModule("PReLU", {3});
  Tensor w = planes->parameters().first[0];
  w.copy(Tensor::vector({0.1f, 0.2f, 0.3f}));
  const Tensor x = Tensor::randn({2, 3, 4});  // batch x planes x n
  const Tensor& y = planes->forward(x).tensor();
  for (int64_t b = 0; b < 2; ++b)
    for (int64_t p = 0; p < 3; ++p)
      for (int64_t k = 0; k < 4; ++k) {
        const float v = x.at({b, p, k});
        CHECK(close(y.at({b, p, k}), v > 0 ? v : (0.1f * (p + 1)) * v));
      }
  // gradWeight[p] = sum over x <= 0 of x * gradOutput
  const Tensor g = Tensor::randn({2, 3, 4});
  planes->zeroGradParameters();
  planes->backward(x, g);
  for (int64_t p = 0; p < 3; ++p) {
    double s = 0;
    for (int64_t b = 0; b < 2; ++b)
      for (int64_t k = 0; k < 4; ++k)
        if (x.at({b, p, k}) <= 0) s += static_cast<double>(x.at({b, p, k})) * g.at({b, p, k});
    CHECK(close(planes->parameters().second[0].at({p}), s));
  }
  testing::checkModuleGradients(*planes, awayFrom({0}, {2, 3, 4}));
  testing::checkModuleGradients(*planes, awayFrom({0}, {3}));  // 1-D: planes along dimension 1
  CHECK_THROWS_WITH_AS(planes->forward(Tensor::randn({2, 4})), doctest::Contains("Wrong number of input planes. Expected 3 but got 4"), Error);
  checkRebuilds(planes);
}

TEST_CASE("zoo: RReLU draws slopes in [l, u] while training (reproducible by seed), (l + u) / 2 in evaluate") {
  const ModulePtr m = createModule("RReLU", {0.1, 0.3});
  const Tensor x = Tensor::full({200}, -1.0f);
  manualSeed(23);
  const std::vector<float> y1 = m->forward(x).tensor().toVector();
  manualSeed(23);
  CHECK(m->forward(x).tensor().toVector() == y1);
  for (float v : y1) CHECK((v <= -0.1f + 1e-6f && v >= -0.3f - 1e-6f));
  // backward multiplies by the very slopes of the forward
  const std::vector<float> g = m->backward(x, Tensor::ones({200})).tensor().toVector();
  for (size_t i = 0; i < g.size(); ++i) CHECK(close(g[i], -y1[i]));
  CHECK(m->forward(Tensor::vector({2})).tensor().item() == 2);
  m->evaluate();
  CHECK(close(m->forward(Tensor::vector({-1})).tensor().item(), -0.2));
  testing::checkModuleGradients(*m, awayFrom({0}));
  CHECK(createModule("RReLU", {})->toString() == createModule("RReLU", {1.0 / 8, 1.0 / 3})->toString());
}

TEST_CASE("zoo: SoftMin is the softmax of -x") {
  manualSeed(24);
  const ModulePtr m = createModule("SoftMin", {});
  const Tensor x = Tensor::vector({1, 2, 3});
  const double z = std::exp(-1.0) + std::exp(-2.0) + std::exp(-3.0);
  checkMap(*m, x, [z](double v) { return std::exp(-v) / z; });
  testing::checkModuleGradients(*m, Tensor::randn({3, 5}));
  testing::checkModuleGradients(*m, Tensor::randn({3, 2, 2}));
}

TEST_CASE("zoo: GradientReversal, Contiguous, Copy, L1Penalty") {
  manualSeed(25);
  const Tensor x = Tensor::randn({3, 4});
  const ModulePtr gr = createModule("GradientReversal", {0.5});
  CHECK(maxAbsDiff(gr->forward(x).tensor(), x) == 0);
  const Tensor g = Tensor::randn({3, 4});
  const Tensor want = g.clone().mul(-0.5f);
  CHECK(maxAbsDiff(gr->backward(x, g).tensor(), want) == 0);
  checkRebuilds(gr);

  const ModulePtr c = createModule("Contiguous", {});
  const Tensor view = x.t();
  const Tensor& y = c->forward(view).tensor();
  CHECK(y.isContiguous());
  CHECK(maxAbsDiff(y, view) == 0);
  testing::checkModuleGradients(*c, Tensor::randn({2, 3}));

  const ModulePtr copy = createModule("Copy", {"torch.FloatTensor", "torch.DoubleTensor"});
  CHECK(maxAbsDiff(copy->forward(x).tensor(), x) == 0);
  CHECK(!copy->output.tensor().sameStorage(x));
  checkRebuilds(copy);

  // L1Penalty: output = input; gradInput = l1weight * sign(x) (/ n when sizeAverage) + gradOutput
  const ModulePtr l1 = createModule("L1Penalty", {0.1, true});
  const Tensor v = Tensor::vector({-2, 0, 3, 1});
  CHECK(maxAbsDiff(l1->forward(v).tensor(), v) == 0);
  const std::vector<float> gl = l1->backward(v, Tensor::vector({1, 1, 1, 1})).tensor().toVector();
  CHECK(close(gl[0], 1 - 0.025));
  CHECK(close(gl[1], 1));
  CHECK(close(gl[2], 1 + 0.025));
  const ModulePtr noOut = createModule("L1Penalty", {2.0, false, false});
  noOut->forward(v);
  CHECK(noOut->backward(v, Tensor::vector({9, 9, 9, 9})).tensor().toVector() == std::vector<float>{-2, 0, 2, 2});
  checkRebuilds(l1);
}

TEST_CASE("zoo: MV multiplies a matrix and a vector, batched and transposed") {
  manualSeed(26);
  const ModulePtr m = createModule("MV", {});
  const Tensor M = Tensor::matrix({{1, 2, 3}, {4, 5, 6}});
  const Tensor v = Tensor::vector({1, 0, -1});
  CHECK(m->forward(Value::table({M, v})).tensor().toVector() == std::vector<float>{-2, -2});
  const ModulePtr mt = createModule("MV", {true});
  CHECK(mt->forward(Value::table({M, Tensor::vector({1, 1})})).tensor().toVector() == std::vector<float>{5, 7, 9});
  testing::checkModuleGradients(*m, Value::table({Tensor::randn({3, 2, 4}), Tensor::randn({3, 4})}));
  testing::checkModuleGradients(*mt, Value::table({Tensor::randn({3, 2, 4}), Tensor::randn({3, 2})}));
  testing::checkModuleGradients(*mt, Value::table({Tensor::randn({2, 4}), Tensor::randn({2})}));
  CHECK_THROWS_WITH_AS(m->forward(Value::table({M, Tensor::randn({2})})), doctest::Contains("do not match"), Error);
  checkRebuilds(mt);
}

TEST_CASE("zoo: Euclidean and Cosine against their formulas, Jacobian-checked with their weights") {
  manualSeed(27);
  const ModulePtr e = createModule("Euclidean", {3, 2});
  Tensor W = e->parameters().first[0];  // inputSize x outputSize
  const Tensor x = Tensor::randn({4, 3});
  const Tensor& y = e->forward(x).tensor();
  for (int64_t b = 0; b < 4; ++b)
    for (int64_t j = 0; j < 2; ++j) {
      double d = 0;
      for (int64_t i = 0; i < 3; ++i) d += std::pow(x.at({b, i}) - W.at({i, j}), 2);
      CHECK(close(y.at({b, j}), std::sqrt(d)));
    }
  testing::checkModuleGradients(*e, Tensor::randn({4, 3}));
  testing::checkModuleGradients(*e, Tensor::randn({3}));
  checkRebuilds(e);

  const ModulePtr c = createModule("Cosine", {3, 2});
  Tensor C = c->parameters().first[0];  // outputSize x inputSize
  const Tensor& yc = c->forward(x).tensor();
  for (int64_t b = 0; b < 4; ++b)
    for (int64_t j = 0; j < 2; ++j) {
      double dot = 0, nx = 0, nw = 0;
      for (int64_t i = 0; i < 3; ++i) {
        dot += x.at({b, i}) * C.at({j, i});
        nx += x.at({b, i}) * x.at({b, i});
        nw += C.at({j, i}) * C.at({j, i});
      }
      CHECK(close(yc.at({b, j}), dot / std::sqrt(nx * nw), 1e-4));
    }
  testing::checkModuleGradients(*c, Tensor::randn({4, 3}));
  testing::checkModuleGradients(*c, Tensor::randn({3}));
  checkRebuilds(c);
}

TEST_CASE("zoo: ZipTable transposes a table of tables, and its gradient back") {
  const ModulePtr z = createModule("ZipTable", {});
  const Tensor a1 = Tensor::vector({1}), a2 = Tensor::vector({2}), b1 = Tensor::vector({3}), b2 = Tensor::vector({4});
  const Value in = Value::table({Value::table({a1, a2}), Value::table({b1, b2})});
  const Value& out = z->forward(in);
  REQUIRE(out.size() == 2);
  CHECK(out[0][0].tensor().item() == 1);
  CHECK(out[0][1].tensor().item() == 3);
  CHECK(out[1][0].tensor().item() == 2);
  testing::checkModuleGradients(*z, in);
}

TEST_CASE("zoo: Normalize divides each row by (sum |x|^p + eps)^(1/p)") {
  manualSeed(28);
  for (double p : {1.0, 2.0, 3.0}) {
    const ModulePtr m = createModule("Normalize", {p});
    INFO("p = " << p);
    const Tensor x = Tensor::randn({3, 4});
    const Tensor& y = m->forward(x).tensor();
    for (int64_t r = 0; r < 3; ++r) {
      double total = 0;
      for (int64_t j = 0; j < 4; ++j) total += std::pow(std::fabs(x.at({r, j})), p);
      const double n = std::pow(total + 1e-10, 1 / p);
      for (int64_t j = 0; j < 4; ++j) CHECK(close(y.at({r, j}), x.at({r, j}) / n, 1e-4));
    }
    testing::checkModuleGradients(*m, Tensor::randn({3, 4}));
    testing::checkModuleGradients(*m, Tensor::randn({5}));
    checkRebuilds(m);
  }
  CHECK_THROWS_WITH_AS(createModule("Normalize", {INFINITY}), doctest::Contains("only finite p-norms"), Error);
}

TEST_CASE("zoo: Parallel applies child i to input:select(inputDimension, i) and concatenates along outputDimension") {
  manualSeed(29);
  auto par = createModule("Parallel", {1, 1});
  auto* container = dynamic_cast<Container*>(par.get());
  REQUIRE(container);
  const ModulePtr a = createModule("Linear", {3, 2}), b = createModule("Linear", {3, 4});
  container->add(a);
  container->add(b);
  const Tensor x = Tensor::randn({2, 3});
  const Tensor& y = par->forward(x).tensor();
  REQUIRE(y.sizes() == Shape{6});
  const Tensor ya = a->forward(x.select(1, 1)).tensor().clone(), yb = b->forward(x.select(1, 2)).tensor().clone();
  CHECK(maxAbsDiff(y.narrow(1, 1, 2), ya) == 0);
  CHECK(maxAbsDiff(y.narrow(1, 3, 4), yb) == 0);
  testing::checkModuleGradients(*par, Tensor::randn({2, 3}));
  // inputDimension 2 of batch x 2 x 3 slices, joined along dimension 2 of the batch x k outputs
  auto cols = createModule("Parallel", {2, 2});
  dynamic_cast<Container*>(cols.get())->add(createModule("Linear", {3, 2}));
  dynamic_cast<Container*>(cols.get())->add(createModule("Tanh", {}));
  CHECK(cols->forward(Tensor::randn({5, 2, 3})).tensor().sizes() == Shape{5, 5});
  testing::checkModuleGradients(*cols, Tensor::randn({5, 2, 3}));
  CHECK_THROWS_WITH_AS(cols->forward(Tensor::randn({5, 3, 3})), doctest::Contains("one slice along dimension 2 per module (2)"), Error);
  const ModulePtr back = loadModule(saveModule(*cols));
  const Tensor in = Tensor::randn({4, 2, 3});
  CHECK(maxAbsDiff(back->forward(in).tensor(), cols->forward(in).tensor()) == 0);
}

TEST_CASE("zoo: Padding follows Padding.lua (pad < 0 before, pad > 0 after, index, nInputDim)") {
  manualSeed(30);
  const Tensor x = Tensor::matrix({{1, 2, 3}, {4, 5, 6}});
  CHECK(createModule("Padding", {2, -1})->forward(x).tensor().toVector() == std::vector<float>{0, 1, 2, 3, 0, 4, 5, 6});
  CHECK(createModule("Padding", {2, 2, Arg(), 9})->forward(x).tensor().toVector() ==
        std::vector<float>{1, 2, 3, 9, 9, 4, 5, 6, 9, 9});
  // index 2 with pad < 0: between the first and second entries
  CHECK(createModule("Padding", {2, -1, Arg(), 0, 2})->forward(x).tensor().toVector() == std::vector<float>{1, 0, 2, 3, 4, 0, 5, 6});
  // nInputDim 1: a 2-D input is a batch of vectors, so dim 1 means dimension 2
  CHECK(createModule("Padding", {1, 1, 1})->forward(x).tensor().sizes() == Shape{2, 4});
  const ModulePtr m = createModule("Padding", {1, -2, Arg(), -1, 2});
  testing::checkModuleGradients(*m, Tensor::randn({3, 2}));
  checkRebuilds(m);
}

TEST_CASE("zoo: Index takes t:index(dimension, indices); repeated indices add up their gradients") {
  manualSeed(37);
  const ModulePtr m = createModule("Index", {1});
  const Tensor t = Tensor::matrix({{1, 2}, {3, 4}, {5, 6}});
  const Tensor idx = Tensor::vector({3, 1, 3});
  CHECK(m->forward(Value::table({t, idx})).tensor().toVector() == std::vector<float>{5, 6, 1, 2, 5, 6});
  const Value& g = m->backward(Value::table({t, idx}), Tensor::ones({3, 2}));
  CHECK(g[0].tensor().toVector() == std::vector<float>{1, 1, 0, 0, 2, 2});
  CHECK(g[1].tensor().toVector() == std::vector<float>{0, 0, 0});
  const ModulePtr cols = createModule("Index", {2});
  CHECK(cols->forward(Value::table({t, Tensor::vector({2})})).tensor().toVector() == std::vector<float>{2, 4, 6});
  CHECK_THROWS_WITH_AS(m->forward(Value::table({t, Tensor::vector({4})})), doctest::Contains("not an integer from 1 to 3"), Error);
  // the gradient of the values (indices held fixed) against central differences of sum(y .* R)
  // (checkGradients would perturb the indices too)
  Tensor v = Tensor::randn({4, 3});
  const Tensor ids = Tensor::vector({2, 4, 2});
  const Tensor R = Tensor::randn({3, 3});
  const auto loss = [&]() { return kernels::dot(9, m->forward(Value::table({v, ids})).tensor().data(), R.data()); };
  m->forward(Value::table({v, ids}));
  const Tensor analytic = m->backward(Value::table({v, ids}), R)[0].tensor().clone();
  for (int64_t i = 0; i < v.numel(); ++i) {
    const float saved = v.data()[i];
    v.data()[i] = saved + 1e-2f;
    const double up = loss();
    v.data()[i] = saved - 1e-2f;
    const double down = loss();
    v.data()[i] = saved;
    CHECK(close(analytic.data()[i], (up - down) / 2e-2, 1e-3));
  }
  checkRebuilds(m);
}
