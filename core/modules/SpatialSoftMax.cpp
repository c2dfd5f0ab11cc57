#include "core/modules/SpatialSoftMax.h"

#include "core/kernels_conv.h"
#include "core/modules/SpatialCommon.h"

namespace nn {

const Value& SpatialSoftMaxBase::updateOutput(const Value& input) {
  const Tensor x = inputTensor(input).contiguous();
  const SpatialInput s = readSpatialInput(toString(), x);
  Tensor& y = outputTensor();
  y.resizeAs(x);
  kernels::softmaxPlanes(log_, s.batch, s.planes, s.height * s.width, x.data(), y.data());
  return output;
}

const Value& SpatialSoftMaxBase::updateGradInput(const Value& input, const Value& gradOutput) {
  const Tensor& x = inputTensor(input);
  const SpatialInput s = readSpatialInput(toString(), x);
  const Tensor gy = inputTensor(gradOutput, "gradOutput").contiguous();
  checkGradOutputShape(toString(), gy, x.sizes());
  const Tensor& y = output.tensor();
  if (!y.sameShape(x)) fail("backward before forward: call forward with this input first");
  Tensor& gx = gradInputTensor();
  gx.resizeAs(x);
  kernels::softmaxPlanesBackward(log_, s.batch, s.planes, s.height * s.width, y.data(), gy.data(), gx.data());
  return gradInput;
}

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(SpatialSoftMax, [](nn::ArgReader&) -> nn::ModulePtr { return std::make_shared<nn::SpatialSoftMax>(); })
