#include "core/modules/CAdd.h"

#include <cmath>

#include "core/kernels.h"
#include "core/kernels_zoo.h"

namespace nn {

static std::string sizeList(const Shape& size) {
  std::string out;
  for (size_t i = 0; i < size.size(); ++i) out += (i ? ", " : "") + std::to_string(size[i]);
  return out;
}

CAdd::CAdd(const Shape& size) {
  if (size.empty()) nn::fail("nn.CAdd(): expected the size of the bias (at least one positive integer)");
  for (int64_t s : size)
    if (s <= 0) nn::fail("nn.CAdd(", sizeList(size), "): sizes must be positive");
  bias = Tensor(size);
  gradBias = Tensor(size);
  reset();
}

void CAdd::reset() {
  const float stdv = 1.0f / std::sqrt(static_cast<float>(bias.numel()));
  bias.copy(Tensor::uniform(bias.sizes(), -stdv, stdv));
}

Expansion CAdd::expansionFor(const Tensor& x) const {
  return Expansion::of(bias, x, toString(), "bias");
}

void CAdd::checkGradOutput(const Tensor& x, const Tensor& gy) const {
  if (!gy.sameShape(x))
    fail("gradOutput has size ", gy.shapeString(), " but input has size ", x.shapeString());
}

const Value& CAdd::updateOutput(const Value& input) {
  const Tensor x = inputTensor(input).contiguous();
  const Expansion e = expansionFor(x);
  Tensor& y = outputTensor();
  y.resizeAs(x);
  if (e.expand) {
    kernels::expandBinary(kernels::Binary::Add, x.dim(), x.sizes().data(), x.data(), bias.data(),
                          e.bStrides.data(), y.data());
    return output;
  }
  const int64_t n = bias.numel();
  for (int64_t r = 0; r < e.rows; ++r)
    kernels::binary(kernels::Binary::Add, n, x.data() + r * n, bias.data(), y.data() + r * n);
  return output;
}

const Value& CAdd::updateGradInput(const Value& input, const Value& gradOutput) {
  const Tensor& x = inputTensor(input);
  expansionFor(x);
  const Tensor gy = inputTensor(gradOutput, "gradOutput").contiguous();
  checkGradOutput(x, gy);
  Tensor& gx = gradInputTensor();
  gx.resizeAs(gy);
  kernels::copy(gy.numel(), gy.data(), gx.data());
  return gradInput;
}

void CAdd::accGradParameters(const Value& input, const Value& gradOutput, float scale) {
  const Tensor& x = inputTensor(input);
  const Expansion e = expansionFor(x);
  const Tensor gy = inputTensor(gradOutput, "gradOutput").contiguous();
  checkGradOutput(x, gy);
  if (e.expand) {
    kernels::expandAccumulate(gy.dim(), gy.sizes().data(), gy.data(), nullptr, scale, e.bStrides.data(),
                              gradBias.data());
    return;
  }
  const int64_t n = bias.numel();
  for (int64_t r = 0; r < e.rows; ++r) kernels::axpy(n, scale, gy.data() + r * n, gradBias.data());
}

std::vector<Module::Parameter> CAdd::parameterList() {
  return {{"bias", "gradBias", &bias, &gradBias}};
}

std::string CAdd::toString() const { return cat("nn.CAdd(", sizeList(bias.sizes()), ")"); }

Args CAdd::arguments() const {
  Args args;
  for (int64_t s : bias.sizes()) args.push_back(s);
  return args;
}

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(CAdd, [](nn::ArgReader& args) -> nn::ModulePtr {
  return std::make_shared<nn::CAdd>(args.integers("size"));
})
