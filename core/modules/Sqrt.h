// nn.Sqrt(): y = sqrt(x), elementwise. At x = 0 the gradient is 0.5 / 0 = inf here (THNN returns 0).
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
