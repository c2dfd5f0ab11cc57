#include "core/modules/SpatialReplicationPadding.h"

#include "core/registry.h"
NN_REGISTER_MODULE(SpatialReplicationPadding, [](nn::ArgReader& args) -> nn::ModulePtr {
  const int64_t l = args.integer("pad_l");
  const int64_t r = args.optInteger("pad_r", l);
  const int64_t t = args.optInteger("pad_t", l);
  return std::make_shared<nn::SpatialReplicationPadding>(l, r, t, args.optInteger("pad_b", l));
})
