// Modules of two inputs or with an index input: Bilinear, LookupTable, MM, DotProduct,
// CosineDistance, PairwiseDistance.
#include "tests/core/testing.h"

#include <cmath>

#include "core/modules/Bilinear.h"
#include "core/modules/CosineDistance.h"
#include "core/modules/DotProduct.h"
#include "core/modules/LookupTable.h"
#include "core/modules/MM.h"
#include "core/modules/PairwiseDistance.h"

using namespace nn;

TEST_CASE("module Bilinear: y_k = x1' W_k x2 + b_k for each row") {
  manualSeed(3);
  Bilinear m(2, 3, 2);
  m.weight = Tensor::fromData({1, 0, 2, 0, 1, 0,    // W_1
                               0, 1, 0, 3, 0, -1},  // W_2
                              {2, 2, 3});
  m.bias = Tensor::vector({0.5f, -1});
  const Tensor x1 = Tensor::matrix({{1, 2}, {0, 1}});
  const Tensor x2 = Tensor::matrix({{1, 1, 1}, {2, 0, 3}});
  // row 1: W_1 x2 = (3, 1), x1 . = 1*3 + 2*1 = 5 (+0.5); W_2 x2 = (1, 2), x1 . = 1 + 4 = 5 (-1)
  // row 2: W_1 x2 = (8, 0) -> 0; W_2 x2 = (0, 3) -> 3
  const Tensor& y = m.forward(Value::table({x1, x2})).tensor();
  CHECK(maxAbsDiff(y, Tensor::matrix({{5.5f, 4}, {0.5f, 2}})) < 1e-6f);
  const Value& g = m.backward(Value::table({x1, x2}), Tensor::matrix({{1, 0}, {0, 1}}));
  // row 1 (gradient on y_1): d/dx1 = W_1 x2 = (3, 1), d/dx2 = W_1' x1 = (1, 2, 2)
  // row 2 (gradient on y_2): d/dx1 = W_2 x2 = (0, 3), d/dx2 = W_2' x1 = (3, 0, -1)
  CHECK(maxAbsDiff(g[0].tensor(), Tensor::matrix({{3, 1}, {0, 3}})) < 1e-6f);
  CHECK(maxAbsDiff(g[1].tensor(), Tensor::matrix({{1, 2, 2}, {3, 0, -1}})) < 1e-6f);
  Bilinear fresh(4, 3, 5);
  const Value input = Value::table({Tensor::randn({6, 4}), Tensor::randn({6, 3})});
  testing::checkModuleGradients(fresh, input);
  testing::checkAccumulation(fresh, input, Tensor::randn({6, 5}));
  Bilinear noBias(4, 3, 2, false);
  testing::checkModuleGradients(noBias, input);
  CHECK(noBias.parameters().first.size() == 1);
  CHECK(noBias.toString() == "nn.Bilinear(4x3 -> 2 without bias)");
}

TEST_CASE("module Bilinear: inputs of the wrong size are errors") {
  Bilinear m(4, 3, 5);
  CHECK_THROWS_WITH_AS(m.forward(Value::table({Tensor::randn({2, 4}), Tensor::randn({2, 4})})),
                       doctest::Contains("nn.Bilinear(4x3 -> 5): expected table entry 2 of size batch x 3 but got 2x4"), Error);
  CHECK_THROWS_WITH_AS(m.forward(Value::table({Tensor::randn({2, 4}), Tensor::randn({3, 3})})),
                       doctest::Contains("same number of rows"), Error);
  CHECK_THROWS_WITH_AS(m.forward(Tensor::randn({2, 4})), doctest::Contains("expected a table input"), Error);
}

