#include "core/modules/SpatialCrossMapLRN.h"

#include "core/kernels_conv.h"
#include "core/modules/SpatialCommon.h"

namespace nn {

SpatialCrossMapLRN::SpatialCrossMapLRN(int64_t size, double alpha, double beta, double k)
    : size_(size), alpha_(alpha), beta_(beta), k_(k) {
  if (size_ <= 0) nn::fail("nn.SpatialCrossMapLRN(", size_, "): size must be positive");
  if (!(k_ > 0) || !(alpha_ >= 0)) nn::fail("nn.SpatialCrossMapLRN: needs k > 0 and alpha >= 0, got k = ", k_, ", alpha = ", alpha_);
}

const Value& SpatialCrossMapLRN::updateOutput(const Value& input) {
  const Tensor x = inputTensor(input).contiguous();
  const SpatialInput s = readSpatialInput(toString(), x);
  Tensor& y = outputTensor();
  y.resizeAs(x);
  scale_.resizeAs(x);
  kernels::crossMapLRN(s.batch, s.planes, s.height * s.width, size_, static_cast<float>(alpha_), static_cast<float>(beta_),
                       static_cast<float>(k_), x.data(), scale_.data(), y.data());
  return output;
}

const Value& SpatialCrossMapLRN::updateGradInput(const Value& input, const Value& gradOutput) {
  const Tensor x = inputTensor(input).contiguous();
  const SpatialInput s = readSpatialInput(toString(), x);
  const Tensor gy = inputTensor(gradOutput, "gradOutput").contiguous();
  checkGradOutputShape(toString(), gy, x.sizes());
  if (!scale_.sameShape(x) || !output.tensor().sameShape(x)) fail("backward before forward: call forward with this input first");
  Tensor& gx = gradInputTensor();
  gx.resizeAs(x);
  kernels::crossMapLRNBackward(s.batch, s.planes, s.height * s.width, size_, static_cast<float>(alpha_),
                               static_cast<float>(beta_), x.data(), output.tensor().data(), scale_.data(), gy.data(),
                               gx.data());
  return gradInput;
}

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(SpatialCrossMapLRN, [](nn::ArgReader& args) -> nn::ModulePtr {
  const int64_t size = args.integer("size");
  const double alpha = args.optNumber("alpha", 1e-4);
  const double beta = args.optNumber("beta", 0.75);
  return std::make_shared<nn::SpatialCrossMapLRN>(size, alpha, beta, args.optNumber("k", 1));
})
