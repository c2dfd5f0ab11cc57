#include "core/dot.h"

#include <algorithm>

namespace nn {

static std::string dotQuote(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

// "3x5", or "{3x5, {2, 2x4}}" for a table; "" for nil (nothing computed yet).
static std::string valueShape(const Value& v) {
  if (v.isTensor()) return v.tensor().shapeString();
  if (v.isTable()) {
    std::string out = "{";
    for (size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + valueShape(v[i]);
    return out + "}";
  }
  return "";
}

// 1-based position of node in nodes, 0 when absent.
static long positionIn(const std::vector<NodePtr>& nodes, const NodePtr& node) {
  const auto at = std::find(nodes.begin(), nodes.end(), node);
  return at == nodes.end() ? 0 : static_cast<long>(at - nodes.begin()) + 1;
}

static std::string nodeStatement(const gModule& graph, const NodePtr& node, bool backwardGraph) {
  std::string text;
  if (!node->name().empty()) text += node->name() + "\n";
  text += cat(node->module()->toString(), " #", node->id());
  std::string fill = "#ffffff";
  if (const long in = positionIn(graph.inputNodes(), node)) {
    text += cat("\ninput ", in);
    fill = "#dbeafe";
  }
  if (const long out = positionIn(graph.outputNodes(), node)) {
    text += cat("\noutput ", out);
    fill = "#dcfce7";
  }
  if (graph.hasForward() && !backwardGraph) text += "\n" + valueShape(node->lastOutput());
  if (graph.hasBackward() && backwardGraph) text += "\ngrad " + valueShape(node->lastGradOutput());
  std::string statement = cat("  n", node->id(), " [id=", dotQuote(cat("node", node->id())),
                              ", label=", dotQuote(text), ", fillcolor=", dotQuote(fill));
  if (!node->description().empty()) statement += ", tooltip=" + dotQuote(node->description());
  return statement + "];\n";
}

// The edge from node's i-th input, labelled with the sizes that travel along it.
static std::string edgeStatement(const gModule& graph, const Node& node, size_t i, bool backwardGraph) {
  const Node& from = *node.inputs()[i];
  std::string label;
  if (!backwardGraph && graph.hasForward()) label = valueShape(from.lastOutput());
  if (backwardGraph && graph.hasBackward()) {
    const Value& gx = node.module()->gradInput;
    label = valueShape(node.receivesTable() && gx.isTable() && i < gx.size() ? gx[i] : gx);
  }
  std::string statement = backwardGraph ? cat("  n", node.id(), " -> n", from.id())
                                        : cat("  n", from.id(), " -> n", node.id());
  if (!label.empty()) statement += " [label=" + dotQuote(label) + "]";
  return statement + ";\n";
}

std::string graphToDot(const gModule& graph, bool backwardGraph) {
  std::string dot = backwardGraph ? "digraph backward {\n" : "digraph forward {\n";
  dot += "  rankdir=TB;\n  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", fontname=\"Helvetica\"];\n";
  dot += "  edge [fontname=\"Helvetica\", fontsize=10];\n";
  for (const NodePtr& node : graph.nodes()) dot += nodeStatement(graph, node, backwardGraph);
  for (const NodePtr& node : graph.nodes())
    for (size_t i = 0; i < node->inputs().size(); ++i) dot += edgeStatement(graph, *node, i, backwardGraph);
  return dot + "}\n";
}

std::string gModule::toDot(bool backwardGraph) const { return graphToDot(*this, backwardGraph); }

}  // namespace nn
