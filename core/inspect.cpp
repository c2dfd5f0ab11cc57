#include "core/inspect.h"

#include <algorithm>

namespace nn {

std::vector<NodeInspection> inspectGraph(const gModule& graph) {
  std::vector<NodeInspection> result;
  const auto& ins = graph.inputNodes();
  const auto& outs = graph.outputNodes();
  for (const NodePtr& node : graph.nodes()) {
    NodeInspection info;
    info.id = node->id();
    info.label = node->label();
    info.name = node->name();
    info.description = node->description();
    info.type = node->module()->typeName();
    info.module = node->module()->toString();
    const auto in = std::find(ins.begin(), ins.end(), node);
    if (in != ins.end()) info.inputIndex = static_cast<int>(in - ins.begin()) + 1;
    const auto out = std::find(outs.begin(), outs.end(), node);
    if (out != outs.end()) info.outputIndex = static_cast<int>(out - outs.begin()) + 1;
    info.splitIndex = node->splitIndex();
    for (const NodePtr& from : node->inputs()) info.inputs.push_back(from->id());
    if (graph.hasForward()) {
      info.input = node->lastInput();
      info.output = node->lastOutput();
    }
    // A forward after a backward makes the stored gradients stale: show them only while they
    // belong to the current forward.
    if (graph.hasBackward()) {
      info.gradOutput = node->lastGradOutput();
      for (const auto& c : node->gradientContributions())
        info.contributions.push_back({c.consumer ? c.consumer->id() : 0, c.gradient, Value()});
      if (info.contributions.size() > 1) {
        // Redo backward's sum (graph.cpp: copy the first, add the others in order) to keep each
        // partial sum; the same operations in the same order, so the last is gradOutput exactly.
        Value sum;
        for (size_t i = 0; i < info.contributions.size(); ++i) {
          if (i == 0) copyValue(sum, info.contributions[0].gradient);
          else addValue(sum, info.contributions[i].gradient);
          info.contributions[i].runningSum = cloneValue(sum);
        }
      }
    }
    for (const Module::Parameter& p : node->module()->parameterList())
      info.parameters.push_back({p.name, p.gradName, *p.value, *p.grad});
    result.push_back(std::move(info));
  }
  return result;
}

ExecutionOrder executionOrder(const gModule& graph) {
  // gModule::updateOutput runs nodes() front to back, updateGradInput back to front.
  ExecutionOrder order;
  if (graph.hasForward())
    for (const NodePtr& node : graph.nodes()) order.forward.push_back(node->id());
  if (graph.hasBackward())
    for (auto it = graph.nodes().rbegin(); it != graph.nodes().rend(); ++it) order.backward.push_back((*it)->id());
  return order;
}

}  // namespace nn
