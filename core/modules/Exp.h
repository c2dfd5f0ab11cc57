// nn.Exp(): y = exp(x), elementwise.
#pragma once
#include "core/modules/Pointwise.h"

namespace nn {

class Exp : public Pointwise {
  NN_MODULE(Exp, "nn.Exp")
 public:
  Exp() : Pointwise(kernels::Unary::Exp) {}
  std::string description() const override { return "exponential exp(x), elementwise"; }
};

}  // namespace nn
