#include "core/modules/Mul.h"

#include "core/kernels.h"

namespace nn {

Mul::Mul() : weight({1}), gradWeight({1}) { reset(); }

void Mul::reset() { weight.copy(Tensor::uniform({1}, -1.0f, 1.0f)); }

const Value& Mul::updateOutput(const Value& input) {
  const Tensor x = inputTensor(input).contiguous();
  Tensor& y = outputTensor();
  y.resizeAs(x);
  kernels::unary(kernels::Unary::Affine, x.numel(), x.data(), y.data(), weight.data()[0], 0.0f);
  return output;
}

const Value& Mul::updateGradInput(const Value& input, const Value& gradOutput) {
  const Tensor& x = inputTensor(input);
  const Tensor gy = inputTensor(gradOutput, "gradOutput").contiguous();
  if (!gy.sameShape(x))
    fail("gradOutput has size ", gy.shapeString(), " but input has size ", x.shapeString());
  Tensor& gx = gradInputTensor();
  gx.resizeAs(gy);
  kernels::unary(kernels::Unary::Affine, gy.numel(), gy.data(), gx.data(), weight.data()[0], 0.0f);
  return gradInput;
}

void Mul::accGradParameters(const Value& input, const Value& gradOutput, float scale) {
  const Tensor x = inputTensor(input).contiguous();
  const Tensor gy = inputTensor(gradOutput, "gradOutput").contiguous();
  if (!gy.sameShape(x))
    fail("gradOutput has size ", gy.shapeString(), " but input has size ", x.shapeString());
  gradWeight.data()[0] += static_cast<float>(scale * kernels::dot(x.numel(), x.data(), gy.data()));
}

std::vector<Module::Parameter> Mul::parameterList() {
  return {{"weight", "gradWeight", &weight, &gradWeight}};
}

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(Mul, [](nn::ArgReader& args) -> nn::ModulePtr {
  // Old Torch took an (unused) inputSize: accept and ignore it so old scripts still port.
  args.optInteger("inputSize", 0);
  return std::make_shared<nn::Mul>();
})
