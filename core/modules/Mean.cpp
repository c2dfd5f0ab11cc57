#include "core/modules/Mean.h"

#include "core/registry.h"
NN_REGISTER_MODULE(Mean, [](nn::ArgReader& args) -> nn::ModulePtr {
  const int64_t dimension = args.optInteger("dimension", 1);
  return std::make_shared<nn::Mean>(dimension, args.optInteger("nInputDims", 0));
})
