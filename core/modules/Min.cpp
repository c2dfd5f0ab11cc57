#include "core/modules/Min.h"

#include "core/registry.h"
NN_REGISTER_MODULE(Min, [](nn::ArgReader& args) -> nn::ModulePtr {
  const int64_t dimension = args.optInteger("dimension", 1);
  return std::make_shared<nn::Min>(dimension, args.optInteger("nInputDims", 0));
})
