// Every strict check of core/graph.cpp: each error is a sentence that names the node (its
// annotation and "nn.Type #id") and says what was expected and what was given.
#include "tests/core/testing.h"

#include <string>

#include "core/modules/CAddTable.h"
#include "core/modules/Identity.h"
#include "core/modules/Linear.h"
#include "core/modules/Tanh.h"

using namespace nn;

namespace {

using testing::input;
NodePtr linear(int in, int out, const NodePtr& x) { return Node::make(std::make_shared<Linear>(in, out), {x}); }
NodePtr tanhOf(const NodePtr& x) { return Node::make(std::make_shared<Tanh>(), {x}); }
NodePtr add(const std::vector<NodePtr>& xs) { return Node::make(std::make_shared<CAddTable>(), xs, true); }

// Runs f, which must throw an nn::Error whose message contains every part.
template <class F>
void expectError(F&& f, std::initializer_list<std::string> parts) {
  std::string message;
  try {
    f();
  } catch (const Error& e) {
    message = e.what();
  }
  INFO("message: " << message);
  REQUIRE_MESSAGE(!message.empty(), "expected an nn::Error");
  for (const std::string& part : parts) CHECK_MESSAGE(message.find(part) != std::string::npos, "missing: " << part);
}

// A module whose gradInput has the wrong size or structure, to reach the engine's own checks.
class BadGradient : public Module {
  NN_MODULE(BadGradient, "test.BadGradient")
 public:
  explicit BadGradient(int mode) : mode_(mode) {}
  void setMode(int mode) { mode_ = mode; }
  const Value& updateOutput(const Value& input) override {
    output = input.isTable() ? input[0] : input;
    return output;
  }
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override {
    if (mode_ == 0) gradInput = Tensor::zeros({7});                        // wrong size
    if (mode_ == 1) gradInput = Value::table({Tensor::zeros({7})});        // table of 1 for 2 inputs
    if (mode_ == 2) fail("refuses to compute a gradient");
    if (mode_ == 3) gradInput = gradOutput;                               // correct
    return gradInput;
  }
  std::string description() const override { return "test module with a broken gradInput"; }

 private:
  int mode_;
};

}  // namespace

// ---------------------------------------------------------------------------------------------
// Building nodes

TEST_CASE("graph errors: a node needs a module and real nodes as inputs") {
  expectError([] { Node::input(nullptr); }, {"a graph node needs a module"});
  expectError([] { Node::make(nullptr, {input()}); }, {"a graph node needs a module"});
  auto x = input();
  expectError([&] { Node::make(std::make_shared<CAddTable>(), {x, nullptr}, true); },
              {"nn.CAddTable: input 2 is not a node", "forget ()"});
}

TEST_CASE("graph errors: Node::make with an empty table of nodes says how to make an input") {
  expectError([] { Node::make(std::make_shared<CAddTable>(), {}, true); },
              {"nn.CAddTable was called with an empty table of nodes", "m()"});
  expectError([] { Node::make(std::make_shared<Linear>(3, 5), {}); },
              {"nn.Linear(3 -> 5) was called with an empty table of nodes"});
}

TEST_CASE("graph errors: split(n) needs n >= 1 and only one split per node") {
  auto x = input();
  x->annotate("state");
  const std::string label = cat("'state' (nn.Identity #", x->id(), ")");
  expectError([&] { x->split(0); }, {cat("split(0) of node ", label, ": the count must be at least 1")});
  x->split(2);
  expectError([&] { x->split(3); }, {cat("node ", label, " was already split (split(2))")});
}

// ---------------------------------------------------------------------------------------------
// Building graphs

TEST_CASE("graph errors: gModule({}, ...) and gModule(..., {}) are refused") {
  auto x = input();
  auto y = tanhOf(x);
  expectError([&] { gModule({}, {y}); }, {"needs at least one input node, got an empty input table"});
  expectError([&] { gModule({x}, {}); }, {"needs at least one output node, got an empty output table"});
  expectError([&] { gModule({x, nullptr}, {y}); }, {"input 2 is not a node"});
  expectError([&] { gModule({x}, {y, nullptr}); }, {"output 2 is not a node"});
}

