#include "core/modules/SoftPlus.h"

namespace nn {

SoftPlus::SoftPlus(double beta, double threshold)
    : Pointwise(kernels::Unary::SoftPlus, static_cast<float>(beta), static_cast<float>(threshold)),
      beta_(beta),
      threshold_(threshold) {
  // beta = 0 divides by zero and a negative beta breaks the linear branch (beta * x > threshold).
  if (!(beta > 0)) nn::fail("nn.SoftPlus(", beta, "): beta must be positive");
}

std::string SoftPlus::toString() const {
  return threshold_ == 20 ? cat("nn.SoftPlus(", beta_, ")")
                          : cat("nn.SoftPlus(", beta_, ", ", threshold_, ")");
}

Args SoftPlus::arguments() const {
  if (threshold_ == 20) return {beta_};
  return {beta_, threshold_};
}

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(SoftPlus, [](nn::ArgReader& args) -> nn::ModulePtr {
  const double beta = args.optNumber("beta", 1);
  const double threshold = args.optNumber("threshold", 20);
  return std::make_shared<nn::SoftPlus>(beta, threshold);
})
