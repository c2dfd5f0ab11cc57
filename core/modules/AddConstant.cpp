#include "core/modules/AddConstant.h"

#include "core/registry.h"
NN_REGISTER_MODULE(AddConstant, [](nn::ArgReader& args) -> nn::ModulePtr {
  const double constant = args.number("constant_scalar");
  args.optBool("inplace", false);
  return std::make_shared<nn::AddConstant>(constant);
})
