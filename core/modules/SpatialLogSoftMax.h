// nn.SpatialLogSoftMax(): log-softmax over the planes at every pixel (see SpatialSoftMax.h);
// the input of nn.SpatialClassNLLCriterion in segmentation-style models.
#pragma once
#include "core/modules/SpatialSoftMax.h"

namespace nn {

class SpatialLogSoftMax : public SpatialSoftMaxBase {
  NN_MODULE(SpatialLogSoftMax, "nn.SpatialLogSoftMax")
 public:
  SpatialLogSoftMax() : SpatialSoftMaxBase(true) {}
  std::string description() const override { return "log-softmax over the planes at every pixel"; }
};

}  // namespace nn
