// Issue 14, part 3: rmsprop, adagrad, adadelta, adamax, nag and lbfgs. Each first step (and a
// second where state matters) is compared with torch/optim's update written out here in plain
// doubles, then each method minimises a small problem.
#include <cmath>
#include <vector>

#include "tests/core/testing.h"

#include "core/optim.h"

using namespace nn;
using namespace nn::optim;

namespace {

// f(x) = 0.5 sum a_i x_i^2 with a = (1, 4): df/dx = a .* x.
struct Quadratic {
  Tensor grad = Tensor({2});
  int calls = 0;
  Feval feval() {
    return [this](const Tensor& x) {
      ++calls;
      const float a[2] = {1, 4};
      double f = 0;
      for (int i = 0; i < 2; ++i) {
        grad.data()[i] = a[i] * x.data()[i];
        f += 0.5 * a[i] * x.data()[i] * x.data()[i];
      }
      return std::pair<double, Tensor>(f, grad);
    };
  }
};

const double a[2] = {1, 4};

void checkX(const Tensor& x, const std::vector<double>& want, double tol = 1e-5) {
  for (int i = 0; i < 2; ++i) {
    INFO("x[" << i << "] = " << x.data()[i] << ", expected " << want[i]);
    CHECK(std::fabs(x.data()[i] - want[i]) <= tol * (1 + std::fabs(want[i])));
  }
}

// Runs `steps` steps of method from x0 and returns f at the end.
template <class Step>
double minimise(Step step, int steps) {
  Quadratic q;
  Tensor x = Tensor::vector({1.5f, -2});
  const Feval f = q.feval();
  for (int i = 0; i < steps; ++i) step(f, x);
  return f(x).first;
}

}  // namespace

TEST_CASE("optim zoo: rmsprop follows rmsprop.lua (m = alpha m + (1 - alpha) g^2, x -= lr g / (sqrt(m) + eps))") {
  Quadratic q;
  Tensor x = Tensor::vector({1, -1});
  RMSpropConfig c;
  c.learningRate = 0.1;
  c.weightDecay = 0.5;
  RMSpropState s;
  std::vector<double> xs = {1, -1}, m = {0, 0};
  for (int step = 0; step < 2; ++step) {
    rmsprop(q.feval(), x, c, s);
    for (int i = 0; i < 2; ++i) {
      const double g = a[i] * xs[i] + 0.5 * xs[i];
      m[i] = 0.99 * m[i] + 0.01 * g * g;
      xs[i] -= 0.1 * g / (std::sqrt(m[i]) + 1e-8);
    }
    checkX(x, xs, 1e-4);
  }
  CHECK(s.m.data()[1] == doctest::Approx(m[1]).epsilon(1e-4));
  CHECK(minimise([&, st = RMSpropState()](const Feval& f, Tensor& y) mutable { RMSpropConfig k; rmsprop(f, y, k, st); }, 500) < 1e-3);
}

TEST_CASE("optim zoo: adagrad follows adagrad.lua (clr = lr / (1 + t decay), x -= clr g / (sqrt(sum g^2) + 1e-10))") {
  Quadratic q;
  Tensor x = Tensor::vector({1, -1});
  AdagradConfig c;
  c.learningRate = 0.5;
  c.learningRateDecay = 0.1;
  AdagradState s;
  std::vector<double> xs = {1, -1}, v = {0, 0};
  for (int step = 0; step < 3; ++step) {
    adagrad(q.feval(), x, c, s);
    const double clr = 0.5 / (1 + step * 0.1);
    for (int i = 0; i < 2; ++i) {
      const double g = a[i] * xs[i];
      v[i] += g * g;
      xs[i] -= clr * g / (std::sqrt(v[i]) + 1e-10);
    }
    checkX(x, xs, 1e-4);
  }
  CHECK(s.evalCounter == 3);
  CHECK(minimise([st = AdagradState()](const Feval& f, Tensor& y) mutable { AdagradConfig k; k.learningRate = 0.5; adagrad(f, y, k, st); }, 300) < 1e-3);
}

