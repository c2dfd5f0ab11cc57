// rmsprop, adagrad, adadelta, adamax, nag and lbfgs: torch/optim's updates step for step (its
// rmsprop.lua, adagrad.lua, ...), over one dense parameter vector, with kernels doing the loops.
#include <algorithm>
#include <cmath>

#include "core/kernels.h"
#include "core/optim.h"

namespace nn::optim {

namespace {

void checkPair(const char* name, const Tensor& x, const Tensor& dfdx) {
  if (!x.defined() || !x.isContiguous())
    fail("optim.", name, ": the parameters must be a contiguous tensor (use getParameters()), got ",
         x.defined() ? "a strided view of size " + x.shapeString() : std::string("an empty tensor"));
  if (!dfdx.defined() || dfdx.numel() != x.numel() || !dfdx.isContiguous())
    fail("optim.", name, ": feval must return the gradient as a contiguous tensor of ", x.numel(),
         " elements (the parameters' size ", x.shapeString(), "), got ",
         dfdx.defined() ? dfdx.shapeString() : std::string("an empty tensor"));
}

// feval, checked, with weight decay added to the gradient (every method but lbfgs has it).
std::pair<double, Tensor> evaluate(const char* name, const Feval& feval, Tensor& x, double weightDecay) {
  auto result = feval(x);
  checkPair(name, x, result.second);
  if (weightDecay != 0) kernels::axpy(x.numel(), static_cast<float>(weightDecay), x.data(), result.second.data());
  return result;
}

bool fresh(const Tensor& t, int64_t n) { return !t.defined() || t.numel() != n; }

}  // namespace

StepResult rmsprop(const Feval& feval, Tensor& x, const RMSpropConfig& c, RMSpropState& s) {
  auto [fx, dfdx] = evaluate("rmsprop", feval, x, c.weightDecay);
  const int64_t n = x.numel();
  if (fresh(s.m, n)) {
    s.m = Tensor::full({n}, static_cast<float>(c.initialMean));
    s.tmp = Tensor({n});
  }
  kernels::scale(n, static_cast<float>(c.alpha), s.m.data());
  kernels::addcmul(n, static_cast<float>(1 - c.alpha), dfdx.data(), dfdx.data(), s.m.data());
  kernels::unary(kernels::Unary::Sqrt, n, s.m.data(), s.tmp.data());
  kernels::addScalar(n, static_cast<float>(c.epsilon), s.tmp.data());
  kernels::addcdiv(n, static_cast<float>(-c.learningRate), dfdx.data(), s.tmp.data(), x.data());
  return {x, {fx}};
}

StepResult adagrad(const Feval& feval, Tensor& x, const AdagradConfig& c, AdagradState& s) {
  auto [fx, dfdx] = evaluate("adagrad", feval, x, c.weightDecay);
  const int64_t n = x.numel();
  const double clr = c.learningRate / (1 + static_cast<double>(s.evalCounter) * c.learningRateDecay);
  if (fresh(s.paramVariance, n)) {
    s.paramVariance = Tensor({n});
    s.paramStd = Tensor({n});
  }
  kernels::addcmul(n, 1.0f, dfdx.data(), dfdx.data(), s.paramVariance.data());
  kernels::unary(kernels::Unary::Sqrt, n, s.paramVariance.data(), s.paramStd.data());
  kernels::addScalar(n, 1e-10f, s.paramStd.data());
  kernels::addcdiv(n, static_cast<float>(-clr), dfdx.data(), s.paramStd.data(), x.data());
  s.evalCounter += 1;
  return {x, {fx}};
}

StepResult adadelta(const Feval& feval, Tensor& x, const AdadeltaConfig& c, AdadeltaState& s) {
  auto [fx, dfdx] = evaluate("adadelta", feval, x, c.weightDecay);
  const int64_t n = x.numel();
  if (fresh(s.paramVariance, n)) {
    s.paramVariance = Tensor({n});
    s.paramStd = Tensor({n});
    s.delta = Tensor({n});
    s.accDelta = Tensor({n});
  }
  const float rho = static_cast<float>(c.rho), eps = static_cast<float>(c.eps);
  kernels::scale(n, rho, s.paramVariance.data());
  kernels::addcmul(n, 1 - rho, dfdx.data(), dfdx.data(), s.paramVariance.data());
  // paramStd = sqrt(paramVariance + eps); delta = sqrt(accDelta + eps) / paramStd * dfdx
  kernels::unary(kernels::Unary::Affine, n, s.paramVariance.data(), s.paramStd.data(), 1.0f, eps);
  kernels::unary(kernels::Unary::Sqrt, n, s.paramStd.data(), s.paramStd.data());
  kernels::unary(kernels::Unary::Affine, n, s.accDelta.data(), s.delta.data(), 1.0f, eps);
  kernels::unary(kernels::Unary::Sqrt, n, s.delta.data(), s.delta.data());
  kernels::binary(kernels::Binary::Div, n, s.delta.data(), s.paramStd.data(), s.delta.data());
  kernels::binary(kernels::Binary::Mul, n, s.delta.data(), dfdx.data(), s.delta.data());
  kernels::axpy(n, -1.0f, s.delta.data(), x.data());
  kernels::scale(n, rho, s.accDelta.data());
  kernels::addcmul(n, 1 - rho, s.delta.data(), s.delta.data(), s.accDelta.data());
  s.evalCounter += 1;
  return {x, {fx}};
}

StepResult adamax(const Feval& feval, Tensor& x, const AdamaxConfig& c, AdamaxState& s) {
  auto [fx, dfdx] = evaluate("adamax", feval, x, c.weightDecay);
  const int64_t n = x.numel();
  if (fresh(s.m, n)) {
    s.m = Tensor({n});
    s.u = Tensor({n});
  }
  s.t += 1;
  const float beta1 = static_cast<float>(c.beta1);
  kernels::scale(n, beta1, s.m.data());
  kernels::axpy(n, 1 - beta1, dfdx.data(), s.m.data());
  // u = max(beta2 * u, |g| + epsilon)
  Tensor absG({n});
  kernels::unary(kernels::Unary::Abs, n, dfdx.data(), absG.data());
  kernels::addScalar(n, static_cast<float>(c.epsilon), absG.data());
  kernels::scale(n, static_cast<float>(c.beta2), s.u.data());
  kernels::binary(kernels::Binary::Max, n, s.u.data(), absG.data(), s.u.data());
  const double stepSize = c.learningRate / (1 - std::pow(c.beta1, static_cast<double>(s.t)));
  kernels::addcdiv(n, static_cast<float>(-stepSize), s.m.data(), s.u.data(), x.data());
  return {x, {fx}};
}

void nagLookahead(Tensor& x, const NAGConfig& c, NAGState& s) {
  if (c.momentum <= 0) fail("optim.nag: Momentum must be positive for Nesterov Accelerated Gradient, got ", c.momentum);
  if (s.dfdx.defined() && s.dfdx.numel() == x.numel())
    kernels::axpy(x.numel(), static_cast<float>(c.momentum), s.dfdx.data(), x.data());
}

StepResult nagUpdate(const Feval& feval, Tensor& x, const NAGConfig& c, NAGState& s) {
  if (c.momentum <= 0) fail("optim.nag: Momentum must be positive for Nesterov Accelerated Gradient, got ", c.momentum);
  auto [fx, dfdx] = evaluate("nag", feval, x, c.weightDecay);
  const int64_t n = x.numel();
  const double clr = c.learningRate / (1 + static_cast<double>(s.evalCounter) * c.learningRateDecay);
  if (fresh(s.dfdx, n)) s.dfdx = Tensor({n});
  else kernels::scale(n, static_cast<float>(c.momentum), s.dfdx.data());
  kernels::axpy(n, static_cast<float>(-clr), dfdx.data(), x.data());
  kernels::axpy(n, static_cast<float>(-clr), dfdx.data(), s.dfdx.data());
  s.evalCounter += 1;
  return {x, {fx}};
}

StepResult nag(const Feval& feval, Tensor& x, const NAGConfig& c, NAGState& s) {
  nagLookahead(x, c, s);
  return nagUpdate(feval, x, c, s);
}

namespace {
double absSum(const Tensor& t) {
  Tensor a(t.sizes());
  kernels::unary(kernels::Unary::Abs, t.numel(), t.data(), a.data());
  return kernels::sum(a.numel(), a.data());
}
double dot(const Tensor& a, const Tensor& b) { return kernels::dot(a.numel(), a.data(), b.data()); }
}  // namespace

StepResult lbfgs(const Feval& feval, Tensor& x, const LBFGSConfig& c, LBFGSState& s) {
  if (c.maxIter < 1 || c.nCorrection < 1) fail("optim.lbfgs: maxIter and nCorrection must be >= 1");
  const double maxEval = c.maxEval < 0 ? static_cast<double>(c.maxIter) * 1.25 : c.maxEval;
  auto [f, g] = feval(x);
  checkPair("lbfgs", x, g);
  g = g.clone();  // feval may return its own buffer, which later evaluations overwrite
  StepResult result{x, {f}};
  int64_t currentFuncEval = 1;
  s.funcEval += 1;
  if (absSum(g) <= c.tolFun) return result;  // optimality condition below tolFun
  const int64_t n = x.numel();
  for (int64_t nIter = 1; nIter <= c.maxIter; ++nIter) {
    s.nIter += 1;
    if (s.nIter == 1) {
      s.d = g.clone().mul(-1.0f);
      s.oldDirs.clear();
      s.oldStps.clear();
      s.Hdiag = 1;
    } else {
      // the newest correction pair: y = g - g_old, s = d * t
      Tensor y = g.clone();
      y.add(s.gOld, -1.0f);
      Tensor step = s.d.clone().mul(static_cast<float>(s.t));
      const double ys = dot(y, step);
      if (ys > 1e-10) {
        if (static_cast<int64_t>(s.oldDirs.size()) == c.nCorrection) {
          s.oldDirs.erase(s.oldDirs.begin());
          s.oldStps.erase(s.oldStps.begin());
        }
        s.oldDirs.push_back(step);
        s.oldStps.push_back(y);
        s.Hdiag = ys / dot(y, y);
      }
      // two-loop recursion: d = -H g
      const size_t k = s.oldDirs.size();
      std::vector<double> ro(k), al(k);
      for (size_t i = 0; i < k; ++i) ro[i] = 1 / dot(s.oldStps[i], s.oldDirs[i]);
      Tensor q = g.clone().mul(-1.0f);
      for (size_t i = k; i-- > 0;) {
        al[i] = dot(s.oldDirs[i], q) * ro[i];
        q.add(s.oldStps[i], static_cast<float>(-al[i]));
      }
      s.d = q.mul(static_cast<float>(s.Hdiag));
      for (size_t i = 0; i < k; ++i) {
        const double be = dot(s.oldStps[i], s.d) * ro[i];
        s.d.add(s.oldDirs[i], static_cast<float>(al[i] - be));
      }
    }
    s.gOld = g.clone();
    s.fOld = f;
    const double gtd = dot(g, s.d);
    if (gtd > -c.tolX) break;  // directional derivative below tolX
    s.t = s.nIter == 1 ? std::min(1.0, 1.0 / absSum(g)) * c.learningRate : c.learningRate;
    // fixed step (Torch without a line search)
    kernels::axpy(n, static_cast<float>(s.t), s.d.data(), x.data());
    if (nIter != c.maxIter) {
      auto next = feval(x);
      checkPair("lbfgs", x, next.second);
      f = next.first;
      g = next.second.clone();
      result.fx.push_back(f);
      currentFuncEval += 1;
      s.funcEval += 1;
    }
    if (nIter == c.maxIter) break;
    if (static_cast<double>(currentFuncEval) >= maxEval) break;
    if (absSum(g) <= c.tolFun) break;
    if (absSum(s.d) * std::fabs(s.t) <= c.tolX) break;
    if (std::fabs(f - s.fOld) < c.tolX) break;
  }
  return result;
}

}  // namespace nn::optim
