#include "core/modules/MapTable.h"

#include <algorithm>

namespace nn {

MapTable::MapTable(ModulePtr module) {
  output = Value::table();
  gradInput = Value::table();
  if (module) add(std::move(module));
}

MapTable& MapTable::add(ModulePtr module) {
  if (!modules_.empty())
    fail("add: MapTable maps a single module and already has ", modules_[0]->toString(),
         " (use setModule to replace it)");
  Container::add(std::move(module));
  return *this;
}

MapTable& MapTable::setModule(ModulePtr module) {
  modules_.clear();
  clones_.clear();
  Container::add(std::move(module));
  return *this;
}

const ModulePtr& MapTable::module() const {
  if (modules_.empty()) fail("no module to map; set one with add() or setModule()");
  return modules_[0];
}

// Torch shares {'weight', 'bias', 'gradWeight', 'gradBias'}; share() rejects names a module does
// not have (a Linear without bias), so only the ones present are asked for.
std::vector<std::string> MapTable::sharedNames() const {
  std::vector<std::string> names;
  auto want = [&names](const std::string& name) {
    for (const char* shared : {"weight", "bias", "gradWeight", "gradBias"})
      if (name == shared && std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  };
  for (const Parameter& p : modules_[0]->parameterList()) {
    want(p.name);
    want(p.gradName);
  }
  return names;
}

const std::vector<Value>& MapTable::entries(const Value& value, const char* what, size_t expected) {
  module();
  if (!value.isTable()) fail("expected a table ", what, " but got ", value.describe());
  if (expected && value.size() != expected)
    fail("expected gradOutput to be a table of ", expected, " entries, like the input, but got ",
         value.describe());
  while (clones_.size() + 1 < value.size()) {
    clones_.push_back(modules_[0]->clone(sharedNames()));
    if (isTraining()) clones_.back()->training();
    else clones_.back()->evaluate();
  }
  return value.entries();
}

const Value& MapTable::updateOutput(const Value& input) {
  const std::vector<Value>& xs = entries(input, "input");
  std::vector<Value>& ys = outputTable();
  ys.resize(xs.size());
  for (size_t i = 0; i < xs.size(); ++i)
    ys[i] = inChild(i, [&]() -> const Value& { return at(i).updateOutput(xs[i]); });
  return output;
}

const Value& MapTable::updateGradInput(const Value& input, const Value& gradOutput) {
  const std::vector<Value>& xs = entries(input, "input");
  const std::vector<Value>& gys = entries(gradOutput, "gradOutput", xs.size());
  std::vector<Value>& gxs = gradInputTable();
  gxs.resize(xs.size());
  for (size_t i = 0; i < xs.size(); ++i)
    gxs[i] = inChild(i, [&]() -> const Value& { return at(i).updateGradInput(xs[i], gys[i]); });
  return gradInput;
}

void MapTable::accGradParameters(const Value& input, const Value& gradOutput, float scale) {
  const std::vector<Value>& xs = entries(input, "input");
  const std::vector<Value>& gys = entries(gradOutput, "gradOutput", xs.size());
  // The clones share gradWeight/gradBias, so every entry's contribution lands in the module's.
  for (size_t i = 0; i < xs.size(); ++i)
    inChild(i, [&]() { at(i).accGradParameters(xs[i], gys[i], scale); });
}

const Value& MapTable::backwardUnaliased(const Value& input, const Value& gradOutput, float scale) {
  const std::vector<Value>& xs = entries(input, "input");
  const std::vector<Value>& gys = entries(gradOutput, "gradOutput", xs.size());
  std::vector<Value>& gxs = gradInputTable();
  gxs.resize(xs.size());
  for (size_t i = 0; i < xs.size(); ++i)
    gxs[i] = inChild(i, [&]() -> const Value& { return at(i).backward(xs[i], gys[i], scale); });
  return gradInput;
}

void MapTable::training() {
  Container::training();
  for (const ModulePtr& c : clones_) c->training();
}

void MapTable::evaluate() {
  Container::evaluate();
  for (const ModulePtr& c : clones_) c->evaluate();
}

void MapTable::deepenCopy() {
  Container::deepenCopy();
  clones_.clear();  // the copy's clones must share the copy's parameters: remade on demand
}

std::string MapTable::toString() const {
  if (modules_.empty()) return typeName() + " { }";
  return typeName() + " {\n  " + indentLines(modules_[0]->toString(), "        ") + "\n}";
}

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(MapTable, [](nn::ArgReader&) -> nn::ModulePtr { return std::make_shared<nn::MapTable>(); })
