// A drawing of nodes that did not make a gModule: when nn.gModule(inputs, outputs) fails (a node
// that reaches no output, an input that is computed, a module used twice...), there is no graph
// to call toDot on, yet the reader needs to see what was built to find the node the error names.
#pragma once
#include <string>
#include <vector>

#include "core/graph.h"

namespace nn {

// Graphviz DOT of every node connected to `inputs` and `outputs` (through inputs and consumers,
// so a node that reaches no output is drawn too), in the style of gModule::toDot: SVG ids
// "node<ID>", the given inputs and outputs filled as toDot fills them. Null entries are skipped.
std::string sketchDot(const std::vector<NodePtr>& inputs, const std::vector<NodePtr>& outputs);

}  // namespace nn
