#include "core/module.h"

#include <algorithm>
#include <cmath>

namespace nn {

// ---------------------------------------------------------------------------------------------
// Aliasing: a module writes its output (gradInput) while it reads its input (gradOutput), so an
// argument that shares storage with the buffer being written would be read after being
// overwritten (l:forward(l:forward(x)) gave zeros for a Linear). Such parts are copied first.

// Whether some tensor of v lives in `storage`.
static bool usesStorage(const Value& v, const Storage* storage) {
  if (v.isTensor()) return v.tensor().defined() && v.tensor().storage().get() == storage;
  if (v.isTable())
    for (const Value& e : v.entries())
      if (usesStorage(e, storage)) return true;
  return false;
}

// Whether some tensor of v shares storage with some tensor of buffer. Walks both rather than
// collecting buffer's storages in a list: this runs in every call, and a list would be a heap
// allocation per call (values hold a handful of tensors, so the quadratic walk is the cheap one).
static bool sharesStorage(const Value& v, const Value& buffer) {
  if (v.isTensor()) return v.tensor().defined() && usesStorage(buffer, v.tensor().storage().get());
  if (v.isTable())
    for (const Value& e : v.entries())
      if (sharesStorage(e, buffer)) return true;
  return false;
}

// v with every tensor that shares storage with `buffer` replaced by a copy (v itself otherwise).
static Value unaliased(const Value& v, const Value& buffer) {
  if (v.isTensor()) return sharesStorage(v, buffer) ? Value(v.tensor().clone()) : v;
  if (!v.isTable()) return v;
  std::vector<Value> entries;
  entries.reserve(v.size());
  for (const Value& e : v.entries()) entries.push_back(unaliased(e, buffer));
  return Value(std::move(entries));
}

const Value& Module::forward(const Value& input) {
  if (!sharesStorage(input, output)) return forwardUnaliased(input);
  return forwardUnaliased(unaliased(input, output));
}

const Value& Module::backward(const Value& input, const Value& gradOutput, float scale) {
  if (!std::isfinite(scale)) fail("backward: scale must be a finite number, got ", scale);
  if (!sharesStorage(input, gradInput) && !sharesStorage(gradOutput, gradInput))
    return backwardUnaliased(input, gradOutput, scale);
  return backwardUnaliased(unaliased(input, gradInput), unaliased(gradOutput, gradInput), scale);
}

const Value& Module::backwardUnaliased(const Value& input, const Value& gradOutput, float scale) {
  updateGradInput(input, gradOutput);
  accGradParameters(input, gradOutput, scale);
  return gradInput;
}

void Module::checkBackwardCall(const Value& gradOutput) const {
  const bool forwarded = output.isTable() || (output.isTensor() && output.tensor().defined());
  if (!forwarded) fail("backward called before forward; call forward(input) first");
  // Most modules check gradOutput against their output with messages of their own; for those
  // that do not (Identity, an empty Sequential) the bindings check the shapes after the call.
  (void)gradOutput;
}

std::string Module::errorName() const {
  const std::string text = toString();
  return text.find('\n') == std::string::npos ? text : typeName();
}

std::vector<Module::Parameter> Module::parameterList() {
  std::vector<Parameter> all;
  const std::vector<ModulePtr> modules = children();
  for (size_t c = 0; c < modules.size(); ++c) {
    for (Parameter& p : modules[c]->parameterList()) {
      if (p.owner.empty()) p.owner = cat(modules[c]->toString(), " (module ", c + 1, ")");
      all.push_back(std::move(p));
    }
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

// Torch's nn.Module.flatten: group the tensors by storage (a storage shared by several tensors
// is copied once, so sharing survives), drop storage elements no tensor uses, and re-point every
// tensor at its place in the new flat vector. Unlike Torch it needs each tensor to be contiguous
// (module parameters always are), which lets a narrow + view express every placement.
static Tensor flattenTensors(const std::vector<Tensor*>& tensors, const char* what) {
  struct Group {
    const Storage* storage;
    int64_t base;  // where the storage starts in the concatenation of all storages
  };
  std::vector<Group> groups;
  std::vector<int64_t> offsets(tensors.size(), -1);
  int64_t total = 0;
  for (size_t k = 0; k < tensors.size(); ++k) {
    const Tensor& t = *tensors[k];
    if (!t.defined() || t.numel() == 0) continue;
    if (!t.isContiguous())
      fail("getParameters: ", what, " ", k + 1, " (size ", t.shapeString(),
           ") is a strided view; only contiguous tensors can be flattened");
    const Storage* storage = t.storage().get();
    int64_t base = -1;
    for (const Group& g : groups)
      if (g.storage == storage) base = g.base;
    if (base < 0) {
      base = total;
      groups.push_back({storage, base});
      total += static_cast<int64_t>(storage->data.size());
    }
    offsets[k] = base + t.storageOffset();
  }

  // Elements of the storages that some tensor uses, and each one's index once the others are gone.
  std::vector<char> used(static_cast<size_t>(total), 0);
  for (size_t k = 0; k < tensors.size(); ++k)
    if (offsets[k] >= 0)
      std::fill(used.begin() + offsets[k], used.begin() + offsets[k] + tensors[k]->numel(), 1);
  std::vector<int64_t> compact(static_cast<size_t>(total), 0);
  int64_t nUsed = 0;
  for (int64_t i = 0; i < total; ++i) {
    compact[static_cast<size_t>(i)] = nUsed;
    nUsed += used[static_cast<size_t>(i)];
  }

  Tensor flat({nUsed});
  float* out = flat.data();
  for (const Group& g : groups) {
    const std::vector<float>& data = g.storage->data;
    for (size_t i = 0; i < data.size(); ++i)
      if (used[static_cast<size_t>(g.base) + i]) out[compact[static_cast<size_t>(g.base) + i]] = data[i];
  }
  for (size_t k = 0; k < tensors.size(); ++k) {
    if (offsets[k] < 0) continue;
    const Shape sizes = tensors[k]->sizes();
    tensors[k]->set(flat.narrow(1, compact[static_cast<size_t>(offsets[k])] + 1, tensors[k]->numel()).view(sizes));
  }
  return flat;
}

std::pair<Tensor, Tensor> Module::getParameters() {
  std::vector<Tensor*> values, grads;
  for (const Parameter& p : parameterList()) {
    values.push_back(p.value);
    grads.push_back(p.grad);
  }
  Tensor flatValues = flattenTensors(values, "parameter");
  Tensor flatGrads = flattenTensors(grads, "gradient");
  if (flatValues.numel() != flatGrads.numel())
    fail("getParameters: the parameters have ", flatValues.numel(), " elements but the gradients ",
         flatGrads.numel(), "; share gradients together with parameters (clone('weight', 'bias', "
         "'gradWeight', 'gradBias'))");
  for (size_t k = 0; k < values.size(); ++k)
    if (values[k]->numel() && values[k]->storageOffset() != grads[k]->storageOffset())
      fail("getParameters: parameter ", k + 1, " (size ", values[k]->shapeString(),
           ") and its gradient land at different places (", values[k]->storageOffset(), " and ",
           grads[k]->storageOffset(), "); share gradients together with parameters");
  return {flatValues, flatGrads};
}

void Module::zeroGradParameters() {
  for (const Parameter& p : parameterList()) p.grad->zero();
}

void Module::updateParameters(float learningRate) {
  if (!std::isfinite(learningRate)) fail("updateParameters: learningRate must be a finite number, got ", learningRate);
  for (const Parameter& p : parameterList()) p.value->add(*p.grad, -learningRate);
}

void Module::deepenCopy() {
  for (const Parameter& p : parameterList()) {
    *p.value = p.value->clone();
    *p.grad = p.grad->clone();
  }
  for (const StateTensor& t : stateList()) *t.value = t.value->clone();
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
    fail("share: ", other.errorName(), " has ", theirs.size(), " parameters but this module has ",
         mine.size());
  // Sharing makes this module's tensor a view of the other's: only a tensor of the same name
  // and size can take that place (a 3x3 weight would turn a Linear(2, 2) into a 3 -> 3 one,
  // and a smaller one would be read past its end).
  for (const std::string& name : names) {
    for (size_t i = 0; i < mine.size(); ++i) {
      const bool isValue = mine[i].name == name, isGrad = mine[i].gradName == name;
      if (!isValue && !isGrad) continue;
      const Tensor& a = isValue ? *mine[i].value : *mine[i].grad;
      const Tensor& b = isValue ? *theirs[i].value : *theirs[i].grad;
      const std::string& theirName = isValue ? theirs[i].name : theirs[i].gradName;
      if (theirName != name)
        fail("share: parameter ", i + 1, " of ", other.errorName(), " is '", theirName, "', not '", name, "'");
      if (!a.sameShape(b))
        fail("share: '", name, "' has size ", a.shapeString(), " here but ", b.shapeString(), " in ",
             other.errorName(), "; only parameters of the same size can be shared");
    }
  }
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

// ---------------------------------------------------------------------------------------------
// torch/nn's module-tree API (issue 14)

std::vector<ModulePtr> Module::listModules() {
  std::vector<ModulePtr> all{shared_from_this()};
  for (const ModulePtr& child : children())
    for (ModulePtr& m : child->listModules()) all.push_back(std::move(m));
  return all;
}

std::vector<ModulePtr> Module::findModules(const std::string& typeName) {
  const std::string want = typeName.rfind("nn.", 0) == 0 ? typeName : "nn." + typeName;
  std::vector<ModulePtr> found;
  for (ModulePtr& m : listModules())
    if (m->typeName() == want) found.push_back(std::move(m));
  return found;
}

void Module::clearState() {
  output = output.isTable() ? Value::table() : Value(Tensor());
  gradInput = gradInput.isTable() ? Value::table() : Value(Tensor());
  for (const ModulePtr& child : children()) child->clearState();
}

void Module::resetParameters(std::optional<double> stdv) {
  const std::vector<ModulePtr> modules = children();
  if (!modules.empty()) {
    for (const ModulePtr& child : modules) child->resetParameters(stdv);
    return;
  }
  const std::vector<Parameter> params = parameterList();
  if (params.empty()) return;
  if (!stdv) fail("reset(): this module has no default initialisation; give a standard deviation, reset(stdv)");
  if (!(*stdv > 0)) fail("reset(stdv): stdv must be a positive number, got ", *stdv);
  const float bound = static_cast<float>(*stdv * std::sqrt(3.0));
  for (const Parameter& p : params) p.value->copy(Tensor::uniform(p.value->sizes(), -bound, bound));
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
