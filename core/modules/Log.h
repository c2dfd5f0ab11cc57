// nn.Log(): y = log(x), elementwise (natural logarithm; NaN/-inf for x <= 0, as Torch).
#pragma once
#include "core/modules/Pointwise.h"

namespace nn {

class Log : public Pointwise {
  NN_MODULE(Log, "nn.Log")
 public:
  Log() : Pointwise(kernels::Unary::Log) {}
  std::string description() const override { return "natural logarithm log(x), elementwise"; }
};

}  // namespace nn
