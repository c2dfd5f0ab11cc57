// Reductions over one dimension: Sum, Mean, Max, Min.
#include "tests/core/testing.h"

#include "core/modules/Max.h"
#include "core/modules/Mean.h"
#include "core/modules/Min.h"
#include "core/modules/Sum.h"

using namespace nn;

TEST_CASE("module Sum: sums over a dimension, dropping it unless the input is 1-D") {
  const Tensor x = Tensor::matrix({{1, 2, 3}, {4, 5, 6}});
  CHECK(Sum(1).forward(x).tensor().toVector() == std::vector<float>{5, 7, 9});
  CHECK(Sum(2).forward(x).tensor().toVector() == std::vector<float>{6, 15});
  CHECK(Sum(-1).forward(x).tensor().toVector() == std::vector<float>{6, 15});
  const Tensor one = Sum(1).forward(Tensor::vector({1, 2, 3})).tensor();
  CHECK(one.shapeString() == "1");
  CHECK(one.item() == 6);
  CHECK(Sum(2, 0, false, false).forward(x).tensor().shapeString() == "2x1");
  // nInputDims = 1: a 2-D input is a batch of vectors, so dimension 1 means dimension 2
  CHECK(Sum(1, 1).forward(x).tensor().toVector() == std::vector<float>{6, 15});
  CHECK(Sum(1, 1).forward(Tensor::vector({1, 2})).tensor().toVector() == std::vector<float>{3});
  CHECK(Sum(2, 0, true).forward(x).tensor().toVector() == std::vector<float>{2, 5});
}

TEST_CASE("module Sum: every element along the dimension receives its sum's gradient") {
  const Tensor x = Tensor::randn({2, 3, 4});
  Sum s(2);
  s.forward(x);
  const Tensor g = Tensor::randn({2, 4});
  const Tensor& gx = s.backward(x, g).tensor();
  REQUIRE(gx.shapeString() == "2x3x4");
  for (int a = 0; a < 2; ++a)
    for (int b = 0; b < 3; ++b)
      for (int c = 0; c < 4; ++c) CHECK(gx.at({a, b, c}) == g.at({a, c}));
  const Tensor last = Sum(3, 0, true).backward(x, Tensor::ones({2, 3})).tensor();
  CHECK(last.toVector() == std::vector<float>(24, 0.25f));
  testing::checkModuleGradients(s, x);
  Sum avg(-1, 0, true);
  testing::checkModuleGradients(avg, Tensor::randn({3, 5}));
  testing::checkModuleGradients(avg, Tensor::randn({3, 5}).t());  // strided input
  CHECK_THROWS_WITH_AS(Sum(3).forward(Tensor::randn({2, 2})),
                       doctest::Contains("nn.Sum(3): dimension 3 is out of range for an input of size 2x2"), Error);
  CHECK_THROWS_WITH_AS(s.backward(x, Tensor::randn({2, 3})),
                       doctest::Contains("gradOutput has size 2x3 but the output has size 2x4"), Error);
}

TEST_CASE("module Mean: is Sum with sizeAverage") {
  const Tensor x = Tensor::matrix({{1, 2, 3}, {4, 5, 6}});
  Mean m(2);
  CHECK(m.forward(x).tensor().toVector() == std::vector<float>{2, 5});
  CHECK(Mean().forward(x).tensor().toVector() == std::vector<float>{2.5f, 3.5f, 4.5f});
  CHECK(m.backward(x, Tensor::vector({3, 6})).tensor().toVector() == std::vector<float>{1, 1, 1, 2, 2, 2});
  testing::checkModuleGradients(m, Tensor::randn({4, 3}));
  CHECK(m.toString() == "nn.Mean(2)");
  CHECK(createModule("Mean", m.arguments())->typeName() == "nn.Mean");
  CHECK_THROWS_WITH_AS(Mean(0), doctest::Contains("dimensions are 1-based"), Error);
}

TEST_CASE("module Max: the largest element, gradient routed to the argmax, the first on ties") {
  const Tensor x = Tensor::matrix({{1, 7, 3}, {9, 2, 9}});
  Max m(2);
  CHECK(m.forward(x).tensor().toVector() == std::vector<float>{7, 9});
  const Tensor& gx = m.backward(x, Tensor::vector({10, 20})).tensor();
  CHECK(gx.toVector() == std::vector<float>{0, 10, 0, 20, 0, 0});
  Max columns(1);
  CHECK(columns.forward(x).tensor().toVector() == std::vector<float>{9, 7, 9});
  CHECK(columns.backward(x, Tensor::vector({1, 2, 3})).tensor().toVector() == std::vector<float>{0, 2, 0, 1, 0, 3});
  const Tensor one = Max().forward(Tensor::vector({3, 8, 1})).tensor();
  CHECK(one.shapeString() == "1");
  CHECK(one.item() == 8);
  CHECK(Max(1, 1).forward(x).tensor().toVector() == std::vector<float>{7, 9});  // batch of vectors
  testing::checkModuleGradients(m, Tensor::randn({3, 5}));
  Max mid(2);
  testing::checkModuleGradients(mid, Tensor::randn({2, 4, 3}));
  CHECK_THROWS_WITH_AS(Max(-3).forward(x), doctest::Contains("nn.Max(-3): dimension -3 is out of range for an input of size 2x3"), Error);
}

TEST_CASE("module Min: the smallest element, gradient routed to the argmin") {
  const Tensor x = Tensor::matrix({{4, 1, 1}, {0, 5, -2}});
  Min m(-1);
  CHECK(m.forward(x).tensor().toVector() == std::vector<float>{1, -2});
  CHECK(m.backward(x, Tensor::vector({1, 2})).tensor().toVector() == std::vector<float>{0, 1, 0, 0, 0, 2});
  testing::checkModuleGradients(m, Tensor::randn({3, 5}));
  CHECK(m.toString() == "nn.Min(-1)");
  CHECK_THROWS_WITH_AS(m.backward(x, Tensor::vector({1, 2, 3})),
                       doctest::Contains("gradOutput has size 3 but the output has size 2"), Error);
}

TEST_CASE("module reductions: the registry builds them from Torch's arguments") {
  const std::vector<std::pair<std::string, Args>> cases{
      {"Sum", {}}, {"Sum", {2}}, {"Sum", {2, 1, true, false}}, {"Sum", {-1, Arg(), true}},
      {"Mean", {}}, {"Mean", {2, 1}}, {"Max", {2}}, {"Min", {-1, 2}}};
  for (const auto& entry : cases) {
    const std::string& name = entry.first;  // not a structured binding: INFO captures it
    const Args& args = entry.second;
    const ModulePtr m = createModule(name, args);
    INFO(name << " " << m->toString());
    CHECK(createModule(name, m->arguments())->toString() == m->toString());
  }
}
