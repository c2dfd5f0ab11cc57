#include "core/modules/Mean.h"

#include "core/registry.h"
NN_REGISTER_MODULE(Mean, [](nn::ArgReader& args) -> nn::ModulePtr {
  const int64_t dimension = args.optInteger("dimension", 1);
  const int64_t nInputDims = args.optInteger("nInputDims", 0);
  // checked here: the nn.Sum constructor underneath would name itself
  if (dimension == 0) nn::fail("nn.Mean(0): dimensions are 1-based (negative counts from the end), got 0");
  if (nInputDims < 0) nn::fail("nn.Mean: nInputDims must be positive, got ", nInputDims);
  return std::make_shared<nn::Mean>(dimension, nInputDims);
})
