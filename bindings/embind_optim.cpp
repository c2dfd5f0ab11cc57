// Embind glue for the rest of Torch's optim (issue 14): one rmsprop / adagrad / adadelta /
// adamax / nag step given the loss and gradient JS computed, and lbfgs, which calls back into JS
// for every evaluation. Translation only: the updates are in core/optim_zoo.cpp.
#include "bindings/embind_support.h"

#include <memory>

#include "core/optim.h"

namespace nngjs {
namespace {

using nn::Tensor;
namespace optim = nn::optim;

// Every zoo method's state behind one JS state table.
struct ZooState {
  optim::RMSpropState rmsprop;
  optim::AdagradState adagrad;
  optim::AdadeltaState adadelta;
  optim::AdamaxState adamax;
  optim::NAGState nag;
  optim::LBFGSState lbfgs;
};
using ZooStatePtr = std::shared_ptr<ZooState>;

// A config field: a number when given, the default otherwise (the facade has checked types).
double number(const val& config, const char* name, double fallback) {
  const val v = config[name];
  return v.isUndefined() || v.isNull() ? fallback : v.as<double>();
}

optim::NAGConfig nagConfig(const val& c) {
  optim::NAGConfig config;
  config.learningRate = number(c, "learningRate", config.learningRate);
  config.learningRateDecay = number(c, "learningRateDecay", config.learningRateDecay);
  config.weightDecay = number(c, "weightDecay", config.weightDecay);
  config.momentum = number(c, "momentum", config.momentum);
  return config;
}

// A count field (maxIter, nCorrection): a positive integer, checked before any conversion.
int64_t count(const val& config, const char* name, int64_t fallback) {
  const double v = number(config, name, static_cast<double>(fallback));
  if (!(v >= 1 && v <= 1e9) || v != static_cast<double>(static_cast<int64_t>(v)))
    nn::fail("optim.lbfgs: config.", name, " must be a positive integer, got ", v);
  return static_cast<int64_t>(v);
}

ZooStatePtr optimZooStateNew() { return std::make_shared<ZooState>(); }

// The counters Torch keeps in the state table, for the facade to mirror there.
val optimZooStateCounters(ZooStatePtr s) {
  val out = val::object();
  out.set("rmsprop", val::object());
  val adagrad = val::object();
  adagrad.set("evalCounter", static_cast<double>(s->adagrad.evalCounter));
  out.set("adagrad", adagrad);
  val adadelta = val::object();
  adadelta.set("evalCounter", static_cast<double>(s->adadelta.evalCounter));
  out.set("adadelta", adadelta);
  val adamax = val::object();
  adamax.set("t", static_cast<double>(s->adamax.t));
  out.set("adamax", adamax);
  val nag = val::object();
  nag.set("evalCounter", static_cast<double>(s->nag.evalCounter));
  out.set("nag", nag);
  val lbfgs = val::object();
  lbfgs.set("funcEval", static_cast<double>(s->lbfgs.funcEval));
  lbfgs.set("nIter", static_cast<double>(s->lbfgs.nIter));
  out.set("lbfgs", lbfgs);
  return out;
}

// One step of a single-evaluation method: JS has already called feval (for nag: after
// optimNagLookahead moved x), and passes its loss and gradient.
void optimZooStep(std::string kind, Tensor& x, Tensor& dfdx, double fx, val c, ZooStatePtr s) {
  const auto given = [&](const Tensor&) { return std::pair<double, Tensor>(fx, dfdx); };
  if (kind == "rmsprop") {
    optim::RMSpropConfig config;
    config.learningRate = number(c, "learningRate", config.learningRate);
    config.alpha = number(c, "alpha", config.alpha);
    config.epsilon = number(c, "epsilon", config.epsilon);
    config.weightDecay = number(c, "weightDecay", config.weightDecay);
    config.initialMean = number(c, "initialMean", config.initialMean);
    optim::rmsprop(given, x, config, s->rmsprop);
  } else if (kind == "adagrad") {
    optim::AdagradConfig config;
    config.learningRate = number(c, "learningRate", config.learningRate);
    config.learningRateDecay = number(c, "learningRateDecay", config.learningRateDecay);
    config.weightDecay = number(c, "weightDecay", config.weightDecay);
    optim::adagrad(given, x, config, s->adagrad);
  } else if (kind == "adadelta") {
    optim::AdadeltaConfig config;
    config.rho = number(c, "rho", config.rho);
    config.eps = number(c, "eps", config.eps);
    config.weightDecay = number(c, "weightDecay", config.weightDecay);
    optim::adadelta(given, x, config, s->adadelta);
  } else if (kind == "adamax") {
    optim::AdamaxConfig config;
    config.learningRate = number(c, "learningRate", config.learningRate);
    config.beta1 = number(c, "beta1", config.beta1);
    config.beta2 = number(c, "beta2", config.beta2);
    config.epsilon = number(c, "epsilon", config.epsilon);
    config.weightDecay = number(c, "weightDecay", config.weightDecay);
    optim::adamax(given, x, config, s->adamax);
  } else if (kind == "nag") {
    optim::nagUpdate(given, x, nagConfig(c), s->nag);  // JS ran optimNagLookahead and feval first
  } else {
    nn::fail("optim.", kind, " is not an optimizer here");
  }
}

void optimNagLookahead(Tensor& x, val c, ZooStatePtr s) { optim::nagLookahead(x, nagConfig(c), s->nag); }

// lbfgs: evaluate() is a JS function returning [loss, gradient handle] at the current x.
val optimLbfgs(Tensor& x, val evaluate, val c, ZooStatePtr s) {
  optim::LBFGSConfig config;
  config.maxIter = count(c, "maxIter", config.maxIter);
  config.maxEval = number(c, "maxEval", config.maxEval);
  config.tolFun = number(c, "tolFun", config.tolFun);
  config.tolX = number(c, "tolX", config.tolX);
  config.learningRate = number(c, "learningRate", config.learningRate);
  config.nCorrection = count(c, "nCorrection", config.nCorrection);
  const optim::Feval feval = [&](const Tensor&) {
    const val r = evaluate();
    return std::pair<double, Tensor>(r[0].as<double>(), r[1].as<Tensor>());
  };
  const optim::StepResult result = optim::lbfgs(feval, x, config, s->lbfgs);
  val fx = val::array();
  for (size_t i = 0; i < result.fx.size(); ++i) fx.set(i, result.fx[i]);
  return fx;
}

}  // namespace
}  // namespace nngjs

using namespace nngjs;

EMSCRIPTEN_BINDINGS(optim_zoo) {
  emscripten::class_<ZooState>("OptimZooState").smart_ptr<ZooStatePtr>("OptimZooStatePtr");
  API(optimZooStateNew);
  API(optimZooStateCounters);
  API(optimZooStep);
  API(optimNagLookahead);
  API(optimLbfgs);
}
