// nn.sketchDot(inputs, outputs): Graphviz DOT of the nodes around `inputs` and `outputs` without
// building a gModule (core/graph_sketch.h), for drawing a graph whose nn.gModule call failed
// (the playground draws it with the node the error names, error.nodeId, outlined). Entries that
// are not nodes (a module given instead of a node, a disposed node) are left out of the drawing.
export function installGraphSketch(parts) {
  const { M, nn, Node, kRaw } = parts;
  const liveNodes = (list) => (Array.isArray(list) ? list : [list]).filter((n) => n instanceof Node && n[kRaw]).map((n) => n[kRaw]);
  nn.sketchDot = (inputs = [], outputs = []) => M.nodesSketchDot(liveNodes(inputs), liveNodes(outputs));
}
