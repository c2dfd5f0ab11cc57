// What the playground's stepper replays: the order forward and backward ran the nodes in
// (executionOrder), each node's input, and the order a fan-out node's contributions were summed
// with the running sum after each (inspectGraph). The orders are checked against the order the
// modules were actually called in, recorded by modules that log their calls; the running sums
// against sums computed element by element here.
#include "tests/core/testing.h"

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "core/inspect.h"

using namespace nn;
using testing::call;
using testing::callTable;
using testing::input;

namespace {

// Passes everything to an inner module and writes "forward <id>" / "backward <id>" to a log
// when the graph calls it (the node id is set once the node exists).
class Logged : public Module {
  NN_MODULE(Logged, "test.Logged")
 public:
  Logged(ModulePtr inner, std::vector<std::string>* log) : inner_(std::move(inner)), log_(log) {}
  int nodeId = 0;
  const Value& updateOutput(const Value& input) override {
    log_->push_back("forward " + std::to_string(nodeId));
    output = inner_->updateOutput(input);
    return output;
  }
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override {
    log_->push_back("backward " + std::to_string(nodeId));
    gradInput = inner_->updateGradInput(input, gradOutput);
    return gradInput;
  }
  std::string description() const override { return "test module logging its calls"; }

 private:
  ModulePtr inner_;
  std::vector<std::string>* log_;
};

struct LoggedGraph {
  std::vector<std::string> log;
  std::vector<NodePtr> nodes;  // x1, x2, a, la2, b, prod, out
  std::shared_ptr<gModule> graph;
};

// The playground's "answer" graph: a = Linear(x1) feeds both CMulTable and CAddTable (fan-out).
//   x1 -> a -----------> prod = a * b -> out = prod + a
//   x2 -> Linear -> b -/                 /
//         a -------------------------------
std::unique_ptr<LoggedGraph> answerGraph() {
  auto lg = std::make_unique<LoggedGraph>();
  auto wrap = [&](const std::string& type, const Args& args) {
    return std::make_shared<Logged>(createModule(type, args), &lg->log);
  };
  auto named = [&](NodePtr node) {
    std::static_pointer_cast<Logged>(node->module())->nodeId = node->id();
    lg->nodes.push_back(node);
    return node;
  };
  auto x1 = named(Node::input(wrap("Identity", {})));
  auto x2 = named(Node::input(wrap("Identity", {})));
  auto a = named(Node::make(wrap("Linear", {3, 4}), {x1}));
  auto l2 = named(Node::make(wrap("Linear", {3, 4}), {x2}));
  auto b = named(Node::make(wrap("Tanh", {}), {l2}));
  auto prod = named(Node::make(wrap("CMulTable", {}), {a, b}, true));
  auto out = named(Node::make(wrap("CAddTable", {}), {prod, a}, true));
  lg->graph = std::make_shared<gModule>(std::vector<NodePtr>{x1, x2}, std::vector<NodePtr>{out});
  return lg;
}

std::vector<std::string> logged(const std::vector<int>& ids, const std::string& pass) {
  std::vector<std::string> out;
  for (int id : ids) out.push_back(pass + " " + std::to_string(id));
  return out;
}

const NodeInspection& inspected(const std::vector<NodeInspection>& all, const NodePtr& node) {
  for (const NodeInspection& info : all)
    if (info.id == node->id()) return info;
  FAIL("node not inspected");
  return all.front();
}

Tensor randomTensor(std::initializer_list<int64_t> shape) {
  Tensor t = Tensor::zeros(Shape(shape));
  for (int64_t i = 0; i < t.numel(); ++i) t.data()[i] = static_cast<float>((i * 37 % 11) - 5) / 7.0f;
  return t;
}

}  // namespace

TEST_CASE("inspect: executionOrder is the order forward and backward called the modules") {
  auto lg = answerGraph();
  gModule& g = *lg->graph;
  CHECK(executionOrder(g).forward.empty());
  CHECK(executionOrder(g).backward.empty());

  const Value input = Value::table({randomTensor({2, 3}), randomTensor({2, 3})});
  g.forward(input);
  const ExecutionOrder afterForward = executionOrder(g);
  CHECK(logged(afterForward.forward, "forward") == lg->log);
  CHECK(afterForward.backward.empty());
  REQUIRE(afterForward.forward.size() == lg->nodes.size());

  // Every node comes after the nodes it reads.
  for (const NodePtr& node : lg->nodes) {
    const auto at = [&](int id) { return std::find(afterForward.forward.begin(), afterForward.forward.end(), id); };
    for (const NodePtr& in : node->inputs()) CHECK(at(in->id()) < at(node->id()));
  }

  lg->log.clear();
  g.backward(input, Tensor::ones({2, 4}));
  const ExecutionOrder order = executionOrder(g);
  CHECK(order.forward == afterForward.forward);
  CHECK(logged(order.backward, "backward") == lg->log);
  // Backward runs every consumer of a node before the node itself.
  for (const NodePtr& node : lg->nodes) {
    const auto at = [&](int id) { return std::find(order.backward.begin(), order.backward.end(), id); };
    for (const NodePtr& in : node->inputs()) CHECK(at(node->id()) < at(in->id()));
  }

  // A new forward makes the backward stale: its order is no longer reported.
  g.forward(input);
  CHECK(executionOrder(g).backward.empty());
  CHECK(executionOrder(g).forward == afterForward.forward);
}

