#include "core/modules/SpatialConvolution.h"

#include "core/kernels.h"

namespace nn {

SpatialConvolution::SpatialConvolution(int64_t nInputPlane, int64_t nOutputPlane, int64_t kW, int64_t kH,
                                       int64_t dW, int64_t dH, int64_t padW, int64_t padH, bool withBias,
                                       int64_t dilationW, int64_t dilationH)
    : ConvolutionWeights(withBias), nIn_(nInputPlane), nOut_(nOutputPlane), kW_(kW), kH_(kH), dW_(dW), dH_(dH),
      padW_(padW), padH_(padH), dilW_(dilationW), dilH_(dilationH) {
  checkConvolutionArguments("nn.SpatialConvolution", nIn_, nOut_, kW_, kH_, dW_, dH_, padW_, padH_, dilW_, dilH_);
  allocate({nOut_, nIn_, kH_, kW_}, nOut_, kW_ * kH_ * nIn_);
}

bool SpatialConvolution::isPointwise() const {
  return kW_ == 1 && kH_ == 1 && dW_ == 1 && dH_ == 1 && padW_ == 0 && padH_ == 0;
}

kernels::Window2d SpatialConvolution::geometry(const Tensor& x, SpatialInput& s) const {
  s = readSpatialInput(toString(), x, nIn_);
  kernels::Window2d g;
  g.planes = nIn_, g.height = s.height, g.width = s.width;
  g.kH = kH_, g.kW = kW_, g.dH = dH_, g.dW = dW_, g.padH = padH_, g.padW = padW_, g.dilH = dilH_, g.dilW = dilW_;
  g.outH = kernels::windowOutputSize(s.height, kH_, dH_, padH_, dilH_, false, false);
  g.outW = kernels::windowOutputSize(s.width, kW_, dW_, padW_, dilW_, false, false);
  if (g.outH < 1 || g.outW < 1)
    fail("the input image (", s.height, "x", s.width, " with padding ", padH_, ",", padW_,
         ") is smaller than the kernel (", (kH_ - 1) * dilH_ + 1, "x", (kW_ - 1) * dilW_ + 1, ")");
  return g;
}

const Value& SpatialConvolution::updateOutput(const Value& input) {
  const Tensor x = inputTensor(input).contiguous();
  SpatialInput s;
  const kernels::Window2d g = geometry(x, s);
  Tensor& y = outputTensor();
  y.resize(spatialShape(s, nOut_, g.outH, g.outW));
  const int64_t P = g.outPlane();
  for (int64_t b = 0; b < s.batch; ++b)
    kernels::conv2d(g, nOut_, x.data() + b * s.image(), weight.data(), withBias_ ? bias.data() : nullptr,
                    y.data() + b * nOut_ * P);
  return output;
}

const Value& SpatialConvolution::updateGradInput(const Value& input, const Value& gradOutput) {
  const Tensor& xIn = inputTensor(input);
  SpatialInput s;
  const kernels::Window2d g = geometry(xIn, s);
  const Tensor gy = inputTensor(gradOutput, "gradOutput").contiguous();
  checkGradOutputShape(toString(), gy, spatialShape(s, nOut_, g.outH, g.outW));
  Tensor& gx = gradInputTensor();
  gx.resizeAs(xIn);
  const int64_t K = g.columnRows(), P = g.outPlane();
  if (!isPointwise()) {
    columns_.resize({K, P});
    kernels::fill(gx.numel(), 0.0f, gx.data());
  }
  for (int64_t b = 0; b < s.batch; ++b) {
    const float* go = gy.data() + b * nOut_ * P;
    float* gi = gx.data() + b * s.image();
    // gradColumns [K, P] = weight^T [K, nOut] x gradOutput [nOut, P], then scattered back
    float* gcols = isPointwise() ? gi : columns_.data();
    kernels::gemm(true, false, K, P, nOut_, 1.0f, weight.data(), K, go, P, 0.0f, gcols, P);
    if (!isPointwise()) kernels::col2im(g, gcols, gi);
  }
  return gradInput;
}

void SpatialConvolution::accGradParameters(const Value& input, const Value& gradOutput, float scale) {
  const Tensor x = inputTensor(input).contiguous();
  SpatialInput s;
  const kernels::Window2d g = geometry(x, s);
  const Tensor gy = inputTensor(gradOutput, "gradOutput").contiguous();
  checkGradOutputShape(toString(), gy, spatialShape(s, nOut_, g.outH, g.outW));
  const int64_t K = g.columnRows(), P = g.outPlane();
  if (!isPointwise()) columns_.resize({K, P});
  for (int64_t b = 0; b < s.batch; ++b) {
    const float* image = x.data() + b * s.image();
    const float* go = gy.data() + b * nOut_ * P;
    const float* cols = image;
    if (!isPointwise()) {
      kernels::im2col(g, image, columns_.data());
      cols = columns_.data();
    }
    // gradWeight [nOut, K] += scale * gradOutput [nOut, P] x columns^T [P, K]
    kernels::gemm(false, true, nOut_, K, P, scale, go, P, cols, P, 1.0f, gradWeight.data(), K);
    if (withBias_)
      for (int64_t o = 0; o < nOut_; ++o)
        gradBias.data()[o] += static_cast<float>(scale * kernels::sum(P, go + o * P));
  }
}

std::string SpatialConvolution::toString() const {
  std::string s = cat(typeName(), "(", nIn_, " -> ", nOut_, ", ", kW_, "x", kH_);
  if (dW_ != 1 || dH_ != 1 || padW_ != 0 || padH_ != 0) s += cat(", ", dW_, ",", dH_);
  if (padW_ != 0 || padH_ != 0) s += cat(", ", padW_, ",", padH_);
  if (dilW_ != 1 || dilH_ != 1) s += cat(", ", dilW_, ",", dilH_);
  s += ")";
  if (!withBias_) s += " without bias";
  return s;
}

Args SpatialConvolution::arguments() const {
  return {nIn_, nOut_, kW_, kH_, dW_, dH_, padW_, padH_, withBias_};
}

Args SpatialDilatedConvolution::arguments() const {
  return {nIn_, nOut_, kW_, kH_, dW_, dH_, padW_, padH_, dilW_, dilH_, withBias_};
}

}  // namespace nn

