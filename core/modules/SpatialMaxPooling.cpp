#include "core/modules/SpatialMaxPooling.h"

#include "core/kernels.h"

namespace nn {

SpatialMaxPooling::SpatialMaxPooling(int64_t kW, int64_t kH, int64_t dW, int64_t dH, int64_t padW, int64_t padH,
                                     bool ceilMode)
    : kW_(kW), kH_(kH), dW_(dW), dH_(dH), padW_(padW), padH_(padH), ceil_(ceilMode) {
  if (kW_ <= 0 || kH_ <= 0 || dW_ <= 0 || dH_ <= 0)
    nn::fail("nn.SpatialMaxPooling(", kW_, "x", kH_, ", ", dW_, ",", dH_, "): kernel size and step must be positive");
  if (padW_ < 0 || padH_ < 0 || padW_ > kW_ / 2 || padH_ > kH_ / 2)
    nn::fail("nn.SpatialMaxPooling: padding must be between 0 and half the kernel size, got ", padW_, ",", padH_,
             " for a ", kW_, "x", kH_, " kernel");
}

const Value& SpatialMaxPooling::updateOutput(const Value& input) {
  const Tensor x = inputTensor(input).contiguous();
  const SpatialInput s = readSpatialInput(toString(), x);
  const kernels::Window2d g = poolingWindow(toString(), s, kW_, kH_, dW_, dH_, padW_, padH_, ceil_);
  Tensor& y = outputTensor();
  y.resize(spatialShape(s, s.planes, g.outH, g.outW));
  index_.resize(y.numel());
  indexShape_ = y.sizes();
  for (int64_t b = 0; b < s.batch; ++b)
    kernels::maxPool2d(g, x.data() + b * s.image(), y.data() + b * s.planes * g.outPlane(),
                       index_.data() + b * s.planes * g.outPlane());
  return output;
}

const Value& SpatialMaxPooling::updateGradInput(const Value& input, const Value& gradOutput) {
  const Tensor& x = inputTensor(input);
  const SpatialInput s = readSpatialInput(toString(), x);
  const kernels::Window2d g = poolingWindow(toString(), s, kW_, kH_, dW_, dH_, padW_, padH_, ceil_);
  const Tensor gy = inputTensor(gradOutput, "gradOutput").contiguous();
  const Shape expected = spatialShape(s, s.planes, g.outH, g.outW);
  checkGradOutputShape(toString(), gy, expected);
  if (indexShape_ != expected) fail("backward before forward: call forward with this input first");
  Tensor& gx = gradInputTensor();
  gx.resizeAs(x);
  kernels::fill(gx.numel(), 0.0f, gx.data());
  for (int64_t b = 0; b < s.batch; ++b)
    kernels::maxPool2dBackward(g, gy.data() + b * s.planes * g.outPlane(), index_.data() + b * s.planes * g.outPlane(),
                               gx.data() + b * s.image());
  return gradInput;
}

Tensor SpatialMaxPooling::indices() const {
  Tensor t(indexShape_);
  for (size_t i = 0; i < index_.size(); ++i) t.data()[i] = static_cast<float>(index_[i] + 1);
  return t;
}

std::string SpatialMaxPooling::toString() const {
  std::string s = cat("nn.SpatialMaxPooling(", kW_, "x", kH_, ", ", dW_, ",", dH_);
  if (padW_ != 0 || padH_ != 0) s += cat(", ", padW_, ",", padH_);
  return s + ")" + (ceil_ ? " ceil" : "");
}

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(SpatialMaxPooling, [](nn::ArgReader& args) -> nn::ModulePtr {
  const int64_t kW = args.integer("kW");
  const int64_t kH = args.integer("kH");
  const int64_t dW = args.optInteger("dW", kW);
  const int64_t dH = args.optInteger("dH", kH);
  const int64_t padW = args.optInteger("padW", 0);
  const int64_t padH = args.optInteger("padH", 0);
  return std::make_shared<nn::SpatialMaxPooling>(kW, kH, dW, dH, padW, padH, args.optBool("ceil_mode", false));
})
