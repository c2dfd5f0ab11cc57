#include "core/modules/Max.h"

#include "core/registry.h"
NN_REGISTER_MODULE(Max, [](nn::ArgReader& args) -> nn::ModulePtr {
  const int64_t dimension = args.optInteger("dimension", 1);
  return std::make_shared<nn::Max>(dimension, args.optInteger("nInputDims", 0));
})
