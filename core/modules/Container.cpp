#include "core/modules/Container.h"

#include <set>

namespace nn {

Container& Container::add(ModulePtr module) {
  if (!module) fail("add: expected a module but got nothing");
  if (module.get() == this) fail("add: a container cannot contain itself");
  // A cycle (a.add(b) after b.add(a)) would make every call on either recurse forever. The
  // walk keeps its own stack: modules may nest deeply.
  std::vector<const Module*> pending{module.get()};
  std::set<const Module*> seen;
  while (!pending.empty()) {
    const Module* m = pending.back();
    pending.pop_back();
    if (!seen.insert(m).second) continue;
    for (const ModulePtr& child : m->children()) {
      if (child.get() == this)
        fail("add: ", module->errorName(), " already contains this ", shortName(),
             ", so adding it would make a cycle; add a clone() instead");
      pending.push_back(child.get());
    }
  }
  modules_.push_back(std::move(module));
  return *this;
}

const ModulePtr& Container::get(int64_t index1) const {
  const int64_t n = static_cast<int64_t>(modules_.size());
  const int64_t index0 = index1 < 0 ? n + index1 : index1 - 1;
  if (index0 < 0 || index0 >= n) {
    if (n == 0) fail("get(", index1, "): the container has no modules");
    fail("get(", index1, "): index out of range, the container has ", n, " module",
         n == 1 ? "" : "s", " (valid: 1..", n, " or -", n, "..-1)");
  }
  return modules_[static_cast<size_t>(index0)];
}

void Container::training() {
  Module::training();
  for (const ModulePtr& m : modules_) m->training();
}

void Container::evaluate() {
  Module::evaluate();
  for (const ModulePtr& m : modules_) m->evaluate();
}

void Container::replaceChild(size_t index1, ModulePtr module) {
  if (index1 < 1 || index1 > modules_.size())
    fail("replace: there is no module ", index1, " (the container has ", modules_.size(), ")");
  if (!module) fail("replace: expected a module for module ", index1);
  if (module.get() == this) fail("replace: a container cannot contain itself");
  modules_[index1 - 1] = std::move(module);
}

void Container::deepenCopy() {
  for (ModulePtr& m : modules_) m = m->clone();
}

void Container::requireChildren() const {
  if (modules_.empty()) fail("the container has no modules; add() some first");
}

std::string indentLines(const std::string& text, const std::string& pad) {
  std::string out;
  for (char c : text) {
    out += c;
    if (c == '\n') out += pad;
  }
  return out;
}

std::string Container::chainString() const {
  const std::string tab = "  ";
  std::string s = typeName() + " {\n" + tab + "[input";
  for (size_t i = 0; i < modules_.size(); ++i) s += cat(" -> (", i + 1, ")");
  s += " -> output]";
  for (size_t i = 0; i < modules_.size(); ++i)
    s += cat("\n", tab, "(", i + 1, "): ", indentLines(modules_[i]->toString(), tab));
  return s + "\n}";
}

std::string Container::branchString() const {
  const std::string tab = "  ";
  std::string s = typeName() + " {\n" + tab + "input";
  for (size_t i = 0; i < modules_.size(); ++i) {
    const bool last = i + 1 == modules_.size();
    s += cat("\n", tab, last ? "   `-> " : "  |`-> ", "(", i + 1, "): ",
             indentLines(modules_[i]->toString(), tab + (last ? "       " : "  |    ")));
  }
  return s + "\n" + tab + "   ... -> output\n}";
}

}  // namespace nn
