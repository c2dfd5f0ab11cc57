// nn::Error carries the node it is about (issue 17): every graph error that names a node gives
// that node's id, so the bindings can hand it to JS as error.nodeId; errors about no node give
// kNoNode. Also the drawing of a graph whose build failed (core/graph_sketch.h).
#include "tests/core/testing.h"

#include <string>

#include "core/dot.h"
#include "core/graph_sketch.h"
#include "core/modules/Sequential.h"

using namespace nn;
using testing::call;
using testing::callTable;
using testing::input;

namespace {

// The nn::Error f throws (its message must contain `part`).
template <class F>
Error caught(F&& f, const std::string& part) {
  try {
    f();
  } catch (const Error& e) {
    INFO("message: " << e.what());
    CHECK(std::string(e.what()).find(part) != std::string::npos);
    return e;
  }
  FAIL("expected an nn::Error");
  return Error("");
}

Tensor filled(const Shape& shape, float v) { return Tensor::full(shape, v); }

}  // namespace

TEST_CASE("an nn::Error has no node unless given one") {
  const Error plain("a sentence");
  CHECK(plain.nodeId() == kNoNode);
  CHECK_FALSE(plain.hasNode());
  const Error about("about node 7", 7);
  CHECK(about.nodeId() == 7);
  CHECK(about.hasNode());
  // failWithin keeps the inner node, with the prefix added
  try {
    failWithin(about, "In module 2 of nn.Sequential: ");
  } catch (const Error& e) {
    CHECK(std::string(e.what()) == "In module 2 of nn.Sequential: about node 7");
    CHECK(e.nodeId() == 7);
  }
}

TEST_CASE("build errors carry the node they name") {
  SUBCASE("a node that reaches no output") {
    auto x = input();
    auto h = call("Linear", {3, 4}, x);
    auto dangling = call("Tanh", {}, h);
    auto y = call("Sigmoid", {}, h);
    const Error e = caught([&] { gModule g({x}, {y}); }, "does not reach any output");
    CHECK(e.nodeId() == dangling->id());
  }
  SUBCASE("an input computed from other nodes") {
    auto x = input();
    auto h = call("Tanh", {}, x);
    const Error e = caught([&] { gModule g({h}, {call("Sigmoid", {}, h)}); }, "is computed from other nodes");
    CHECK(e.nodeId() == h->id());
  }
  SUBCASE("one module instance in two nodes: the second node") {
    auto x = input();
    ModulePtr shared = createModule("Tanh", {});
    auto a = Node::make(shared, {x});
    auto b = Node::make(shared, {a});
    const Error e = caught([&] { gModule g({x}, {b}); }, "instance is used by two nodes");
    CHECK((e.nodeId() == a->id() || e.nodeId() == b->id()));
  }
  SUBCASE("an unused part of a split: the split node") {
    auto x = input();
    auto parts = x->split(2);
    const Error e = caught([&] { gModule g({x}, {call("Tanh", {}, parts[0])}); }, "is not used by any output");
    CHECK(e.nodeId() == x->id());
  }
  SUBCASE("an unused input") {
    auto x = input(), unused = input();
    const Error e = caught([&] { gModule g({x, unused}, {call("Tanh", {}, x)}); }, "is not used");
    CHECK(e.nodeId() == unused->id());
  }
  SUBCASE("split twice") {
    auto x = input();
    x->split(2);
    CHECK(caught([&] { x->split(3); }, "was already split").nodeId() == x->id());
  }
  SUBCASE("errors about no node") {
    CHECK(caught([&] { gModule g({}, {input()}); }, "needs at least one input").nodeId() == kNoNode);
  }
}

TEST_CASE("forward and backward errors carry the failing node, the outer one in a nested graph") {
  auto x = input();
  auto h = call("Linear", {3, 4}, x);
  auto y = call("Linear", {5, 2}, h);  // 4 features arrive, 5 expected
  gModule g({x}, {y});
  CHECK(caught([&] { g.forward(filled({2, 3}, 1)); }, "forward failed at node").nodeId() == y->id());

  auto a = input();
  auto b = call("Linear", {3, 2}, a);
  gModule ok({a}, {b});
  ok.forward(filled({2, 3}, 1));
  // backward with another input: the input node; a wrong gradOutput: the output node
  CHECK(caught([&] { ok.backward(filled({4, 3}, 1), filled({2, 2}, 1)); }, "backward expects the input of the last forward").nodeId() == a->id());
  const Tensor sameInput = ok.nodes()[0]->lastInput().tensor();
  CHECK(caught([&] { ok.backward(sameInput, filled({2, 7}, 1)); }, "gradOutput must have").nodeId() == b->id());

  // a gModule inside a gModule: the outer graph's node that holds it
  auto outerIn = input();
  auto holder = Node::make(g.clone(), {outerIn});
  gModule outer({outerIn}, {holder});
  const Error nested = caught([&] { outer.forward(filled({2, 3}, 1)); }, "forward failed at node");
  CHECK(nested.nodeId() == holder->id());

  // a container keeps the node of the graph inside it
  auto seq = std::make_shared<Sequential>();
  seq->add(g.clone());
  CHECK(caught([&] { seq->forward(filled({2, 3}, 1)); }, "In module 1 of").nodeId() != kNoNode);
}

TEST_CASE("sketchDot draws the nodes of a failed build, the dangling one included") {
  auto x = input();
  auto h = call("Linear", {3, 4}, x);
  auto dangling = call("Tanh", {}, h);
  dangling->annotate("forgotten");
  auto y = call("Sigmoid", {}, h);
  auto parts = callTable("Identity", {}, {y, h})->split(2);
  const std::string dot = sketchDot({x}, {y});
  for (const NodePtr& n : {x, h, dangling, y}) CHECK(dot.find("id=\"node" + std::to_string(n->id()) + "\"") != std::string::npos);
  CHECK(dot.find("forgotten") != std::string::npos);
  CHECK(dot.find("input 1") != std::string::npos);
  CHECK(dot.find("output 1") != std::string::npos);
  CHECK(dot.find(cat("n", x->id(), " -> n", h->id())) != std::string::npos);
  CHECK(dot.find(cat("n", h->id(), " -> n", dangling->id())) != std::string::npos);
  CHECK(dot.find("[label=\"[2]\"]") != std::string::npos);  // split parts say which entry
  CHECK(dot.find(cat("fontname=\"", kGraphFont, "\"")) != std::string::npos);
}

TEST_CASE("toDot: split parts in split order with their own entry's shape; the shared font") {
  auto x = input();
  auto table = callTable("Identity", {}, {call("Linear", {3, 2}, x), call("Linear", {3, 5}, x)});
  auto parts = table->split(2);
  auto y = callTable("JoinTable", {2}, {parts[1], parts[0]});
  gModule g({x}, {y});
  g.forward(filled({4, 3}, 1));
  const std::string dot = g.toDot();
  const auto first = dot.find(cat("n", table->id(), " -> n", parts[0]->id(), " [label=\"[1] 4x2\"]"));
  const auto second = dot.find(cat("n", table->id(), " -> n", parts[1]->id(), " [label=\"[2] 4x5\"]"));
  REQUIRE(first != std::string::npos);
  REQUIRE(second != std::string::npos);
  CHECK(first < second);
  CHECK(dot.find("ordering=out") != std::string::npos);
  CHECK(dot.find("{4x2, 4x5}") != std::string::npos);  // the table node's own label keeps the table
  CHECK(dot.find(cat("fontname=\"", kGraphFont, "\"")) != std::string::npos);
  CHECK(dot.find("tooltip=\"nn.Linear(3 -> 2) #") != std::string::npos);
}
