// nn.SpatialMaxPooling(kW, kH[, dW = kW, dH = kH, padW = 0, padH = 0]): the maximum of each
// kW x kH window (padding never wins), of 3-D or 4-D images. ceil() / floor() choose how the
// output size rounds (Torch's :ceil(); saved as a trailing `ceil_mode` argument). The position of
// each maximum is kept for backward, which routes the gradient there (the first maximum on ties).
#pragma once
#include <vector>

#include "core/module.h"
#include "core/modules/SpatialCommon.h"

namespace nn {

class SpatialMaxPooling : public Module {
  NN_MODULE(SpatialMaxPooling, "nn.SpatialMaxPooling")
 public:
  SpatialMaxPooling(int64_t kW, int64_t kH, int64_t dW, int64_t dH, int64_t padW = 0, int64_t padH = 0,
                    bool ceilMode = false);
  void setCeilMode(bool ceilMode) { ceil_ = ceilMode; }
  bool ceilMode() const { return ceil_; }
  // 1-based positions (y * width + x + 1) of the last forward's maxima, Torch's self.indices.
  Tensor indices() const;

  const Value& updateOutput(const Value& input) override;
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override;
  std::string toString() const override;
  std::string description() const override { return "maximum over each window of every image plane"; }
  Args arguments() const override { return {kW_, kH_, dW_, dH_, padW_, padH_, ceil_}; }

 private:
  int64_t kW_, kH_, dW_, dH_, padW_, padH_;
  bool ceil_;
  std::vector<int64_t> index_;  // 0-based position in its plane, per output element
  Shape indexShape_;            // the output size index_ belongs to
};

}  // namespace nn
