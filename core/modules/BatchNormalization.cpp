#include "core/modules/BatchNormalization.h"

#include <cmath>

#include "core/kernels.h"
#include "core/kernels_conv.h"

namespace nn {

BatchNormalization::BatchNormalization(int64_t nOutput, double eps, double momentum, bool affine)
    : eps_(eps), momentum_(momentum), affine_(affine) {
  if (nOutput <= 0) nn::fail("nn.BatchNormalization(", nOutput, "): the number of features must be positive");
  if (!(eps >= 0)) nn::fail("nn.BatchNormalization: eps must be >= 0, got ", eps);
  if (!(momentum >= 0 && momentum <= 1)) nn::fail("nn.BatchNormalization: momentum must be in [0, 1], got ", momentum);
  running_mean = Tensor({nOutput});
  running_var = Tensor({nOutput});
  if (affine_) {
    weight = Tensor({nOutput});
    bias = Tensor({nOutput});
    gradWeight = Tensor({nOutput});
    gradBias = Tensor({nOutput});
  }
  reset();
}

void BatchNormalization::reset() {
  if (affine_) {
    weight.copy(Tensor::uniform(weight.sizes(), 0.0f, 1.0f));
    bias.zero();
  }
  running_mean.zero();
  running_var.fill(1.0f);
}

BatchNormalization::Layout BatchNormalization::layout(const Tensor& x) const {
  const int full = batchedDim();
  const bool unbatchedOk = !train_;
  if (x.dim() != full && !(x.dim() == full - 1 && unbatchedOk)) {
    if (x.dim() == full - 1)
      fail("training needs a mini-batch (a ", full, "-D input); a ", full - 1,
           "-D input is accepted only after evaluate(), got size ", x.shapeString());
    fail("expected a ", full, "-D input (", full == 2 ? "batch x features" : "batch x planes x height x width",
         "), got size ", x.shapeString());
  }
  const int featureDim = x.dim() == full ? 2 : 1;
  if (x.size(featureDim) != features())
    fail("got ", x.size(featureDim), " features (dimension ", featureDim, " of size ", x.shapeString(), "), expected ",
         features());
  const int64_t outer = x.dim() == full ? x.size(1) : 1;
  return {outer, outer == 0 ? 0 : x.numel() / (outer * features())};  // an empty batch: nothing per feature
}

const Value& BatchNormalization::updateOutput(const Value& input) {
  const Tensor x = inputTensor(input).contiguous();
  const Layout l = layout(x);
  const int64_t C = features();
  mean_.resize({C});
  invstd_.resize({C});
  if (train_) {
    const int64_t n = l.outer * l.inner;
    if (n < 2) fail("training needs more than one value per feature to estimate a variance, got size ", x.shapeString());
    std::vector<double> mean(C), var(C);
    kernels::channelMeanVar(l.outer, C, l.inner, x.data(), mean.data(), var.data());
    for (int64_t c = 0; c < C; ++c) {
      mean_.data()[c] = static_cast<float>(mean[c]);
      invstd_.data()[c] = var[c] == 0 && eps_ == 0 ? 0.0f : static_cast<float>(1.0 / std::sqrt(var[c] + eps_));
      float& rm = running_mean.data()[c];
      float& rv = running_var.data()[c];
      rm = static_cast<float>(momentum_ * mean[c] + (1 - momentum_) * rm);
      rv = static_cast<float>(momentum_ * var[c] * n / (n - 1) + (1 - momentum_) * rv);
    }
  } else {
    for (int64_t c = 0; c < C; ++c) {
      mean_.data()[c] = running_mean.data()[c];
      invstd_.data()[c] = static_cast<float>(1.0 / std::sqrt(running_var.data()[c] + eps_));
    }
  }
  forwardTrained_ = train_;
  Tensor& y = outputTensor();
  y.resizeAs(x);
  kernels::channelAffine(l.outer, C, l.inner, x.data(), mean_.data(), invstd_.data(), affine_ ? weight.data() : nullptr,
                         affine_ ? bias.data() : nullptr, y.data());
  return output;
}

void BatchNormalization::gradSums(const Tensor& x, const Tensor& gy) {
  if (!gy.sameShape(x)) fail("gradOutput has size ", gy.shapeString(), " but input has size ", x.shapeString());
  if (mean_.numel() != features() || forwardTrained_ != train_)
    fail("backward before forward: call forward with this input (in the same training mode) first");
  const Layout l = layout(x);
  sumGy_.resize(features());
  dotp_.resize(features());
  kernels::channelGradSums(l.outer, features(), l.inner, x.data(), mean_.data(), gy.data(), sumGy_.data(), dotp_.data());
}

const Value& BatchNormalization::updateGradInput(const Value& input, const Value& gradOutput) {
  const Tensor x = inputTensor(input).contiguous();
  const Tensor gy = inputTensor(gradOutput, "gradOutput").contiguous();
  gradSums(x, gy);
  const Layout l = layout(x);
  const int64_t C = features();
  Tensor& gx = gradInputTensor();
  gx.resizeAs(x);
  const float* w = affine_ ? weight.data() : nullptr;
  if (forwardTrained_) {
    kernels::batchNormBackward(l.outer, C, l.inner, x.data(), gy.data(), mean_.data(), invstd_.data(), w, sumGy_.data(),
                               dotp_.data(), gx.data());
  } else {  // the statistics are constants: gx = gy * invstd * w
    zeros_.resize({C});
    zeros_.zero();
    kernels::channelAffine(l.outer, C, l.inner, gy.data(), zeros_.data(), invstd_.data(), w, nullptr, gx.data());
  }
  return gradInput;
}

void BatchNormalization::accGradParameters(const Value& input, const Value& gradOutput, float scale) {
  if (!affine_) return;
  const Tensor x = inputTensor(input).contiguous();
  const Tensor gy = inputTensor(gradOutput, "gradOutput").contiguous();
  gradSums(x, gy);
  for (int64_t c = 0; c < features(); ++c) {
    gradWeight.data()[c] += static_cast<float>(scale * dotp_[c] * invstd_.data()[c]);
    gradBias.data()[c] += static_cast<float>(scale * sumGy_[c]);
  }
}

std::vector<Module::Parameter> BatchNormalization::parameterList() {
  if (!affine_) return {};
  return {{"weight", "gradWeight", &weight, &gradWeight}, {"bias", "gradBias", &bias, &gradBias}};
}

std::vector<Module::StateTensor> BatchNormalization::stateList() {
  return {{"running_mean", &running_mean}, {"running_var", &running_var}};
}

std::string BatchNormalization::toString() const {
  std::string s = cat(typeName(), " (", batchedDim(), "D) (", features(), ")");
  return affine_ ? s : s + " without affine";
}

}  // namespace nn

#include "core/registry.h"
namespace {
template <class BN>
nn::ModulePtr makeBatchNorm(nn::ArgReader& args) {
  const int64_t n = args.integer("nOutput");
  const double eps = args.optNumber("eps", 1e-5);
  const double momentum = args.optNumber("momentum", 0.1);
  return std::make_shared<BN>(n, eps, momentum, args.optBool("affine", true));
}
}  // namespace
NN_REGISTER_MODULE(BatchNormalization, makeBatchNorm<nn::BatchNormalization>)
NN_REGISTER_MODULE(SpatialBatchNormalization, makeBatchNorm<nn::SpatialBatchNormalization>)
