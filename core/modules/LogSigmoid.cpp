// nn.LogSigmoid(): y = -log(1 + exp(-x)), without overflow (THNN LogSigmoid.c).
#include "core/modules/ZooPointwise.h"

namespace nn {

class LogSigmoid : public ZooPointwise {
  NN_MODULE(LogSigmoid, "nn.LogSigmoid")
 public:
  LogSigmoid() : ZooPointwise(kernels::ZooUnary::LogSigmoid) {}
  std::string description() const override { return "log of the sigmoid, -log(1 + exp(-x)), elementwise"; }
};

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(LogSigmoid, [](nn::ArgReader&) -> nn::ModulePtr { return std::make_shared<nn::LogSigmoid>(); })
