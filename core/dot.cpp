#include "core/dot.h"

#include <algorithm>

namespace nn {

std::string dotQuote(const std::string& text) {
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

std::string dotHeader(const char* name) {
  return cat("digraph ", name, " {\n  rankdir=TB;\n  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", fontname=\"",
             kGraphFont, "\"];\n  edge [fontname=\"", kGraphFont, "\", fontsize=10];\n");
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
  // The hover text: the label on one line (and the description), not Graphviz's "n3".
  std::string tooltip = text;
  std::replace(tooltip.begin(), tooltip.end(), '\n', ' ');
  if (!node->description().empty()) tooltip += " - " + node->description();
  std::string statement = cat("  n", node->id(), " [id=", dotQuote(cat("node", node->id())), ", label=", dotQuote(text),
                              ", fillcolor=", dotQuote(fill), ", tooltip=", dotQuote(tooltip));
  // A split's parts stay left to right in split order (Graphviz would otherwise order them by
  // its crossing minimisation): their edges are written in that order (splitEdges) and kept.
  if (node->splitCount() > 0) statement += backwardGraph ? ", ordering=in" : ", ordering=out";
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

// The edges from a split node to its parts, in split order, each carrying that part's own entry
// ("[2] 2x4") rather than the whole table.
static std::string splitEdges(const gModule& graph, const Node& source, bool backwardGraph) {
  std::vector<const Node*> parts(static_cast<size_t>(source.splitCount()), nullptr);
  for (const NodePtr& node : graph.nodes())
    if (node->splitIndex() > 0 && node->inputs()[0].get() == &source) parts[node->splitIndex() - 1] = node.get();
  std::string dot;
  for (const Node* part : parts) {
    if (!part) continue;
    const bool known = backwardGraph ? graph.hasBackward() : graph.hasForward();
    const Value& shown = backwardGraph ? part->lastGradOutput() : part->lastOutput();
    const std::string label = cat("[", part->splitIndex(), "]", known ? " " + valueShape(shown) : "");
    dot += backwardGraph ? cat("  n", part->id(), " -> n", source.id()) : cat("  n", source.id(), " -> n", part->id());
    dot += " [label=" + dotQuote(label) + "];\n";
  }
  return dot;
}

std::string graphToDot(const gModule& graph, bool backwardGraph) {
  std::string dot = dotHeader(backwardGraph ? "backward" : "forward");
  for (const NodePtr& node : graph.nodes()) dot += nodeStatement(graph, node, backwardGraph);
  for (const NodePtr& node : graph.nodes())
    if (node->splitCount() > 0) dot += splitEdges(graph, *node, backwardGraph);
  for (const NodePtr& node : graph.nodes()) {
    if (node->splitIndex() > 0) continue;  // written by splitEdges, in split order
    for (size_t i = 0; i < node->inputs().size(); ++i) dot += edgeStatement(graph, *node, i, backwardGraph);
  }
  return dot + "}\n";
}

std::string gModule::toDot(bool backwardGraph) const { return graphToDot(*this, backwardGraph); }

}  // namespace nn
