// nn.SpatialSoftMax() and nn.SpatialLogSoftMax(): softmax (log-softmax) over the planes at every
// pixel of a 3-D (planes x h x w) or 4-D (batch x planes x h x w) input, as Torch's THNN
// SoftMax / LogSoftMax do for those shapes.
#pragma once
#include "core/module.h"

namespace nn {

class SpatialSoftMaxBase : public Module {
 public:
  explicit SpatialSoftMaxBase(bool log) : log_(log) {}
  const Value& updateOutput(const Value& input) override;
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override;

 private:
  bool log_;
};

class SpatialSoftMax : public SpatialSoftMaxBase {
  NN_MODULE(SpatialSoftMax, "nn.SpatialSoftMax")
 public:
  SpatialSoftMax() : SpatialSoftMaxBase(false) {}
  std::string description() const override { return "softmax over the planes at every pixel"; }
};

}  // namespace nn
