// Writes the hand-made part of the load_graph seed corpus: saved documents of real graphs (an
// LSTM cell with splits and annotations; containers, a nested gModule, a criterion node, shared
// weights; every registered module alone), which the fuzzer mutates into near-valid documents.
//   build/native/fuzz_make_corpus tests/fuzz/corpus/load_graph
#include <cstdio>
#include <fstream>
#include <string>

#include "core/graph.h"
#include "core/modules/Container.h"
#include "core/modules/Identity.h"
#include "core/modules/Linear.h"
#include "core/registry.h"
#include "core/serialize.h"

using namespace nn;

namespace {

NodePtr input() { return Node::input(std::make_shared<Identity>()); }
NodePtr call(const std::string& type, const Args& args, const NodePtr& x) { return Node::make(createModule(type, args), {x}); }
NodePtr callTable(const std::string& type, const std::vector<NodePtr>& xs) { return Node::make(createModule(type, {}), xs, true); }

void write(const std::string& dir, const std::string& name, const std::string& text) {
  std::ofstream(dir + "/" + name, std::ios::binary) << text;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: fuzz_make_corpus <directory>\n");
    return 1;
  }
  const std::string dir = argv[1];
  setTensorElementLimit(1 << 18);
  manualSeed(1);

  {  // LSTM cell (small sizes keep the documents short)
    auto x = input(), prevC = input(), prevH = input();
    x->annotate("x", "input");
    auto all = callTable("CAddTable", {call("Linear", {2, 8}, x), call("Linear", {2, 8}, prevH)});
    auto n = call("SplitTable", {2}, call("Reshape", {4, 2}, all))->split(4);
    auto nextC = callTable("CAddTable", {callTable("CMulTable", {call("Sigmoid", {}, n[1]), prevC}),
                                         callTable("CMulTable", {call("Sigmoid", {}, n[0]), call("Tanh", {}, n[3])})});
    auto nextH = callTable("CMulTable", {call("Sigmoid", {}, n[2]), call("Tanh", {}, nextC)});
    nextC->annotate("next_c");
    write(dir, "lstm_cell.json", saveGraph(gModule({x, prevC, prevH}, {nextC, nextH})));
  }
  {  // containers, nested graph, criterion node, shared weights
    auto ix = input();
    auto inner = std::make_shared<gModule>(std::vector<NodePtr>{ix}, std::vector<NodePtr>{call("Tanh", {}, ix)});
    auto seq = createModule("Sequential", {});
    dynamic_cast<Container&>(*seq).add(createModule("Linear", {3, 3})).add(createModule("ReLU", {}));
    auto concat = createModule("ConcatTable", {});
    dynamic_cast<Container&>(*concat).add(createModule("Identity", {})).add(createModule("MulConstant", {2.0}));
    auto x = input(), t = input();
    auto shared = std::make_shared<Linear>(3, 3);
    auto a = Node::make(shared, {Node::make(inner, {Node::make(seq, {x})})});
    auto b = Node::make(shared->clone({"weight", "bias", "gradWeight", "gradBias"}), {a});
    auto parts = Node::make(concat, {b})->split(2);
    auto loss = Node::make(std::make_shared<ModuleFromCriterion>(createCriterion("MSECriterion", {true})), {parts[0], t});
    gModule g({x, t}, {loss, parts[1]});
    g.evaluate();
    write(dir, "containers.json", saveGraph(g));
  }
  // Every registered module alone, with the simplest arguments that build it.
  for (const std::string& name : moduleNames()) {
    for (const Args& args : {Args{}, Args{2}, Args{2, 2}, Args{1, 1, 1}}) {
      try {
        write(dir, "module_" + name + ".json", saveModule(*createModule(name, args)));
        break;
      } catch (const Error&) {
      }
    }
  }
  for (const std::string& name : criterionNames())
    write(dir, "criterion_" + name + ".json", saveModule(ModuleFromCriterion(createCriterion(name, {}))));
  std::printf("wrote the seed corpus to %s\n", dir.c_str());
  return 0;
}
