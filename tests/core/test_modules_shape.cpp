// View-like modules: Reshape, View, Narrow, Select, Transpose, Replicate, Squeeze, Unsqueeze.
#include "tests/core/testing.h"

#include "core/modules/CAddTable.h"
#include "core/modules/Identity.h"
#include "core/modules/Narrow.h"
#include "core/modules/Replicate.h"
#include "core/modules/Reshape.h"
#include "core/modules/Select.h"
#include "core/modules/Squeeze.h"
#include "core/modules/Transpose.h"
#include "core/modules/Unsqueeze.h"
#include "core/modules/View.h"

using namespace nn;

namespace {
// 0, 1, 2, ... as a tensor of the given sizes: every element says where it came from.
Tensor iota(const Shape& sizes) {
  Tensor t(sizes);
  std::vector<float> v(static_cast<size_t>(t.numel()));
  for (size_t i = 0; i < v.size(); ++i) v[i] = static_cast<float>(i);
  return Tensor::fromData(v, sizes);
}
std::vector<float> range(int from, int to) {  // from .. to-1
  std::vector<float> v;
  for (int i = from; i < to; ++i) v.push_back(static_cast<float>(i));
  return v;
}
}  // namespace

TEST_CASE("module Reshape: keeps the elements in order and infers the batch dimension as Torch") {
  Reshape r({2, 3});
  const Tensor x = iota({6});
  const Tensor& y = r.forward(x).tensor();
  CHECK(y.shapeString() == "2x3");
  CHECK(y.toVector() == range(0, 6));
  CHECK(y.sameStorage(x));  // a view, as in Torch
  // 4 examples of 6: batch x 2x3
  CHECK(r.forward(iota({4, 6})).tensor().shapeString() == "4x2x3");
  CHECK(r.forward(iota({4, 2, 3})).tensor().shapeString() == "4x2x3");
  // exactly prod(size) elements but a first dimension of 1: Torch reads it as a batch of 1
  CHECK(r.forward(iota({1, 6})).tensor().shapeString() == "1x2x3");
  Reshape noBatch({2, 3}, false), batch({6}, true);
  CHECK(noBatch.forward(iota({1, 6})).tensor().shapeString() == "2x3");
  CHECK(batch.forward(iota({3, 2, 3})).tensor().shapeString() == "3x6");
  CHECK(r.toString() == "nn.Reshape(2x3)");
}

TEST_CASE("module Reshape: a strided input is copied, gradInput is a fresh buffer shaped like the input") {
  Reshape r({6});
  const Tensor x = iota({3, 2}).t();  // 2x3, not contiguous
  const Tensor& y = r.forward(x).tensor();
  CHECK(y.toVector() == std::vector<float>{0, 2, 4, 1, 3, 5});
  const Tensor g = iota({6});
  const Tensor& gx = r.backward(x, g).tensor();
  CHECK(gx.shapeString() == "2x3");
  CHECK(!gx.sameStorage(g));
  CHECK(gx.toVector() == range(0, 6));
  testing::checkModuleGradients(r, Tensor::randn({4, 2, 3}));
}

TEST_CASE("module Reshape: a size mismatch names both sizes") {
  Reshape r({3, 3});
  CHECK_THROWS_WITH_AS(r.forward(iota({4, 5})),
                       doctest::Contains("nn.Reshape(3x3): input of size 4x5 (20 elements) cannot be seen as 3x3 nor as batch x 3x3"),
                       Error);
  CHECK_THROWS_WITH_AS(Reshape({2, 0}), doctest::Contains("sizes must be positive"), Error);
  r.forward(iota({9}));
  CHECK_THROWS_WITH_AS(r.backward(iota({9}), iota({9})), doctest::Contains("gradOutput has size 9 but the output has size 3x3"), Error);
}

TEST_CASE("module View: -1 is inferred and extra elements become a batch dimension") {
  View v({2, 3});
  CHECK(v.forward(iota({6})).tensor().shapeString() == "2x3");
  CHECK(v.forward(iota({12})).tensor().shapeString() == "2x2x3");
  CHECK(v.forward(iota({5, 3, 2})).tensor().shapeString() == "5x2x3");
  View w({-1, 3});
  CHECK(w.forward(iota({12})).tensor().shapeString() == "4x3");
  CHECK(w.forward(iota({2, 6})).tensor().shapeString() == "4x3");
  View nd({6});
  nd.setNumInputDims(2);
  CHECK(nd.forward(iota({2, 3})).tensor().shapeString() == "6");
  CHECK(nd.forward(iota({4, 2, 3})).tensor().shapeString() == "4x6");
  CHECK(nd.forward(iota({1, 2, 3})).tensor().shapeString() == "1x6");  // batch of one kept
  const Tensor x = iota({2, 6});
  const Tensor& y = w.forward(x).tensor();
  CHECK(y.sameStorage(x));
  CHECK(y.at({3, 2}) == 11);
  const Tensor& gx = w.backward(x, iota({4, 3})).tensor();
  CHECK(gx.shapeString() == "2x6");
  CHECK(gx.toVector() == range(0, 12));
  testing::checkModuleGradients(w, Tensor::randn({2, 6}));
  CHECK(w.toString() == "nn.View(-1, 3)");
}

