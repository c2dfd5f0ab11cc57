// nn.HardShrink([lambda = 0.5]): x| > lambda, else 0|y = x if x > lambda or x < -lambda, else 0; the gradient passes where
// x > lambda or x < -lambda (THNN HardShrink.c).
#include "core/modules/ZooPointwise.h"

namespace nn {

class HardShrink : public ZooPointwise {
  NN_MODULE(HardShrink, "nn.HardShrink")
 public:
  explicit HardShrink(double lambda) : ZooPointwise(kernels::ZooUnary::HardShrink, static_cast<float>(lambda)), lambda_(lambda) {
    if (!(lambda >= 0)) nn::fail("nn.HardShrink(", lambda, "): lambda must be >= 0");
  }
  std::string toString() const override { return cat("nn.HardShrink(", lambda_, ")"); }
  std::string description() const override { return "x where "; }
  Args arguments() const override { return {lambda_}; }

 private:
  double lambda_;
};

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(HardShrink, [](nn::ArgReader& args) -> nn::ModulePtr {
  return std::make_shared<nn::HardShrink>(args.optNumber("lambda", 0.5));
})
