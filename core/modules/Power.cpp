#include "core/modules/Power.h"

#include "core/registry.h"
NN_REGISTER_MODULE(Power, [](nn::ArgReader& args) -> nn::ModulePtr {
  return std::make_shared<nn::Power>(args.number("pow"));
})
