// nn.SpatialZeroPadding(pad_l[, pad_r = pad_l, pad_t = pad_l, pad_b = pad_l]): pads every plane
// of a 3-D or 4-D image with zeros; negative amounts crop, as Torch. SpatialPadding2d is the part
// it shares with nn.SpatialReplicationPadding (which repeats the edge pixels instead).
#pragma once
#include "core/kernels_conv.h"
#include "core/module.h"
#include "core/modules/SpatialCommon.h"

namespace nn {

class SpatialPadding2d : public Module {
 public:
  SpatialPadding2d(kernels::Padding mode, int64_t left, int64_t right, int64_t top, int64_t bottom)
      : mode_(mode), left_(left), right_(right), top_(top), bottom_(bottom) {}
  const Value& updateOutput(const Value& input) override;
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override;
  std::string toString() const override;
  Args arguments() const override { return {left_, right_, top_, bottom_}; }

 protected:
  kernels::Padding mode_;
  int64_t left_, right_, top_, bottom_;
  kernels::Pad2d geometry(const SpatialInput& s) const;
};

class SpatialZeroPadding : public SpatialPadding2d {
  NN_MODULE(SpatialZeroPadding, "nn.SpatialZeroPadding")
 public:
  SpatialZeroPadding(int64_t left, int64_t right, int64_t top, int64_t bottom)
      : SpatialPadding2d(kernels::Padding::Zero, left, right, top, bottom) {}
  std::string description() const override { return "pads image planes with zeros (negative amounts crop)"; }
};

}  // namespace nn
