// nn.Square(): y = x^2, elementwise.
#pragma once
#include "core/modules/Pointwise.h"

namespace nn {

class Square : public Pointwise {
  NN_MODULE(Square, "nn.Square")
 public:
  Square() : Pointwise(kernels::Unary::Square) {}
  std::string description() const override { return "square x^2, elementwise"; }
};

}  // namespace nn
