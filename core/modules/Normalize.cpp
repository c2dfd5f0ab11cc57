// nn.Normalize(p[, eps = 1e-10]) (Normalize.lua): a vector, or each row of a batch x n matrix,
// divided by its p-norm (sum |x|^p + eps)^(1/p) for any p > 0. (Torch's p = math.huge, the max
// norm, is not supported: a clear error.)
#include <cmath>

#include "core/kernels_zoo.h"
#include "core/module.h"

namespace nn {

class Normalize : public Module {
  NN_MODULE(Normalize, "nn.Normalize")
 public:
  Normalize(double p, double eps) : p_(p), eps_(eps) {
    if (!(p > 0) || std::isinf(p)) nn::fail("nn.Normalize(", p, "): only finite p-norms with p > 0 are supported");
  }
  const Value& updateOutput(const Value& input) override {
    const Tensor x = checked(input);
    Tensor& y = outputTensor();
    y.resizeAs(x);
    norms_.resize({rows(x)});
    kernels::normalizeRows(rows(x), x.size(-1), x.data(), p_, eps_, y.data(), norms_.data());
    return output;
  }
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override {
    const Tensor x = checked(input);
    const Tensor gy = inputTensor(gradOutput, "gradOutput").contiguous();
    if (!gy.sameShape(x)) fail("gradOutput has size ", gy.shapeString(), " but input has size ", x.shapeString());
    // the norms of this input (not trusting that the last forward saw it)
    Tensor& gx = gradInputTensor();
    gx.resizeAs(x);
    norms_.resize({rows(x)});
    kernels::normalizeRows(rows(x), x.size(-1), x.data(), p_, eps_, gx.data(), norms_.data());
    kernels::normalizeRowsBackward(rows(x), x.size(-1), x.data(), norms_.data(), p_, gy.data(), gx.data());
    return gradInput;
  }
  std::string toString() const override { return cat("nn.Normalize(", p_, ")"); }
  std::string description() const override { return "divides each row by its p-norm"; }
  Args arguments() const override { return {p_, eps_}; }

 private:
  double p_, eps_;
  Buffer norms_;
  static int64_t rows(const Tensor& x) { return x.dim() == 1 ? 1 : x.size(1); }
  Tensor checked(const Value& input) const {
    const Tensor x = inputTensor(input).contiguous();
    if (x.dim() != 1 && x.dim() != 2) fail("only 1-D or 2-D (batch x n) input is supported, got ", x.dim() ? x.shapeString() : "an empty tensor");
    return x;
  }
};

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(Normalize, [](nn::ArgReader& args) -> nn::ModulePtr {
  const double p = args.number("p");
  return std::make_shared<nn::Normalize>(p, args.optNumber("eps", 1e-10));
})