TEST_CASE("inspect: contributions in the order backward summed them, with each running sum") {
  auto lg = answerGraph();
  gModule& g = *lg->graph;
  const NodePtr &x1 = lg->nodes[0], &a = lg->nodes[2], &b = lg->nodes[4], &prod = lg->nodes[5], &out = lg->nodes[6];
  const Value input = Value::table({randomTensor({2, 3}), randomTensor({2, 3})});
  g.forward(input);
  const Tensor gradOutput = randomTensor({2, 4});
  lg->log.clear();
  g.backward(input, gradOutput);

  const auto all = inspectGraph(g);
  // Inputs: what each module received.
  const NodeInspection& prodInfo = inspected(all, prod);
  REQUIRE(prodInfo.input.isTable());
  REQUIRE(prodInfo.input.size() == 2);
  CHECK(prodInfo.input[0].tensor().isSameTensor(a->lastOutput().tensor()));
  CHECK(prodInfo.input[1].tensor().isSameTensor(b->lastOutput().tensor()));
  CHECK(inspected(all, x1).input.tensor().isSameTensor(input[0].tensor()));

  // 'a' fans out to prod and out. Backward ran out before prod, so out's gradient came first.
  const NodeInspection& aInfo = inspected(all, a);
  REQUIRE(aInfo.contributions.size() == 2);
  const auto ranAt = [&](int id) { return std::find(lg->log.begin(), lg->log.end(), "backward " + std::to_string(id)); };
  CHECK(ranAt(aInfo.contributions[0].from) < ranAt(aInfo.contributions[1].from));
  CHECK(aInfo.contributions[0].from == out->id());
  CHECK(aInfo.contributions[1].from == prod->id());

  // The contributions themselves, by hand: d(prod + a)/da = gradOutput, d(a * b)/da = gradOutput * b.
  const Tensor& fromOut = aInfo.contributions[0].gradient.tensor();
  const Tensor& fromProd = aInfo.contributions[1].gradient.tensor();
  const Tensor& bOut = b->lastOutput().tensor();
  REQUIRE(fromOut.numel() == 8);
  for (int64_t i = 0; i < 8; ++i) {
    CHECK(fromOut.data()[i] == doctest::Approx(gradOutput.data()[i]));
    CHECK(fromProd.data()[i] == doctest::Approx(gradOutput.data()[i] * bOut.data()[i]));
  }

  // Running sums: the first alone, then first + second; the last is the gradOutput itself.
  const Tensor& first = aInfo.contributions[0].runningSum.tensor();
  const Tensor& second = aInfo.contributions[1].runningSum.tensor();
  const Tensor& aGrad = aInfo.gradOutput.tensor();
  CHECK(!first.sameStorage(fromOut));  // copies: later steps do not change earlier sums
  for (int64_t i = 0; i < 8; ++i) {
    CHECK(first.data()[i] == fromOut.data()[i]);
    CHECK(second.data()[i] == fromOut.data()[i] + fromProd.data()[i]);
    CHECK(aGrad.data()[i] == second.data()[i]);  // the same additions in the same order: exact
  }

  // A node with one contribution has no running sum.
  const NodeInspection& bInfo = inspected(all, b);
  REQUIRE(bInfo.contributions.size() == 1);
  CHECK(bInfo.contributions[0].runningSum.isNil());
}

TEST_CASE("inspect: running sums of table gradients (a split node's parts)") {
  // SplitTable then split(2): the SplitTable node receives one table gradient from each part.
  auto x = input();
  auto parts = call("SplitTable", {1}, x)->split(2);
  auto sum = callTable("CAddTable", {}, {parts[0], parts[1]});
  gModule g({x}, {sum});
  const Tensor in = randomTensor({2, 3});
  g.forward(in);
  const Tensor go = randomTensor({3});
  g.backward(in, go);
  const auto all = inspectGraph(g);
  const NodeInspection& split = all[1];
  REQUIRE(split.type == "nn.SplitTable");
  REQUIRE(split.contributions.size() == 2);
  const Value& last = split.contributions[1].runningSum;
  REQUIRE(last.isTable());
  REQUIRE(last.size() == 2);
  CHECK(maxAbsDiff(last, split.gradOutput) == 0.0f);
  // Each part sends back its own entry (and zeros elsewhere): the sum holds both, each equal to go.
  CHECK(maxAbsDiff(last[0].tensor(), go) < 1e-6f);
  CHECK(maxAbsDiff(last[1].tensor(), go) < 1e-6f);
  // After the first contribution only the sending part's own entry is filled.
  const int firstPart = split.contributions[0].from == parts[0]->id() ? 0 : 1;
  REQUIRE(split.contributions[0].from == parts[firstPart]->id());
  CHECK(maxAbsDiff(split.contributions[0].runningSum[firstPart].tensor(), go) < 1e-6f);
  CHECK(maxAbsDiff(split.contributions[0].runningSum[1 - firstPart].tensor(), Tensor::zeros({3})) == 0.0f);
}
