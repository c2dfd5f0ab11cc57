// What a graph computed, node by node, as plain data for the JS API and the playground: each
// node's place in the graph, the value it received and produced, the gradient it received and
// the contributions (one per consumer) that were summed into that gradient, in the order they
// were summed; and the order forward and backward ran the nodes in (the playground's stepper
// replays a pass from these).
#pragma once
#include <string>
#include <vector>

#include "core/graph.h"

namespace nn {

struct NodeInspection {
  int id = 0;
  std::string label;        // "'h1' (nn.Linear #4)", as errors name the node
  std::string name;         // annotate() name, or empty
  std::string description;  // annotate() description, or empty
  std::string type;         // "nn.Linear"
  std::string module;       // the module's toString(), "nn.Linear(3 -> 5)"
  int inputIndex = 0;       // 1-based position in the gModule's inputs, 0 if not an input
  int outputIndex = 0;      // 1-based position in the gModule's outputs, 0 if not an output
  int splitIndex = 0;       // i for the i-th node of a split, else 0
  std::vector<int> inputs;  // ids of the nodes this one reads, in order
  // Nil until forward (input, output) / backward (gradOutput, contributions) has run on the graph.
  Value input;  // what the node's module received: its input node's output, or their table
  Value output;
  Value gradOutput;
  // In the order backward summed them: gradOutput = contributions[0] + contributions[1] + ...
  struct Contribution {
    int from = 0;  // the consumer node's id; 0 for the graph's own gradOutput
    Value gradient;
    // With several contributions: the sum of this one and the ones before it, as backward's
    // accumulator held it after adding this one (the last equals gradOutput). Nil otherwise.
    Value runningSum;
  };
  std::vector<Contribution> contributions;
  // The node's own module's parameters (for a nested gModule: all of its parameters).
  struct Param {
    std::string name, gradName;
    Tensor value, grad;
  };
  std::vector<Param> parameters;
};

// Every node in forward order. Values alias the graph's buffers (running sums are fresh copies):
// copy them before the next call.
std::vector<NodeInspection> inspectGraph(const gModule& graph);

// Node ids in the order the graph's forward runs them and the order its backward runs them
// (each node's gradOutput complete before its module's backward; every consumer's before the
// nodes it reads). Empty until forward / backward has run.
struct ExecutionOrder {
  std::vector<int> forward, backward;
};
ExecutionOrder executionOrder(const gModule& graph);

}  // namespace nn