TEST_CASE("module View: mismatched sizes, two -1 and strided inputs are errors") {
  View v({4});
  CHECK_THROWS_WITH_AS(v.forward(iota({2, 3})),
                       doctest::Contains("nn.View(4): input of size 2x3 does not match the view 4 (6 elements is not a multiple of 4)"), Error);
  CHECK_THROWS_WITH_AS(View({-1, -1}), doctest::Contains("only one size may be -1"), Error);
  CHECK_THROWS_WITH_AS(View({6}).forward(iota({3, 2}).t()), doctest::Contains("is not contiguous"), Error);
}

TEST_CASE("module Narrow: takes a slice, negative dimension and length count from the end") {
  const Tensor x = iota({4, 5});
  Narrow n(2, 2, 3);
  const Tensor& y = n.forward(x).tensor();
  CHECK(y.shapeString() == "4x3");
  CHECK(y.at({1, 0}) == 6);
  CHECK(y.at({3, 2}) == 18);
  CHECK(!y.sameStorage(x));
  CHECK(Narrow(1, 2, -1).forward(x).tensor().shapeString() == "3x5");    // rows 2..4
  CHECK(Narrow(1, 2, -2).forward(x).tensor().shapeString() == "2x5");    // rows 2..3
  const Tensor last = Narrow(-1, 4, 2).forward(x).tensor();                // columns 4..5
  CHECK(last.shapeString() == "4x2");
  CHECK(last.at({0, 0}) == 3);
  // a negative offset is Narrow.lua's rule (index 1, size - length elements), not slicing from
  // the end: tests/core/test_torch_fidelity.cpp
  CHECK(Narrow(1, 3).forward(x).tensor().toVector() == range(10, 15));  // length defaults to 1
  const Tensor& gx = n.backward(x, Tensor::ones({4, 3})).tensor();
  CHECK(gx.shapeString() == "4x5");
  CHECK(gx.toVector() == std::vector<float>{0, 1, 1, 1, 0, 0, 1, 1, 1, 0, 0, 1, 1, 1, 0, 0, 1, 1, 1, 0});
  testing::checkModuleGradients(n, Tensor::randn({3, 5}));
  CHECK(n.toString() == "nn.Narrow(2, 2, 3)");
}

TEST_CASE("module Narrow: a slice past the end is an error naming the range") {
  CHECK_THROWS_WITH_AS(Narrow(2, 4, 3).forward(iota({4, 5})),
                       doctest::Contains("nn.Narrow(2, 4, 3): cannot take elements 4..6 of dimension 2 (size 5) of an input of size 4x5"), Error);
  CHECK_THROWS_WITH_AS(Narrow(3, 1, 1).forward(iota({4, 5})), doctest::Contains("dimension 3 is out of range"), Error);
}

TEST_CASE("module Select: removes the dimension, negative index counts from the end") {
  const Tensor x = iota({3, 4});
  Select s(1, 2);
  const Tensor& y = s.forward(x).tensor();
  CHECK(y.toVector() == range(4, 8));
  CHECK(Select(2, -1).forward(x).tensor().toVector() == std::vector<float>{3, 7, 11});
  CHECK(Select(-1, 1).forward(iota({2, 2, 2})).tensor().toVector() == std::vector<float>{0, 2, 4, 6});
  const Tensor& gx = s.backward(x, Tensor::vector({1, 2, 3, 4})).tensor();
  CHECK(gx.toVector() == std::vector<float>{0, 0, 0, 0, 1, 2, 3, 4, 0, 0, 0, 0});
  testing::checkModuleGradients(s, Tensor::randn({3, 4}));
}

TEST_CASE("module Select: an index out of range or a 1-D input is an error") {
  CHECK_THROWS_WITH_AS(Select(1, 4).forward(iota({3, 4})),
                       doctest::Contains("nn.Select(1, 4): index 4 is out of range for dimension 1 (size 3) of an input of size 3x4"), Error);
  CHECK_THROWS_WITH_AS(Select(1, 1).forward(iota({3})), doctest::Contains("at least 2 dimensions but got size 3"), Error);
}

