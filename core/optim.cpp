#include "core/optim.h"

#include <cmath>

#include "core/kernels.h"

namespace nn::optim {

namespace {

// The updates run kernels over dense vectors: x and the gradient must be contiguous and the same
// size (getParameters() returns exactly that).
void checkPair(const char* name, const Tensor& x, const Tensor& dfdx) {
  if (!x.defined() || !x.isContiguous())
    fail("optim.", name, ": the parameters must be a contiguous tensor (use getParameters()), got ",
         x.defined() ? "a strided view of size " + x.shapeString() : std::string("an empty tensor"));
  if (!dfdx.defined() || dfdx.numel() != x.numel() || !dfdx.isContiguous())
    fail("optim.", name, ": feval must return the gradient as a contiguous tensor of ", x.numel(),
         " elements (the parameters' size ", x.shapeString(), "), got ",
         dfdx.defined() ? dfdx.shapeString() : std::string("an empty tensor"));
}

void checkRate(const char* name, double learningRate) {
  if (!std::isfinite(learningRate) || learningRate < 0)
    fail("optim.", name, ": learningRate must be a finite number >= 0, got ", learningRate);
}

}  // namespace

StepResult sgd(const Feval& feval, Tensor& x, const SGDConfig& config, SGDState& state) {
  const double lr = config.learningRate, lrd = config.learningRateDecay, wd = config.weightDecay;
  const double mom = config.momentum;
  const double damp = config.dampening < 0 ? mom : config.dampening;
  checkRate("sgd", lr);
  if (config.nesterov && (mom <= 0 || damp != 0))
    fail("optim.sgd: Nesterov momentum requires a momentum and zero dampening (got momentum ", mom,
         ", dampening ", damp, ")");

  auto [fx, dfdx] = feval(x);
  checkPair("sgd", x, dfdx);
  const int64_t n = x.numel();

  if (wd != 0) kernels::axpy(n, static_cast<float>(wd), x.data(), dfdx.data());

  if (mom != 0) {
    if (!state.dfdx.defined() || state.dfdx.numel() != n) {
      state.dfdx = dfdx.clone();
    } else {
      kernels::scale(n, static_cast<float>(mom), state.dfdx.data());
      kernels::axpy(n, static_cast<float>(1 - damp), dfdx.data(), state.dfdx.data());
    }
    if (config.nesterov)
      kernels::axpy(n, static_cast<float>(mom), state.dfdx.data(), dfdx.data());
    else
      dfdx = state.dfdx;
  }

  const double clr = lr / (1 + static_cast<double>(state.evalCounter) * lrd);
  kernels::axpy(n, static_cast<float>(-clr), dfdx.data(), x.data());
  state.evalCounter += 1;
  return {x, {fx}};
}

StepResult adam(const Feval& feval, Tensor& x, const AdamConfig& config, AdamState& state) {
  checkRate("adam", config.learningRate);
  if (!(config.beta1 >= 0 && config.beta1 < 1) || !(config.beta2 >= 0 && config.beta2 < 1))
    fail("optim.adam: beta1 and beta2 must be in [0, 1), got ", config.beta1, " and ", config.beta2);

  auto [fx, dfdx] = feval(x);
  checkPair("adam", x, dfdx);
  const int64_t n = x.numel();

  if (config.weightDecay != 0)
    kernels::axpy(n, static_cast<float>(config.weightDecay), x.data(), dfdx.data());

  if (!state.m.defined() || state.m.numel() != n) {
    state.m = Tensor({n});
    state.v = Tensor({n});
    state.denom = Tensor({n});
  }
  const double clr = config.learningRate / (1 + static_cast<double>(state.t) * config.learningRateDecay);
  state.t += 1;

  const float beta1 = static_cast<float>(config.beta1), beta2 = static_cast<float>(config.beta2);
  kernels::scale(n, beta1, state.m.data());
  kernels::axpy(n, 1 - beta1, dfdx.data(), state.m.data());
  kernels::scale(n, beta2, state.v.data());
  kernels::addcmul(n, 1 - beta2, dfdx.data(), dfdx.data(), state.v.data());
  kernels::unary(kernels::Unary::Sqrt, n, state.v.data(), state.denom.data());
  kernels::addScalar(n, static_cast<float>(config.epsilon), state.denom.data());

  const double t = static_cast<double>(state.t);
  const double biasCorrection1 = 1 - std::pow(config.beta1, t);
  const double biasCorrection2 = 1 - std::pow(config.beta2, t);
  const double stepSize = clr * std::sqrt(biasCorrection2) / biasCorrection1;
  kernels::addcdiv(n, static_cast<float>(-stepSize), state.m.data(), state.denom.data(), x.data());
  return {x, {fx}};
}

// ---------------------------------------------------------------------------------------------
// Object form

struct Optimizer::Method {
  virtual ~Method() = default;
  virtual void resize(size_t tensors) = 0;
  virtual void lookahead(size_t, Tensor&) {}
  virtual bool needsLookahead() const { return false; }
  virtual void update(size_t i, Tensor& x, const Tensor& g) = 0;
  virtual bool writesGradient() const = 0;
  virtual double* learningRate() = 0;  // null for a method without one (adadelta)
};

namespace {

// Weight decay (and sgd's nesterov) write into the gradient feval returns.
bool writesGradient(const SGDConfig& c) { return c.weightDecay != 0 || c.nesterov; }
template <class Config>
bool writesGradient(const Config& c) { return c.weightDecay != 0; }

template <class Config>
double* learningRateOf(Config& c) { return &c.learningRate; }
double* learningRateOf(AdadeltaConfig&) { return nullptr; }

template <class Config, class State, StepResult (*Update)(const Feval&, Tensor&, const Config&, State&)>
struct MethodOf : Optimizer::Method {
  explicit MethodOf(Config c) : config(c) {}
  void resize(size_t tensors) override { states.resize(tensors); }
  void update(size_t i, Tensor& x, const Tensor& g) override {
    Update([&g](const Tensor&) { return std::pair<double, Tensor>(0.0, g); }, x, config, states[i]);
  }
  bool writesGradient() const override { return optim::writesGradient(config); }
  double* learningRate() override { return learningRateOf(config); }
  Config config;
  std::vector<State> states;
};

struct NAGMethod : MethodOf<NAGConfig, NAGState, nagUpdate> {
  using MethodOf::MethodOf;
  bool needsLookahead() const override { return true; }
  void lookahead(size_t i, Tensor& x) override { nagLookahead(x, config, states[i]); }
};

template <class Config, class State, StepResult (*Update)(const Feval&, Tensor&, const Config&, State&)>
std::unique_ptr<Optimizer::Method> method(Config c) {
  return std::make_unique<MethodOf<Config, State, Update>>(c);
}

}  // namespace

Optimizer::Optimizer(std::vector<Tensor> p, std::vector<Tensor> g, SGDConfig c)
    : Optimizer("sgd", std::move(p), std::move(g), method<SGDConfig, SGDState, sgd>(c)) {}
Optimizer::Optimizer(std::vector<Tensor> p, std::vector<Tensor> g, AdamConfig c)
    : Optimizer("adam", std::move(p), std::move(g), method<AdamConfig, AdamState, adam>(c)) {}
Optimizer::Optimizer(std::vector<Tensor> p, std::vector<Tensor> g, RMSpropConfig c)
    : Optimizer("rmsprop", std::move(p), std::move(g), method<RMSpropConfig, RMSpropState, rmsprop>(c)) {}
Optimizer::Optimizer(std::vector<Tensor> p, std::vector<Tensor> g, AdagradConfig c)
    : Optimizer("adagrad", std::move(p), std::move(g), method<AdagradConfig, AdagradState, adagrad>(c)) {}
Optimizer::Optimizer(std::vector<Tensor> p, std::vector<Tensor> g, AdadeltaConfig c)
    : Optimizer("adadelta", std::move(p), std::move(g), method<AdadeltaConfig, AdadeltaState, adadelta>(c)) {}
Optimizer::Optimizer(std::vector<Tensor> p, std::vector<Tensor> g, AdamaxConfig c)
    : Optimizer("adamax", std::move(p), std::move(g), method<AdamaxConfig, AdamaxState, adamax>(c)) {}
Optimizer::Optimizer(std::vector<Tensor> p, std::vector<Tensor> g, NAGConfig c)
    : Optimizer("nag", std::move(p), std::move(g), std::make_unique<NAGMethod>(c)) {}
Optimizer::~Optimizer() = default;

Optimizer::Optimizer(std::string kind, std::vector<Tensor> params, std::vector<Tensor> grads, std::unique_ptr<Method> m)
    : kind_(std::move(kind)), params_(std::move(params)), grads_(std::move(grads)), method_(std::move(m)) {
  if (const double* lr = method_->learningRate()) checkRate(kind_.c_str(), *lr);
  if (params_.size() != grads_.size())
    fail("optim.", kind_, ": got ", params_.size(), " parameter tensors but ", grads_.size(),
         " gradient tensors (pass module.parameters(), or [params, gradParams] of equal length)");
  for (size_t i = 0; i < params_.size(); ++i) {
    if (!params_[i].sameShape(grads_[i]))
      fail("optim.", kind_, ": parameter ", i + 1, " has size ", params_[i].shapeString(),
           " but its gradient has size ", grads_[i].shapeString());
    if (!params_[i].isContiguous() || !grads_[i].isContiguous())
      fail("optim.", kind_, ": parameter ", i + 1, " (size ", params_[i].shapeString(),
           ") or its gradient is a strided view; the optimizer needs contiguous tensors");
  }
  method_->resize(params_.size());
  scratch_.resize(params_.size());
}

template <class F>
void Optimizer::forEachDistinct(F&& f) {
  std::vector<std::pair<const float*, int64_t>> seen;
  for (size_t i = 0; i < params_.size(); ++i) {
    Tensor x = params_[i].view({-1});
    const std::pair<const float*, int64_t> key{x.data(), x.numel()};
    bool duplicate = false;
    for (const auto& s : seen) duplicate = duplicate || s == key;
    if (duplicate || x.numel() == 0) continue;
    seen.push_back(key);
    f(i, x);
  }
}

void Optimizer::prepare() {
  if (!method_->needsLookahead() || prepared_) return;
  forEachDistinct([&](size_t i, Tensor& x) { method_->lookahead(i, x); });
  prepared_ = true;
}

void Optimizer::step() {
  if (method_->needsLookahead() && !prepared_)
    fail("optim.", kind_, ": the gradient must be computed after the look-ahead step (x + momentum * velocity): ",
         "call step(closure) with a closure that zeroes the gradients, runs forward and backward and returns the loss");
  prepared_ = false;
  forEachDistinct([&](size_t i, Tensor& x) {
    Tensor g = grads_[i].view({-1});
    // Give an update that writes into the gradient a copy, so the module's gradient keeps
    // exactly what backward accumulated.
    if (method_->writesGradient()) {
      scratch_[i].resize(g.sizes()).copy(g);
      g = scratch_[i];
    }
    method_->update(i, x, g);
  });
  steps_ += 1;
}

void Optimizer::zeroGrad() {
  for (Tensor& g : grads_) g.zero();
}

double Optimizer::learningRate() const {
  const double* lr = method_->learningRate();
  return lr ? *lr : std::nan("");
}

void Optimizer::setLearningRate(double learningRate) {
  double* lr = method_->learningRate();
  if (!lr) fail("optim.", kind_, " has no learningRate (its step size comes from rho and eps)");
  checkRate(kind_.c_str(), learningRate);
  *lr = learningRate;
}

}  // namespace nn::optim
