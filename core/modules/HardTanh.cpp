#include "core/modules/HardTanh.h"

namespace nn {

HardTanh::HardTanh(double minValue, double maxValue)
    : Pointwise(kernels::Unary::HardTanh, static_cast<float>(minValue), static_cast<float>(maxValue)),
      min_(minValue),
      max_(maxValue) {
  if (!(maxValue > minValue))
    nn::fail("nn.HardTanh(", minValue, ", ", maxValue, "): max_value must be larger than min_value");
}

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(HardTanh, [](nn::ArgReader& args) -> nn::ModulePtr {
  const double minValue = args.optNumber("min_value", -1);
  const double maxValue = args.optNumber("max_value", 1);
  args.optBool("inplace", false);
  return std::make_shared<nn::HardTanh>(minValue, maxValue);
})