TEST_CASE("graph errors: a graph input made from other nodes is refused, naming it") {
  auto x = input();
  auto h = linear(3, 3, x);
  h->annotate("hidden");
  auto y = tanhOf(h);
  expectError([&] { gModule({x, h}, {y}); },
              {cat("input 2, node 'hidden' (nn.Linear #", h->id(), "), is computed from other nodes"),
               "nn.Identity()()"});
}

TEST_CASE("graph errors: the same input node twice is refused") {
  auto x = input();
  auto y = tanhOf(x);
  expectError([&] { gModule({x, x}, {y}); }, {cat("node nn.Identity #", x->id(), " is given twice as an input (1 and 2)")});
}

TEST_CASE("graph errors: an unused graph input is refused, naming it") {
  auto x = input(), unused = input();
  unused->annotate("x_p");
  auto y = tanhOf(x);
  expectError([&] { gModule({x, unused}, {y}); },
              {cat("input 2, node 'x_p' (nn.Identity #", unused->id(), "), is not used: no output depends on it")});
}

TEST_CASE("graph errors: a node that reaches no output is refused, naming it and its input") {
  auto x = input();
  auto h = linear(3, 4, x);
  auto forgotten = tanhOf(h);
  forgotten->annotate("forgotten");
  auto y = linear(4, 2, h);
  expectError([&] { gModule({x}, {y}); },
              {cat("node 'forgotten' (nn.Tanh #", forgotten->id(), ") (computed from nn.Linear #", h->id(),
                   ") does not reach any output")});
  // Once the dangling node is gone (no one holds it), the same graph builds.
  forgotten.reset();
  CHECK_NOTHROW(gModule({x}, {y}));
}

TEST_CASE("graph errors: an unused split output is refused, naming the split node") {
  auto x = input();
  auto parts = x->split(3);
  expectError([&] { gModule({x}, {add({parts[0], parts[2]})}); },
              {cat("output 2 of nn.Identity #", x->id(), ":split(3) is not used by any output")});
}

TEST_CASE("graph errors: a node with no inputs that is not a graph input is refused") {
  auto x = input();
  auto stray = input();
  stray->annotate("stray");
  auto y = add({x, stray});
  expectError([&] { gModule({x}, {y}); },
              {cat("node 'stray' (nn.Identity #", stray->id(), ") has no inputs but is not one of the graph's inputs")});
}

TEST_CASE("graph errors: the same module instance in two nodes is refused, naming both nodes") {
  auto shared = std::make_shared<Linear>(3, 3);
  auto x = input();
  auto a = Node::make(shared, {x});
  auto b = Node::make(shared, {a});
  expectError([&] { gModule({x}, {b}); },
              {cat("the same nn.Linear(3 -> 3) instance is used by two nodes, nn.Linear #", a->id(), " and nn.Linear #", b->id()),
               "m:clone('weight', 'bias', 'gradWeight', 'gradBias')"});
  // The suggested fix: a clone sharing the parameters.
  auto x2 = input();
  auto a2 = Node::make(shared, {x2});
  auto b2 = Node::make(shared->clone({"weight", "bias", "gradWeight", "gradBias"}), {a2});
  gModule g({x2}, {b2});
  testing::checkModuleGradients(g, Tensor::randn({2, 3}));
}

// ---------------------------------------------------------------------------------------------
// forward

TEST_CASE("graph errors: forward with the wrong number of inputs says how many were expected") {
  auto x = input(), y = input();
  gModule g({x, y}, {add({x, y})});
  expectError([&] { g.forward(Tensor::randn({3})); },
              {"forward expects a table of 2 inputs, one per input node, but got a tensor of size 3"});
  expectError([&] { g.forward(Value::table({Tensor::randn({3})})); },
              {"forward expects a table of 2 inputs, one per input node, but got a table of 1 {3}"});
}

TEST_CASE("graph errors: a module failing in forward is reported at its node") {
  auto x = input();
  auto h = linear(3, 5, x);
  h->annotate("h1");
  gModule g({x}, {tanhOf(h)});
  expectError([&] { g.forward(Tensor::randn({2, 4})); },
              {cat("forward failed at node 'h1' (nn.Linear #", h->id(), "): nn.Linear(3 -> 5)")});
  CHECK_FALSE(g.hasForward());
  // and backward then refuses to run on the failed forward
  expectError([&] { g.backward(Tensor::randn({2, 4}), Tensor::randn({2, 5})); }, {"backward called before forward"});
}

// ---------------------------------------------------------------------------------------------
// backward

