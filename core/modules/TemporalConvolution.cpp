#include "core/modules/TemporalConvolution.h"

#include <cmath>

#include "core/kernels.h"

namespace nn {

TemporalConvolution::TemporalConvolution(int64_t inputFrameSize, int64_t outputFrameSize, int64_t kW, int64_t dW)
    : inF_(inputFrameSize), outF_(outputFrameSize), kW_(kW), dW_(dW) {
  if (inF_ <= 0 || outF_ <= 0 || kW_ <= 0 || dW_ <= 0)
    nn::fail("nn.TemporalConvolution(", inF_, " -> ", outF_, ", ", kW_, ", ", dW_, "): sizes must be positive");
  weight = Tensor({outF_, kW_ * inF_});
  gradWeight = Tensor({outF_, kW_ * inF_});
  bias = Tensor({outF_});
  gradBias = Tensor({outF_});
  reset();
}

void TemporalConvolution::reset() {
  const float stdv = 1.0f / std::sqrt(static_cast<float>(kW_ * inF_));
  weight.copy(Tensor::uniform(weight.sizes(), -stdv, stdv));
  bias.copy(Tensor::uniform(bias.sizes(), -stdv, stdv));
}

TemporalConvolution::Frames TemporalConvolution::frames(const Tensor& x) const {
  if ((x.dim() != 2 && x.dim() != 3) || x.size(-1) != inF_)
    fail("expected a 2-D (nInputFrame x ", inF_, ") or 3-D (batch x nInputFrame x ", inF_, ") input, got size ",
         x.shapeString());
  Frames f;
  f.batched = x.dim() == 3;
  f.batch = f.batched ? x.size(1) : 1;
  f.frames = x.size(-2);
  if (f.frames < kW_) fail("the input has ", f.frames, " frames, fewer than the kernel width ", kW_);
  f.outFrames = (f.frames - kW_) / dW_ + 1;
  return f;
}

Shape TemporalConvolution::outputShape(const Frames& f) const {
  return f.batched ? Shape{f.batch, f.outFrames, outF_} : Shape{f.outFrames, outF_};
}

const Value& TemporalConvolution::updateOutput(const Value& input) {
  const Tensor x = inputTensor(input).contiguous();
  const Frames f = frames(x);
  Tensor& y = outputTensor();
  y.resize(outputShape(f));
  const int64_t K = kW_ * inF_;
  for (int64_t b = 0; b < f.batch; ++b) {
    float* out = y.data() + b * f.outFrames * outF_;
    for (int64_t t = 0; t < f.outFrames; ++t) kernels::copy(outF_, bias.data(), out + t * outF_);
    // out [T', outF] += windows [T', K] (rows dW * inF apart in the input) x weight^T [K, outF]
    kernels::gemm(false, true, f.outFrames, outF_, K, 1.0f, x.data() + b * f.frames * inF_, dW_ * inF_, weight.data(), K,
                  1.0f, out, outF_);
  }
  return output;
}

const Value& TemporalConvolution::updateGradInput(const Value& input, const Value& gradOutput) {
  const Tensor& x = inputTensor(input);
  const Frames f = frames(x);
  const Tensor gy = inputTensor(gradOutput, "gradOutput").contiguous();
  if (gy.sizes() != outputShape(f))
    fail("gradOutput has size ", gy.shapeString(), " but the output has size ", shapeString(outputShape(f)));
  Tensor& gx = gradInputTensor();
  gx.resizeAs(x);
  kernels::fill(gx.numel(), 0.0f, gx.data());
  const int64_t K = kW_ * inF_;
  windows_.resize({f.outFrames, K});
  for (int64_t b = 0; b < f.batch; ++b) {
    // gradWindows [T', K] = gradOutput [T', outF] x weight [outF, K]; overlapping windows add up
    kernels::gemm(false, false, f.outFrames, K, outF_, 1.0f, gy.data() + b * f.outFrames * outF_, outF_, weight.data(), K,
                  0.0f, windows_.data(), K);
    float* gi = gx.data() + b * f.frames * inF_;
    for (int64_t t = 0; t < f.outFrames; ++t) kernels::axpy(K, 1.0f, windows_.data() + t * K, gi + t * dW_ * inF_);
  }
  return gradInput;
}

void TemporalConvolution::accGradParameters(const Value& input, const Value& gradOutput, float scale) {
  const Tensor x = inputTensor(input).contiguous();
  const Frames f = frames(x);
  const Tensor gy = inputTensor(gradOutput, "gradOutput").contiguous();
  if (gy.sizes() != outputShape(f))
    fail("gradOutput has size ", gy.shapeString(), " but the output has size ", shapeString(outputShape(f)));
  const int64_t K = kW_ * inF_;
  biasScratch_.resize({outF_});
  for (int64_t b = 0; b < f.batch; ++b) {
    const float* go = gy.data() + b * f.outFrames * outF_;
    // gradWeight [outF, K] += scale * gradOutput^T [outF, T'] x windows [T', K]
    kernels::gemm(true, false, outF_, K, f.outFrames, scale, go, outF_, x.data() + b * f.frames * inF_, dW_ * inF_, 1.0f,
                  gradWeight.data(), K);
    kernels::sumAxis(1, f.outFrames, outF_, go, biasScratch_.data());
    kernels::axpy(outF_, scale, biasScratch_.data(), gradBias.data());
  }
}

std::vector<Module::Parameter> TemporalConvolution::parameterList() {
  return {{"weight", "gradWeight", &weight, &gradWeight}, {"bias", "gradBias", &bias, &gradBias}};
}

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(TemporalConvolution, [](nn::ArgReader& args) -> nn::ModulePtr {
  const int64_t in = args.integer("inputFrameSize");
  const int64_t out = args.integer("outputFrameSize");
  const int64_t kW = args.integer("kW");
  return std::make_shared<nn::TemporalConvolution>(in, out, kW, args.optInteger("dW", 1));
})
