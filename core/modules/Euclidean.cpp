#include "core/modules/Euclidean.h"

#include "core/registry.h"
NN_REGISTER_MODULE(Euclidean, [](nn::ArgReader& args) -> nn::ModulePtr {
  const int64_t in = args.integer("inputSize");
  return std::make_shared<nn::Euclidean>(in, args.integer("outputSize"));
})