TEST_CASE("graph errors: backward before forward") {
  auto x = input();
  gModule g({x}, {linear(3, 2, x)});
  expectError([&] { g.backward(Tensor::randn({3}), Tensor::randn({2})); },
              {"backward called before forward; call forward(input) first"});
  expectError([&] { g.updateGradInput(Tensor::randn({3}), Tensor::randn({2})); }, {"backward called before forward"});
}

TEST_CASE("graph errors: accGradParameters before updateGradInput") {
  auto x = input();
  gModule g({x}, {linear(3, 2, x)});
  Tensor in = Tensor::randn({3});
  g.forward(in);
  expectError([&] { g.accGradParameters(in, Tensor::randn({2})); }, {"accGradParameters needs updateGradInput first"});
}

TEST_CASE("graph errors: backward with an input of another structure than the last forward") {
  auto x = input(), xp = input();
  xp->annotate("x_p");
  gModule g({x, xp}, {add({linear(3, 5, x), linear(3, 5, xp)})});
  Tensor a = Tensor::randn({3, 3}), b = Tensor::randn({3, 3});
  g.forward(Value::table({a, b}));
  const Tensor err = Tensor::randn({3, 5});
  // the seed's mistake: one tensor instead of the table
  expectError([&] { g.backward(a, err); },
              {"backward expects the input of the last forward, a table of 2 {3x3, 3x3}, but got a tensor of size 3x3"});
  // a table of another size
  expectError([&] { g.backward(Value::table({a, b, b}), err); },
              {"backward expects the input of the last forward, a table of 2 {3x3, 3x3}, but got a table of 3 {3x3, 3x3, 3x3}"});
  // an entry of another shape: the entry and its input node are named
  expectError([&] { g.backward(Value::table({a, Tensor::randn({4, 3})}), err); },
              {"(entry 2), a tensor of size 3x3, but got a tensor of size 4x3",
               cat("'x_p' (nn.Identity #", xp->id(), ")")});
  // same shape, other values
  expectError([&] { g.backward(Value::table({Tensor::randn({3, 3}), b}), err); },
              {"backward got a different tensor (entry 1) than the last forward (same size 3x3, different values)",
               cat("nn.Identity #", x->id())});
  // and the right input still works
  CHECK(g.backward(Value::table({a, b}), err).size() == 2);
}

TEST_CASE("graph errors: backward with a nested input that differs deep inside names the path") {
  auto x = input(), state = input();
  auto parts = state->split(2);
  gModule g({x, state}, {add({x, parts[0], parts[1]})});
  Tensor a = Tensor::randn({4}), h = Tensor::randn({4}), c = Tensor::randn({4});
  g.forward(Value::table({a, Value::table({h, c})}));
  expectError([&] { g.backward(Value::table({a, Value::table({h, Tensor::randn({5})})}), Tensor::randn({4})); },
              {"(entry 2.2), a tensor of size 4, but got a tensor of size 5", cat("nn.Identity #", state->id())});
  expectError([&] { g.backward(Value::table({a, h}), Tensor::randn({4})); },
              {"(entry 2), a table of 2 {4, 4}, but got a tensor of size 4"});
}

TEST_CASE("graph errors: one-input graph: backward with a tensor of another shape") {
  auto x = input();
  x->annotate("x");
  gModule g({x}, {linear(3, 2, x)});
  g.forward(Tensor::randn({5, 3}));
  expectError([&] { g.backward(Tensor::randn({4, 3}), Tensor::randn({5, 2})); },
              {"backward expects the input of the last forward, a tensor of size 5x3, but got a tensor of size 4x3",
               cat("'x' (nn.Identity #", x->id(), ")")});
}

