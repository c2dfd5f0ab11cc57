// What the engine checks for the JS boundary (issue 16): share between parameters of different
// sizes, container cycles, a node in two graphs, split counts, long chains built and freed
// without deep recursion, a module fed its own output, and messages that name the module.
#include <cmath>

#include "core/modules/Container.h"
#include "tests/core/testing.h"

using namespace nn;
using testing::call;
using testing::input;

TEST_CASE("boundary: share needs parameters of the same name and size") {
  ModulePtr a = createModule("Linear", {2, 2}), b = createModule("Linear", {3, 3});
  for (const char* name : {"weight", "bias", "gradWeight", "gradBias"})
    CHECK_THROWS_WITH_AS(a->share(*b, {name}), doctest::Contains("only parameters of the same size can be shared"), Error);
  CHECK(a->parameterList()[0].value->sizes() == Shape{2, 2});
  ModulePtr c = createModule("Linear", {2, 2});
  a->share(*c, {"weight"});
  CHECK(a->parameterList()[0].value->isSameTensor(*c->parameterList()[0].value));
}

TEST_CASE("boundary: a container cycle is refused, also through a graph") {
  auto a = std::dynamic_pointer_cast<Container>(createModule("Sequential", {}));
  auto b = std::dynamic_pointer_cast<Container>(createModule("Sequential", {}));
  a->add(b);
  CHECK_THROWS_WITH_AS(b->add(a), doctest::Contains("would make a cycle"), Error);
  const NodePtr x = input();
  const NodePtr y = Node::make(a, {x});
  auto g = std::make_shared<gModule>(std::vector<NodePtr>{x}, std::vector<NodePtr>{y});
  CHECK_THROWS_WITH_AS(b->add(g), doctest::Contains("would make a cycle"), Error);
}

TEST_CASE("boundary: a node belongs to one gModule until that graph is gone") {
  const NodePtr x = input(), y = call("Tanh", {}, x);
  {
    gModule g1({x}, {y});
    CHECK_THROWS_WITH_AS(gModule({x}, {y}), doctest::Contains("already belongs to another gModule"), Error);
    const ModulePtr copy = g1.clone();  // a clone has nodes of its own
    CHECK(copy->forward(Tensor::vector({0.5f})).tensor().item() == doctest::Approx(std::tanh(0.5f)));
  }
  gModule g2({x}, {y});  // g1 is gone
  CHECK(g2.forward(Tensor::vector({0.5f})).tensor().item() == doctest::Approx(std::tanh(0.5f)));
}

TEST_CASE("boundary: split counts are limited up front") {
  const NodePtr x = input();
  CHECK_THROWS_WITH_AS(x->split(1000000000), doctest::Contains("a split makes at most 10000 parts"), Error);
  CHECK(x->split(kMaxGraphNodes).size() == static_cast<size_t>(kMaxGraphNodes));
}

TEST_CASE("boundary: a 10000-node chain builds, runs, clones and is freed without deep recursion") {
  const NodePtr x = input();
  NodePtr h = x;
  for (int i = 1; i < kMaxGraphNodes; ++i) h = call("MulConstant", {1.0}, h);
  auto g = std::make_shared<gModule>(std::vector<NodePtr>{x}, std::vector<NodePtr>{h});
  h.reset();
  const Tensor v = Tensor::vector({2.0f, -3.0f});
  CHECK(maxAbsDiff(g->forward(v).tensor(), v) == 0);
  CHECK(maxAbsDiff(g->backward(v, v).tensor(), v) == 0);
  ModulePtr copy = g->clone();
  CHECK(maxAbsDiff(copy->forward(v).tensor(), v) == 0);
  g.reset();
  copy.reset();  // ~Node releases the chain one node at a time
}

TEST_CASE("boundary: a module fed its own output or gradInput computes the right answer") {
  ModulePtr l = createModule("Linear", {2, 2});
  l->parameterList()[0].value->copy(Tensor::fromData({1, 2, 3, 4}, {2, 2}));
  l->parameterList()[1].value->copy(Tensor::vector({0.5f, -0.5f}));
  const Value& once = l->forward(Tensor::vector({1, 2}));  // [5.5, 10.5]
  const Tensor twice = l->forward(once).tensor().clone();
  CHECK(twice.toVector() == std::vector<float>{27.0f, 58.0f});  // W [5.5, 10.5] + b
  ModulePtr t = createModule("Tanh", {});
  const Tensor x = Tensor::vector({0.5f});
  t->forward(x);
  const float g1 = t->backward(x, Tensor::vector({1.0f})).tensor().item();
  const float g2 = t->backward(x, t->gradInput).tensor().item();
  CHECK(g2 == doctest::Approx(g1 * g1));
}

TEST_CASE("boundary: messages name the module the user made, on one line, with NaN spelled out") {
  CHECK_THROWS_WITH_AS(createModule("Mean", {0}), "nn.Mean(0): dimensions are 1-based (negative counts from the end), got 0", Error);
  CHECK_THROWS_WITH_AS(createModule("Linear", {2147483648.0, 2}),
                       doctest::Contains("nn.Linear: a tensor of size 2x2147483648 is too large"), Error);
  CHECK_THROWS_WITH_AS(createModule("Reshape", {std::nan("")}), doctest::Contains("got NaN"), Error);
  ModulePtr seq = createModule("Sequential", {});
  std::dynamic_pointer_cast<Container>(seq)->add(createModule("Linear", {2, 2}));
  try {
    seq->share(*createModule("Linear", {3, 3}), {"weight"});
    FAIL("share should have failed");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find('\n') == std::string::npos);
    CHECK(std::string(e.what()).rfind("nn.Sequential: share:", 0) == 0);
  }
  CHECK_THROWS_WITH_AS(createModule("Linear", {2, 2})->updateParameters(std::nanf("")),
                       doctest::Contains("learningRate must be a finite number, got NaN"), Error);
}

// Found by the JS API fuzzer after the module zoo landed: a batch of 0 examples divided by zero
// (an integer division, a wasm trap) when these modules worked out their plane layout.
TEST_CASE("boundary: an empty batch gives an empty output, never a division by zero") {
  ModulePtr prelu = createModule("PReLU", {3});
  CHECK(prelu->forward(Tensor::zeros({0, 3})).tensor().sizes() == Shape{0, 3});
  ModulePtr norm = createModule("BatchNormalization", {4});
  CHECK_THROWS_WITH_AS(norm->forward(Tensor::zeros({0, 4})), doctest::Contains("more than one value per feature"), Error);
  norm->evaluate();
  CHECK(norm->forward(Tensor::zeros({0, 4})).tensor().sizes() == Shape{0, 4});
}
