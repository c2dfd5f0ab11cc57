#include "core/modules/Add.h"

#include <cmath>

#include "core/kernels.h"

namespace nn {

Add::Add(int64_t inputSize, bool scalar) : inputSize_(inputSize), scalar_(scalar) {
  if (inputSize <= 0) nn::fail("nn.Add(", inputSize, "): inputSize must be positive");
  const int64_t n = scalar ? 1 : inputSize;
  bias = Tensor({n});
  gradBias = Tensor({n});
  reset();
}

void Add::reset() {
  const float stdv = 1.0f / std::sqrt(static_cast<float>(bias.numel()));
  bias.copy(Tensor::uniform(bias.sizes(), -stdv, stdv));
}

int64_t Add::rowsOf(const Tensor& x) const {
  if (scalar_) return 1;
  if (x.dim() == 1 && x.size(1) == inputSize_) return 1;
  if (x.dim() >= 2 && x.numel() == x.size(1) * inputSize_) return x.size(1);
  fail("expected input of size ", inputSize_, " or batch x ", inputSize_, ", got ", x.shapeString());
}

const Value& Add::updateOutput(const Value& input) {
  const Tensor x = inputTensor(input).contiguous();
  const int64_t rows = rowsOf(x);
  Tensor& y = outputTensor();
  y.resizeAs(x);
  kernels::copy(x.numel(), x.data(), y.data());
  if (scalar_) {
    kernels::addScalar(y.numel(), bias.data()[0], y.data());
  } else {
    for (int64_t r = 0; r < rows; ++r) kernels::axpy(inputSize_, 1.0f, bias.data(), y.data() + r * inputSize_);
  }
  return output;
}

const Value& Add::updateGradInput(const Value& input, const Value& gradOutput) {
  const Tensor& x = inputTensor(input);
  rowsOf(x);
  const Tensor gy = inputTensor(gradOutput, "gradOutput").contiguous();
  if (!gy.sameShape(x))
    fail("gradOutput has size ", gy.shapeString(), " but input has size ", x.shapeString());
  Tensor& gx = gradInputTensor();
  gx.resizeAs(gy);
  kernels::copy(gy.numel(), gy.data(), gx.data());
  return gradInput;
}

void Add::accGradParameters(const Value& input, const Value& gradOutput, float scale) {
  const Tensor& x = inputTensor(input);
  const int64_t rows = rowsOf(x);
  const Tensor gy = inputTensor(gradOutput, "gradOutput").contiguous();
  if (!gy.sameShape(x))
    fail("gradOutput has size ", gy.shapeString(), " but input has size ", x.shapeString());
  if (scalar_) {
    gradBias.data()[0] += static_cast<float>(scale * kernels::sum(gy.numel(), gy.data()));
    return;
  }
  biasGradScratch_.resize({inputSize_});
  kernels::sumAxis(1, rows, inputSize_, gy.data(), biasGradScratch_.data());
  kernels::axpy(inputSize_, scale, biasGradScratch_.data(), gradBias.data());
}

std::vector<Module::Parameter> Add::parameterList() {
  return {{"bias", "gradBias", &bias, &gradBias}};
}

std::string Add::toString() const {
  return scalar_ ? cat("nn.Add(", inputSize_, ", scalar)") : cat("nn.Add(", inputSize_, ")");
}

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(Add, [](nn::ArgReader& args) -> nn::ModulePtr {
  const int64_t inputSize = args.integer("inputSize");
  return std::make_shared<nn::Add>(inputSize, args.optBool("scalar", false));
})
