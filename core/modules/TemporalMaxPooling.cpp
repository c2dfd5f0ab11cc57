#include "core/modules/TemporalMaxPooling.h"

#include "core/kernels.h"
#include "core/kernels_conv.h"

namespace nn {

TemporalMaxPooling::TemporalMaxPooling(int64_t kW, int64_t dW) : kW_(kW), dW_(dW) {
  if (kW_ <= 0 || dW_ <= 0) nn::fail("nn.TemporalMaxPooling(", kW_, ", ", dW_, "): sizes must be positive");
}

namespace {
// One sequence as a one-plane image: frames are rows, features columns, windows kW x 1.
kernels::Window2d sequenceWindow(int64_t frames, int64_t features, int64_t kW, int64_t dW) {
  kernels::Window2d g;
  g.planes = 1, g.height = frames, g.width = features, g.kH = kW, g.kW = 1, g.dH = dW, g.dW = 1;
  g.outH = (frames - kW) / dW + 1, g.outW = features;
  return g;
}
}  // namespace

const Value& TemporalMaxPooling::updateOutput(const Value& input) {
  const Tensor x = inputTensor(input).contiguous();
  if (x.dim() != 2 && x.dim() != 3)
    fail("expected a 2-D (nInputFrame x frameSize) or 3-D (batch x nInputFrame x frameSize) input, got size ", x.shapeString());
  const int64_t batch = x.dim() == 3 ? x.size(1) : 1, frames = x.size(-2), features = x.size(-1);
  if (frames < kW_) fail("the input has ", frames, " frames, fewer than the window ", kW_);
  const kernels::Window2d g = sequenceWindow(frames, features, kW_, dW_);
  Tensor& y = outputTensor();
  y.resize(x.dim() == 3 ? Shape{batch, g.outH, features} : Shape{g.outH, features});
  index_.resize(y.numel());
  indexShape_ = y.sizes();
  for (int64_t b = 0; b < batch; ++b)
    kernels::maxPool2d(g, x.data() + b * frames * features, y.data() + b * g.outPlane(), index_.data() + b * g.outPlane());
  return output;
}

const Value& TemporalMaxPooling::updateGradInput(const Value& input, const Value& gradOutput) {
  const Tensor& x = inputTensor(input);
  if (x.dim() != 2 && x.dim() != 3) fail("expected a 2-D or 3-D input, got size ", x.shapeString());
  const int64_t batch = x.dim() == 3 ? x.size(1) : 1, frames = x.size(-2), features = x.size(-1);
  if (frames < kW_) fail("the input has ", frames, " frames, fewer than the window ", kW_);
  const kernels::Window2d g = sequenceWindow(frames, features, kW_, dW_);
  const Shape expected = x.dim() == 3 ? Shape{batch, g.outH, features} : Shape{g.outH, features};
  const Tensor gy = inputTensor(gradOutput, "gradOutput").contiguous();
  if (gy.sizes() != expected)
    fail("gradOutput has size ", gy.shapeString(), " but the output has size ", shapeString(expected));
  if (indexShape_ != expected) fail("backward before forward: call forward with this input first");
  Tensor& gx = gradInputTensor();
  gx.resizeAs(x);
  kernels::fill(gx.numel(), 0.0f, gx.data());
  for (int64_t b = 0; b < batch; ++b)
    kernels::maxPool2dBackward(g, gy.data() + b * g.outPlane(), index_.data() + b * g.outPlane(), gx.data() + b * frames * features);
  return gradInput;
}

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(TemporalMaxPooling, [](nn::ArgReader& args) -> nn::ModulePtr {
  const int64_t kW = args.integer("kW");
  return std::make_shared<nn::TemporalMaxPooling>(kW, args.optInteger("dW", kW));
})
