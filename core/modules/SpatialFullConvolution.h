// nn.SpatialFullConvolution(nInputPlane, nOutputPlane, kW, kH[, dW = 1, dH = 1, padW = 0,
// padH = 0, adjW = 0, adjH = 0]): the transposed convolution ("deconvolution"), the adjoint of
// SpatialConvolution with the same arguments: out = (in - 1) * step - 2 pad + k + adj per axis
// (adj < step picks among the sizes that convolve back to `in`). weight is nInputPlane x
// nOutputPlane x kH x kW, as Torch; noBias() as SpatialConvolution. Computed per image as one gemm
// and col2im. Torch's table input {input, sizeTensor} (adj from a target size) is not supported.
#pragma once
#include "core/kernels_conv.h"
#include "core/modules/ConvolutionWeights.h"
#include "core/modules/SpatialCommon.h"

namespace nn {

class SpatialFullConvolution : public ConvolutionWeights {  // weight, bias, reset(), noBias()
  NN_MODULE(SpatialFullConvolution, "nn.SpatialFullConvolution")
 public:
  SpatialFullConvolution(int64_t nInputPlane, int64_t nOutputPlane, int64_t kW, int64_t kH, int64_t dW = 1,
                         int64_t dH = 1, int64_t padW = 0, int64_t padH = 0, int64_t adjW = 0, int64_t adjH = 0,
                         bool withBias = true);

  const Value& updateOutput(const Value& input) override;
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override;
  void accGradParameters(const Value& input, const Value& gradOutput, float scale) override;
  std::string toString() const override;
  std::string description() const override { return "transposed 2-D convolution (upsamples with learned kernels)"; }
  Args arguments() const override { return {nIn_, nOut_, kW_, kH_, dW_, dH_, padW_, padH_, adjW_, adjH_, withBias_}; }

 private:
  int64_t nIn_, nOut_, kW_, kH_, dW_, dH_, padW_, padH_, adjW_, adjH_;
  Buffer columns_;
  // The im2col geometry of the *output* image, whose window positions are the input pixels.
  kernels::Window2d geometry(const Tensor& x, SpatialInput& s) const;
};

}  // namespace nn