TEST_CASE("optim zoo: adadelta follows adadelta.lua") {
  Quadratic q;
  Tensor x = Tensor::vector({1, -1});
  AdadeltaConfig c;
  AdadeltaState s;
  std::vector<double> xs = {1, -1}, v = {0, 0}, acc = {0, 0};
  for (int step = 0; step < 3; ++step) {
    adadelta(q.feval(), x, c, s);
    for (int i = 0; i < 2; ++i) {
      const double g = a[i] * xs[i];
      v[i] = 0.9 * v[i] + 0.1 * g * g;
      const double delta = std::sqrt(acc[i] + 1e-6) / std::sqrt(v[i] + 1e-6) * g;
      xs[i] -= delta;
      acc[i] = 0.9 * acc[i] + 0.1 * delta * delta;
    }
    checkX(x, xs, 1e-4);
  }
  CHECK(s.evalCounter == 3);
  // adadelta has no learning rate: its steps grow from about sqrt(eps), so it is slow here;
  // Torch's defaults take f from 9.125 to below 0.01 in 5000 steps
  CHECK(minimise([st = AdadeltaState()](const Feval& f, Tensor& y) mutable { AdadeltaConfig k; adadelta(f, y, k, st); }, 5000) < 1e-2);
}

TEST_CASE("optim zoo: adamax follows adamax.lua (u = max(beta2 u, |g| + eps), x -= lr / (1 - beta1^t) m / u)") {
  Quadratic q;
  Tensor x = Tensor::vector({1, -1});
  AdamaxConfig c;
  c.learningRate = 0.1;
  AdamaxState s;
  std::vector<double> xs = {1, -1}, m = {0, 0}, u = {0, 0};
  for (int t = 1; t <= 3; ++t) {
    adamax(q.feval(), x, c, s);
    for (int i = 0; i < 2; ++i) {
      const double g = a[i] * xs[i];
      m[i] = 0.9 * m[i] + 0.1 * g;
      u[i] = std::max(0.999 * u[i], std::fabs(g) + 1e-38);
      xs[i] -= 0.1 / (1 - std::pow(0.9, t)) * m[i] / u[i];
    }
    checkX(x, xs, 1e-4);
  }
  CHECK(s.t == 3);
  CHECK(minimise([st = AdamaxState()](const Feval& f, Tensor& y) mutable { AdamaxConfig k; k.learningRate = 0.05; adamax(f, y, k, st); }, 500) < 1e-3);
}

TEST_CASE("optim zoo: nag evaluates at x + momentum v, then v = momentum v - clr g, x -= clr g (nag.lua)") {
  Quadratic q;
  Tensor x = Tensor::vector({1, -1});
  NAGConfig c;
  c.learningRate = 0.1;
  NAGState s;
  std::vector<double> xs = {1, -1}, v = {0, 0};
  for (int step = 0; step < 3; ++step) {
    nag(q.feval(), x, c, s);
    for (int i = 0; i < 2; ++i) {
      if (step > 0) xs[i] += 0.9 * v[i];
      const double g = a[i] * xs[i];
      v[i] = (step > 0 ? 0.9 * v[i] : 0) - 0.1 * g;
      xs[i] -= 0.1 * g;
    }
    checkX(x, xs, 1e-4);
  }
  NAGConfig none;
  none.momentum = 0;
  CHECK_THROWS_WITH_AS(nag(q.feval(), x, none, s), doctest::Contains("Momentum must be positive"), Error);
  CHECK(minimise([st = NAGState()](const Feval& f, Tensor& y) mutable { NAGConfig k; k.learningRate = 0.05; nag(f, y, k, st); }, 300) < 1e-4);
}

TEST_CASE("optim zoo: lbfgs: first step -g scaled by min(1, 1/|g|_1) lr, then converges on a quadratic") {
  Quadratic q;
  Tensor x = Tensor::vector({1, -1});
  LBFGSConfig c;
  c.maxIter = 1;
  LBFGSState s;
  const StepResult r = lbfgs(q.feval(), x, c, s);
  // g = (1, -4): t = min(1, 1/5) = 0.2, x = x0 - 0.2 g = (0.8, -0.2); maxIter 1: no second evaluation
  checkX(x, {0.8, -0.2});
  CHECK(r.fx.size() == 1);
  CHECK(r.fx[0] == doctest::Approx(2.5));
  CHECK(s.nIter == 1);
  CHECK(s.funcEval == 1);

  Quadratic q2;
  Tensor y = Tensor::vector({1.5f, -2});
  LBFGSConfig full;
  full.maxIter = 50;
  LBFGSState s2;
  const StepResult r2 = lbfgs(q2.feval(), y, full, s2);
  CHECK(r2.fx.back() < 1e-8);
  CHECK(r2.fx.size() >= 2);
  CHECK(r2.fx.back() < r2.fx.front());
  CHECK(s2.funcEval == static_cast<int64_t>(r2.fx.size()));
  // a second call continues from the kept state (already at the optimum: returns at once)
  const StepResult r3 = lbfgs(q2.feval(), y, full, s2);
  CHECK(r3.fx.size() == 1);
}
