// What a graph computed, node by node, as plain data for the JS API and the playground: each
// node's place in the graph, the value it produced, the gradient it received and the
// contributions (one per consumer) that were summed into that gradient.
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
  // Nil until forward (output) / backward (gradOutput, contributions) has run on the graph.
  Value output;
  Value gradOutput;
  struct Contribution {
    int from = 0;  // the consumer node's id; 0 for the graph's own gradOutput
    Value gradient;
  };
  std::vector<Contribution> contributions;
  // The node's own module's parameters (for a nested gModule: all of its parameters).
  struct Param {
    std::string name, gradName;
    Tensor value, grad;
  };
  std::vector<Param> parameters;
};

// Every node in forward order. Values alias the graph's buffers: copy them before the next call.
std::vector<NodeInspection> inspectGraph(const gModule& graph);

}  // namespace nn
