#include "core/modules/Linear.h"

#include <cmath>

#include "core/kernels.h"

namespace nn {

Linear::Linear(int64_t inputSize, int64_t outputSize, bool withBias) : withBias_(withBias) {
  if (inputSize <= 0 || outputSize <= 0)
    nn::fail("nn.Linear(", inputSize, " -> ", outputSize, "): sizes must be positive");
  weight = Tensor({outputSize, inputSize});
  gradWeight = Tensor({outputSize, inputSize});
  if (withBias_) {
    bias = Tensor({outputSize});
    gradBias = Tensor({outputSize});
  }
  reset();
}

void Linear::reset() {
  const float stdv = 1.0f / std::sqrt(static_cast<float>(inputSize()));
  // In place, so parameters shared with other modules stay shared.
  weight.copy(Tensor::uniform(weight.sizes(), -stdv, stdv));
  if (withBias_) bias.copy(Tensor::uniform(bias.sizes(), -stdv, stdv));
}

void Linear::checkGradOutput(const Tensor& x, const Tensor& gy) const {
  const Shape expected = x.dim() == 1 ? Shape{outputSize()} : Shape{x.size(1), outputSize()};
  if (gy.sizes() != expected)
    fail("gradOutput has size ", gy.shapeString(), " but output has size ", shapeString(expected));
}

void Linear::checkInput(const Tensor& x) const {
  if ((x.dim() != 1 && x.dim() != 2) || x.size(-1) != inputSize())
    fail("expected input of size ", inputSize(), " or batch x ", inputSize(), ", got ",
         x.shapeString());
}

const Value& Linear::updateOutput(const Value& input) {
  const Tensor x = inputTensor(input).contiguous();
  checkInput(x);
  Tensor& y = outputTensor();
  const int64_t batch = x.dim() == 1 ? 1 : x.size(1);
  if (x.dim() == 1) y.resize({outputSize()});
  else y.resize({batch, outputSize()});
  // y = b (broadcast over rows), then y += x W^T
  if (withBias_) {
    for (int64_t r = 0; r < batch; ++r) kernels::copy(outputSize(), bias.data(), y.data() + r * outputSize());
  }
  kernels::gemm(false, true, batch, outputSize(), inputSize(), 1.0f, x.data(), inputSize(),
                weight.data(), inputSize(), withBias_ ? 1.0f : 0.0f, y.data(), outputSize());
  return output;
}

const Value& Linear::updateGradInput(const Value& input, const Value& gradOutput) {
  const Tensor& x = inputTensor(input);
  checkInput(x);
  const Tensor gy = inputTensor(gradOutput, "gradOutput").contiguous();
  checkGradOutput(x, gy);
  const int64_t batch = x.dim() == 1 ? 1 : x.size(1);
  Tensor& gx = gradInputTensor();
  gx.resizeAs(x);
  // gradInput = gradOutput W
  kernels::gemm(false, false, batch, inputSize(), outputSize(), 1.0f, gy.data(), outputSize(),
                weight.data(), inputSize(), 0.0f, gx.data(), inputSize());
  return gradInput;
}

void Linear::accGradParameters(const Value& input, const Value& gradOutput, float scale) {
  const Tensor x = inputTensor(input).contiguous();
  checkInput(x);
  const Tensor gy = inputTensor(gradOutput, "gradOutput").contiguous();
  checkGradOutput(x, gy);
  const int64_t batch = x.dim() == 1 ? 1 : x.size(1);
  // gradWeight += scale * gradOutput^T x
  kernels::gemm(true, false, outputSize(), inputSize(), batch, scale, gy.data(), outputSize(),
                x.data(), inputSize(), 1.0f, gradWeight.data(), inputSize());
  if (withBias_) {
    biasGradScratch_.resize({outputSize()});
    kernels::sumAxis(1, batch, outputSize(), gy.data(), biasGradScratch_.data());
    kernels::axpy(outputSize(), scale, biasGradScratch_.data(), gradBias.data());
  }
}

std::vector<Module::Parameter> Linear::parameterList() {
  std::vector<Parameter> list{{"weight", "gradWeight", &weight, &gradWeight}};
  if (withBias_) list.push_back({"bias", "gradBias", &bias, &gradBias});
  return list;
}

std::string Linear::toString() const {
  return cat("nn.Linear(", inputSize(), " -> ", outputSize(), ")", withBias_ ? "" : " without bias");
}

Args Linear::arguments() const { return {inputSize(), outputSize(), withBias_}; }

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(Linear, [](nn::ArgReader& args) -> nn::ModulePtr {
  const int64_t in = args.integer("inputSize");
  const int64_t out = args.integer("outputSize");
  return std::make_shared<nn::Linear>(in, out, args.optBool("bias", true));
})
