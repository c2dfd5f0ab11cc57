// torch/nngraph's test/test_nngraph.lua, case by case, in C++ (test names keep the Lua names).
//
// Modules are built through the registry with their Torch constructor arguments, so a line here
// reads like the Lua line it translates: call("Linear", {20, 10}, x) is nn.Linear(20, 10)(x).
//
// Where we deliberately differ from nngraph, the case says so:
//   - a node called with a one-element table, m({x}), receives a one-element table (nngraph
//     unwraps it to x, so nn.JoinTable(1)({x}) failed there);
//   - split parts are not renamed "<name>-<i>" (test_splitDebugLabels): errors name them as
//     "output i of <node>:split(n)" instead;
//   - no float/double conversion (test_type) and no replace() (test_replace): the engine is
//     float32 only and graphs are rebuilt rather than edited;
//   - annotations carry name and description only (no graphAttributes): the name is in the DOT
//     label, the description in the tooltip.
#include "tests/core/testing.h"

#include <string>

#include "core/modules/Identity.h"
#include "core/modules/ParallelTable.h"
#include "core/modules/Sequential.h"

using namespace nn;

namespace {

// Lua: nn.Type(args)()  -- a graph input
NodePtr input(const std::string& type = "Identity", const Args& args = {}) {
  return Node::input(createModule(type, args));
}
// Lua: nn.Type(args)(x)
NodePtr call(const std::string& type, const Args& args, const NodePtr& x) {
  return Node::make(createModule(type, args), {x});
}
// Lua: nn.Type(args)({a, b, ...})
NodePtr callTable(const std::string& type, const Args& args, const std::vector<NodePtr>& xs) {
  return Node::make(createModule(type, args), xs, true);
}
std::shared_ptr<gModule> graph(const std::vector<NodePtr>& inputs, const std::vector<NodePtr>& outputs) {
  return std::make_shared<gModule>(inputs, outputs);
}

// The message of the Error f throws ("" and a failed check if it throws none).
template <class F>
std::string errorOf(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  FAIL_CHECK("expected an nn::Error");
  return "";
}
bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("nngraph: oneOutput") {
  auto in1 = input();
  auto out1 = call("Identity", {}, in1);
  gModule module({in1}, {out1});

  Tensor x = Tensor::vector({1});
  module.forward(x);
  CHECK(maxAbsDiff(module.output.tensor(), Tensor::vector({1})) == 0);
  const Value& gradInput = module.backward(x, Tensor::vector({-123}));
  CHECK(maxAbsDiff(gradInput.tensor(), Tensor::vector({-123})) == 0);

  // A second forward/backward recomputes everything (nothing is cached from the first).
  Tensor x2 = Tensor::vector({2});
  module.forward(x2);
  CHECK(maxAbsDiff(module.output.tensor(), Tensor::vector({2})) == 0);
  CHECK(maxAbsDiff(module.backward(x2, Tensor::vector({-2})).tensor(), Tensor::vector({-2})) == 0);
}

TEST_CASE("nngraph: twoOutputs") {
  auto in1 = input();
  auto out1 = call("Identity", {}, in1);
  auto out2 = call("Identity", {}, in1);
  gModule module({in1}, {out1, out2});

  Tensor x = Tensor::vector({1});
  module.forward(x);
  const Value& gradInput = module.backward(x, Value::table({Tensor::vector({-2}), Tensor::vector({-3})}));
  // The fork sums what both branches send back.
  CHECK(maxAbsDiff(gradInput.tensor(), Tensor::vector({-5})) == 0);
  testing::checkModuleGradients(module, x);
}

TEST_CASE("nngraph: twoGradOutputs") {
  auto in1 = input("Sigmoid");
  // Lua wrote nn.SplitTable(1)({in1}); nngraph unwraps one-element tables, we do not (see top).
  auto splitTable = call("SplitTable", {1}, in1);
  auto parts = splitTable->split(2);
  gModule module({in1}, {parts[0], parts[1]});

  Tensor x = Tensor::randn({2, 3});
  const Value& output = module.forward(x);
  REQUIRE(output.isTable());
  CHECK(output.size() == 2);
  module.backward(x, Value::table({Tensor::randn({3}), Tensor::randn({3})}));
  testing::checkModuleGradients(module, x);
}

TEST_CASE("nngraph: twoInputs") {
  auto in1 = input();
  auto in2 = input();
  auto state = in2->split(2);  // prevH, prevCell
  auto out1 = callTable("CMulTable", {}, {in1, state[0], state[1]});
  gModule module({in1, in2}, {out1});

  const Value x = Value::table({Tensor::randn({3}), Value::table({Tensor::randn({3}), Tensor::randn({3})})});
  module.forward(x);
  const Value& gradInput = module.backward(x, Tensor::randn({3}));
  REQUIRE(gradInput.isTable());
  CHECK(gradInput.size() == 2);
  CHECK(gradInput[1].isTable());
  CHECK(gradInput[1].size() == 2);
  testing::checkModuleGradients(module, x);
}

TEST_CASE("nngraph: twoInputs2") {
  // Graph inputs that are outputs too, and an input consumed by another node.
  auto in1 = input("Sigmoid");
  auto in2 = input("Sigmoid");
  gModule module({in1, in2}, {in1, in2, call("Sigmoid", {}, in1)});

  const Value x = Value::table({Tensor::randn({3}), Tensor::randn({3})});
  module.forward(x);
  const Value& gradInput =
      module.backward(x, Value::table({Tensor::randn({3}), Tensor::randn({3}), Tensor::randn({3})}));
  CHECK(gradInput.size() == 2);
  testing::checkModuleGradients(module, x);
}

TEST_CASE("nngraph: splitDebugLabels") {
  // nngraph names split parts "node-1", "node-2"; we name the split in errors instead.
  auto node = input();
  node->annotate("node");
  auto parts = node->split(2);
  CHECK(parts[0]->splitIndex() == 1);
  CHECK(parts[1]->splitIndex() == 2);
  CHECK(node->splitCount() == 2);
  const std::string message = errorOf([&] { gModule({node}, {parts[0]}); });
  INFO(message);
  CHECK(contains(message, cat("output 2 of 'node' (nn.Identity #", node->id(), "):split(2) is not used")));
}

TEST_CASE("nngraph: identity") {
  auto in1 = input();
  auto in2 = input();
  gModule module({in1, in2}, {in1, in2, call("Identity", {}, in1)});

  const Value x = Value::table({Tensor::randn({3}), Tensor::randn({3})});
  module.forward(x);
  const Value g = Value::table({Tensor::randn({3}), Tensor::randn({3}), Tensor::randn({3})});
  const Value& gradInput = module.backward(x, g);
  // d/d in1 = g1 + g3 (in1 is an output and feeds the Identity), d/d in2 = g2.
  Tensor expected1 = g[0].tensor().clone().add(g[2].tensor());
  CHECK(maxAbsDiff(gradInput[0].tensor(), expected1) < 1e-6f);
  CHECK(maxAbsDiff(gradInput[1].tensor(), g[1].tensor()) == 0);
  testing::checkModuleGradients(module, x);
}

TEST_CASE("nngraph: gradInputType") {
  Tensor xInput = Tensor::randn({3}), h = Tensor::randn({3}), c = Tensor::randn({3});
  auto x = input();
  auto prevRnnState = input();
  auto state = prevRnnState->split(2);
  auto prevH = state[0], prevCell = state[1];
  auto cellOut = callTable("CAddTable", {}, {callTable("CMulTable", {}, {x, prevH}),
                                             callTable("CMulTable", {}, {prevH, prevCell})});
  gModule module({x, prevRnnState}, {cellOut});

  const Value in = Value::table({xInput, Value::table({h, c})});
  module.forward(in);
  const Value& gradInput = module.backward(in, Tensor::randn({3}));
  REQUIRE(gradInput.size() == 2);
  REQUIRE(gradInput[1].isTable());
  REQUIRE(gradInput[1].size() == 2);
  const Value& gradPrevH = gradInput[1][0];
  REQUIRE(gradPrevH.isTensor());
  CHECK(gradPrevH.tensor().sizes() == h.sizes());
  testing::checkModuleGradients(module, in);
}

TEST_CASE("nngraph: tabularInput") {
  // A graph input whose module makes a table, consumed whole by the next node.
  auto in1 = input("SplitTable", {1});
  auto out1 = call("CAddTable", {}, in1);
  gModule module({in1}, {out1});
  testing::checkModuleGradients(module, Tensor::randn({2, 3}));
}

TEST_CASE("nngraph: extraTable") {
  // A one-input graph accepts any value as that input, a table included.
  auto in1 = input();
  auto out1 = call("Identity", {}, in1);
  gModule module({in1}, {out1});

  Tensor x = Tensor::vector({123});
  CHECK(maxAbsDiff(module.forward(x).tensor(), x) == 0);
  const Value& out = module.forward(Value::table({x}));
  REQUIRE(out.isTable());
  REQUIRE(out.size() == 1);
  CHECK(maxAbsDiff(out[0].tensor(), x) == 0);
}

TEST_CASE("nngraph: accGradParameters") {
  // A module with parameters as a graph input, its output used twice.
  Tensor x = Tensor::randn({10});
  auto in1 = input("CMul", {10});
  gModule module({in1}, {call("Identity", {}, in1), call("Identity", {}, in1)});
  testing::checkModuleGradients(module, x);
  testing::checkAccumulation(module, x, Value::table({Tensor::randn({10}), Tensor::randn({10})}));
}

TEST_CASE("nngraph: example1") {
  auto x1 = input("Linear", {20, 10});
  auto mout = call("Linear", {10, 1}, call("Tanh", {}, call("Linear", {10, 10}, call("Tanh", {}, x1))));
  gModule mlp({x1}, {mout});
  testing::checkModuleGradients(mlp, Tensor::rand({20}));
  testing::checkAccumulation(mlp, Tensor::rand({20}), Tensor::randn({1}));
}

TEST_CASE("nngraph: example2") {
  auto x1 = input("Linear", {20, 20});
  auto x2 = input("Linear", {10, 10});
  auto m0 = call("Linear", {20, 1}, call("Tanh", {}, x1));
  auto m1 = call("Linear", {10, 1}, call("Tanh", {}, x2));
  auto madd = callTable("CAddTable", {}, {m0, m1});
  auto m2 = call("Sigmoid", {}, madd);
  auto m3 = call("Tanh", {}, madd);
  gModule gmod({x1, x2}, {m2, m3});
  testing::checkModuleGradients(gmod, Value::table({Tensor::rand({20}), Tensor::rand({10})}));
}

TEST_CASE("nngraph: example3") {
  auto parallel = std::make_shared<ParallelTable>();
  parallel->add(createModule("Linear", {10, 20}));
  parallel->add(createModule("Linear", {10, 30}));
  auto m = std::make_shared<Sequential>();
  m->add(createModule("SplitTable", {1}));
  m->add(parallel);
  auto in = input();
  auto parts = Node::make(m, {in})->split(2);
  auto m3 = callTable("JoinTable", {1}, {parts[0], parts[1]});
  gModule g({in}, {m3});
  CHECK(g.forward(Tensor::rand({2, 10})).tensor().shapeString() == "50");
  testing::checkModuleGradients(g, Tensor::rand({2, 10}));
}

TEST_CASE("nngraph: example4") {
  auto in = input();
  auto L1 = call("Tanh", {}, call("Linear", {1, 2}, in));
  auto L2 = call("Tanh", {}, call("Linear", {3, 6}, callTable("JoinTable", {1}, {in, L1})));
  auto L3 = call("Tanh", {}, call("Linear", {8, 16}, callTable("JoinTable", {1}, {L1, L2})));
  gModule g({in}, {L3});
  testing::checkModuleGradients(g, Tensor::rand({1}));
}

TEST_CASE("nngraph: nestedGradInput") {
  auto x = input();
  auto h1 = std::make_shared<Sequential>();
  h1->add(createModule("JoinTable", {2}));
  h1->add(createModule("Tanh", {}));
  auto h2 = std::make_shared<Sequential>();
  h2->add(createModule("JoinTable", {2}));
  h2->add(createModule("Identity", {}));
  auto out = callTable("CAddTable", {}, {Node::make(h1, {x}), Node::make(h2, {x})});
  gModule model({x}, {out});

  testing::checkModuleGradients(model, Value::table({Tensor::randn({3, 3}), Tensor::randn({3, 3}), Tensor::randn({3, 3})}));
  testing::checkModuleGradients(model, Value::table({Tensor::randn({2, 3}), Tensor::randn({2, 3}), Tensor::randn({2, 3})}));
}

TEST_CASE("nngraph: unusedInput") {
  auto x = input();
  auto h = input();
  auto h2 = input();
  const std::string message = errorOf([&] { gModule({x, h}, {x}); });
  INFO(message);
  CHECK(contains(message, cat("input 2, node nn.Identity #", h->id(), ", is not used: no output depends on it")));
}

TEST_CASE("nngraph: unusedChild") {
  auto prevState = input();
  auto parts = prevState->split(2);  // h, cell
  const std::string message = errorOf([&] { gModule({prevState}, {parts[0]}); });
  INFO(message);
  CHECK(contains(message, cat("output 2 of nn.Identity #", prevState->id(), ":split(2) is not used by any output")));
}

TEST_CASE("nngraph: nilInput") {
  // Lua: nn.Sigmoid()(nil)
  const std::string message = errorOf([] { Node::make(createModule("Tanh", {}), {nullptr}); });
  CHECK(contains(message, "nn.Tanh: input 1 is not a node"));
}

TEST_CASE("nngraph: unusedNode") {
  auto in1 = input();
  auto in2 = input();
  auto middleResult = call("Tanh", {}, in2);
  auto out1 = call("Tanh", {}, in1);
  const std::string message = errorOf([&] { gModule({in1, in2}, {out1}); });
  INFO(message);
  // in2 reaches no output either, but the first thing wrong is the unused input.
  CHECK(contains(message, cat("input 2, node nn.Identity #", in2->id(), ", is not used")));

  // With in2 used elsewhere, the dangling middleResult itself is named.
  auto out2 = call("Tanh", {}, in2);
  const std::string message2 = errorOf([&] { gModule({in1, in2}, {out1, out2}); });
  INFO(message2);
  CHECK(contains(message2, cat("node nn.Tanh #", middleResult->id(), " (computed from nn.Identity #", in2->id(),
                               ") does not reach any output")));
}

TEST_CASE("nngraph: usageAfterSplit") {
  // A split node used whole by another node as well.
  auto prevState = input();
  auto parts = prevState->split(2);  // h, cell
  auto nextState = call("Identity", {}, prevState);
  auto transformed = call("Sigmoid", {}, parts[1]);
  gModule model({prevState}, {parts[0], nextState, transformed});
  testing::checkModuleGradients(model, Value::table({Tensor::randn({10}), Tensor::randn({10})}));
}

TEST_CASE("nngraph: resizeNestedAs") {
  // The same graph over inputs whose nested structure changes between calls.
  auto in1 = input();
  gModule net({in1}, {call("Identity", {}, in1), call("Identity", {}, in1)});

  Value x = Value::table({Tensor::randn({10}), Value::table({Tensor::randn({3}), Tensor::randn({4})})});
  net.forward(x);
  net.backward(x, cloneValue(net.output));
  testing::checkModuleGradients(net, x);

  x = Value::table({Tensor::randn({10}), Value::table({Tensor::randn({3}), Tensor::randn({4}), Tensor::randn({5})})});
  net.forward(x);
  net.backward(x, cloneValue(net.output));
  testing::checkModuleGradients(net, x);

  x = Value::table({Tensor::randn({10}), Value::table({Tensor::randn({3}), Tensor::randn({4})})});
  net.forward(x);
  const Value& gradInput = net.backward(x, cloneValue(net.output));
  CHECK(gradInput[1].size() == 2);
  // Two identical branches: the gradient is twice the output.
  CHECK(maxAbsDiff(gradInput[1][1].tensor(), x[1][1].tensor().clone().mul(2)) < 1e-6f);
  testing::checkModuleGradients(net, x);
}

TEST_CASE("nngraph: annotateGraph") {
  auto in = input();
  in->annotate("Input", "DescA");
  auto hiddenA = call("Linear", {10, 10}, in);
  hiddenA->annotate("Hidden A", "DescB");
  auto hiddenB = call("Sigmoid", {}, hiddenA);
  auto out = call("Linear", {10, 10}, hiddenB);
  gModule net({in}, {out});

  CHECK(contains(hiddenA->label(), "'Hidden A' (nn.Linear #"));
  for (bool backward : {false, true}) {
    const std::string dot = net.toDot(backward);
    INFO(dot);
    CHECK(contains(dot, "label=\"Input\\nnn.Identity #"));
    CHECK(contains(dot, " - DescA\""));  // the tooltip ends with the description
    CHECK(contains(dot, "label=\"Hidden A\\nnn.Linear(10 -> 10) #"));
    CHECK(contains(dot, " - DescB\""));  // the tooltip ends with the description
  }
}

TEST_CASE("nngraph: splitMore") {
  // nngraph detects a table with more entries than the split; so do we, naming the node.
  auto in1 = input();
  auto splitter = call("SplitTable", {2}, in1);
  auto parts = splitter->split(2);
  gModule model({in1}, {parts[0], parts[1]});
  const std::string message = errorOf([&] { model.forward(Tensor::randn({10, 3})); });
  INFO(message);
  CHECK(contains(message, cat("node nn.SplitTable #", splitter->id(), " was split into 2 parts (split(2)) but its output is "
                              "a table of 3 {10, 10, 10}")));
}

TEST_CASE("nngraph: splitLess") {
  auto in1 = input();
  auto splitter = call("SplitTable", {2}, in1);
  splitter->annotate("columns");
  auto parts = splitter->split(3);
  gModule model({in1}, {parts[0], parts[1], parts[2]});
  const std::string message = errorOf([&] { model.forward(Tensor::randn({10, 2})); });
  INFO(message);
  CHECK(contains(message, cat("node 'columns' (nn.SplitTable #", splitter->id(), ") was split into 3 parts (split(3)) but "
                              "its output is a table of 2 {10, 10}")));
}

namespace {
// A module whose gradInput is all zeros (nngraph's gradOutputZeroOptim dummy).
class ZeroGradient : public Module {
  NN_MODULE(ZeroGradient, "test.ZeroGradient")
 public:
  const Value& updateOutput(const Value& input) override {
    outputTensor().resize({1, 2, 3}).fill(0.5f);
    return output;
  }
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override {
    gradInputTensor().resizeAs(input.tensor()).zero();
    return gradInput;
  }
  std::string description() const override { return "a test module with zero gradients"; }
};
}  // namespace

TEST_CASE("nngraph: gradOutputZeroOptim") {
  Tensor x = Tensor::uniform({1, 2, 3}, 0, 1), gradOutput = Tensor::uniform({1, 2, 3}, 0, 1);
  {
    // One branch sends back zeros: the sum is the other branch's gradient.
    auto in = input();
    auto y = callTable("CAddTable", {}, {Node::make(std::make_shared<ZeroGradient>(), {in}), call("Identity", {}, in)});
    gModule mod({in}, {y});
    mod.forward(x);
    mod.backward(x, gradOutput);
    CHECK(maxAbsDiff(mod.backward(x, gradOutput).tensor(), gradOutput) < 1e-6f);
  }
  {
    auto in = input();
    auto y = callTable("CAddTable", {}, {Node::make(std::make_shared<ZeroGradient>(), {in}),
                                         Node::make(std::make_shared<ZeroGradient>(), {in})});
    gModule mod({in}, {y});
    mod.forward(x);
    CHECK(mod.backward(x, gradOutput).tensor().maxAbs() == 0);
  }
}

TEST_CASE("nngraph: a gModule used as a node of another gModule") {
  // inner(a, b) = Linear(a) + Linear(b); outer(x, y) = Linear(inner(tanh(x), y)) and tanh(x).
  auto a = input(), b = input();
  auto inner = graph({a, b}, {callTable("CAddTable", {}, {call("Linear", {4, 3}, a), call("Linear", {2, 3}, b)})});
  auto x = input(), y = input();
  auto tx = call("Tanh", {}, x);
  auto mid = Node::make(inner, {tx, y}, true);
  auto out = call("Linear", {3, 2}, mid);
  gModule outer({x, y}, {out, tx});
  CHECK(outer.parameters().first.size() == 6);

  const Value in = Value::table({Tensor::randn({5, 4}), Tensor::randn({5, 2})});
  const Value& result = outer.forward(in);
  CHECK(result[0].tensor().shapeString() == "5x2");
  const Value& gradInput = outer.backward(in, Value::table({Tensor::randn({5, 2}), Tensor::randn({5, 4})}));
  CHECK(gradInput[0].tensor().shapeString() == "5x4");
  CHECK(gradInput[1].tensor().shapeString() == "5x2");
  // The inner graph saw the table {tanh(x), y} and its gradInput mirrors it.
  CHECK(inner->gradInput.size() == 2);
  testing::checkModuleGradients(outer, in);
  testing::checkAccumulation(outer, in, Value::table({Tensor::randn({5, 2}), Tensor::randn({5, 4})}));

  // A one-input inner graph called on one node receives that node's tensor.
  auto p = input();
  auto single = graph({p}, {call("Tanh", {}, call("Linear", {4, 4}, p))});
  auto q = input();
  gModule wrapper({q}, {call("Linear", {4, 1}, Node::make(single, {q}))});
  testing::checkModuleGradients(wrapper, Tensor::randn({3, 4}));
}
