#include "core/modules/LeakyReLU.h"

#include "core/registry.h"
// Torch's LeakyReLU.lua: a boolean first argument is the in-place flag, with negval 1/100.
NN_REGISTER_MODULE(LeakyReLU, [](nn::ArgReader& args) -> nn::ModulePtr {
  double negval = 1.0 / 100;
  if (args.nextKind() == nn::Arg::Kind::Bool) args.optBool("inplace", false);
  else negval = args.optNumber("negval", 1.0 / 100);
  args.optBool("inplace", false);
  return std::make_shared<nn::LeakyReLU>(negval);
})
