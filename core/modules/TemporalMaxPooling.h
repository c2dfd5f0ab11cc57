// nn.TemporalMaxPooling(kW[, dW = kW]): the maximum of each feature over windows of kW frames,
// for nInputFrame x frameSize (2-D) or batch x nInputFrame x frameSize (3-D) input;
// nOutputFrame = floor((nInputFrame - kW) / dW) + 1. The first maximum of a window gets the
// gradient. (It is 2-D max pooling of one plane with a kW x 1 window: the same kernel.)
#pragma once
#include <vector>

#include "core/module.h"

namespace nn {

class TemporalMaxPooling : public Module {
  NN_MODULE(TemporalMaxPooling, "nn.TemporalMaxPooling")
 public:
  TemporalMaxPooling(int64_t kW, int64_t dW);
  const Value& updateOutput(const Value& input) override;
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override;
  std::string toString() const override { return cat("nn.TemporalMaxPooling(", kW_, ", ", dW_, ")"); }
  std::string description() const override { return "maximum of each feature over windows of frames"; }
  Args arguments() const override { return {kW_, dW_}; }

 private:
  int64_t kW_, dW_;
  std::vector<int64_t> index_;
  Shape indexShape_;
};

}  // namespace nn
