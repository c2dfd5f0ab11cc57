#include "core/modules/ReLU.h"

#include "core/registry.h"
NN_REGISTER_MODULE(ReLU, [](nn::ArgReader& args) -> nn::ModulePtr {
  args.optBool("inplace", false);
  return std::make_shared<nn::ReLU>();
})
