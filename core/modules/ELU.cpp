#include "core/modules/ELU.h"

#include "core/registry.h"
NN_REGISTER_MODULE(ELU, [](nn::ArgReader& args) -> nn::ModulePtr {
  const double alpha = args.optNumber("alpha", 1);
  args.optBool("inplace", false);
  return std::make_shared<nn::ELU>(alpha);
})
