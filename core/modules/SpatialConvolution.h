// nn.SpatialConvolution(nInputPlane, nOutputPlane, kW, kH[, dW = 1, dH = 1, padW = 0,
// padH = padW]): 2-D convolution (cross-correlation, as Torch) of 3-D (planes x h x w) or 4-D
// (batch x planes x h x w) images; out = floor((in + 2 pad - k) / step) + 1 per axis.
// weight is nOutputPlane x nInputPlane x kH x kW, bias nOutputPlane; reset() draws both from
// U(-1/sqrt(kW kH nInputPlane), +). noBias() drops the bias (a trailing `bias` argument, false,
// records that in saved graphs). Computed per image: forward as an implicit gemm (the im2col
// matrix packed panel by panel straight from the image), backward as im2col/col2im + gemm
// (core/kernels_conv.h).
// nn.SpatialConvolutionMM is the same module under Torch's other name; nn.SpatialDilatedConvolution
// adds (dilationW, dilationH) after padH.
#pragma once
#include "core/kernels_conv.h"
#include "core/modules/ConvolutionWeights.h"
#include "core/modules/SpatialCommon.h"

namespace nn {

class SpatialConvolution : public ConvolutionWeights {  // weight, bias, reset(), noBias()
  NN_MODULE(SpatialConvolution, "nn.SpatialConvolution")
 public:
  SpatialConvolution(int64_t nInputPlane, int64_t nOutputPlane, int64_t kW, int64_t kH, int64_t dW = 1,
                     int64_t dH = 1, int64_t padW = 0, int64_t padH = 0, bool withBias = true,
                     int64_t dilationW = 1, int64_t dilationH = 1);

  const Value& updateOutput(const Value& input) override;
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override;
  void accGradParameters(const Value& input, const Value& gradOutput, float scale) override;
  std::string toString() const override;
  std::string description() const override { return "2-D convolution of image planes (implicit gemm)"; }
  Args arguments() const override;

 protected:
  int64_t nIn_, nOut_, kW_, kH_, dW_, dH_, padW_, padH_, dilW_, dilH_;
  Buffer columns_;  // im2col of one image, or its gradient

  // The input's layout and the window geometry of one image; fails for too-small inputs.
  kernels::Window2d geometry(const Tensor& x, SpatialInput& s) const;
  bool isPointwise() const;  // 1x1, step 1, no padding: the image is its own im2col matrix
};

class SpatialConvolutionMM : public SpatialConvolution {
  NN_MODULE(SpatialConvolutionMM, "nn.SpatialConvolutionMM")
 public:
  using SpatialConvolution::SpatialConvolution;
};

class SpatialDilatedConvolution : public SpatialConvolution {
  NN_MODULE(SpatialDilatedConvolution, "nn.SpatialDilatedConvolution")
 public:
  using SpatialConvolution::SpatialConvolution;
  std::string description() const override { return "2-D convolution with a dilated (spread-out) kernel"; }
  Args arguments() const override;
};

}  // namespace nn
