#include "core/modules/ScriptModule.h"

#include <utility>

namespace nn {

ScriptModule::ScriptModule(std::string name, std::shared_ptr<ScriptHooks> hooks)
    : name_(std::move(name)), hooks_(std::move(hooks)) {
  if (!hooks_) nn::fail("nn.", name_, ": a script module needs its hooks");
}

Tensor* ScriptModule::find(const std::string& name) {
  for (auto& [key, t] : tensors_)
    if (key == name) return &t;
  return nullptr;
}

Tensor ScriptModule::tensor(const std::string& name) const {
  if (name == "output") return output.isTensor() ? output.tensor() : Tensor();
  if (name == "gradInput") return gradInput.isTensor() ? gradInput.tensor() : Tensor();
  const Tensor* t = const_cast<ScriptModule*>(this)->find(name);
  return t ? *t : Tensor();
}

void ScriptModule::setTensor(const std::string& name, const Tensor& t) {
  if (name == "output") output = Value(t);
  else if (name == "gradInput") gradInput = Value(t);
  else if (Tensor* slot = find(name)) *slot = t;
  else tensors_.emplace_back(name, t);
}

bool ScriptModule::hasTensor(const std::string& name) const { return const_cast<ScriptModule*>(this)->find(name) != nullptr; }

const Value& ScriptModule::updateOutput(const Value& input) {
  output = hooks_->updateOutput(*this, input);
  return output;
}

const Value& ScriptModule::updateGradInput(const Value& input, const Value& gradOutput) {
  // Torch's nn.Module default: no updateGradInput, no gradient (an empty tensor).
  if (!hooks_->hasUpdateGradInput()) {
    gradInput = Value(Tensor());
    return gradInput;
  }
  gradInput = hooks_->updateGradInput(*this, input, gradOutput);
  return gradInput;
}

void ScriptModule::accGradParameters(const Value& input, const Value& gradOutput, float scale) {
  if (hooks_->hasAccGradParameters()) hooks_->accGradParameters(*this, input, gradOutput, scale);
}

std::vector<Module::Parameter> ScriptModule::parameterList() {
  std::vector<Parameter> list;
  for (const auto& [value, grad] : {std::pair{"weight", "gradWeight"}, std::pair{"bias", "gradBias"}}) {
    Tensor* v = find(value);
    Tensor* g = find(grad);
    if (!v || !v->defined()) continue;
    if (!g || !g->defined()) fail("has a ", value, " but no ", grad, " (a parameter needs its gradient, of the same size)");
    list.push_back({value, grad, v, g});
  }
  return list;
}

void ScriptModule::deepenCopy() {
  for (auto& [name, t] : tensors_) t = t.clone();  // parameters and the script's other tensors
  hooks_ = hooks_->cloneFor(*this);
}

}  // namespace nn
