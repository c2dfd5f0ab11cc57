// The question that started the product, as tests.
#include "tests/core/testing.h"

#include "core/modules/CAddTable.h"
#include "core/modules/Identity.h"
#include "core/modules/Linear.h"

using namespace nn;

TEST_CASE("seed: a two-input gModule's backward returns a table of two gradients, err*W1 and err*W2") {
  manualSeed(1);
  auto in1 = Node::input(testing::make<Identity>());
  auto in2 = Node::input(testing::make<Identity>());
  auto lin1 = testing::make<Linear>(3, 5), lin2 = testing::make<Linear>(3, 5);
  auto score = Node::make(testing::make<CAddTable>(), {Node::make(lin1, {in1}), Node::make(lin2, {in2})}, true);
  auto g = std::make_shared<gModule>(std::vector<NodePtr>{in1, in2}, std::vector<NodePtr>{score});

  Tensor x = Tensor::rand({3, 3});
  Linear mlp(3, 3);
  Tensor xp = mlp.forward(x).tensor().clone();
  const Value input = Value::table({x, xp});
  const Tensor result = g->forward(input).tensor();
  CHECK(result.shapeString() == "3x5");
  // result = x W1^T + b1 + xp W2^T + b2, computed here with the reference gemm.
  Tensor expected({3, 5});
  kernels::ref::gemm(false, true, 3, 5, 3, 1, x.data(), 3, lin1->weight.data(), 3, 0, expected.data(), 5);
  kernels::ref::gemm(false, true, 3, 5, 3, 1, xp.data(), 3, lin2->weight.data(), 3, 1, expected.data(), 5);
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 5; ++c) expected.at({r, c}) += lin1->bias.at({c}) + lin2->bias.at({c});
  CHECK(maxAbsDiff(result, expected) < 1e-5f);

  Tensor err = Tensor::rand(result.sizes());
  const Value& gradient = g->backward(input, err);
  REQUIRE(gradient.isTable());
  REQUIRE(gradient.size() == 2);
  Tensor d1({3, 3}), d2({3, 3});
  kernels::ref::gemm(false, false, 3, 3, 5, 1, err.data(), 5, lin1->weight.data(), 3, 0, d1.data(), 3);
  kernels::ref::gemm(false, false, 3, 3, 5, 1, err.data(), 5, lin2->weight.data(), 3, 0, d2.data(), 3);
  CHECK(maxAbsDiff(gradient[0].tensor(), d1) < 1e-5f);
  CHECK(maxAbsDiff(gradient[1].tensor(), d2) < 1e-5f);
  testing::checkModuleGradients(*g, input);
}

TEST_CASE("seed: g:backward(x, err) with the wrong input is an error that says what was expected") {
  auto in1 = Node::input(testing::make<Identity>());
  auto in2 = Node::input(testing::make<Identity>());
  auto score = Node::make(testing::make<CAddTable>(),
                          {Node::make(testing::make<Linear>(3, 5), {in1}), Node::make(testing::make<Linear>(3, 5), {in2})}, true);
  gModule g({in1, in2}, {score});
  Tensor x = Tensor::rand({3, 3}), xp = Tensor::rand({3, 3});
  CHECK_THROWS_WITH_AS(g.backward(x, Tensor::rand({3, 5})), doctest::Contains("backward called before forward"), Error);
  g.forward(Value::table({x, xp}));
  CHECK_THROWS_WITH_AS(g.backward(x, Tensor::rand({3, 5})),
                       doctest::Contains("backward expects the input of the last forward, a table of 2 {3x3, 3x3}, but got a tensor of size 3x3"),
                       Error);
  CHECK_THROWS_WITH_AS(g.backward(Value::table({x, Tensor::rand({3, 3})}), Tensor::rand({3, 5})),
                       doctest::Contains("different tensor (entry 2)"), Error);
  CHECK_THROWS_WITH_AS(g.backward(Value::table({x, xp}), Tensor::rand({5, 3})),
                       doctest::Contains("gradOutput must have the structure and sizes of the output, a tensor of size 3x5"), Error);
  CHECK_THROWS_WITH_AS(g.forward(x), doctest::Contains("forward expects a table of 2 inputs"), Error);
  // Still works afterwards, and an equal copy of the input is accepted.
  g.forward(Value::table({x, xp}));
  CHECK(g.backward(Value::table({x.clone(), xp}), Tensor::rand({3, 5})).size() == 2);
}
