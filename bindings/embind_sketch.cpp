// nn.sketchDot(inputs, outputs) (bindings/graph_sketch.mjs): the drawing of nodes that did not
// make a gModule (core/graph_sketch.h).
#include "bindings/embind_support.h"
#include "core/graph_sketch.h"

namespace {

std::string nodesSketchDot(emscripten::val inputs, emscripten::val outputs) {
  return nn::sketchDot(nngjs::toNodes(inputs, "inputs"), nngjs::toNodes(outputs, "outputs"));
}

}  // namespace

EMSCRIPTEN_BINDINGS(sketch) { API(nodesSketchDot); }
