#include "core/modules/SpatialFullConvolution.h"

#include "core/kernels.h"

namespace nn {

SpatialFullConvolution::SpatialFullConvolution(int64_t nInputPlane, int64_t nOutputPlane, int64_t kW, int64_t kH,
                                               int64_t dW, int64_t dH, int64_t padW, int64_t padH, int64_t adjW,
                                               int64_t adjH, bool withBias)
    : ConvolutionWeights(withBias), nIn_(nInputPlane), nOut_(nOutputPlane), kW_(kW), kH_(kH), dW_(dW), dH_(dH),
      padW_(padW), padH_(padH), adjW_(adjW), adjH_(adjH) {
  checkConvolutionArguments("nn.SpatialFullConvolution", nIn_, nOut_, kW_, kH_, dW_, dH_, padW_, padH_);
  if (adjW_ < 0 || adjH_ < 0 || adjW_ > dW_ - 1 || adjH_ > dH_ - 1)
    nn::fail("nn.SpatialFullConvolution: adjW and adjH must be between 0 and dW - 1, dH - 1 (", dW_ - 1, ", ", dH_ - 1,
             "), got ", adjW_, ", ", adjH_);
  allocate({nIn_, nOut_, kH_, kW_}, nOut_, kW_ * kH_ * nIn_);
}

kernels::Window2d SpatialFullConvolution::geometry(const Tensor& x, SpatialInput& s) const {
  s = readSpatialInput(toString(), x, nIn_);
  kernels::Window2d g;
  g.planes = nOut_;
  g.height = (s.height - 1) * dH_ - 2 * padH_ + kH_ + adjH_;
  g.width = (s.width - 1) * dW_ - 2 * padW_ + kW_ + adjW_;
  if (g.height < 1 || g.width < 1)
    fail("the input image (", s.height, "x", s.width, ") gives an empty output (", g.height, "x", g.width,
         "): the padding is too large");
  g.kH = kH_, g.kW = kW_, g.dH = dH_, g.dW = dW_, g.padH = padH_, g.padW = padW_;
  g.outH = s.height, g.outW = s.width;
  return g;
}

const Value& SpatialFullConvolution::updateOutput(const Value& input) {
  const Tensor x = inputTensor(input).contiguous();
  SpatialInput s;
  const kernels::Window2d g = geometry(x, s);
  Tensor& y = outputTensor();
  y.resize(spatialShape(s, nOut_, g.height, g.width));
  const int64_t K = g.columnRows(), P = g.outPlane(), outImage = nOut_ * g.inPlane();
  columns_.resize({K, P});
  for (int64_t b = 0; b < s.batch; ++b) {
    float* out = y.data() + b * outImage;
    // columns [nOut kH kW, P] = weight^T (weight viewed [nIn, nOut kH kW]) x input [nIn, P]
    kernels::gemm(true, false, K, P, nIn_, 1.0f, weight.data(), K, x.data() + b * s.image(), P, 0.0f, columns_.data(), P);
    if (withBias_)
      for (int64_t o = 0; o < nOut_; ++o) kernels::fill(g.inPlane(), bias.data()[o], out + o * g.inPlane());
    else
      kernels::fill(outImage, 0.0f, out);
    kernels::col2im(g, columns_.data(), out);
  }
  return output;
}

const Value& SpatialFullConvolution::updateGradInput(const Value& input, const Value& gradOutput) {
  const Tensor& xIn = inputTensor(input);
  SpatialInput s;
  const kernels::Window2d g = geometry(xIn, s);
  const Tensor gy = inputTensor(gradOutput, "gradOutput").contiguous();
  checkGradOutputShape(toString(), gy, spatialShape(s, nOut_, g.height, g.width));
  Tensor& gx = gradInputTensor();
  gx.resizeAs(xIn);
  const int64_t K = g.columnRows(), P = g.outPlane(), outImage = nOut_ * g.inPlane();
  columns_.resize({K, P});
  for (int64_t b = 0; b < s.batch; ++b) {
    // gradInput [nIn, P] = weight [nIn, K] x im2col(gradOutput) [K, P]: a convolution
    kernels::im2col(g, gy.data() + b * outImage, columns_.data());
    kernels::gemm(false, false, nIn_, P, K, 1.0f, weight.data(), K, columns_.data(), P, 0.0f, gx.data() + b * s.image(), P);
  }
  return gradInput;
}

void SpatialFullConvolution::accGradParameters(const Value& input, const Value& gradOutput, float scale) {
  const Tensor x = inputTensor(input).contiguous();
  SpatialInput s;
  const kernels::Window2d g = geometry(x, s);
  const Tensor gy = inputTensor(gradOutput, "gradOutput").contiguous();
  checkGradOutputShape(toString(), gy, spatialShape(s, nOut_, g.height, g.width));
  const int64_t K = g.columnRows(), P = g.outPlane(), outImage = nOut_ * g.inPlane();
  columns_.resize({K, P});
  for (int64_t b = 0; b < s.batch; ++b) {
    const float* go = gy.data() + b * outImage;
    kernels::im2col(g, go, columns_.data());
    // gradWeight [nIn, K] += scale * input [nIn, P] x columns^T [P, K]
    kernels::gemm(false, true, nIn_, K, P, scale, x.data() + b * s.image(), P, columns_.data(), P, 1.0f,
                  gradWeight.data(), K);
    if (withBias_)
      for (int64_t o = 0; o < nOut_; ++o)
        gradBias.data()[o] += static_cast<float>(scale * kernels::sum(g.inPlane(), go + o * g.inPlane()));
  }
}

std::string SpatialFullConvolution::toString() const {
  std::string s = cat("nn.SpatialFullConvolution(", nIn_, " -> ", nOut_, ", ", kW_, "x", kH_);
  if (dW_ != 1 || dH_ != 1 || padW_ != 0 || padH_ != 0 || adjW_ != 0 || adjH_ != 0) s += cat(", ", dW_, ",", dH_);
  if (padW_ != 0 || padH_ != 0 || adjW_ != 0 || adjH_ != 0) s += cat(", ", padW_, ",", padH_);
  if (adjW_ != 0 || adjH_ != 0) s += cat(", ", adjW_, ",", adjH_);
  return s + ")" + (withBias_ ? "" : " without bias");
}

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(SpatialFullConvolution, [](nn::ArgReader& args) -> nn::ModulePtr {
  const int64_t nIn = args.integer("nInputPlane");
  const int64_t nOut = args.integer("nOutputPlane");
  const int64_t kW = args.integer("kW");
  const int64_t kH = args.integer("kH");
  const int64_t dW = args.optInteger("dW", 1);
  const int64_t dH = args.optInteger("dH", 1);
  const int64_t padW = args.optInteger("padW", 0);
  const int64_t padH = args.optInteger("padH", 0);
  const int64_t adjW = args.optInteger("adjW", 0);
  const int64_t adjH = args.optInteger("adjH", 0);
  return std::make_shared<nn::SpatialFullConvolution>(nIn, nOut, kW, kH, dW, dH, padW, padH, adjW, adjH,
                                                      args.optBool("bias", true));
})
