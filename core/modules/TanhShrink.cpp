// nn.TanhShrink(): y = x - tanh(x); gradient tanh(x)^2 (TanhShrink.lua).
#include "core/modules/ZooPointwise.h"

namespace nn {

class TanhShrink : public ZooPointwise {
  NN_MODULE(TanhShrink, "nn.TanhShrink")
 public:
  TanhShrink() : ZooPointwise(kernels::ZooUnary::TanhShrink) {}
  std::string description() const override { return "x - tanh(x), elementwise"; }
};

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(TanhShrink, [](nn::ArgReader&) -> nn::ModulePtr { return std::make_shared<nn::TanhShrink>(); })