TEST_CASE("module LookupTable: rows of the weight by 1-based index, batches too") {
  LookupTable m(4, 2);
  m.weight = Tensor::matrix({{1, 2}, {3, 4}, {5, 6}, {7, 8}});
  const Tensor idx = Tensor::vector({3, 1, 3});
  CHECK(m.forward(idx).tensor().toVector() == std::vector<float>{5, 6, 1, 2, 5, 6});
  CHECK(m.output.tensor().shapeString() == "3x2");
  const Tensor batch = Tensor::matrix({{4, 2}, {1, 1}});
  const Tensor& y = m.forward(batch).tensor();
  CHECK(y.shapeString() == "2x2x2");
  CHECK(y.toVector() == std::vector<float>{7, 8, 3, 4, 1, 2, 1, 2});
  // gradInput: zeros shaped like the indices; gradWeight accumulates each occurrence
  m.zeroGradParameters();
  const Tensor& gx = m.backward(idx, Tensor::matrix({{1, 1}, {2, 2}, {10, 10}})).tensor();
  CHECK(gx.shapeString() == "3");
  CHECK(gx.toVector() == std::vector<float>{0, 0, 0});
  CHECK(m.gradWeight.toVector() == std::vector<float>{2, 2, 0, 0, 11, 11, 0, 0});
  testing::checkAccumulation(m, batch, Tensor::randn({2, 2, 2}));
}

TEST_CASE("module LookupTable: the weight gradient matches central differences") {
  LookupTable m(5, 3);
  const Tensor idx = Tensor::matrix({{2, 5, 2}, {1, 3, 5}});
  const Tensor r = Tensor::randn({2, 3, 3});
  auto loss = [&] {
    const Tensor y = m.forward(idx).tensor();
    double s = 0;
    for (int64_t i = 0; i < y.numel(); ++i) s += double(y.data()[i]) * r.data()[i];
    return s;
  };
  m.zeroGradParameters();
  m.forward(idx);
  m.backward(idx, r);
  for (int64_t i = 0; i < m.weight.numel(); ++i) {
    const float saved = m.weight.data()[i];
    m.weight.data()[i] = saved + 1e-2f;
    const double up = loss();
    m.weight.data()[i] = saved - 1e-2f;
    const double down = loss();
    m.weight.data()[i] = saved;
    CHECK(std::fabs((up - down) / 2e-2 - m.gradWeight.data()[i]) < 1e-3);
  }
}

TEST_CASE("module LookupTable: an out-of-range or fractional index is an error naming it") {
  LookupTable m(4, 2);
  CHECK_THROWS_WITH_AS(m.forward(Tensor::vector({1, 5})),
                       doctest::Contains("nn.LookupTable(4, 2): index 5 at position (2) of the input is out of range; indices are 1..4"), Error);
  CHECK_THROWS_WITH_AS(m.forward(Tensor::matrix({{1, 2}, {0, 1}})),
                       doctest::Contains("index 0 at position (2, 1) of the input is out of range"), Error);
  CHECK_THROWS_WITH_AS(m.forward(Tensor::vector({1.5f})), doctest::Contains("index 1.5 at position (1) of the input is not an integer"), Error);
}

TEST_CASE("module MM: matrix products with transposes, and batches") {
  const Tensor a = Tensor::matrix({{1, 2}, {3, 4}});
  const Tensor b = Tensor::matrix({{5, 6, 7}, {8, 9, 10}});
  MM m;
  CHECK(m.forward(Value::table({a, b})).tensor().toVector() == std::vector<float>{21, 24, 27, 47, 54, 61});
  // A' B: (1 3; 2 4)(5 6 7; 8 9 10)
  MM ta(true);
  CHECK(ta.forward(Value::table({a, b})).tensor().toVector() == std::vector<float>{29, 33, 37, 42, 48, 54});
  // A B' with B 3x2
  MM tb(false, true);
  const Tensor bt = Tensor::matrix({{5, 8}, {6, 9}, {7, 10}});
  CHECK(tb.forward(Value::table({a, bt})).tensor().toVector() == std::vector<float>{21, 24, 27, 47, 54, 61});
  const Value& g = m.backward(Value::table({a, b}), Tensor::ones({2, 3}));
  // dA = G B' = row sums of B; dB = A' G = column sums of A
  CHECK(g[0].tensor().toVector() == std::vector<float>{18, 27, 18, 27});
  CHECK(g[1].tensor().toVector() == std::vector<float>{4, 4, 4, 6, 6, 6});
  for (bool tA : {false, true})
    for (bool tB : {false, true}) {
      MM mm(tA, tB);
      const Tensor x = tA ? Tensor::randn({3, 4, 2}) : Tensor::randn({3, 2, 4});
      const Tensor y = tB ? Tensor::randn({3, 5, 4}) : Tensor::randn({3, 4, 5});
      CHECK(mm.forward(Value::table({x, y})).tensor().shapeString() == "3x2x5");
      testing::checkModuleGradients(mm, Value::table({x, y}));
      testing::checkModuleGradients(mm, Value::table({x.select(1, 2).clone(), y.select(1, 1).clone()}));
    }
}

