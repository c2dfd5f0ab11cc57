// Torch's optim package (optim.sgd, optim.adam) in its functional form over one flat parameter
// vector, as returned by Module::getParameters():
//
//   local x, dfdx = model:getParameters()
//   local function feval(x) dfdx:zero(); ...forward, backward...; return loss, dfdx end
//   optim.sgd(feval, x, config, state)        -- C++: optim::sgd(feval, x, config, state)
//
// The state (momentum buffer, Adam's moments, step counters) lives in a struct the caller keeps
// between steps, as Torch keeps it in the `state` table. An Optimizer object wraps the same updates
// over a list of parameter/gradient tensors for code that does not flatten (the JS object form).
#pragma once
#include <functional>
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

// The object form: an optimizer over parameter/gradient tensor pairs (module.parameters()), one
// state per pair. step() applies the update using the gradients already accumulated by backward;
// zeroGrad() zeroes them. It holds the tensors it was given: make it after any getParameters()
// call, which moves the module's parameters into new storage.
class Optimizer {
 public:
  Optimizer(std::vector<Tensor> params, std::vector<Tensor> grads, SGDConfig config);
  Optimizer(std::vector<Tensor> params, std::vector<Tensor> grads, AdamConfig config);

  void step();
  void zeroGrad();
  const std::string& kind() const { return kind_; }  // "sgd" or "adam"
  double learningRate() const;
  void setLearningRate(double learningRate);
  int64_t stepCount() const { return steps_; }

  SGDConfig sgdConfig;
  AdamConfig adamConfig;

 private:
  void check() const;

  std::string kind_;
  std::vector<Tensor> params_, grads_;
  std::vector<SGDState> sgdStates_;
  std::vector<AdamState> adamStates_;
  std::vector<Tensor> scratch_;  // gradient copies when the update writes into the gradient
  int64_t steps_ = 0;
};

}  // namespace nn::optim
