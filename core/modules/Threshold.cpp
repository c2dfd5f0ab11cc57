// nn.Threshold([th = 1e-6, v = 0, ip]): y = x if x > th, else v; the gradient passes where x > th
// (THNN Threshold.c). The in-place flag is accepted and ignored.
#include "core/modules/ZooPointwise.h"

namespace nn {

class Threshold : public ZooPointwise {
  NN_MODULE(Threshold, "nn.Threshold")
 public:
  Threshold(double th, double v) : ZooPointwise(kernels::ZooUnary::Threshold, static_cast<float>(th), static_cast<float>(v)), th_(th), v_(v) {}
  std::string toString() const override { return cat("nn.Threshold(", th_, ", ", v_, ")"); }
  std::string description() const override { return "x where x > threshold, else a constant value"; }
  Args arguments() const override { return {th_, v_}; }

 private:
  double th_, v_;
};

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(Threshold, [](nn::ArgReader& args) -> nn::ModulePtr {
  const double th = args.optNumber("th", 1e-6);
  const double v = args.optNumber("v", 0);
  args.optBool("ip", false);
  return std::make_shared<nn::Threshold>(th, v);
})
