// Graphviz DOT of a gModule, for the playground and for users who paste it into Graphviz.
// Presentation (labels, colours, fonts) lives here rather than in the graph engine: it reads the
// graph only through gModule's and Node's public accessors.
#pragma once
#include <string>

#include "core/graph.h"

namespace nn {

// The font the DOT names for Graphviz: one whose metrics Graphviz knows (so boxes fit their
// labels) and that the playground ships and renders with (web/src/graph-view.js).
constexpr const char* kGraphFont = "DejaVu Sans";
// "digraph <name> {" and the node and edge styles every DOT of the engine shares (toDot and
// the sketch of a graph whose build failed, core/graph_sketch.cpp).
std::string dotHeader(const char* name);
// text as a DOT string literal: quoted, with '"', '\\' and newlines escaped.
std::string dotQuote(const std::string& text);

// The forward graph (edges in data direction) or the backward graph (edges reversed, labelled
// with gradient sizes). Node labels carry the node's name, module and id, which input/output it
// is, and its output (or gradOutput) sizes once forward (backward) has run; edges carry sizes too.
// Node n is drawn as `n<id>` with the SVG id "node<id>", which the page uses to find it.
// gModule::toDot(backwardGraph) is the same function.
std::string graphToDot(const gModule& graph, bool backwardGraph = false);

}  // namespace nn
