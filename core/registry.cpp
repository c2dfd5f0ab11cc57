#include "core/registry.h"

#include <map>

namespace nn {

template <class Factory>
static std::map<std::string, Factory>& table() {
  static std::map<std::string, Factory> factories;
  return factories;
}

static std::string bareName(const std::string& name) {
  return name.rfind("nn.", 0) == 0 ? name.substr(3) : name;
}

// A construction error names the module the user asked for: most already start with it
// ("nn.Linear(-3 -> 5): ..."), others come from deeper down ("a tensor of size 2x2147483648 is
// too large") and get it in front.
static std::string namedFailure(const std::string& type, const std::string& message) {
  if (message.rfind(type, 0) == 0) return message;
  return cat(type, ": ", message);
}

bool registerModule(const std::string& name, ModuleFactory factory) {
  table<ModuleFactory>()[name] = std::move(factory);
  return true;
}

bool registerCriterion(const std::string& name, CriterionFactory factory) {
  table<CriterionFactory>()[name] = std::move(factory);
  return true;
}

ModulePtr createModule(const std::string& name, const Args& args) {
  const auto& factories = table<ModuleFactory>();
  const auto it = factories.find(bareName(name));
  if (it == factories.end()) fail("unknown module type '", name, "'");
  ArgReader reader("nn." + it->first, args);
  try {
    ModulePtr module = it->second(reader);
    reader.done();
    return module;
  } catch (const Error& e) {
    throw Error(namedFailure("nn." + it->first, e.what()));
  }
}

CriterionPtr createCriterion(const std::string& name, const Args& args) {
  const auto& factories = table<CriterionFactory>();
  const auto it = factories.find(bareName(name));
  if (it == factories.end()) fail("unknown criterion type '", name, "'");
  ArgReader reader("nn." + it->first, args);
  try {
    CriterionPtr criterion = it->second(reader);
    reader.done();
    return criterion;
  } catch (const Error& e) {
    throw Error(namedFailure("nn." + it->first, e.what()));
  }
}

template <class Factory>
static std::vector<std::string> names() {
  std::vector<std::string> out;
  for (const auto& [name, factory] : table<Factory>()) out.push_back(name);
  return out;
}

std::vector<std::string> moduleNames() { return names<ModuleFactory>(); }
std::vector<std::string> criterionNames() { return names<CriterionFactory>(); }

}  // namespace nn
