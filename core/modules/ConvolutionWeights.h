// What SpatialConvolution and SpatialFullConvolution share (not a module: nothing registers
// here): Torch's checks of their arguments, the weight and optional bias with their gradients,
// reset() drawing both from U(-1/sqrt(fanIn), +) with fanIn = kW kH nInputPlane (as both Torch
// modules do), noBias() and the parameter list.
#pragma once
#include <cmath>

#include "core/error.h"
#include "core/module.h"

namespace nn {

// `who` is the module's Torch name; dilation 1 for the modules that have none.
inline void checkConvolutionArguments(const char* who, int64_t nIn, int64_t nOut, int64_t kW, int64_t kH,
                                      int64_t dW, int64_t dH, int64_t padW, int64_t padH, int64_t dilW = 1,
                                      int64_t dilH = 1) {
  if (nIn <= 0 || nOut <= 0 || kW <= 0 || kH <= 0 || dW <= 0 || dH <= 0 || dilW <= 0 || dilH <= 0)
    fail(who, "(", nIn, " -> ", nOut, ", ", kW, "x", kH, ", ", dW, ",", dH,
         "): plane counts, kernel size, step and dilation must be positive");
  if (padW < 0 || padH < 0) fail(who, ": padding must be >= 0, got ", padW, ",", padH);
}

class ConvolutionWeights : public Module {
 public:
  Tensor weight, bias, gradWeight, gradBias;

  void reset() {
    const float stdv = 1.0f / std::sqrt(static_cast<float>(fanIn_));
    weight.copy(Tensor::uniform(weight.sizes(), -stdv, stdv));
    if (withBias_) bias.copy(Tensor::uniform(bias.sizes(), -stdv, stdv));
  }
  void noBias() {  // Torch's m:noBias()
    withBias_ = false;
    bias = Tensor();
    gradBias = Tensor();
  }
  bool hasBias() const { return withBias_; }
  std::vector<Parameter> parameterList() override {
    std::vector<Parameter> list{{"weight", "gradWeight", &weight, &gradWeight}};
    if (withBias_) list.push_back({"bias", "gradBias", &bias, &gradBias});
    return list;
  }

 protected:
  explicit ConvolutionWeights(bool withBias) : withBias_(withBias) {}
  // Called by the module's constructor once its arguments are checked; then reset().
  void allocate(const Shape& weightShape, int64_t nOut, int64_t fanIn) {
    fanIn_ = fanIn;
    weight = Tensor(weightShape);
    gradWeight = Tensor(weightShape);
    if (withBias_) {
      bias = Tensor({nOut});
      gradBias = Tensor({nOut});
    }
    reset();
  }

  bool withBias_;
  int64_t fanIn_ = 1;
};

}  // namespace nn
