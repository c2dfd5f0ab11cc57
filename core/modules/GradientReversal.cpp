// nn.GradientReversal([lambda = 1]): the identity forward; backward multiplies gradOutput by
// -lambda (GradientReversal.lua, for domain-adversarial training).
#include "core/kernels_zoo.h"
#include "core/module.h"

namespace nn {

class GradientReversal : public Module {
  NN_MODULE(GradientReversal, "nn.GradientReversal")
 public:
  explicit GradientReversal(double lambda = 1) : lambda_(lambda) {}
  const Value& updateOutput(const Value& input) override {
    outputTensor() = inputTensor(input);  // output:set(input), as Torch
    return output;
  }
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override {
    const Tensor& x = inputTensor(input);
    const Tensor gy = inputTensor(gradOutput, "gradOutput").contiguous();
    if (!gy.sameShape(x)) fail("gradOutput has size ", gy.shapeString(), " but input has size ", x.shapeString());
    Tensor& gx = gradInputTensor();
    gx.resizeAs(gy);
    kernels::zooUnary(kernels::ZooUnary::Scale, gy.numel(), gy.data(), gx.data(), static_cast<float>(-lambda_));
    return gradInput;
  }
  std::string toString() const override { return cat("nn.GradientReversal(", lambda_, ")"); }
  std::string description() const override { return "identity forward, gradient times -lambda backward"; }
  Args arguments() const override { return {lambda_}; }

 private:
  double lambda_;
};

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(GradientReversal, [](nn::ArgReader& args) -> nn::ModulePtr {
  return std::make_shared<nn::GradientReversal>(args.optNumber("lambda", 1));
})
