// nn.SpatialAveragePooling(kW, kH[, dW = 1, dH = 1, padW = 0, padH = 0]): the mean of each
// kW x kH window of 3-D or 4-D images. As Torch: ceil() / floor() choose the output rounding,
// setCountIncludePad() (the default) divides by the window clipped to the padded image and
// setCountExcludePad() by the pixels inside the image. Both flags are saved as trailing
// arguments (ceil_mode, count_include_pad).
#pragma once
#include "core/module.h"
#include "core/modules/SpatialCommon.h"

namespace nn {

class SpatialAveragePooling : public Module {
  NN_MODULE(SpatialAveragePooling, "nn.SpatialAveragePooling")
 public:
  SpatialAveragePooling(int64_t kW, int64_t kH, int64_t dW = 1, int64_t dH = 1, int64_t padW = 0, int64_t padH = 0,
                        bool ceilMode = false, bool countIncludePad = true);
  void setCeilMode(bool ceilMode) { ceil_ = ceilMode; }
  void setCountIncludePad(bool include) { countIncludePad_ = include; }
  bool ceilMode() const { return ceil_; }
  bool countIncludePad() const { return countIncludePad_; }

  const Value& updateOutput(const Value& input) override;
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override;
  std::string toString() const override;
  std::string description() const override { return "mean over each window of every image plane"; }
  Args arguments() const override { return {kW_, kH_, dW_, dH_, padW_, padH_, ceil_, countIncludePad_}; }

 private:
  int64_t kW_, kH_, dW_, dH_, padW_, padH_;
  bool ceil_, countIncludePad_;
};

}  // namespace nn
