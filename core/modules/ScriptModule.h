// A module defined outside C++ (nn.defineModule in JS, torch.class(..., 'nn.Module') in Lua): an
// engine module like any other (graphs, containers, clone, getParameters) whose contract methods
// call hooks. The engine does not know the language: core declares ScriptHooks and the bindings
// implement it (bindings/embind_define.cpp, over emscripten::val).
//
// Torch's nn.Module defaults apply to what the script leaves out: without updateGradInput the
// gradInput is an empty tensor (no gradient: a graph passes it through to an input that takes
// none, such as indices), without accGradParameters nothing accumulates. The tensors a script
// keeps under names ("weight", "gradWeight", "output", ...) live here, so clone, share and
// getParameters see them; parameters() lists weight/gradWeight and bias/gradBias.
#pragma once
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/module.h"

namespace nn {

class ScriptModule;

class ScriptHooks {
 public:
  virtual ~ScriptHooks() = default;
  virtual Value updateOutput(ScriptModule& self, const Value& input) = 0;
  virtual bool hasUpdateGradInput() const = 0;
  virtual Value updateGradInput(ScriptModule& self, const Value& input, const Value& gradOutput) = 0;
  virtual bool hasAccGradParameters() const = 0;
  virtual void accGradParameters(ScriptModule& self, const Value& input, const Value& gradOutput, float scale) = 0;
  // The hooks of a clone: the script's own per-instance state copied for `copy`.
  virtual std::shared_ptr<ScriptHooks> cloneFor(ScriptModule& copy) const = 0;
};

class ScriptModule : public Module {
 public:
  ScriptModule(std::string name, std::shared_ptr<ScriptHooks> hooks);
  ScriptModule(const ScriptModule& other) = default;

  // Named tensors of the script ("output" and "gradInput" are the module's own results).
  Tensor tensor(const std::string& name) const;          // empty Tensor() when unset
  void setTensor(const std::string& name, const Tensor& t);
  bool hasTensor(const std::string& name) const;
  const std::string& name() const { return name_; }
  ScriptHooks& hooks() { return *hooks_; }

  const Value& updateOutput(const Value& input) override;
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override;
  void accGradParameters(const Value& input, const Value& gradOutput, float scale) override;
  std::vector<Parameter> parameterList() override;
  std::string typeName() const override { return "nn." + name_; }
  std::string description() const override { return "a module defined by a script (" + name_ + ")"; }

 protected:
  std::shared_ptr<Module> copyModule() const override { return std::make_shared<ScriptModule>(*this); }
  void deepenCopy() override;

 private:
  std::string name_;
  std::shared_ptr<ScriptHooks> hooks_;
  // A few named tensors: a vector (searched by name) costs the package less than a map.
  std::vector<std::pair<std::string, Tensor>> tensors_;
  Tensor* find(const std::string& name);
};

}  // namespace nn
