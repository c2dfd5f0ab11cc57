// nn.Tanh(): y = tanh(x), elementwise.
#pragma once
#include "core/modules/Pointwise.h"

namespace nn {

class Tanh : public Pointwise {
  NN_MODULE(Tanh, "nn.Tanh")
 public:
  Tanh() : Pointwise(kernels::Unary::Tanh) {}
  std::string description() const override { return "hyperbolic tangent, elementwise"; }
};

}  // namespace nn
