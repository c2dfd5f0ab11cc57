// nn.SpatialDropout([p = 0.5]): while training, zeroes whole planes of a 3-D or 4-D image, each
// with probability p (features of one map are correlated, so dropping single pixels would do
// little). As Torch's SpatialDropout — unlike nn.Dropout — the kept planes are not rescaled and
// evaluate() multiplies by (1 - p) instead. The mask is drawn from nn::globalGenerator() (plane by
// plane), so manualSeed makes it reproducible. Deliberate difference: backward in evaluate() is
// defined (gradOutput * (1 - p)) where Torch raises an error.
#pragma once
#include "core/module.h"

namespace nn {

class SpatialDropout : public Module {
  NN_MODULE(SpatialDropout, "nn.SpatialDropout")
 public:
  explicit SpatialDropout(double p = 0.5);
  double p() const { return p_; }
  const Tensor& noise() const { return noise_; }  // 1 or 0 per plane (batch x planes x 1 x 1)

  const Value& updateOutput(const Value& input) override;
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override;
  std::string toString() const override { return cat("nn.SpatialDropout(", p_, ")"); }
  std::string description() const override { return "zeroes whole image planes with probability p while training"; }
  Args arguments() const override { return {p_}; }

 private:
  double p_;
  Buffer noise_;
  bool masked_ = false;  // the last forward applied noise_ (training)
  void apply(const Tensor& x, Tensor& y, bool withMask) const;
};

}  // namespace nn