TEST_CASE("module MM: mismatched sizes are an error naming both") {
  CHECK_THROWS_WITH_AS(MM().forward(Value::table({Tensor::randn({2, 3}), Tensor::randn({2, 3})})),
                       doctest::Contains("nn.MM: matrix sizes do not match: op(A) is 2x3 and op(B) is 2x3"), Error);
  CHECK_THROWS_WITH_AS(MM().forward(Value::table({Tensor::randn({2, 2, 3}), Tensor::randn({3, 3, 2})})),
                       doctest::Contains("the two batches have different sizes"), Error);
  CHECK_THROWS_WITH_AS(MM().forward(Value::table({Tensor::randn({2, 3}), Tensor::randn({2, 3, 3})})),
                       doctest::Contains("both 2-D or both 3-D"), Error);
}

TEST_CASE("module DotProduct: row-wise dot products") {
  DotProduct m;
  const Tensor a = Tensor::matrix({{1, 2, 3}, {0, 1, 0}}), b = Tensor::matrix({{4, 5, 6}, {7, 8, 9}});
  CHECK(m.forward(Value::table({a, b})).tensor().toVector() == std::vector<float>{32, 8});
  const Value& g = m.backward(Value::table({a, b}), Tensor::vector({1, 2}));
  CHECK(g[0].tensor().toVector() == std::vector<float>{4, 5, 6, 14, 16, 18});
  CHECK(g[1].tensor().toVector() == std::vector<float>{1, 2, 3, 0, 2, 0});
  const Tensor v = m.forward(Value::table({Tensor::vector({1, 2}), Tensor::vector({3, 4})})).tensor();
  CHECK(v.shapeString() == "1");
  CHECK(v.item() == 11);
  CHECK(m.backward(Value::table({Tensor::vector({1, 2}), Tensor::vector({3, 4})}), Tensor::vector({1}))[0].tensor().shapeString() == "2");
  testing::checkModuleGradients(m, Value::table({Tensor::randn({3, 4}), Tensor::randn({3, 4})}));
  CHECK_THROWS_WITH_AS(m.forward(Value::table({Tensor::randn({3, 4}), Tensor::randn({3, 5})})),
                       doctest::Contains("nn.DotProduct: expected two vectors or two batch x n matrices of the same size but got a table of 2 {3x4, 3x5}"), Error);
}

TEST_CASE("module CosineDistance: cosine of the angle between rows") {
  CosineDistance m;
  const Tensor a = Tensor::matrix({{1, 0}, {1, 1}, {3, 4}}), b = Tensor::matrix({{0, 2}, {2, 2}, {-3, -4}});
  CHECK(maxAbsDiff(m.forward(Value::table({a, b})).tensor(), Tensor::vector({0, 1, -1})) < 1e-6f);
  const Tensor v = m.forward(Value::table({Tensor::vector({1, 2}), Tensor::vector({2, 1})})).tensor();
  CHECK(v.shapeString() == "1");
  CHECK(std::fabs(v.item() - 0.8f) < 1e-6f);
  // d cos / da at a = (1, 0), b = (0, 2): (b/|b| - cos a/|a|) / |a| = (0, 1)
  const Value& g = m.backward(Value::table({a, b}), Tensor::vector({1, 0, 0}));
  CHECK(maxAbsDiff(g[0].tensor(), Tensor::matrix({{0, 1}, {0, 0}, {0, 0}})) < 1e-6f);
  CHECK(maxAbsDiff(g[1].tensor(), Tensor::matrix({{0.5f, 0}, {0, 0}, {0, 0}})) < 1e-6f);
  testing::checkModuleGradients(m, Value::table({Tensor::randn({3, 4}), Tensor::randn({3, 4})}));
  testing::checkModuleGradients(m, Value::table({Tensor::randn({5}), Tensor::randn({5})}));
  CHECK_THROWS_WITH_AS(m.forward(Value::table({Tensor::randn({3, 4})})), doctest::Contains("expected a table of 2 tensors"), Error);
}

