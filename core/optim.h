// Torch's optim package (optim.sgd, optim.adam) in its functional form over one flat parameter
// vector, as returned by Module::getParameters():
//
//   local x, dfdx = model:getParameters()
//   local function feval(x) dfdx:zero(); ...forward, backward...; return loss, dfdx end
//   optim.sgd(feval, x, config, state)        -- C++: optim::sgd(feval, x, config, state)
//
// The state (momentum buffer, Adam's moments, step counters) lives in a struct the caller keeps
// between steps, as Torch keeps it in the `state` table. An Optimizer object (at the end) wraps the
// same updates over a list of parameter/gradient tensors for code that does not flatten (the JS
// object form).
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/tensor.h"

namespace nn::optim {

// feval(x) returns f(x) and df/dx (a tensor of x's size; usually the flat gradient vector itself).
using Feval = std::function<std::pair<double, Tensor>(const Tensor& x)>;

// optim's return value {x, {fx}}: the updated parameters and the loss before the step.
struct StepResult {
  Tensor x;
  std::vector<double> fx;
};

struct SGDConfig {
  double learningRate = 1e-3;
  double learningRateDecay = 0;  // lr_t = lr / (1 + t * decay)
  double weightDecay = 0;        // adds weightDecay * x to the gradient (L2)
  double momentum = 0;
  double dampening = -1;         // negative means "as Torch: equal to momentum"
  bool nesterov = false;         // needs momentum > 0 and dampening 0, as in Torch
};

struct SGDState {
  int64_t evalCounter = 0;
  Tensor dfdx;                   // the momentum buffer, created on the first step
};

struct AdamConfig {
  double learningRate = 1e-3;
  double learningRateDecay = 0;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double epsilon = 1e-8;
  double weightDecay = 0;
};

struct AdamState {
  int64_t t = 0;
  Tensor m, v, denom;            // first and second moment estimates, sqrt(v) + epsilon
};

// One step of each: x is updated in place and returned with the loss feval reported.
// Like Torch, weight decay and nesterov momentum modify the gradient tensor feval returned.
StepResult sgd(const Feval& feval, Tensor& x, const SGDConfig& config, SGDState& state);
StepResult adam(const Feval& feval, Tensor& x, const AdamConfig& config, AdamState& state);

// ---------------------------------------------------------------------------------------------
// The rest of Torch's optim package (issue 14): rmsprop, adagrad, adadelta, adamax, nag and lbfgs
// with torch/optim's config keys and defaults; the state fields keep Torch's names
// (core/optim_zoo.cpp). Like sgd/adam, weight decay writes into the gradient feval returned.

struct RMSpropConfig {
  double learningRate = 1e-2, alpha = 0.99, epsilon = 1e-8, weightDecay = 0, initialMean = 0;
};
struct RMSpropState {
  Tensor m, tmp;  // leaky mean of squared gradients (filled with initialMean), sqrt(m) + epsilon
};

struct AdagradConfig {
  double learningRate = 1e-3, learningRateDecay = 0, weightDecay = 0;
};
struct AdagradState {
  int64_t evalCounter = 0;
  Tensor paramVariance, paramStd;  // sum of squared gradients, its sqrt (+ 1e-10)
};

struct AdadeltaConfig {
  double rho = 0.9, eps = 1e-6, weightDecay = 0;
};
struct AdadeltaState {
  int64_t evalCounter = 0;
  Tensor paramVariance, paramStd, delta, accDelta;
};

struct AdamaxConfig {
  double learningRate = 0.002, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-38, weightDecay = 0;
};
struct AdamaxState {
  int64_t t = 0;
  Tensor m, u;  // first moment, exponentially weighted infinity norm
};

struct NAGConfig {
  double learningRate = 1e-3, learningRateDecay = 0, weightDecay = 0, momentum = 0.9;
  // (Torch's nag.lua also reads dampening and learningRates; its update never uses dampening.)
};
struct NAGState {
  int64_t evalCounter = 0;
  Tensor dfdx;  // the velocity
};

struct LBFGSConfig {
  int64_t maxIter = 20;
  double maxEval = -1;  // negative: maxIter * 1.25, as Torch
  double tolFun = 1e-5, tolX = 1e-9, learningRate = 1;
  int64_t nCorrection = 100;
};
struct LBFGSState {
  int64_t funcEval = 0, nIter = 0;
  Tensor d, gOld;                    // last direction and gradient (Torch's d, g_old)
  double t = 0, Hdiag = 1, fOld = 0;
  std::vector<Tensor> oldDirs, oldStps;  // the correction pairs (Torch's old_dirs, old_stps)
};

StepResult rmsprop(const Feval& feval, Tensor& x, const RMSpropConfig& config, RMSpropState& state);
StepResult adagrad(const Feval& feval, Tensor& x, const AdagradConfig& config, AdagradState& state);
StepResult adadelta(const Feval& feval, Tensor& x, const AdadeltaConfig& config, AdadeltaState& state);
StepResult adamax(const Feval& feval, Tensor& x, const AdamaxConfig& config, AdamaxState& state);
// Torch's nag moves x by momentum * velocity before evaluating feval there: nag() is
// nagLookahead() then nagUpdate() (which evaluates at x as it is), split so that JS can run feval
// between them.
StepResult nag(const Feval& feval, Tensor& x, const NAGConfig& config, NAGState& state);
void nagLookahead(Tensor& x, const NAGConfig& config, NAGState& state);
StepResult nagUpdate(const Feval& feval, Tensor& x, const NAGConfig& config, NAGState& state);
// Several feval calls; fx holds every value seen (fx[0] before, the last at the returned x).
// Fixed steps of learningRate (Torch without config.lineSearch; no line search is offered).
StepResult lbfgs(const Feval& feval, Tensor& x, const LBFGSConfig& config, LBFGSState& state);

// ---------------------------------------------------------------------------------------------
// The object form: an optimizer over parameter/gradient tensor pairs (module.parameters()), one
// state per pair, for any of the single-evaluation methods above. step() applies the update using
// the gradients already accumulated by backward; zeroGrad() zeroes them. prepare() comes before
// the gradients are computed: nag evaluates them at x + momentum * velocity, so its step() needs
// a prepare() first (the JS step(closure) does both). lbfgs has no object form: its direction
// couples all parameters through one history, and it evaluates the loss several times per step.
// It holds the tensors it was given: make it after any getParameters() call, which moves the
// module's parameters into new storage.
class Optimizer {
 public:
  Optimizer(std::vector<Tensor> params, std::vector<Tensor> grads, SGDConfig config);
  Optimizer(std::vector<Tensor> params, std::vector<Tensor> grads, AdamConfig config);
  Optimizer(std::vector<Tensor> params, std::vector<Tensor> grads, RMSpropConfig config);
  Optimizer(std::vector<Tensor> params, std::vector<Tensor> grads, AdagradConfig config);
  Optimizer(std::vector<Tensor> params, std::vector<Tensor> grads, AdadeltaConfig config);
  Optimizer(std::vector<Tensor> params, std::vector<Tensor> grads, AdamaxConfig config);
  Optimizer(std::vector<Tensor> params, std::vector<Tensor> grads, NAGConfig config);
  ~Optimizer();

  void prepare();
  void step();
  void zeroGrad();
  const std::string& kind() const { return kind_; }  // "sgd", "adam", "rmsprop", ...
  double learningRate() const;
  void setLearningRate(double learningRate);
  int64_t stepCount() const { return steps_; }

  struct Method;  // one method's update of one flat tensor, with a state per parameter tensor

 private:
  Optimizer(std::string kind, std::vector<Tensor> params, std::vector<Tensor> grads, std::unique_ptr<Method> method);
  // each parameter tensor once (shared parameters appear once per sharing module), as flat views
  template <class F>
  void forEachDistinct(F&& f);

  std::string kind_;
  std::vector<Tensor> params_, grads_;
  std::unique_ptr<Method> method_;
  std::vector<Tensor> scratch_;  // gradient copies when the update writes into the gradient
  int64_t steps_ = 0;
  bool prepared_ = false;
};

}  // namespace nn::optim
