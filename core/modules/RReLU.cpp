// nn.RReLU([l = 1/8, u = 1/3, ip]): randomized leaky rectifier (RReLU.lua, THNN RReLU.c). In
// training each element with x <= 0 is multiplied by a slope drawn uniformly from [l, u] (from
// nn::globalGenerator(), so manualSeed makes it reproducible) and kept in noise(); elements with
// x > 0 pass. In evaluate() the slope is (l + u) / 2. Backward uses the same slopes. In-place is
// accepted and ignored.
#include "core/kernels.h"
#include "core/kernels_rows.h"
#include "core/module.h"
#include "core/random.h"

namespace nn {

class RReLU : public Module {
  NN_MODULE(RReLU, "nn.RReLU")
 public:
  RReLU(double lower, double upper) : lower_(lower), upper_(upper) {
    if (!(lower <= upper && lower >= 0 && upper >= 0))
      nn::fail("nn.RReLU(", lower, ", ", upper, "): expected 0 <= l <= u");
  }
  const Tensor& noise() const { return noise_; }

  const Value& updateOutput(const Value& input) override {
    const Tensor x = inputTensor(input).contiguous();
    noise_.resizeAs(x);
    float* slope = noise_.data();
    const float* xp = x.data();
    const int64_t n = x.numel();
    if (train_) {
      kernels::randomSlopes(n, xp, lower_, upper_, globalGenerator(), slope);
    } else {
      const float negSlope = static_cast<float>((lower_ + upper_) / 2);
      for (int64_t i = 0; i < n; ++i) slope[i] = xp[i] <= 0 ? negSlope : 1.0f;
    }
    Tensor& y = outputTensor();
    y.resizeAs(x);
    kernels::binary(kernels::Binary::Mul, n, xp, slope, y.data());
    return output;
  }
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override {
    const Tensor& x = inputTensor(input);
    const Tensor gy = inputTensor(gradOutput, "gradOutput").contiguous();
    if (!gy.sameShape(x)) fail("gradOutput has size ", gy.shapeString(), " but input has size ", x.shapeString());
    if (!noise_.sameShape(x)) fail("backward before forward: call forward with this input first");
    Tensor& gx = gradInputTensor();
    gx.resizeAs(gy);
    kernels::binary(kernels::Binary::Mul, gy.numel(), gy.data(), noise_.data(), gx.data());
    return gradInput;
  }
  std::string toString() const override { return cat("nn.RReLU(", lower_, ", ", upper_, ")"); }
  std::string description() const override { return "leaky rectifier with random slopes in [l, u] while training"; }
  Args arguments() const override { return {lower_, upper_}; }

 private:
  double lower_, upper_;
  Buffer noise_;  // the slope of each element in the last forward (1 where x > 0)
};

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(RReLU, [](nn::ArgReader& args) -> nn::ModulePtr {
  const double l = args.optNumber("l", 1.0 / 8);
  const double u = args.optNumber("u", 1.0 / 3);
  args.optBool("ip", false);
  return std::make_shared<nn::RReLU>(l, u);
})
