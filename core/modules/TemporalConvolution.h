// nn.TemporalConvolution(inputFrameSize, outputFrameSize, kW[, dW = 1]): 1-D convolution over a
// sequence of frames, nInputFrame x inputFrameSize (2-D) or batch x nInputFrame x inputFrameSize
// (3-D); nOutputFrame = floor((nInputFrame - kW) / dW) + 1. weight is outputFrameSize x
// (kW * inputFrameSize), Torch's layout: window frames side by side. Each window is a row of the
// input read with row step dW * inputFrameSize, so one gemm per sequence does it.
#pragma once
#include "core/module.h"

namespace nn {

class TemporalConvolution : public Module {
  NN_MODULE(TemporalConvolution, "nn.TemporalConvolution")
 public:
  Tensor weight, bias, gradWeight, gradBias;

  TemporalConvolution(int64_t inputFrameSize, int64_t outputFrameSize, int64_t kW, int64_t dW = 1);
  void reset();
  const Value& updateOutput(const Value& input) override;
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override;
  void accGradParameters(const Value& input, const Value& gradOutput, float scale) override;
  std::vector<Parameter> parameterList() override;
  std::string toString() const override { return cat("nn.TemporalConvolution(", inF_, " -> ", outF_, ", ", kW_, ", ", dW_, ")"); }
  std::string description() const override { return "1-D convolution over a sequence of frames"; }
  Args arguments() const override { return {inF_, outF_, kW_, dW_}; }

 private:
  int64_t inF_, outF_, kW_, dW_;
  Buffer windows_, biasScratch_;
  struct Frames {
    int64_t batch, frames, outFrames;
    bool batched;
  };
  Frames frames(const Tensor& x) const;
  Shape outputShape(const Frames& f) const;
};

}  // namespace nn
