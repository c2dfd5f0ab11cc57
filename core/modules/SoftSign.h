// nn.SoftSign(): y = x / (1 + |x|), elementwise.
#pragma once
#include "core/modules/Pointwise.h"

namespace nn {

class SoftSign : public Pointwise {
  NN_MODULE(SoftSign, "nn.SoftSign")
 public:
  SoftSign() : Pointwise(kernels::Unary::SoftSign) {}
  std::string description() const override { return "softsign x / (1 + |x|), elementwise"; }
};

}  // namespace nn
