// nn.SpatialReplicationPadding(pad_l[, pad_r = pad_l, pad_t = pad_l, pad_b = pad_l]): pads every
// plane of a 3-D or 4-D image by repeating its edge pixels; backward sums the gradients of the
// copies into the edge pixel they came from.
#pragma once
#include "core/modules/SpatialZeroPadding.h"

namespace nn {

class SpatialReplicationPadding : public SpatialPadding2d {
  NN_MODULE(SpatialReplicationPadding, "nn.SpatialReplicationPadding")
 public:
  SpatialReplicationPadding(int64_t left, int64_t right, int64_t top, int64_t bottom)
      : SpatialPadding2d(kernels::Padding::Replicate, left, right, top, bottom) {}
  std::string description() const override { return "pads image planes by repeating their edge pixels"; }
};

}  // namespace nn
