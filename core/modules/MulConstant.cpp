#include "core/modules/MulConstant.h"

#include "core/registry.h"
NN_REGISTER_MODULE(MulConstant, [](nn::ArgReader& args) -> nn::ModulePtr {
  const double constant = args.number("constant_scalar");
  args.optBool("inplace", false);
  return std::make_shared<nn::MulConstant>(constant);
})
