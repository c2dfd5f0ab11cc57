#include "core/modules/SpatialAveragePooling.h"

#include "core/kernels.h"

namespace nn {

SpatialAveragePooling::SpatialAveragePooling(int64_t kW, int64_t kH, int64_t dW, int64_t dH, int64_t padW,
                                             int64_t padH, bool ceilMode, bool countIncludePad)
    : kW_(kW), kH_(kH), dW_(dW), dH_(dH), padW_(padW), padH_(padH), ceil_(ceilMode), countIncludePad_(countIncludePad) {
  if (kW_ <= 0 || kH_ <= 0 || dW_ <= 0 || dH_ <= 0)
    nn::fail("nn.SpatialAveragePooling(", kW_, "x", kH_, ", ", dW_, ",", dH_,
             "): kernel size and step must be positive");
  if (padW_ < 0 || padH_ < 0 || padW_ > kW_ / 2 || padH_ > kH_ / 2)
    nn::fail("nn.SpatialAveragePooling: padding must be between 0 and half the kernel size, got ", padW_, ",", padH_,
             " for a ", kW_, "x", kH_, " kernel");
}

const Value& SpatialAveragePooling::updateOutput(const Value& input) {
  const Tensor x = inputTensor(input).contiguous();
  const SpatialInput s = readSpatialInput(toString(), x);
  const kernels::Window2d g = poolingWindow(toString(), s, kW_, kH_, dW_, dH_, padW_, padH_, ceil_);
  Tensor& y = outputTensor();
  y.resize(spatialShape(s, s.planes, g.outH, g.outW));
  for (int64_t b = 0; b < s.batch; ++b)
    kernels::avgPool2d(g, countIncludePad_, x.data() + b * s.image(), y.data() + b * s.planes * g.outPlane());
  return output;
}

const Value& SpatialAveragePooling::updateGradInput(const Value& input, const Value& gradOutput) {
  const Tensor& x = inputTensor(input);
  const SpatialInput s = readSpatialInput(toString(), x);
  const kernels::Window2d g = poolingWindow(toString(), s, kW_, kH_, dW_, dH_, padW_, padH_, ceil_);
  const Tensor gy = inputTensor(gradOutput, "gradOutput").contiguous();
  checkGradOutputShape(toString(), gy, spatialShape(s, s.planes, g.outH, g.outW));
  Tensor& gx = gradInputTensor();
  gx.resizeAs(x);
  kernels::fill(gx.numel(), 0.0f, gx.data());
  for (int64_t b = 0; b < s.batch; ++b)
    kernels::avgPool2dBackward(g, countIncludePad_, gy.data() + b * s.planes * g.outPlane(), gx.data() + b * s.image());
  return gradInput;
}

std::string SpatialAveragePooling::toString() const {
  std::string s = cat("nn.SpatialAveragePooling(", kW_, "x", kH_, ", ", dW_, ",", dH_);
  if (padW_ != 0 || padH_ != 0) s += cat(", ", padW_, ",", padH_);
  s += ")";
  if (ceil_) s += " ceil";
  if (!countIncludePad_) s += " excluding padding";
  return s;
}

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(SpatialAveragePooling, [](nn::ArgReader& args) -> nn::ModulePtr {
  const int64_t kW = args.integer("kW");
  const int64_t kH = args.integer("kH");
  const int64_t dW = args.optInteger("dW", 1);
  const int64_t dH = args.optInteger("dH", 1);
  const int64_t padW = args.optInteger("padW", 0);
  const int64_t padH = args.optInteger("padH", 0);
  const bool ceilMode = args.optBool("ceil_mode", false);
  return std::make_shared<nn::SpatialAveragePooling>(kW, kH, dW, dH, padW, padH, ceilMode,
                                                     args.optBool("count_include_pad", true));
})