TEST_CASE("module Transpose: swaps each pair in order and transposes the gradient back") {
  const Tensor x = iota({2, 3, 4});
  Transpose t({{1, 3}});
  const Tensor& y = t.forward(x).tensor();
  CHECK(y.shapeString() == "4x3x2");
  CHECK(y.isContiguous());
  CHECK(y.at({3, 1, 0}) == x.at({0, 1, 3}));
  // {1, 3} then {1, 2}: 2x3x4 -> 4x3x2 -> 3x4x2
  Transpose two(Transpose::pairs({1, 3, 1, 2}));
  const Tensor& y2 = two.forward(x).tensor();
  CHECK(y2.shapeString() == "3x4x2");
  CHECK(y2.at({2, 1, 1}) == x.at({1, 2, 1}));
  const Tensor g = Tensor::randn({3, 4, 2});
  const Tensor& gx = two.backward(x, g).tensor();
  CHECK(gx.shapeString() == "2x3x4");
  CHECK(gx.at({1, 2, 1}) == g.at({2, 1, 1}));
  testing::checkModuleGradients(two, Tensor::randn({2, 3, 4}));
  CHECK(two.toString() == "nn.Transpose({1, 3}, {1, 2})");
}

TEST_CASE("module Transpose: an odd list or a dimension out of range is an error") {
  CHECK_THROWS_WITH_AS(createModule("Transpose", {1, 2, 3}), doctest::Contains("expected pairs of dimensions"), Error);
  CHECK(createModule("Transpose", {std::vector<double>{1, 4}, std::vector<double>{1, 3}})->toString() ==
        "nn.Transpose({1, 4}, {1, 3})");
  CHECK_THROWS_WITH_AS(Transpose({{1, 3}}).forward(iota({2, 2})),
                       doctest::Contains("nn.Transpose({1, 3}): dimension 3 is out of range for an input of size 2x2"), Error);
}

TEST_CASE("module Replicate: stacks copies along a new dimension and sums the gradient over it") {
  const Tensor x = Tensor::vector({1, 2, 3});
  Replicate r(2);
  const Tensor& y = r.forward(x).tensor();
  CHECK(y.shapeString() == "2x3");
  CHECK(y.toVector() == std::vector<float>{1, 2, 3, 1, 2, 3});
  Replicate r2(2, 2);
  const Tensor& y2 = r2.forward(x).tensor();
  CHECK(y2.shapeString() == "3x2");
  CHECK(y2.toVector() == std::vector<float>{1, 1, 2, 2, 3, 3});
  const Tensor& gx = r2.backward(x, Tensor::matrix({{1, 10}, {2, 20}, {3, 30}})).tensor();
  CHECK(gx.toVector() == std::vector<float>{11, 22, 33});
  // ndim = 1: a 2-D input is a batch, the new dimension is 2
  Replicate batched(4, 1, 1);
  CHECK(batched.forward(iota({5, 3})).tensor().shapeString() == "5x4x3");
  testing::checkModuleGradients(batched, Tensor::randn({2, 3}));
  CHECK_THROWS_WITH_AS(Replicate(2, 3).forward(x), doctest::Contains("cannot replicate along dimension 3 of an input of size 3"), Error);
}

TEST_CASE("module Squeeze: drops size-1 dimensions, all or one, and keeps a batch of one") {
  const Tensor x = iota({1, 3, 1, 2});
  CHECK(Squeeze().forward(x).tensor().shapeString() == "3x2");
  CHECK(Squeeze(3).forward(x).tensor().shapeString() == "1x3x2");
  CHECK(Squeeze(-2).forward(x).tensor().shapeString() == "1x3x2");
  CHECK(Squeeze(2).forward(x).tensor().shapeString() == "1x3x1x2");  // size 3: unchanged
  CHECK(Squeeze(0, 3).forward(x).tensor().shapeString() == "1x3x2");  // batch of one kept
  CHECK(Squeeze(2, 3).forward(x).tensor().shapeString() == "1x3x2");  // dim 2 of each example
  Squeeze s;
  const Tensor& y = s.forward(x).tensor();
  CHECK(y.sameStorage(x));
  const Tensor& gx = s.backward(x, iota({3, 2})).tensor();
  CHECK(gx.shapeString() == "1x3x1x2");
  CHECK(gx.toVector() == range(0, 6));
  testing::checkModuleGradients(s, Tensor::randn({2, 1, 3}));
  CHECK_THROWS_WITH_AS(Squeeze(5).forward(x), doctest::Contains("nn.Squeeze(5): dimension 5 is out of range for an input of size 1x3x1x2"), Error);
}

