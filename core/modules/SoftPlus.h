// nn.SoftPlus([beta = 1, threshold = 20]): y = log(1 + exp(beta * x)) / beta, elementwise, and y = x
// where beta * x > threshold (avoids overflow). Torch fixes threshold at 20; the optional second
// argument is an extension.
#pragma once
#include "core/modules/Pointwise.h"

namespace nn {

class SoftPlus : public Pointwise {
  NN_MODULE(SoftPlus, "nn.SoftPlus")
 public:
  explicit SoftPlus(double beta = 1, double threshold = 20);
  double beta() const { return beta_; }
  double threshold() const { return threshold_; }
  std::string toString() const override;
  std::string description() const override {
    return "softplus log(1 + exp(beta * x)) / beta, elementwise";
  }
  Args arguments() const override;

 private:
  double beta_, threshold_;
};

}  // namespace nn
