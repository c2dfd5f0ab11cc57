#include "core/graph.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "core/modules/SelectTable.h"

namespace nn {

// ---------------------------------------------------------------------------------------------
// Nodes

static int nextNodeId = 1;

// An empty tensor sent back as a gradient means "no gradient" (see gModule::updateGradInput).
static bool isNoGradient(const Value& g) { return g.isTensor() && g.tensor().dim() == 0; }

Node::Node(ModulePtr module, std::vector<NodePtr> inputs, bool asTable)
    : module_(std::move(module)), inputs_(std::move(inputs)), asTable_(asTable), id_(nextNodeId++) {}

Node::~Node() {
  // Release the inputs one node at a time: a node whose last owner is this loop hands its own
  // inputs over before it dies, so a chain of 10 000 nodes does not nest 10 000 destructors.
  std::vector<NodePtr> pending = std::move(inputs_);
  while (!pending.empty()) {
    NodePtr node = std::move(pending.back());
    pending.pop_back();
    if (node && node.use_count() == 1)
      for (NodePtr& in : node->inputs_) pending.push_back(std::move(in));
  }
}

NodePtr Node::input(ModulePtr module) {
  if (!module) fail("a graph node needs a module");
  return NodePtr(new Node(std::move(module), {}, false));
}

NodePtr Node::make(ModulePtr module, const std::vector<NodePtr>& inputs, bool asTable) {
  if (!module) fail("a graph node needs a module");
  if (inputs.empty())
    fail(module->errorName(), " was called with an empty table of nodes; to make a graph input call it "
         "with no arguments, m(), and otherwise give it at least one node");
  for (size_t i = 0; i < inputs.size(); ++i)
    if (!inputs[i])
      fail(module->errorName(), ": input ", i + 1, " is not a node (did you forget () on a module?)");
  NodePtr node(new Node(std::move(module), inputs, asTable));
  for (const NodePtr& in : inputs) in->consumers_.push_back(node);
  return node;
}

std::vector<NodePtr> Node::split(int count) {
  if (count < 1) failAtNode(id_, "split(", count, ") of node ", label(), ": the count must be at least 1");
  if (count > kMaxGraphNodes)
    failAtNode(id_, "split(", count, ") of node ", label(), ": a split makes at most ", kMaxGraphNodes, " parts");
  if (splitCount_ != 0) failAtNode(id_, "node ", label(), " was already split (split(", splitCount_, "))");
  splitCount_ = count;
  std::vector<NodePtr> parts;
  for (int i = 1; i <= count; ++i) {
    NodePtr part = make(std::make_shared<SelectTable>(i), {shared_from_this()});
    part->splitIndex_ = i;
    parts.push_back(part);
  }
  return parts;
}

Node& Node::annotate(const std::string& name, const std::string& description) {
  name_ = name;
  description_ = description;
  return *this;
}

std::string Node::label() const {
  const std::string type = cat(module_->typeName(), " #", id_);
  return name_.empty() ? type : cat("'", oneLine(name_), "' (", type, ")");
}

std::vector<NodePtr> Node::consumers() const {
  std::vector<NodePtr> alive;
  for (const std::weak_ptr<Node>& weak : consumers_)
    if (NodePtr node = weak.lock()) alive.push_back(std::move(node));
  return alive;
}

// ---------------------------------------------------------------------------------------------
// Building: order the nodes and reject graphs that cannot mean what the user wanted.

gModule::gModule(const std::vector<NodePtr>& inputs, const std::vector<NodePtr>& outputs)
    : inputs_(inputs), outputs_(outputs) {
  build();
}

void gModule::build() {
  if (inputs_.empty()) fail("needs at least one input node, got an empty input table");
  if (outputs_.empty()) fail("needs at least one output node, got an empty output table");
  for (size_t i = 0; i < inputs_.size(); ++i) {
    if (!inputs_[i]) fail("input ", i + 1, " is not a node (did you forget () on a module?)");
    if (!inputs_[i]->inputs_.empty())
      failAt(inputs_[i]->id_, "input ", i + 1, ", node ", inputs_[i]->label(), ", is computed from other nodes; graph "
           "inputs must be made by calling a module with no arguments, like nn.Identity()()");
    for (size_t j = 0; j < i; ++j)
      if (inputs_[j] == inputs_[i]) failAt(inputs_[i]->id_, "node ", inputs_[i]->label(), " is given twice as an input (", j + 1, " and ", i + 1, ")");
  }
  for (size_t i = 0; i < outputs_.size(); ++i)
    if (!outputs_[i]) fail("output ", i + 1, " is not a node (did you forget () on a module?)");

  // Topological order by depth-first search from the outputs towards the inputs; a node is
  // placed after all of its inputs. Nodes cannot form cycles: inputs exist before consumers.
  // The walk keeps its own stack: a chain of 10 000 nodes is a valid graph.
  order_.clear();
  std::set<const Node*> placed;
  std::vector<std::pair<const NodePtr*, size_t>> stack;  // a node and its next input to visit
  for (const NodePtr& out : outputs_) {
    if (!placed.insert(out.get()).second) continue;
    stack.push_back({&out, 0});
    while (!stack.empty()) {
      const NodePtr& node = *stack.back().first;
      const size_t next = stack.back().second++;
      if (next < node->inputs_.size()) {
        const NodePtr* in = &node->inputs_[next];
        if (placed.insert(in->get()).second) stack.push_back({in, 0});
      } else {
        order_.push_back(node);
        stack.pop_back();
      }
    }
  }
  for (const NodePtr& node : order_)
    if (node->graph_ && node->graph_ != this)
      failAt(node->id_, "node ", node->label(), " already belongs to another gModule; a node keeps one graph's "
           "state, so build the second graph from new nodes (or clone() the first gModule)");

  std::map<const Module*, const Node*> owner;
  for (const NodePtr& node : order_) {
    auto [it, fresh] = owner.emplace(node->module_.get(), node.get());
    if (!fresh)
      failAt(node->id_, "the same ", node->module_->errorName(), " instance is used by two nodes, ", it->second->label(),
           " and ", node->label(), "; use a separate module, or m:clone('weight', 'bias', 'gradWeight', "
           "'gradBias') to share parameters");
    if (node->module_.get() == this) failAt(node->id_, "a gModule cannot contain itself");
    const bool isInput = std::find(inputs_.begin(), inputs_.end(), node) != inputs_.end();
    if (node->inputs_.empty() && !isInput)
      failAt(node->id_, "node ", node->label(), " has no inputs but is not one of the graph's inputs; add it to the "
           "gModule's input list or compute it from an input");
  }
  for (size_t i = 0; i < inputs_.size(); ++i)
    if (!placed.count(inputs_[i].get()))
      failAt(inputs_[i]->id_, "input ", i + 1, ", node ", inputs_[i]->label(), ", is not used: no output depends on it");

  // Nodes computed from this graph's nodes but not leading to any output: almost always a
  // forgotten output or an unused split part.
  for (const NodePtr& node : order_) {
    for (const std::weak_ptr<Node>& weak : node->consumers_) {
      const NodePtr consumer = weak.lock();
      if (!consumer || placed.count(consumer.get())) continue;
      if (consumer->splitIndex_ > 0)
        failAt(node->id_, "output ", consumer->splitIndex_, " of ", node->label(), ":split(", node->splitCount_,
             ") is not used by any output; every part of a split must be used");
      failAt(consumer->id_, "node ", consumer->label(), " (computed from ", node->label(), ") does not reach any output; "
           "use it in an output or remove it");
    }
  }
  output = outputs_.size() == 1 ? Value(Tensor()) : Value::table();
  gradInput = inputs_.size() == 1 ? Value(Tensor()) : Value::table();
  hasForward_ = hasBackward_ = false;
  for (const NodePtr& node : order_) node->graph_ = this;
}

gModule::~gModule() {
  for (const NodePtr& node : order_)
    if (node->graph_ == this) node->graph_ = nullptr;
}

// ---------------------------------------------------------------------------------------------
// Forward: run the nodes in order; each module receives its input node's output, or the table
// of its input nodes' outputs.

std::string gModule::describeInputs() const {
  if (inputs_.size() == 1) return "one input (a tensor or table)";
  return cat("a table of ", inputs_.size(), " inputs");
}

const Value& gModule::updateOutput(const Value& input) {
  if (inputs_.size() > 1) {
    if (!input.isTable() || input.size() != inputs_.size())
      fail("forward expects ", describeInputs(), ", one per input node, but got ", input.describe());
  }
  hasForward_ = hasBackward_ = false;
  for (const NodePtr& node : order_) {
    const auto inputIndex = std::find(inputs_.begin(), inputs_.end(), node) - inputs_.begin();
    if (inputIndex < static_cast<long>(inputs_.size())) {
      node->input_ = inputs_.size() == 1 ? input : input[static_cast<size_t>(inputIndex)];
    } else if (!node->receivesTable()) {
      node->input_ = node->inputs_[0]->module_->output;
    } else {
      std::vector<Value>& table = node->input_.isTable() ? node->input_.entries()
                                                          : (node->input_ = Value::table()).entries();
      table.resize(node->inputs_.size());
      for (size_t i = 0; i < node->inputs_.size(); ++i) table[i] = node->inputs_[i]->module_->output;
    }
    try {
      node->module_->updateOutput(node->input_);
    } catch (const Error& e) {
      nn::failAtNode(node->id_, "forward failed at node ", node->label(), ": ", e.what());
    }
    if (node->splitCount_ > 0) {
      const Value& out = node->module_->output;
      if (!out.isTable() || out.size() != static_cast<size_t>(node->splitCount_))
        nn::failAtNode(node->id_, "node ", node->label(), " was split into ", node->splitCount_, " parts (split(",
                 node->splitCount_, ")) but its output is ", out.describe());
    }
  }
  if (outputs_.size() == 1) {
    output = outputs_[0]->module_->output;
  } else {
    std::vector<Value>& table = output.isTable() ? output.entries() : (output = Value::table()).entries();
    table.resize(outputs_.size());
    for (size_t i = 0; i < outputs_.size(); ++i) table[i] = outputs_[i]->module_->output;
  }
  lastInput_ = input;
  hasForward_ = true;
  return output;
}

// ---------------------------------------------------------------------------------------------
// Backward: the chain rule in reverse topological order. A node's gradOutput is the sum of what
// its consumers sent back (fan-out), or the graph's gradOutput for an output node.

// Torch silently computes wrong gradients when backward gets another input than forward did;
// we refuse, saying what differs and which input node that part of the input feeds.
static void compareWithForwardInput(const Value& given, const Value& seen, const std::string& where,
                                    const std::string& owner, const std::string& node, int nodeId) {
  if (given.kind() != seen.kind() || (given.isTable() && given.size() != seen.size()) ||
      (given.isTensor() && !given.tensor().sameShape(seen.tensor())))
    nn::failAtNode(nodeId, owner, ": backward expects the input of the last forward", where, ", ", seen.describe(),
                   ", but got ", given.describe(), node);
  if (given.isTable()) {
    for (size_t i = 0; i < given.size(); ++i)
      compareWithForwardInput(given[i], seen[i], cat(where.empty() ? " (entry " : where.substr(0, where.size() - 1) + ".", i + 1, ")"), owner, node, nodeId);
  } else if (given.isTensor() && !given.tensor().isSameTensor(seen.tensor())) {
    if (maxAbsDiff(given.tensor(), seen.tensor()) != 0)
      nn::failAtNode(nodeId, owner, ": backward got a different tensor", where, " than the last forward (same size ",
                     given.tensor().shapeString(), ", different values)", node, "; call forward with this input first");
  }
}

// The common case, the very tensors of the last forward, checked without building the messages
// compareWithForwardInput needs (they cost more than a small graph's whole backward).
static bool sameAsForward(const Value& given, const Value& seen) {
  if (given.kind() != seen.kind()) return false;
  if (given.isTensor()) return given.tensor().isSameTensor(seen.tensor());
  if (given.isTable()) {
    if (given.size() != seen.size()) return false;
    for (size_t i = 0; i < given.size(); ++i)
      if (!sameAsForward(given[i], seen[i])) return false;
  }
  return true;
}

void gModule::checkBackwardInput(const Value& input) const {
  if (!hasForward_) fail("backward called before forward; call forward(input) first");
  if (sameAsForward(input, lastInput_)) return;
  if (inputs_.size() == 1) {
    compareWithForwardInput(input, lastInput_, "", toString(), cat(", for input node ", inputs_[0]->label()),
                            inputs_[0]->id_);
    return;
  }
  if (!input.isTable() || input.size() != inputs_.size())
    fail("backward expects the input of the last forward, ", lastInput_.describe(), ", but got ", input.describe());
  for (size_t i = 0; i < inputs_.size(); ++i)
    compareWithForwardInput(input[i], lastInput_[i], cat(" (entry ", i + 1, ")"), toString(),
                            cat(", for input node ", inputs_[i]->label()), inputs_[i]->id_);
}

void gModule::checkGradOutput(const Value& gradOutput) const {
  if (gradOutput.sameStructure(output)) return;
  // Name the output node whose gradient is wrong when that can be told.
  std::string node;
  int nodeId = kNoNode;
  if (outputs_.size() == 1) {
    node = cat(", for output node ", outputs_[0]->label());
    nodeId = outputs_[0]->id_;
  } else if (gradOutput.isTable() && gradOutput.size() == outputs_.size()) {
    for (size_t i = 0; i < outputs_.size() && node.empty(); ++i)
      if (!gradOutput[i].sameStructure(output[i])) {
        node = cat(", for entry ", i + 1, ", output node ", outputs_[i]->label());
        nodeId = outputs_[i]->id_;
      }
  }
  failAt(nodeId, "gradOutput must have the structure and sizes of the output, ", output.describe(), ", but got ",
       gradOutput.describe(), node);
}

const Value& gModule::updateGradInput(const Value& input, const Value& gradOutput) {
  checkBackwardInput(input);
  checkGradOutput(gradOutput);
  hasBackward_ = false;  // until this pass completes: accGradParameters must not use a partial one
  for (const NodePtr& node : order_) node->contributions_.clear();
  for (size_t i = 0; i < outputs_.size(); ++i)
    outputs_[i]->contributions_.push_back({nullptr, outputs_.size() == 1 ? gradOutput : gradOutput[i]});

  for (auto it = order_.rbegin(); it != order_.rend(); ++it) {
    Node& node = **it;
    // Sum the gradients sent back by every consumer (alias when there is only one). An empty
    // tensor is "no gradient" (Torch's default gradInput of a module without updateGradInput,
    // e.g. one reading indices): it adds nothing, and reaches an input node as no gradient.
    auto& contributions = node.contributions_;
    if (contributions.size() > 1)
      contributions.erase(std::remove_if(contributions.begin() + 1, contributions.end(),
                                         [](const Node::GradientContribution& c) { return isNoGradient(c.gradient); }),
                          contributions.end());
    if (contributions.size() > 1 && isNoGradient(contributions[0].gradient)) contributions.erase(contributions.begin());
    if (node.contributions_.size() == 1) {
      node.gradOutput_ = node.contributions_[0].gradient;
    } else {
      copyValue(node.gradSum_, node.contributions_[0].gradient);
      try {
        for (size_t c = 1; c < node.contributions_.size(); ++c) addValue(node.gradSum_, node.contributions_[c].gradient);
      } catch (const Error& e) {
        nn::failAtNode(node.id_, "backward failed at node ", node.label(), " summing the gradients of its consumers: ", e.what());
      }
      node.gradOutput_ = node.gradSum_;
    }
    try {
      node.module_->updateGradInput(node.input_, node.gradOutput_);
    } catch (const Error& e) {
      nn::failAtNode(node.id_, "backward failed at node ", node.label(), ": ", e.what());
    }
    // Send this node's gradInput back to the nodes it read from.
    const Value& gx = node.module_->gradInput;
    if (node.inputs_.empty()) continue;
    if (!node.receivesTable()) {
      node.inputs_[0]->contributions_.push_back({&node, gx});
      continue;
    }
    if (!gx.isTable() || gx.size() != node.inputs_.size())
      nn::failAtNode(node.id_, "backward failed at node ", node.label(), ": its gradInput should be a table of ",
               node.inputs_.size(), " gradients (one per input node) but is ", gx.describe());
    for (size_t i = 0; i < node.inputs_.size(); ++i) node.inputs_[i]->contributions_.push_back({&node, gx[i]});
  }

  // gradInput mirrors input: one input -> its gradient; several -> a table, one per input.
  if (inputs_.size() == 1) {
    gradInput = inputs_[0]->module_->gradInput;
  } else {
    std::vector<Value>& table = gradInput.isTable() ? gradInput.entries() : (gradInput = Value::table()).entries();
    table.resize(inputs_.size());
    for (size_t i = 0; i < inputs_.size(); ++i) table[i] = inputs_[i]->module_->gradInput;
  }
  hasBackward_ = true;
  return gradInput;
}

void gModule::accGradParameters(const Value& input, const Value& gradOutput, float scale) {
  checkBackwardInput(input);
  if (!hasBackward_) fail("accGradParameters needs updateGradInput first (or call backward)");
  for (const NodePtr& node : order_) {
    try {
      node->module_->accGradParameters(node->input_, node->gradOutput_, scale);
    } catch (const Error& e) {
      nn::failAtNode(node->id_, "accGradParameters failed at node ", node->label(), ": ", e.what());
    }
  }
}

// ---------------------------------------------------------------------------------------------
// nngraph's g:replace(fn) (issue 14)

void gModule::replaceNodeModule(size_t index1, ModulePtr module) {
  if (index1 < 1 || index1 > order_.size())
    fail("replace: node ", index1, " does not exist (the graph has ", order_.size(), " nodes)");
  if (!module) fail("replace: expected a module for node ", index1);
  Node& node = *order_[index1 - 1];
  if (node.module_ == module) return;
  if (node.splitIndex() > 0) failAt(node.id_, "replace: node ", node.label(), " is an output of split(); its module cannot be replaced");
  if (module.get() == this) fail("a gModule cannot contain itself");
  for (const NodePtr& other : order_)
    if (other->module_ == module)
      failAt(other->id_, "replace: the same ", module->toString(), " instance would be used by two nodes, ", other->label(),
           " and ", node.label(), "; use a separate module or a clone");
  node.module_ = std::move(module);
  hasForward_ = hasBackward_ = false;
}

// ---------------------------------------------------------------------------------------------
// Module plumbing

std::vector<ModulePtr> gModule::children() const {
  std::vector<ModulePtr> modules;
  for (const NodePtr& node : order_) modules.push_back(node->module_);
  return modules;
}

std::vector<Module::Parameter> gModule::parameterList() {
  std::vector<Parameter> all;
  for (const NodePtr& node : order_) {
    for (Parameter& p : node->module_->parameterList()) {
      if (p.owner.empty()) p.owner = node->label();
      all.push_back(std::move(p));
    }
  }
  return all;
}

void gModule::training() {
  Module::training();
  for (const NodePtr& node : order_) node->module_->training();
}

void gModule::evaluate() {
  Module::evaluate();
  for (const NodePtr& node : order_) node->module_->evaluate();
}

std::string gModule::toString() const {
  // While the graph is being built (errors) there is no node count to give yet.
  const std::string nodes = order_.empty() ? "" : cat(", ", order_.size(), " nodes");
  return cat("nn.gModule(", inputs_.size(), " input", inputs_.size() == 1 ? "" : "s", " -> ",
             outputs_.size(), " output", outputs_.size() == 1 ? "" : "s", nodes, ")");
}

std::string gModule::description() const { return "a graph of modules (nngraph)"; }

const NodePtr* gModule::findNode(int id) const {
  for (const NodePtr& node : order_)
    if (node->id_ == id) return &node;
  return nullptr;
}

// clone(): the same graph over cloned modules, keeping annotations and splits.
void gModule::deepenCopy() {
  std::map<const Node*, NodePtr> copies;
  for (const NodePtr& node : order_) {
    std::vector<NodePtr> inputs;
    for (const NodePtr& in : node->inputs_) inputs.push_back(copies.at(in.get()));
    ModulePtr module = node->module_->clone();
    NodePtr copy = inputs.empty() ? Node::input(module) : Node::make(module, inputs, node->asTable_);
    copy->name_ = node->name_;
    copy->description_ = node->description_;
    copy->splitCount_ = node->splitCount_;
    copy->splitIndex_ = node->splitIndex_;
    copies[node.get()] = copy;
  }
  for (NodePtr& in : inputs_) in = copies.at(in.get());
  for (NodePtr& out : outputs_) out = copies.at(out.get());
  lastInput_ = Value();
  build();
}

}  // namespace nn
