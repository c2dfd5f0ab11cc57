// nn.SoftShrink([lambda = 0.5]): y = x - lambda if x > lambda, x + lambda if x < -lambda, else 0; the gradient passes where
// x > lambda or x < -lambda (THNN SoftShrink.c).
#include "core/modules/ZooPointwise.h"

namespace nn {

class SoftShrink : public ZooPointwise {
  NN_MODULE(SoftShrink, "nn.SoftShrink")
 public:
  explicit SoftShrink(double lambda) : ZooPointwise(kernels::ZooUnary::SoftShrink, static_cast<float>(lambda)), lambda_(lambda) {
    if (!(lambda >= 0)) nn::fail("nn.SoftShrink(", lambda, "): lambda must be >= 0");
  }
  std::string toString() const override { return cat("nn.SoftShrink(", lambda_, ")"); }
  std::string description() const override { return "x moved lambda towards 0, 0 within [-lambda, lambda]"; }
  Args arguments() const override { return {lambda_}; }

 private:
  double lambda_;
};

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(SoftShrink, [](nn::ArgReader& args) -> nn::ModulePtr {
  return std::make_shared<nn::SoftShrink>(args.optNumber("lambda", 0.5));
})
