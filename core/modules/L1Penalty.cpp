// nn.L1Penalty(l1weight[, sizeAverage = false, provideOutput = true]) (L1Penalty.lua): the identity
// forward, recording loss = m * ||x||_1 with m = l1weight (divided by the number of elements when
// sizeAverage); backward gives m * sign(x), plus gradOutput when provideOutput.
#include "core/kernels.h"
#include "core/kernels_zoo.h"
#include "core/module.h"

namespace nn {

class L1Penalty : public Module {
  NN_MODULE(L1Penalty, "nn.L1Penalty")
 public:
  L1Penalty(double l1weight, bool sizeAverage, bool provideOutput)
      : weight_(l1weight), sizeAverage_(sizeAverage), provideOutput_(provideOutput) {}
  double loss() const { return loss_; }  // Torch's self.loss, from the last forward

  const Value& updateOutput(const Value& input) override {
    const Tensor& x = inputTensor(input);
    const Tensor xc = x.contiguous();
    absolute_.resizeAs(xc);
    kernels::unary(kernels::Unary::Abs, xc.numel(), xc.data(), absolute_.data());
    loss_ = factor(x) * kernels::sum(xc.numel(), absolute_.data());
    outputTensor() = x;  // self.output = input
    return output;
  }
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override {
    const Tensor x = inputTensor(input).contiguous();
    Tensor& gx = gradInputTensor();
    gx.resizeAs(x);
    kernels::zooUnary(kernels::ZooUnary::Sign, x.numel(), x.data(), gx.data(), static_cast<float>(factor(x)));
    if (provideOutput_) {
      const Tensor gy = inputTensor(gradOutput, "gradOutput").contiguous();
      if (!gy.sameShape(x)) fail("gradOutput has size ", gy.shapeString(), " but input has size ", x.shapeString());
      kernels::axpy(x.numel(), 1.0f, gy.data(), gx.data());
    }
    return gradInput;
  }
  std::string toString() const override { return cat("nn.L1Penalty(", weight_, ")"); }
  std::string description() const override { return "identity that adds an L1 penalty's gradient on its input"; }
  Args arguments() const override { return {weight_, sizeAverage_, provideOutput_}; }

 private:
  double weight_;
  bool sizeAverage_, provideOutput_;
  double loss_ = 0;
  Buffer absolute_;
  double factor(const Tensor& x) const { return sizeAverage_ ? weight_ / static_cast<double>(x.numel()) : weight_; }
};

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(L1Penalty, [](nn::ArgReader& args) -> nn::ModulePtr {
  const double l1weight = args.number("l1weight");
  const bool sizeAverage = args.optBool("sizeAverage", false);
  return std::make_shared<nn::L1Penalty>(l1weight, sizeAverage, args.optBool("provideOutput", true));
})
