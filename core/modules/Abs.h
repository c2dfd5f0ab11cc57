// nn.Abs(): y = |x|, elementwise.
#pragma once
#include "core/modules/Pointwise.h"

namespace nn {

class Abs : public Pointwise {
  NN_MODULE(Abs, "nn.Abs")
 public:
  Abs() : Pointwise(kernels::Unary::Abs) {}
  std::string description() const override { return "absolute value |x|, elementwise"; }
};

}  // namespace nn
