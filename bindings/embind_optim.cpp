// Embind glue for Torch's optim: one step of a functional method given the loss and gradient JS
// computed (JS runs feval first, as Torch's optim does), lbfgs, which calls back into JS for
// every evaluation, and the object form over parameter lists. Translation only: the updates and
// their checks are in core/optim.cpp and core/optim_zoo.cpp.
//
// Each method's config keys are written once, in the tables below: they read a JS config into
// the engine's config struct (a key not given keeps the engine's default, so every default is
// the engine's), and optimConfigKeys() hands them to bindings/optim.mjs for its type checks.
#include "bindings/embind_support.h"

#include <memory>
#include <type_traits>

#include "core/optim.h"

namespace nngjs {
namespace {

using nn::Tensor;
namespace optim = nn::optim;

template <class C>
struct Field {
  const char* key;
  double C::*number = nullptr;
  bool C::*flag = nullptr;
  int64_t C::*count = nullptr;  // an integer field (lbfgs's maxIter, nCorrection)
};

template <class C>
struct Method;  // Method<Config>::name and ::fields

#define NNG_METHOD(Config, methodName, ...)                     \
  template <>                                                   \
  struct Method<optim::Config> {                                \
    using C = optim::Config;                                    \
    static constexpr const char* name = methodName;             \
    static inline const std::vector<Field<C>> fields = {__VA_ARGS__}; \
  };

NNG_METHOD(SGDConfig, "sgd", {"learningRate", &C::learningRate}, {"learningRateDecay", &C::learningRateDecay},
           {"weightDecay", &C::weightDecay}, {"momentum", &C::momentum}, {"dampening", &C::dampening},
           {"nesterov", nullptr, &C::nesterov})
NNG_METHOD(AdamConfig, "adam", {"learningRate", &C::learningRate}, {"learningRateDecay", &C::learningRateDecay},
           {"beta1", &C::beta1}, {"beta2", &C::beta2}, {"epsilon", &C::epsilon}, {"weightDecay", &C::weightDecay})
NNG_METHOD(RMSpropConfig, "rmsprop", {"learningRate", &C::learningRate}, {"alpha", &C::alpha}, {"epsilon", &C::epsilon},
           {"weightDecay", &C::weightDecay}, {"initialMean", &C::initialMean})
NNG_METHOD(AdagradConfig, "adagrad", {"learningRate", &C::learningRate}, {"learningRateDecay", &C::learningRateDecay},
           {"weightDecay", &C::weightDecay})
NNG_METHOD(AdadeltaConfig, "adadelta", {"rho", &C::rho}, {"eps", &C::eps}, {"weightDecay", &C::weightDecay})
NNG_METHOD(AdamaxConfig, "adamax", {"learningRate", &C::learningRate}, {"beta1", &C::beta1}, {"beta2", &C::beta2},
           {"epsilon", &C::epsilon}, {"weightDecay", &C::weightDecay})
NNG_METHOD(NAGConfig, "nag", {"learningRate", &C::learningRate}, {"learningRateDecay", &C::learningRateDecay},
           {"weightDecay", &C::weightDecay}, {"momentum", &C::momentum})
NNG_METHOD(LBFGSConfig, "lbfgs", {"maxIter", nullptr, nullptr, &C::maxIter}, {"maxEval", &C::maxEval},
           {"tolFun", &C::tolFun}, {"tolX", &C::tolX}, {"learningRate", &C::learningRate},
           {"nCorrection", nullptr, nullptr, &C::nCorrection})
#undef NNG_METHOD

// A JS config -> the engine's config (bindings/optim.mjs has checked the types).
template <class C>
C readConfig(const val& js) {
  C config;
  for (const Field<C>& f : Method<C>::fields) {
    const val v = js[f.key];
    if (v.isUndefined() || v.isNull()) continue;
    if (f.number) config.*f.number = v.as<double>();
    if (f.flag) config.*f.flag = v.as<bool>();
    if (f.count) {
      // an integer field: a count, refused before a conversion that would wrap
      const double d = v.as<double>();
      if (!(d >= 1 && d <= 1e9) || d != static_cast<double>(static_cast<int64_t>(d)))
        nn::fail("optim.", Method<C>::name, ": config.", f.key, " must be a positive integer, got ", d);
      config.*f.count = static_cast<int64_t>(d);
    }
  }
  return config;
}

// Calls f with the config of the method named `kind`, read from js.
template <class F>
auto withConfig(const std::string& kind, const val& js, F&& f) {
  if (kind == "sgd") return f(readConfig<optim::SGDConfig>(js));
  if (kind == "adam") return f(readConfig<optim::AdamConfig>(js));
  if (kind == "rmsprop") return f(readConfig<optim::RMSpropConfig>(js));
  if (kind == "adagrad") return f(readConfig<optim::AdagradConfig>(js));
  if (kind == "adadelta") return f(readConfig<optim::AdadeltaConfig>(js));
  if (kind == "adamax") return f(readConfig<optim::AdamaxConfig>(js));
  if (kind == "nag") return f(readConfig<optim::NAGConfig>(js));
  if (kind == "lbfgs") return f(readConfig<optim::LBFGSConfig>(js));
  nn::fail("optim.", kind, " is not an optimizer here");
}

template <class C>
val keysOf() {
  val keys = val::object();
  for (const Field<C>& f : Method<C>::fields) keys.set(f.key, f.flag ? "boolean" : "number");
  return keys;
}

// { sgd: { learningRate: 'number', ..., nesterov: 'boolean' }, adam: {...}, ... }
val optimConfigKeys() {
  val out = val::object();
  for (const char* kind : {"sgd", "adam", "rmsprop", "adagrad", "adadelta", "adamax", "nag", "lbfgs"})
    withConfig(kind, val::object(), [&](auto c) {
      out.set(kind, keysOf<decltype(c)>());
      return 0;
    });
  return out;
}

// ---------------------------------------------------------------------------------------------
// The functional form: every method's state behind one JS state table

struct FunctionalState {
  optim::SGDState sgd;
  optim::AdamState adam;
  optim::RMSpropState rmsprop;
  optim::AdagradState adagrad;
  optim::AdadeltaState adadelta;
  optim::AdamaxState adamax;
  optim::NAGState nag;
  optim::LBFGSState lbfgs;
};
using FunctionalStatePtr = std::shared_ptr<FunctionalState>;

optim::StepResult update(const optim::Feval& f, Tensor& x, const optim::SGDConfig& c, FunctionalState& s) { return optim::sgd(f, x, c, s.sgd); }
optim::StepResult update(const optim::Feval& f, Tensor& x, const optim::AdamConfig& c, FunctionalState& s) { return optim::adam(f, x, c, s.adam); }
optim::StepResult update(const optim::Feval& f, Tensor& x, const optim::RMSpropConfig& c, FunctionalState& s) { return optim::rmsprop(f, x, c, s.rmsprop); }
optim::StepResult update(const optim::Feval& f, Tensor& x, const optim::AdagradConfig& c, FunctionalState& s) { return optim::adagrad(f, x, c, s.adagrad); }
optim::StepResult update(const optim::Feval& f, Tensor& x, const optim::AdadeltaConfig& c, FunctionalState& s) { return optim::adadelta(f, x, c, s.adadelta); }
optim::StepResult update(const optim::Feval& f, Tensor& x, const optim::AdamaxConfig& c, FunctionalState& s) { return optim::adamax(f, x, c, s.adamax); }
// JS ran optimNagLookahead and feval first
optim::StepResult update(const optim::Feval& f, Tensor& x, const optim::NAGConfig& c, FunctionalState& s) { return optim::nagUpdate(f, x, c, s.nag); }
optim::StepResult update(const optim::Feval& f, Tensor& x, const optim::LBFGSConfig& c, FunctionalState& s) { return optim::lbfgs(f, x, c, s.lbfgs); }

FunctionalStatePtr optimStateNew() { return std::make_shared<FunctionalState>(); }

// The counters Torch keeps in the state table, for the facade to mirror there.
val optimStateCounters(FunctionalStatePtr s, val kindName) {
  const std::string kind = toText(kindName, "optim kind");
  val out = val::object();
  const auto set = [&](const char* key, int64_t v) { out.set(key, static_cast<double>(v)); };
  if (kind == "sgd") set("evalCounter", s->sgd.evalCounter);
  if (kind == "adam") set("t", s->adam.t);
  if (kind == "adagrad") set("evalCounter", s->adagrad.evalCounter);
  if (kind == "adadelta") set("evalCounter", s->adadelta.evalCounter);
  if (kind == "adamax") set("t", s->adamax.t);
  if (kind == "nag") set("evalCounter", s->nag.evalCounter);
  if (kind == "lbfgs") {
    set("funcEval", s->lbfgs.funcEval);
    set("nIter", s->lbfgs.nIter);
  }
  return out;
}

// One step of a single-evaluation method: JS has already called feval and passes its loss and
// gradient.
void optimStep(val kindName, Tensor& x, Tensor& dfdx, double fx, val config, FunctionalStatePtr s) {
  const auto given = [&](const Tensor&) { return std::pair<double, Tensor>(fx, dfdx); };
  withConfig(toText(kindName, "optim kind"), config, [&](auto c) { return update(given, x, c, *s); });
}

void optimNagLookahead(Tensor& x, val config, FunctionalStatePtr s) {
  optim::nagLookahead(x, readConfig<optim::NAGConfig>(config), s->nag);
}

// lbfgs: evaluate() is a JS function returning [loss, gradient handle] at the current x.
val optimLbfgs(Tensor& x, val evaluate, val config, FunctionalStatePtr s) {
  const optim::Feval feval = [&](const Tensor&) {
    const val r = evaluate();
    return std::pair<double, Tensor>(r[0].as<double>(), r[1].as<Tensor>());
  };
  const optim::StepResult result = update(feval, x, readConfig<optim::LBFGSConfig>(config), *s);
  val fx = val::array();
  for (size_t i = 0; i < result.fx.size(); ++i) fx.set(i, result.fx[i]);
  return fx;
}

// ---------------------------------------------------------------------------------------------
// The object form (core's optim::Optimizer)

using OptimizerPtr = std::shared_ptr<optim::Optimizer>;

std::vector<Tensor> tensorList(const val& list) {
  std::vector<Tensor> out;
  const unsigned n = list["length"].as<unsigned>();
  for (unsigned i = 0; i < n; ++i) out.push_back(list[i].as<Tensor>());
  return out;
}

OptimizerPtr optimizerNew(val kindName, val params, val grads, val config) {
  return withConfig(toText(kindName, "optim kind"), config, [&](auto c) -> OptimizerPtr {
    if constexpr (std::is_same_v<decltype(c), optim::LBFGSConfig>)
      nn::fail("optim.lbfgs has no object form: its search direction couples every parameter through one history, "
               "and it evaluates the loss several times per step; use optim.lbfgs(feval, x, config, state) "
               "with [x, dfdx] = model.getParameters()");
    else
      return std::make_shared<optim::Optimizer>(tensorList(params), tensorList(grads), c);
  });
}
void optimizerPrepare(OptimizerPtr o) { o->prepare(); }
void optimizerStep(OptimizerPtr o) { o->step(); }
void optimizerZeroGrad(OptimizerPtr o) { o->zeroGrad(); }
double optimizerGetLearningRate(OptimizerPtr o) { return o->learningRate(); }
void optimizerSetLearningRate(OptimizerPtr o, double lr) { o->setLearningRate(lr); }
double optimizerStepCount(OptimizerPtr o) { return static_cast<double>(o->stepCount()); }

val moduleGetParameters(nn::ModulePtr m) {
  auto [params, grads] = m->getParameters();
  val out = val::array();
  out.set(0, val(params));
  out.set(1, val(grads));
  return out;
}

}  // namespace
}  // namespace nngjs

using namespace nngjs;

EMSCRIPTEN_BINDINGS(optim) {
  emscripten::class_<FunctionalState>("OptimState").smart_ptr<FunctionalStatePtr>("OptimStatePtr");
  emscripten::class_<nn::optim::Optimizer>("Optimizer").smart_ptr<OptimizerPtr>("OptimizerPtr");
  API(optimConfigKeys); API(optimStateNew); API(optimStateCounters); API(optimStep); API(optimNagLookahead);
  API(optimLbfgs);
  API(optimizerNew); API(optimizerPrepare); API(optimizerStep); API(optimizerZeroGrad);
  API(optimizerGetLearningRate); API(optimizerSetLearningRate); API(optimizerStepCount);
  API(moduleGetParameters);
}
