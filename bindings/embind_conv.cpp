// Embind functions of the convolutional modules' own methods (Torch's m:noBias(), m:ceil(),
// m:setCountExcludePad()) and of module state tensors (batch normalization's running_mean /
// running_var). The JS spellings are in bindings/conv.mjs. Translation only.
#include "bindings/embind_support.h"
#include "core/modules/SpatialAveragePooling.h"
#include "core/modules/SpatialConvolution.h"
#include "core/modules/SpatialFullConvolution.h"
#include "core/modules/SpatialMaxPooling.h"

namespace {
using nngjs::val;

template <class T>
T* moduleAs(const nn::ModulePtr& m) {
  return dynamic_cast<T*>(m.get());
}

void convNoBias(nn::ModulePtr m) {
  if (auto* conv = moduleAs<nn::SpatialConvolution>(m)) return conv->noBias();
  if (auto* full = moduleAs<nn::SpatialFullConvolution>(m)) return full->noBias();
  nn::fail(m->toString(), ": noBias() is a method of nn.SpatialConvolution (and its MM, Dilated and Full variants)");
}

void poolingSetCeilMode(nn::ModulePtr m, bool ceilMode) {
  if (auto* max = moduleAs<nn::SpatialMaxPooling>(m)) return max->setCeilMode(ceilMode);
  if (auto* avg = moduleAs<nn::SpatialAveragePooling>(m)) return avg->setCeilMode(ceilMode);
  nn::fail(m->toString(), ": ", ceilMode ? "ceil()" : "floor()",
           " is a method of nn.SpatialMaxPooling and nn.SpatialAveragePooling");
}

void poolingSetCountIncludePad(nn::ModulePtr m, bool include) {
  auto* avg = moduleAs<nn::SpatialAveragePooling>(m);
  if (!avg)
    nn::fail(m->toString(), ": ", include ? "setCountIncludePad()" : "setCountExcludePad()",
             " is a method of nn.SpatialAveragePooling");
  avg->setCountIncludePad(include);
}

// [{ name, value: Tensor handle }] of the module's non-learnable state (Module::stateList).
val moduleStateList(nn::ModulePtr m) {
  val out = val::array();
  const auto list = m->stateList();
  for (size_t i = 0; i < list.size(); ++i) {
    val entry = val::object();
    entry.set("name", list[i].name);
    entry.set("value", *list[i].value);
    out.set(i, entry);
  }
  return out;
}

}  // namespace

EMSCRIPTEN_BINDINGS(conv) {
  API(convNoBias);
  API(poolingSetCeilMode);
  API(poolingSetCountIncludePad);
  API(moduleStateList);
}
