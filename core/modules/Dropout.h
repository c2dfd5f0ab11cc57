// nn.Dropout([p = 0.5, v1 = false, inplace]): in training, zeroes each element with probability p
// and scales the survivors by 1 / (1 - p) (Torch's default "version 2"), so evaluate() is the
// identity. The mask comes from nn::globalGenerator(), so manualSeed makes it reproducible, and
// backward multiplies by the same mask. Only v2 is supported; the in-place flag is ignored.
#pragma once
#include "core/module.h"

namespace nn {

class Dropout : public Module {
  NN_MODULE(Dropout, "nn.Dropout")
 public:
  explicit Dropout(double p = 0.5);
  double p() const { return p_; }
  // The mask of the last training forward: 0 or 1 / (1 - p) per element (Torch's self.noise).
  const Tensor& noise() const { return noise_; }

  const Value& updateOutput(const Value& input) override;
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override;
  std::string toString() const override { return cat("nn.Dropout(", p_, ")"); }
  std::string description() const override {
    return "zeroes each element with probability p while training, scaling the rest by 1/(1-p)";
  }
  Args arguments() const override { return {p_}; }

 private:
  double p_;
  Buffer noise_;
};

}  // namespace nn
