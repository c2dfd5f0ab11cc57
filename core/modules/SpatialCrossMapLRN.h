// nn.SpatialCrossMapLRN(size[, alpha = 1e-4, beta = 0.75, k = 1]): local response normalization
// across planes (AlexNet's): y = x / (k + alpha / size * sum of x^2 over `size` neighbouring
// planes)^beta, for 3-D or 4-D images.
#pragma once
#include "core/module.h"

namespace nn {

class SpatialCrossMapLRN : public Module {
  NN_MODULE(SpatialCrossMapLRN, "nn.SpatialCrossMapLRN")
 public:
  SpatialCrossMapLRN(int64_t size, double alpha = 1e-4, double beta = 0.75, double k = 1);
  const Value& updateOutput(const Value& input) override;
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override;
  std::string toString() const override { return cat("nn.SpatialCrossMapLRN(", size_, ", ", alpha_, ", ", beta_, ", ", k_, ")"); }
  std::string description() const override { return "normalizes each pixel by the energy of neighbouring planes"; }
  Args arguments() const override { return {size_, alpha_, beta_, k_}; }

 private:
  int64_t size_;
  double alpha_, beta_, k_;
  Buffer scale_;
};

}  // namespace nn
