// Embind glue for torch/nn's module-tree API and nngraph's node lists (issue 14): listModules,
// clearState, reset(stdv), replacing a child, View's setNumInputDims, and a graph's nodes with
// their modules and annotations. Translation only: the engine logic is in core/module.cpp,
// core/graph.cpp and core/modules/Container.cpp.
#include "bindings/embind_support.h"

#include <optional>

#include "core/graph.h"
#include "core/modules/Container.h"
#include "core/modules/View.h"

namespace nngjs {
namespace {

using nn::ModulePtr;

val moduleListModules(ModulePtr m) {
  val out = val::array();
  const auto modules = m->listModules();
  for (size_t i = 0; i < modules.size(); ++i) out.set(i, modules[i]);
  return out;
}

void moduleClearState(ModulePtr m) { m->clearState(); }

// stdv: a number, or undefined/null for the module's default initialisation.
void moduleResetParameters(ModulePtr m, val stdv) {
  if (stdv.isUndefined() || stdv.isNull()) return m->resetParameters(std::nullopt);
  if (jsType(stdv) != "number") nn::fail(m->toString(), ": reset(stdv): stdv must be a number, got ", jsType(stdv));
  m->resetParameters(stdv.as<double>());
}

// The index1-th of m.modules becomes child (a graph's node, a container's module).
void moduleReplaceChild(ModulePtr m, double index1, ModulePtr child) {
  if (index1 < 1 || index1 != static_cast<double>(static_cast<size_t>(index1)))
    nn::fail(m->toString(), ": replace: child index ", index1, " is not a positive integer");
  if (auto* g = dynamic_cast<nn::gModule*>(m.get())) return g->replaceNodeModule(static_cast<size_t>(index1), child);
  if (auto* c = dynamic_cast<nn::Container*>(m.get())) return c->replaceChild(static_cast<size_t>(index1), child);
  nn::fail(m->toString(), " has no child modules to replace");
}

void viewSetNumInputDims(ModulePtr m, double n) {
  auto* view = dynamic_cast<nn::View*>(m.get());
  if (!view) nn::fail(m->toString(), ": setNumInputDims exists on nn.View only");
  if (n != static_cast<double>(static_cast<int64_t>(n)) || n < 1 || n > 32)
    nn::fail(m->toString(), ": setNumInputDims(n): n must be an integer from 1 to 32, got ", n);
  view->setNumInputDims(static_cast<int64_t>(n));
}

// Every node of a graph in forward order: { id, module, name, description, split, inputs (ids) }.
val graphNodeData(ModulePtr m) {
  const nn::gModule& g = asGraph(m);
  val out = val::array();
  const auto& nodes = g.nodes();
  for (size_t i = 0; i < nodes.size(); ++i) {
    const nn::Node& node = *nodes[i];
    val n = val::object();
    n.set("id", node.id());
    n.set("module", node.module());
    n.set("name", node.name());
    n.set("description", node.description());
    n.set("splitIndex", node.splitIndex());
    val inputs = val::array();
    for (size_t k = 0; k < node.inputs().size(); ++k) inputs.set(k, node.inputs()[k]->id());
    n.set("inputs", inputs);
    out.set(i, n);
  }
  return out;
}

}  // namespace
}  // namespace nngjs

using namespace nngjs;

EMSCRIPTEN_BINDINGS(module_api) {
  API(moduleListModules);
  API(moduleClearState);
  API(moduleResetParameters);
  API(moduleReplaceChild);
  API(viewSetNumInputDims);
  API(graphNodeData);
}
