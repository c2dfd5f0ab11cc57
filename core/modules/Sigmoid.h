// nn.Sigmoid(): y = 1 / (1 + exp(-x)), elementwise.
#pragma once
#include "core/modules/Pointwise.h"

namespace nn {

class Sigmoid : public Pointwise {
  NN_MODULE(Sigmoid, "nn.Sigmoid")
 public:
  Sigmoid() : Pointwise(kernels::Unary::Sigmoid) {}
  std::string description() const override { return "logistic sigmoid 1 / (1 + exp(-x)), elementwise"; }
};

}  // namespace nn
