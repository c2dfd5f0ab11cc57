// nn.Container: what Sequential, ParallelTable, ConcatTable, Concat and MapTable share — an
// ordered list of child modules, add()/get()/size(), cloning and training/evaluate propagation,
// and errors from a child prefixed with where it sits ("In module 2 of nn.Sequential: ...").
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "core/module.h"

namespace nn {

class Container : public Module {
 public:
  // Appends a child. Virtual so that code holding a Container& (bindings, loaders) gets each
  // container's own rules (MapTable takes one module); each container overrides it returning
  // its own type, so Sequential().add(a).add(b) chains in C++ as in Lua.
  virtual Container& add(ModulePtr module);
  // The index1-th child (1-based as in Torch; negative counts from the end).
  const ModulePtr& get(int64_t index1) const;
  size_t size() const { return modules_.size(); }
  // Torch's m:replace(fn) step: the index1-th child (1-based) becomes `module`.
  virtual void replaceChild(size_t index1, ModulePtr module);

  std::vector<ModulePtr> children() const override { return modules_; }
  void training() override;
  void evaluate() override;

 protected:
  Container() = default;
  Container(const Container&) = default;  // shares the children until deepenCopy() clones them
  void deepenCopy() override;

  // The short name errors start with (toString() of a container is a whole tree).
  virtual std::string shortName() const { return typeName(); }
  template <class... Parts>
  [[noreturn]] void fail(const Parts&... parts) const {
    nn::fail(shortName(), ": ", parts...);
  }
  void requireChildren() const;

  // Runs step() for child index0, naming the child in any error it raises.
  template <class Step>
  decltype(auto) inChild(size_t index0, Step&& step) const {
    try {
      return step();
    } catch (const Error& e) {
      nn::failWithin(e, "In module ", index0 + 1, " of ", shortName(), ": ");
    }
  }

  // Torch's __tostring__ layouts: a chain "[input -> (1) -> (2) -> output]" (Sequential) and
  // branches "input |`-> (1) ... -> output" (ParallelTable, ConcatTable, Concat).
  std::string chainString() const;
  std::string branchString() const;

  std::vector<ModulePtr> modules_;
};

// Indents every line after the first of a child's toString() (Lua: s:gsub('\n', '\n' .. pad)).
std::string indentLines(const std::string& text, const std::string& pad);

}  // namespace nn
