#include "core/graph_sketch.h"

#include "core/dot.h"

#include <algorithm>
#include <map>

namespace nn {

// The 1-based position of node in list, or 0.
static size_t positionIn(const std::vector<NodePtr>& list, const Node* node) {
  for (size_t i = 0; i < list.size(); ++i)
    if (list[i].get() == node) return i + 1;
  return 0;
}

std::string sketchDot(const std::vector<NodePtr>& inputs, const std::vector<NodePtr>& outputs) {
  // The connected part of the node graph around what the user handed to gModule, bounded like
  // a graph (a node is never drawn twice, a loop of its own stack, not recursion).
  std::map<int, NodePtr> byId;  // ordered by creation: inputs before what is made from them
  std::vector<NodePtr> pending;
  for (const auto* list : {&inputs, &outputs})
    for (const NodePtr& node : *list)
      if (node) pending.push_back(node);
  while (!pending.empty() && byId.size() < static_cast<size_t>(kMaxGraphNodes)) {
    NodePtr node = std::move(pending.back());
    pending.pop_back();
    if (!byId.emplace(node->id(), node).second) continue;
    for (const NodePtr& in : node->inputs()) pending.push_back(in);
    for (NodePtr& out : node->consumers()) pending.push_back(std::move(out));
  }

  std::string dot = dotHeader("sketch");
  for (const auto& [id, node] : byId) {
    std::string text;
    if (!node->name().empty()) text += node->name() + "\n";
    text += cat(node->module()->toString(), " #", id);
    std::string fill = "#ffffff";
    if (const size_t in = positionIn(inputs, node.get())) {
      text += cat("\ninput ", in);
      fill = "#dbeafe";
    }
    if (const size_t out = positionIn(outputs, node.get())) {
      text += cat("\noutput ", out);
      fill = "#dcfce7";
    }
    std::string tooltip = text;
    std::replace(tooltip.begin(), tooltip.end(), '\n', ' ');
    dot += cat("  n", id, " [id=", dotQuote(cat("node", id)), ", label=", dotQuote(text), ", fillcolor=",
               dotQuote(fill), ", tooltip=", dotQuote(tooltip), "];\n");
  }
  for (const auto& [id, node] : byId) {
    for (const NodePtr& in : node->inputs()) {
      if (!byId.count(in->id())) continue;
      dot += cat("  n", in->id(), " -> n", id);
      if (node->splitIndex() > 0) dot += cat(" [label=", dotQuote(cat("[", node->splitIndex(), "]")), "]");
      dot += ";\n";
    }
  }
  return dot + "}\n";
}

}  // namespace nn