TEST_CASE("module PairwiseDistance: p-norm of the difference, p = 1, 2 and others") {
  const Tensor a = Tensor::matrix({{1, 2}, {0, 0}}), b = Tensor::matrix({{4, 6}, {0, 1}});
  PairwiseDistance l2(2), l1(1), l3(3);
  CHECK(maxAbsDiff(l2.forward(Value::table({a, b})).tensor(), Tensor::vector({5, 1})) < 1e-5f);
  CHECK(maxAbsDiff(l1.forward(Value::table({a, b})).tensor(), Tensor::vector({7, 1})) < 1e-5f);
  CHECK(std::fabs(l3.forward(Value::table({a, b})).tensor().at({0}) - std::cbrt(27.0f + 64.0f)) < 1e-4f);
  // d||a-b||_2/da = (a-b)/||a-b|| = (-0.6, -0.8) for row 1
  const Value& g = l2.backward(Value::table({a, b}), Tensor::vector({1, 0}));
  CHECK(maxAbsDiff(g[0].tensor(), Tensor::matrix({{-0.6f, -0.8f}, {0, 0}})) < 1e-5f);
  CHECK(maxAbsDiff(g[1].tensor(), Tensor::matrix({{0.6f, 0.8f}, {0, 0}})) < 1e-5f);
  const Value& g1 = l1.backward(Value::table({a, b}), Tensor::vector({2, 1}));
  CHECK(g1[0].tensor().toVector() == std::vector<float>{-2, -2, 0, -1});  // sign(0) = 0
  const Value vectors = Value::table({Tensor::vector({1, 2, 3}), Tensor::vector({0, 0, 5})});
  CHECK(std::fabs(l2.forward(vectors).tensor().item() - 3.0f) < 1e-5f);
  CHECK(l2.output.tensor().shapeString() == "1");
  const Value input = Value::table({Tensor::randn({3, 4}), Tensor::randn({3, 4})});
  for (double p : {1.0, 1.5, 2.0, 3.0}) {
    PairwiseDistance m(p);
    testing::checkModuleGradients(m, input);
  }
  CHECK_THROWS_WITH_AS(PairwiseDistance(0), doctest::Contains("the norm p must be a positive number"), Error);
  CHECK_THROWS_WITH_AS(l2.forward(Value::table({Tensor::randn({2, 3}), Tensor::randn({3, 2})})),
                       doctest::Contains("nn.PairwiseDistance(2): expected two vectors or two batch x n matrices of the same size"), Error);
}

TEST_CASE("module pairs: the registry builds them from Torch's arguments") {
  const std::vector<std::pair<std::string, Args>> cases{
      {"Bilinear", {3, 4, 5}}, {"Bilinear", {3, 4, 5, false}}, {"LookupTable", {10, 3}}, {"MM", {}},
      {"MM", {true, false}}, {"DotProduct", {}}, {"CosineDistance", {}}, {"PairwiseDistance", {1}}};
  for (const auto& entry : cases) {
    const std::string& name = entry.first;  // not a structured binding: INFO captures it
    const Args& args = entry.second;
    const ModulePtr m = createModule(name, args);
    INFO(name << " " << m->toString());
    CHECK(createModule(name, m->arguments())->toString() == m->toString());
  }
  CHECK(createModule("PairwiseDistance", {})->toString() == createModule("PairwiseDistance", {2})->toString());  // p or 2
}