#include "core/registry.h"
namespace {
// Torch's (nInputPlane, nOutputPlane, kW, kH[, dW, dH, padW, padH]) then, for the dilated one,
// (dilationW, dilationH); then this engine's `bias` flag (false after noBias()).
template <class Conv>
nn::ModulePtr makeConvolution(nn::ArgReader& args, bool dilated) {
  const int64_t nIn = args.integer("nInputPlane");
  const int64_t nOut = args.integer("nOutputPlane");
  const int64_t kW = args.integer("kW");
  const int64_t kH = args.integer("kH");
  const int64_t dW = args.optInteger("dW", 1);
  const int64_t dH = args.optInteger("dH", 1);
  const int64_t padW = args.optInteger("padW", 0);
  const int64_t padH = args.optInteger("padH", padW);
  const int64_t dilW = dilated ? args.optInteger("dilationW", 1) : 1;
  const int64_t dilH = dilated ? args.optInteger("dilationH", 1) : 1;
  const bool withBias = args.optBool("bias", true);
  return std::make_shared<Conv>(nIn, nOut, kW, kH, dW, dH, padW, padH, withBias, dilW, dilH);
}
}  // namespace
NN_REGISTER_MODULE(SpatialConvolution, [](nn::ArgReader& a) { return makeConvolution<nn::SpatialConvolution>(a, false); })
NN_REGISTER_MODULE(SpatialConvolutionMM, [](nn::ArgReader& a) { return makeConvolution<nn::SpatialConvolutionMM>(a, false); })
NN_REGISTER_MODULE(SpatialDilatedConvolution,
                   [](nn::ArgReader& a) { return makeConvolution<nn::SpatialDilatedConvolution>(a, true); })
