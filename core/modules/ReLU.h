// nn.ReLU([inplace]): y = max(0, x), elementwise. The in-place flag is accepted for Torch
// compatibility and ignored: outputs always have their own storage here.
#pragma once
#include "core/modules/Pointwise.h"

namespace nn {

class ReLU : public Pointwise {
  NN_MODULE(ReLU, "nn.ReLU")
 public:
  ReLU() : Pointwise(kernels::Unary::ReLU) {}
  std::string description() const override { return "rectified linear unit max(0, x), elementwise"; }
};

}  // namespace nn
