#include "core/modules/CMul.h"

#include <cmath>

#include "core/kernels.h"
#include "core/kernels_zoo.h"

namespace nn {

static std::string sizeList(const Shape& size) {
  std::string out;
  for (size_t i = 0; i < size.size(); ++i) out += (i ? ", " : "") + std::to_string(size[i]);
  return out;
}

CMul::CMul(const Shape& size) {
  if (size.empty()) nn::fail("nn.CMul(): expected the size of the weight (at least one positive integer)");
  for (int64_t s : size)
    if (s <= 0) nn::fail("nn.CMul(", sizeList(size), "): sizes must be positive");
  weight = Tensor(size);
  gradWeight = Tensor(size);
  reset();
}

void CMul::reset() {
  const float stdv = 1.0f / std::sqrt(static_cast<float>(weight.numel()));
  weight.copy(Tensor::uniform(weight.sizes(), -stdv, stdv));
}

Expansion CMul::expansionFor(const Tensor& x) const {
  return Expansion::of(weight, x, toString(), "weight");
}

void CMul::checkGradOutput(const Tensor& x, const Tensor& gy) const {
  if (!gy.sameShape(x))
    fail("gradOutput has size ", gy.shapeString(), " but input has size ", x.shapeString());
}

const Value& CMul::updateOutput(const Value& input) {
  const Tensor x = inputTensor(input).contiguous();
  const Expansion e = expansionFor(x);
  Tensor& y = outputTensor();
  y.resizeAs(x);
  if (e.expand) {
    kernels::expandBinary(kernels::Binary::Mul, x.dim(), x.sizes().data(), x.data(), weight.data(),
                          e.bStrides.data(), y.data());
    return output;
  }
  const int64_t n = weight.numel();
  for (int64_t r = 0; r < e.rows; ++r)
    kernels::binary(kernels::Binary::Mul, n, x.data() + r * n, weight.data(), y.data() + r * n);
  return output;
}

const Value& CMul::updateGradInput(const Value& input, const Value& gradOutput) {
  const Tensor& x = inputTensor(input);
  const Expansion e = expansionFor(x);
  const Tensor gy = inputTensor(gradOutput, "gradOutput").contiguous();
  checkGradOutput(x, gy);
  Tensor& gx = gradInputTensor();
  gx.resizeAs(gy);
  if (e.expand) {
    kernels::expandBinary(kernels::Binary::Mul, gy.dim(), gy.sizes().data(), gy.data(), weight.data(),
                          e.bStrides.data(), gx.data());
    return gradInput;
  }
  const int64_t n = weight.numel();
  for (int64_t r = 0; r < e.rows; ++r)
    kernels::binary(kernels::Binary::Mul, n, gy.data() + r * n, weight.data(), gx.data() + r * n);
  return gradInput;
}

void CMul::accGradParameters(const Value& input, const Value& gradOutput, float scale) {
  const Tensor x = inputTensor(input).contiguous();
  const Expansion e = expansionFor(x);
  const Tensor gy = inputTensor(gradOutput, "gradOutput").contiguous();
  checkGradOutput(x, gy);
  if (e.expand) {
    kernels::expandAccumulate(x.dim(), x.sizes().data(), x.data(), gy.data(), scale, e.bStrides.data(),
                              gradWeight.data());
    return;
  }
  const int64_t n = weight.numel();
  for (int64_t r = 0; r < e.rows; ++r)
    kernels::addcmul(n, scale, x.data() + r * n, gy.data() + r * n, gradWeight.data());
}

std::vector<Module::Parameter> CMul::parameterList() {
  return {{"weight", "gradWeight", &weight, &gradWeight}};
}

std::string CMul::toString() const { return cat("nn.CMul(", sizeList(weight.sizes()), ")"); }

Args CMul::arguments() const {
  Args args;
  for (int64_t s : weight.sizes()) args.push_back(s);
  return args;
}

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(CMul, [](nn::ArgReader& args) -> nn::ModulePtr {
  return std::make_shared<nn::CMul>(args.integers("size"));
})
