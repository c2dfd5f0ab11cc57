#include "core/modules/CAdd.h"

#include <cmath>

#include "core/kernels.h"

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

int64_t CAdd::rowsOf(const Tensor& x) const {
  const int64_t n = bias.numel();
  if (x.dim() > 0 && x.numel() == n) return 1;
  if (x.dim() >= 2 && x.numel() == x.size(1) * n) return x.size(1);
  fail("expected an input of size ", bias.shapeString(), " (or ", n, " elements), or a batch of them (",
       "batch x ", bias.shapeString(), "), got ", x.shapeString());
}

void CAdd::checkGradOutput(const Tensor& x, const Tensor& gy) const {
  if (!gy.sameShape(x))
    fail("gradOutput has size ", gy.shapeString(), " but input has size ", x.shapeString());
}

const Value& CAdd::updateOutput(const Value& input) {
  const Tensor x = inputTensor(input).contiguous();
  const int64_t rows = rowsOf(x), n = bias.numel();
  Tensor& y = outputTensor();
  y.resizeAs(x);
  for (int64_t r = 0; r < rows; ++r)
    kernels::binary(kernels::Binary::Add, n, x.data() + r * n, bias.data(), y.data() + r * n);
  return output;
}

const Value& CAdd::updateGradInput(const Value& input, const Value& gradOutput) {
  const Tensor& x = inputTensor(input);
  rowsOf(x);
  const Tensor gy = inputTensor(gradOutput, "gradOutput").contiguous();
  checkGradOutput(x, gy);
  Tensor& gx = gradInputTensor();
  gx.resizeAs(gy);
  kernels::copy(gy.numel(), gy.data(), gx.data());
  return gradInput;
}

void CAdd::accGradParameters(const Value& input, const Value& gradOutput, float scale) {
  const Tensor& x = inputTensor(input);
  const int64_t rows = rowsOf(x), n = bias.numel();
  const Tensor gy = inputTensor(gradOutput, "gradOutput").contiguous();
  checkGradOutput(x, gy);
  for (int64_t r = 0; r < rows; ++r) kernels::axpy(n, scale, gy.data() + r * n, gradBias.data());
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
