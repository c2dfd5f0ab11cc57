#include "core/module.h"

#include <algorithm>

namespace nn {

const Value& Module::backward(const Value& input, const Value& gradOutput, float scale) {
  updateGradInput(input, gradOutput);
  accGradParameters(input, gradOutput, scale);
  return gradInput;
}

std::vector<Module::Parameter> Module::parameterList() {
  std::vector<Parameter> all;
  for (const ModulePtr& child : children()) {
    std::vector<Parameter> own = child->parameterList();
    all.insert(all.end(), own.begin(), own.end());
  }
  return all;
}

std::pair<std::vector<Tensor>, std::vector<Tensor>> Module::parameters() {
  std::pair<std::vector<Tensor>, std::vector<Tensor>> result;
  for (const Parameter& p : parameterList()) {
    result.first.push_back(*p.value);
    result.second.push_back(*p.grad);
  }
  return result;
}

void Module::zeroGradParameters() {
  for (const Parameter& p : parameterList()) p.grad->zero();
}

void Module::updateParameters(float learningRate) {
  for (const Parameter& p : parameterList()) p.value->add(*p.grad, -learningRate);
}

void Module::deepenCopy() {
  for (const Parameter& p : parameterList()) {
    *p.value = p.value->clone();
    *p.grad = p.grad->clone();
  }
}

std::shared_ptr<Module> Module::clone() const {
  std::shared_ptr<Module> copy = copyModule();
  copy->deepenCopy();
  return copy;
}

std::shared_ptr<Module> Module::clone(const std::vector<std::string>& sharedNames) const {
  std::shared_ptr<Module> copy = clone();
  copy->share(*const_cast<Module*>(this), sharedNames);
  return copy;
}

void Module::share(Module& other, const std::vector<std::string>& names) {
  std::vector<Parameter> mine = parameterList(), theirs = other.parameterList();
  if (mine.size() != theirs.size())
    fail("share: ", other.toString(), " has ", theirs.size(), " parameters but this module has ",
         mine.size());
  for (const std::string& name : names) {
    bool known = false;
    for (size_t i = 0; i < mine.size(); ++i) {
      if (mine[i].name == name) {
        mine[i].value->set(*theirs[i].value);
        known = true;
      } else if (mine[i].gradName == name) {
        mine[i].grad->set(*theirs[i].grad);
        known = true;
      }
    }
    if (!known && !mine.empty())
      fail("share: no parameter named '", name, "' (this module has ", mine.front().name, ", ",
           mine.front().gradName, ", ...)");
  }
}

const Tensor& Module::inputTensor(const Value& input, const char* what) const {
  if (!input.isTensor()) fail("expected a tensor ", what, " but got ", input.describe());
  return input.tensor();
}

const std::vector<Value>& Module::inputTable(const Value& input, size_t expectedSize,
                                              const char* what) const {
  if (!input.isTable()) fail("expected a table ", what, " but got ", input.describe());
  if (input.size() == 0) fail("expected a non-empty table ", what, " but got an empty table");
  if (expectedSize && input.size() != expectedSize)
    fail("expected a table of ", expectedSize, " tensors as ", what, " but got ", input.describe());
  return input.entries();
}

Tensor& Module::outputTensor() {
  if (!output.isTensor()) output = Value(Tensor());
  return output.tensor();
}
Tensor& Module::gradInputTensor() {
  if (!gradInput.isTensor()) gradInput = Value(Tensor());
  return gradInput.tensor();
}
std::vector<Value>& Module::outputTable() {
  if (!output.isTable()) output = Value::table();
  return output.entries();
}
std::vector<Value>& Module::gradInputTable() {
  if (!gradInput.isTable()) gradInput = Value::table();
  return gradInput.entries();
}

}  // namespace nn
