#include "core/modules/SpatialUpSamplingNearest.h"

#include "core/kernels_conv.h"
#include "core/modules/SpatialCommon.h"

namespace nn {

SpatialUpSamplingNearest::SpatialUpSamplingNearest(int64_t scale) : scale_(scale) {
  if (scale_ < 1) nn::fail("nn.SpatialUpSamplingNearest(", scale_, "): scale must be an integer >= 1");
}

const Value& SpatialUpSamplingNearest::updateOutput(const Value& input) {
  const Tensor x = inputTensor(input).contiguous();
  const SpatialInput s = readSpatialInput(toString(), x);
  checkedNumel(Shape{s.batch * s.planes, s.height * scale_, s.width * scale_});
  Tensor& y = outputTensor();
  y.resize(spatialShape(s, s.planes, s.height * scale_, s.width * scale_));
  kernels::upsampleNearest(s.batch * s.planes, s.height, s.width, scale_, x.data(), y.data());
  return output;
}

const Value& SpatialUpSamplingNearest::updateGradInput(const Value& input, const Value& gradOutput) {
  const Tensor& x = inputTensor(input);
  const SpatialInput s = readSpatialInput(toString(), x);
  const Tensor gy = inputTensor(gradOutput, "gradOutput").contiguous();
  checkGradOutputShape(toString(), gy, spatialShape(s, s.planes, s.height * scale_, s.width * scale_));
  Tensor& gx = gradInputTensor();
  gx.resizeAs(x);
  kernels::upsampleNearestBackward(s.batch * s.planes, s.height, s.width, scale_, gy.data(), gx.data());
  return gradInput;
}

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(SpatialUpSamplingNearest,
                   [](nn::ArgReader& args) -> nn::ModulePtr { return std::make_shared<nn::SpatialUpSamplingNearest>(args.integer("scale")); })
