// nn.SpatialUpSamplingNearest(scale): repeats every pixel of a 3-D or 4-D image into a
// scale x scale block (integer scale >= 1); backward sums each block's gradients.
#pragma once
#include "core/module.h"

namespace nn {

class SpatialUpSamplingNearest : public Module {
  NN_MODULE(SpatialUpSamplingNearest, "nn.SpatialUpSamplingNearest")
 public:
  explicit SpatialUpSamplingNearest(int64_t scale);
  const Value& updateOutput(const Value& input) override;
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override;
  std::string toString() const override { return cat("nn.SpatialUpSamplingNearest(", scale_, ")"); }
  std::string description() const override { return "enlarges images by repeating each pixel"; }
  Args arguments() const override { return {scale_}; }

 private:
  int64_t scale_;
};

}  // namespace nn
