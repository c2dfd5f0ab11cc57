#include "core/modules/LeakyReLU.h"

#include "core/registry.h"
NN_REGISTER_MODULE(LeakyReLU, [](nn::ArgReader& args) -> nn::ModulePtr {
  const double negval = args.optNumber("negval", 1.0 / 100);
  args.optBool("inplace", false);
  return std::make_shared<nn::LeakyReLU>(negval);
})
