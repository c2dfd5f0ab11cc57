// nn.Sqrt(): y = sqrt(x), elementwise (the gradient 0.5 / y is infinite at 0, as Torch).
#pragma once
#include "core/modules/Pointwise.h"

namespace nn {

class Sqrt : public Pointwise {
  NN_MODULE(Sqrt, "nn.Sqrt")
 public:
  Sqrt() : Pointwise(kernels::Unary::Sqrt) {}
  std::string description() const override { return "square root sqrt(x), elementwise"; }
};

}  // namespace nn
