#include "core/modules/Clamp.h"

namespace nn {

Clamp::Clamp(double minValue, double maxValue)
    : Pointwise(kernels::Unary::HardTanh, static_cast<float>(minValue), static_cast<float>(maxValue)),
      min_(minValue),
      max_(maxValue) {
  if (!(maxValue > minValue))
    nn::fail("nn.Clamp(", minValue, ", ", maxValue, "): max_value must be larger than min_value");
}

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(Clamp, [](nn::ArgReader& args) -> nn::ModulePtr {
  const double minValue = args.number("min_value");
  const double maxValue = args.number("max_value");
  return std::make_shared<nn::Clamp>(minValue, maxValue);
})
