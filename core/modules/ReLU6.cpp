// nn.ReLU6([inplace]): min(max(x, 0), 6), elementwise; as Torch's ReLU6.lua (THNN HardTanh with
// bounds 0 and 6) the gradient is 0 at x <= 0 and x >= 6. The in-place flag is accepted and ignored.
#include "core/modules/Pointwise.h"

namespace nn {

class ReLU6 : public Pointwise {
  NN_MODULE(ReLU6, "nn.ReLU6")
 public:
  ReLU6() : Pointwise(kernels::Unary::HardTanh, 0.0f, 6.0f) {}
  std::string description() const override { return "rectifier capped at 6: min(max(x, 0), 6)"; }
};

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(ReLU6, [](nn::ArgReader& args) -> nn::ModulePtr {
  args.optBool("inplace", false);
  return std::make_shared<nn::ReLU6>();
})
