// nngraph: nodes made by calling modules, and gModule, a module whose computation is a graph.
//
//   auto x1 = Node::input(Identity), x2 = ...;          Lua: x1 = nn.Identity()()
//   auto h  = Node::make(Linear, {x1});                   Lua: h = nn.Linear(3,5)(x1)
//   auto s  = Node::make(CAddTable, {h1, h2}, true);      Lua: s = nn.CAddTable()({h1, h2})
//   gModule g({x1, x2}, {s});
//
// forward runs the nodes in topological order; backward runs them in reverse, summing the
// gradients that every consumer sends back to a node (fan-out), and hands back a gradInput with
// exactly the structure of the input. Strict on purpose: backward must get the input of the last
// forward, and every problem is reported as a sentence naming the node.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "core/module.h"

namespace nn {

class Node;
using NodePtr = std::shared_ptr<Node>;

// How many nodes one split() may make and one gModule may hold (the saved-graph limit too).
constexpr int kMaxGraphNodes = 10000;

class Node : public std::enable_shared_from_this<Node> {
 public:
  // Frees a long chain of nodes without one nested destructor call per node.
  ~Node();
  // A graph input: module() in Lua, called with no arguments.
  static NodePtr input(ModulePtr module);
  // module(inputs): with one input and asTable false the module receives that input's output
  // itself; otherwise it receives the table of the inputs' outputs, in order (also for {x}).
  static NodePtr make(ModulePtr module, const std::vector<NodePtr>& inputs, bool asTable = false);
  // n nodes selecting the entries of this node's table output (Lua: node:split(n)).
  std::vector<NodePtr> split(int count);
  // Lua: node:annotate{name = ..., description = ...}
  Node& annotate(const std::string& name, const std::string& description = "");

  const ModulePtr& module() const { return module_; }
  const std::vector<NodePtr>& inputs() const { return inputs_; }
  bool receivesTable() const { return asTable_ || inputs_.size() != 1; }
  int id() const { return id_; }                         // creation index, unique in the process
  const std::string& name() const { return name_; }
  const std::string& description() const { return description_; }
  int splitCount() const { return splitCount_; }         // n if split(n) was called, else 0
  int splitIndex() const { return splitIndex_; }         // i for the i-th output of a split
  // "'h1' (nn.Linear #4)" or "nn.Linear #4": how errors and the page name this node.
  std::string label() const;
  // The nodes made from this one that still exist, in creation order (graph or not).
  std::vector<NodePtr> consumers() const;

  // What the last forward/backward saw at this node (kept for inspection and the page).
  struct GradientContribution {
    const Node* consumer;  // the node that sent it; nullptr for the graph's own gradOutput
    Value gradient;
  };
  const Value& lastInput() const { return input_; }
  const Value& lastOutput() const { return module_->output; }
  const Value& lastGradOutput() const { return gradOutput_; }
  const std::vector<GradientContribution>& gradientContributions() const { return contributions_; }

 private:
  friend class gModule;
  Node(ModulePtr module, std::vector<NodePtr> inputs, bool asTable);

  ModulePtr module_;
  std::vector<NodePtr> inputs_;
  bool asTable_;
  int id_;
  std::string name_, description_;
  int splitCount_ = 0, splitIndex_ = 0;
  std::vector<std::weak_ptr<Node>> consumers_;  // to find nodes that reach no output
  // The gModule this node belongs to: a node keeps per-graph state (its input, gradients), so
  // it can belong to one graph only.
  const class gModule* graph_ = nullptr;

  Value input_;
  Value gradOutput_;
  Value gradSum_;  // owned accumulator when several consumers send gradients
  std::vector<GradientContribution> contributions_;
};

class gModule : public Module {
  NN_MODULE(gModule, "nn.gModule")
 public:
  gModule(const std::vector<NodePtr>& inputs, const std::vector<NodePtr>& outputs);
  ~gModule() override;

  const Value& updateOutput(const Value& input) override;
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override;
  void accGradParameters(const Value& input, const Value& gradOutput, float scale = 1.0f) override;
  std::vector<Parameter> parameterList() override;
  std::vector<ModulePtr> children() const override;
  void training() override;
  void evaluate() override;
  std::string toString() const override;
  std::string description() const override;
  void checkBackwardCall(const Value&) const override {}  // updateGradInput checks, naming nodes

  const std::vector<NodePtr>& inputNodes() const { return inputs_; }
  const std::vector<NodePtr>& outputNodes() const { return outputs_; }
  // Every node, in the order forward runs them (inputs first).
  const std::vector<NodePtr>& nodes() const { return order_; }
  const NodePtr* findNode(int id) const;
  bool hasForward() const { return hasForward_; }
  bool hasBackward() const { return hasBackward_; }

  // Graphviz DOT of the forward or backward graph: graphToDot in core/dot.h, which defines it.
  std::string toDot(bool backwardGraph = false) const;

  // --- nngraph's g:replace(fn) (issue 14) ------------------------------------------------------
  // The module of nodes()[index1 - 1] becomes `module`, which must be in no other node of this
  // graph (nor be the graph). The last forward/backward are forgotten (backward needs a new forward).
  void replaceNodeModule(size_t index1, ModulePtr module);

 protected:
  void deepenCopy() override;

 private:
  void build();
  // fail() (the message starts with this graph's name) for an error about the node nodeId.
  template <class... Parts>
  [[noreturn]] void failAt(int nodeId, const Parts&... parts) const {
    nn::failAtNode(nodeId, errorName(), ": ", parts...);
  }
  void checkBackwardInput(const Value& input) const;
  void checkGradOutput(const Value& gradOutput) const;
  std::string describeInputs() const;

  std::vector<NodePtr> inputs_, outputs_;
  std::vector<NodePtr> order_;  // topological: every node after its inputs
  Value lastInput_;
  bool hasForward_ = false, hasBackward_ = false;
};

}  // namespace nn
