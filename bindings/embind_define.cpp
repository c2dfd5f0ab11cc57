// Modules defined in JS (nn.defineModule, bindings/define_module.mjs) and Lua: the engine's
// ScriptHooks (core/modules/ScriptModule.h) implemented over a JS dispatch function.
//
// dispatch(kind, address, self, input, gradOutput, scale) is called with kind 'updateOutput',
// 'updateGradInput', 'accGradParameters', 'clone' (returns the copy's self) or 'release' (the
// module is gone). A result is a Tensor handle or an array of them, handed over to the engine
// (deleted here once read), or { error: message }, which becomes the engine's error: a JS
// exception never unwinds through the engine's frames.
#include "bindings/embind_support.h"
#include "core/modules/ScriptModule.h"

namespace {

using namespace nngjs;
using nn::ScriptModule;
using nn::Tensor;

void deleteHandles(const val& v) {
  if (v.isArray()) {
    const unsigned n = v["length"].as<unsigned>();
    for (unsigned i = 0; i < n; ++i) deleteHandles(v[i]);
  } else if (!v.isNull() && !v.isUndefined() && v.hasOwnProperty("$$")) {
    v.call<void>("delete");
  }
}

double addressOf(ScriptModule& m) { return static_cast<double>(reinterpret_cast<uintptr_t>(&m)); }

class JsHooks : public nn::ScriptHooks {
 public:
  JsHooks(val dispatch, val self, bool hasGrad, bool hasAcc)
      : dispatch_(std::move(dispatch)), self_(std::move(self)), hasGrad_(hasGrad), hasAcc_(hasAcc) {}
  ~JsHooks() override { dispatch_(std::string("release"), 0.0, self_); }

  nn::Value updateOutput(ScriptModule& m, const nn::Value& input) override {
    return take(call(m, "updateOutput", input, nn::Value(Tensor()), 1.0f), m);
  }
  bool hasUpdateGradInput() const override { return hasGrad_; }
  nn::Value updateGradInput(ScriptModule& m, const nn::Value& input, const nn::Value& gradOutput) override {
    return take(call(m, "updateGradInput", input, gradOutput, 1.0f), m);
  }
  bool hasAccGradParameters() const override { return hasAcc_; }
  void accGradParameters(ScriptModule& m, const nn::Value& input, const nn::Value& gradOutput, float scale) override {
    val result = call(m, "accGradParameters", input, gradOutput, scale);
    if (!result.isUndefined() && !result.isNull() && result.hasOwnProperty("error"))
      nn::fail(result["error"].as<std::string>());
  }
  std::shared_ptr<nn::ScriptHooks> cloneFor(ScriptModule& copy) const override {
    val copySelf = dispatch_(std::string("clone"), addressOf(copy), self_);
    if (copySelf.hasOwnProperty("error")) nn::fail(copySelf["error"].as<std::string>());
    return std::make_shared<JsHooks>(dispatch_, copySelf, hasGrad_, hasAcc_);
  }

 private:
  val call(ScriptModule& m, const char* kind, const nn::Value& input, const nn::Value& gradOutput, float scale) {
    return dispatch_(std::string(kind), addressOf(m), self_, fromValue(input), fromValue(gradOutput), scale);
  }
  nn::Value take(const val& result, ScriptModule& m) {
    if (!result.isArray() && !result.isNull() && !result.isUndefined() && result.hasOwnProperty("error"))
      nn::fail(result["error"].as<std::string>());
    nn::Value v;
    std::string problem;
    try {
      v = toValue(result, m.typeName() + "'s result");
    } catch (const std::exception& e) {
      problem = e.what();
    }
    deleteHandles(result);
    if (!problem.empty()) nn::fail(problem);
    return v;
  }

  val dispatch_, self_;
  bool hasGrad_, hasAcc_;
};

ScriptModule& scriptAt(double address) {
  return *reinterpret_cast<ScriptModule*>(static_cast<uintptr_t>(address));
}

nn::ModulePtr createScriptModule(std::string name, val dispatch, val self, bool hasGrad, bool hasAcc) {
  return std::make_shared<ScriptModule>(name, std::make_shared<JsHooks>(dispatch, self, hasGrad, hasAcc));
}
double scriptAddress(nn::ModulePtr m) {
  auto* s = dynamic_cast<ScriptModule*>(m.get());
  return s ? addressOf(*s) : 0.0;
}
// By address: valid while the module lives (the JS side forgets it on 'release').
Tensor scriptGetTensor(double address, std::string name) { return scriptAt(address).tensor(name); }
void scriptSetTensor(double address, std::string name, Tensor& t) { scriptAt(address).setTensor(name, t); }

}  // namespace

EMSCRIPTEN_BINDINGS(define_module) {
  API(createScriptModule); API(scriptAddress); API(scriptGetTensor); API(scriptSetTensor);
}