TEST_CASE("module Unsqueeze: inserts a size-1 dimension, after the batch with numInputDims") {
  const Tensor x = iota({3, 4});
  CHECK(Unsqueeze(1).forward(x).tensor().shapeString() == "1x3x4");
  CHECK(Unsqueeze(2).forward(x).tensor().shapeString() == "3x1x4");
  CHECK(Unsqueeze(3).forward(x).tensor().shapeString() == "3x4x1");
  CHECK(Unsqueeze(1, 1).forward(x).tensor().shapeString() == "3x1x4");
  Unsqueeze u(2);
  CHECK(u.forward(x).tensor().sameStorage(x));
  const Tensor& gx = u.backward(x, iota({3, 1, 4})).tensor();
  CHECK(gx.shapeString() == "3x4");
  CHECK(gx.toVector() == range(0, 12));
  testing::checkModuleGradients(u, Tensor::randn({3, 4}));
  CHECK(u.toString() == "nn.Unsqueeze(dim 2)");
  CHECK_THROWS_WITH_AS(Unsqueeze(4).forward(x), doctest::Contains("cannot insert a dimension at position 4 of an input of size 3x4"), Error);
  CHECK_THROWS_WITH_AS(Unsqueeze(0), doctest::Contains("must be positive"), Error);
}

TEST_CASE("module shape: gradInput never aliases gradOutput, so fan-out sums stay correct") {
  const Tensor x = Tensor::randn({2, 3});
  std::vector<ModulePtr> modules{testing::make<Reshape>(Shape{6}), testing::make<View>(Shape{3, 2}),
                                 testing::make<Squeeze>(), testing::make<Unsqueeze>(1)};
  for (const ModulePtr& m : modules) {
    const Tensor y = m->forward(x).tensor();
    const Tensor g = Tensor::randn(y.sizes());
    const Tensor gx = m->backward(x, g).tensor();
    INFO(m->toString());
    CHECK(!gx.sameStorage(g));
    CHECK(!gx.sameStorage(x));
    CHECK(gx.sizes() == x.sizes());
  }
}

TEST_CASE("module shape: the registry builds every module from Torch's arguments and arguments() rebuilds it") {
  const std::vector<std::pair<std::string, Args>> cases{
      {"Reshape", {2, 3}}, {"Reshape", {2, 3, false}}, {"Reshape", {std::vector<double>{2, 3}}},
      {"View", {-1, 3}}, {"Narrow", {2, 1, 3}}, {"Narrow", {1, -1}}, {"Select", {1, -2}},
      {"Transpose", {1, 2}}, {"Replicate", {3}}, {"Replicate", {3, 2, 1}}, {"Squeeze", {}},
      {"Squeeze", {2}}, {"Squeeze", {Arg(), 2}}, {"Unsqueeze", {2}}, {"Unsqueeze", {2, 1}}};
  for (const auto& entry : cases) {
    const std::string& name = entry.first;  // not a structured binding: INFO captures it
    const Args& args = entry.second;
    const ModulePtr m = createModule(name, args);
    const ModulePtr again = createModule(name, m->arguments());
    INFO(name << " " << m->toString());
    CHECK(again->toString() == m->toString());
    CHECK(m->clone()->toString() == m->toString());
  }
}

TEST_CASE("module shape: in a graph, a view module whose output fans out gets the summed gradient") {
  // x -> Reshape(6) feeds two Narrows and an Unsqueeze: the Reshape node receives the sum of its
  // consumers' gradients and must hand back one gradient shaped like x.
  auto in = Node::input(testing::make<Identity>());
  auto flat = Node::make(testing::make<Reshape>(Shape{6}), {in});
  auto head = Node::make(testing::make<Narrow>(1, 1, 4), {flat});
  auto tail = Node::make(testing::make<Narrow>(1, 3, -1), {flat});
  auto both = Node::make(testing::make<CAddTable>(), {head, tail}, true);
  auto unsq = Node::make(testing::make<Unsqueeze>(1), {flat});
  auto rows = Node::make(testing::make<View>(Shape{2, 2}), {both});
  auto cols = Node::make(testing::make<Transpose>(std::vector<std::pair<int64_t, int64_t>>{{1, 2}}), {rows});
  gModule g({in}, {cols, unsq});
  const Tensor x = iota({2, 3});
  const Value& y = g.forward(x);
  REQUIRE(y.size() == 2);
  // head = 0..3, tail = 2..5: sum = 2, 4, 6, 8 as 2x2 then transposed
  CHECK(y[0].tensor().toVector() == std::vector<float>{2, 6, 4, 8});
  CHECK(y[1].tensor().shapeString() == "1x6");
  const Value& gx = g.backward(x, Value::table({Tensor::ones({2, 2}), Tensor::ones({1, 6})}));
  // element i of x: 1 (unsqueeze) + 1 if i in 0..3 + 1 if i in 2..5
  CHECK(gx.tensor().toVector() == std::vector<float>{2, 2, 3, 3, 2, 2});
  testing::checkModuleGradients(g, Tensor::randn({2, 3}));
}
