// nn.Dropout([p = 0.5, v1 = false, inplace, stochasticInference = false]), as Torch's Dropout.lua:
// in training each element is zeroed with probability p. Version 2 (the default) scales the
// survivors by 1 / (1 - p), so evaluate() is the identity; v1 = true keeps the survivors as they
// are and multiplies by (1 - p) in evaluate() instead. stochasticInference = true draws a mask
// in evaluate() too (Monte-Carlo dropout). The mask comes from nn::globalGenerator(), so
// manualSeed makes it reproducible, and backward in training multiplies by the same mask. The
// in-place flag is accepted and ignored.
#pragma once
#include "core/module.h"

namespace nn {

class Dropout : public Module {
  NN_MODULE(Dropout, "nn.Dropout")
 public:
  explicit Dropout(double p = 0.5, bool v1 = false, bool stochasticInference = false);
  double p() const { return p_; }
  bool v1() const { return v1_; }
  bool stochasticInference() const { return stochastic_; }
  // The mask of the last masked forward: 0 or 1 / (1 - p) (v1: 0 or 1) per element (Torch's self.noise).
  const Tensor& noise() const { return noise_; }

  const Value& updateOutput(const Value& input) override;
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override;
  std::string toString() const override { return cat("nn.Dropout(", p_, ")"); }
  std::string description() const override {
    return v1_ ? "zeroes each element with probability p while training, scales by 1-p when evaluating"
               : "zeroes each element with probability p while training, scaling the rest by 1/(1-p)";
  }
  Args arguments() const override;

 private:
  double p_;
  bool v1_, stochastic_;
  Buffer noise_;
};

}  // namespace nn