TEST_CASE("graph errors: gradOutput of the wrong structure or shape names the output node") {
  auto x = input();
  auto h = linear(3, 5, x);
  auto o = tanhOf(h);
  o->annotate("score");
  Tensor in = Tensor::randn({2, 3});
  {
    gModule g({x}, {o});
    g.forward(in);
    expectError([&] { g.backward(in, Tensor::randn({5, 2})); },
                {"gradOutput must have the structure and sizes of the output, a tensor of size 2x5, but got a tensor of size 5x2",
                 cat("'score' (nn.Tanh #", o->id(), ")")});
    expectError([&] { g.backward(in, Value::table({Tensor::randn({2, 5})})); },
                {"a tensor of size 2x5, but got a table of 1 {2x5}"});
  }
  {
    auto x2 = input();
    auto h2 = linear(3, 5, x2);
    auto o2 = tanhOf(h2);
    gModule g({x2}, {h2, o2});
    g.forward(in);
    expectError([&] { g.backward(in, Tensor::randn({2, 5})); },
                {"gradOutput must have the structure and sizes of the output, a table of 2 {2x5, 2x5}, but got a tensor of size 2x5"});
    expectError([&] { g.backward(in, Value::table({Tensor::randn({2, 5}), Tensor::randn({2, 4})})); },
                {"but got a table of 2 {2x5, 2x4}", cat(", for entry 2, output node nn.Tanh #", o2->id())});
  }
}

TEST_CASE("graph errors: a module failing in backward is reported at its node") {
  auto x = input();
  auto bad = Node::make(std::make_shared<BadGradient>(2), {x});
  gModule g({x}, {bad});
  Tensor in = Tensor::randn({3});
  g.forward(in);
  expectError([&] { g.backward(in, Tensor::randn({3})); },
              {cat("backward failed at node test.BadGradient #", bad->id(), ": test.BadGradient: refuses to compute a gradient")});
}

TEST_CASE("graph errors: consumers sending gradients of different sizes are reported at the fan-out node") {
  auto x = input();
  x->annotate("x");
  auto bad = Node::make(std::make_shared<BadGradient>(0), {x});
  auto good = tanhOf(x);
  gModule g({x}, {add({bad, good})});
  Tensor in = Tensor::randn({3});
  g.forward(in);
  expectError([&] { g.backward(in, Tensor::randn({3})); },
              {cat("backward failed at node 'x' (nn.Identity #", x->id(), ") summing the gradients of its consumers")});
}

TEST_CASE("graph errors: a gradInput table of the wrong size is reported at its node") {
  auto x = input(), y = input();
  auto bad = Node::make(std::make_shared<BadGradient>(1), {x, y}, true);
  gModule g({x, y}, {bad});
  const Value in = Value::table({Tensor::randn({3}), Tensor::randn({3})});
  g.forward(in);
  expectError([&] { g.backward(in, Tensor::randn({3})); },
              {cat("backward failed at node test.BadGradient #", bad->id(),
                   ": its gradInput should be a table of 2 gradients (one per input node) but is a table of 1 {7}")});
}

TEST_CASE("graph errors: after a failed backward, accGradParameters refuses the partial pass") {
  auto x = input();
  auto badModule = std::make_shared<BadGradient>(3);
  auto h = Node::make(badModule, {x});
  gModule g({x}, {linear(3, 2, h)});
  Tensor in = Tensor::randn({3}), gradOutput = Tensor::randn({2});
  g.forward(in);
  g.backward(in, gradOutput);
  CHECK(g.hasBackward());
  badModule->setMode(2);
  expectError([&] { g.updateGradInput(in, gradOutput); }, {"backward failed at node test.BadGradient"});
  CHECK_FALSE(g.hasBackward());
  expectError([&] { g.accGradParameters(in, gradOutput); }, {"accGradParameters needs updateGradInput first"});
  badModule->setMode(3);
  g.backward(in, gradOutput);
  CHECK(g.hasBackward());
}

TEST_CASE("graph errors: split(n) of a node whose output is not a table of n names the node") {
  auto x = input();
  auto h = linear(3, 4, x);
  h->annotate("h");
  auto parts = h->split(2);
  gModule g({x}, {add({parts[0], parts[1]})});
  expectError([&] { g.forward(Tensor::randn({3})); },
              {cat("node 'h' (nn.Linear #", h->id(), ") was split into 2 parts (split(2)) but its output is a tensor of size 4")});
  // a table input of the wrong size reaching a split input node
  auto state = input();
  auto halves = state->split(2);
  gModule g2({state}, {add({halves[0], halves[1]})});
  expectError([&] { g2.forward(Value::table({Tensor::randn({2}), Tensor::randn({2}), Tensor::randn({2})})); },
              {cat("node nn.Identity #", state->id(), " was split into 2 parts (split(2)) but its output is a table of 3 {2, 2, 2}")});
  CHECK(g2.forward(Value::table({Tensor::randn({2}), Tensor::randn({2})})).tensor().shapeString() == "2");
}
