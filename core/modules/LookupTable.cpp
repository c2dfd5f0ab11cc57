#include "core/modules/LookupTable.h"

#include <cmath>

#include "core/kernels.h"

namespace nn {

LookupTable::LookupTable(int64_t nIndex, int64_t nOutput) {
  if (nIndex <= 0 || nOutput <= 0) nn::fail("nn.LookupTable(", nIndex, ", ", nOutput, "): sizes must be positive");
  weight = Tensor({nIndex, nOutput});
  gradWeight = Tensor({nIndex, nOutput});
  reset();
}

void LookupTable::reset() { weight = Tensor::randn(weight.sizes()); }

Shape LookupTable::outputSizes(const Tensor& x) const {
  Shape sizes = x.sizes();
  sizes.push_back(nOutput());
  return sizes;
}

const Tensor& LookupTable::checkIndices(const Value& input) {
  const Tensor& x = inputTensor(input);
  if (x.dim() != 1 && x.dim() != 2)
    fail("expected a 1-D or 2-D (batch x n) tensor of indices but got ",
         x.dim() ? "size " + x.shapeString() : std::string("an empty tensor"));
  const Tensor xc = x.contiguous();
  const float* values = xc.data();
  rows_.resize(static_cast<size_t>(x.numel()));
  const int64_t width = x.size(-1);
  for (size_t p = 0; p < rows_.size(); ++p) {
    const float v = values[p];
    if (!(v >= 1 && v <= static_cast<float>(nIndex()) && std::floor(v) == v)) {
      const int64_t i = static_cast<int64_t>(p);
      const std::string where = x.dim() == 1 ? cat(i + 1) : cat(i / width + 1, ", ", i % width + 1);
      fail("index ", v, " at position (", where, ") of the input is ",
           std::floor(v) == v ? "out of range" : "not an integer", "; indices are 1..", nIndex());
    }
    rows_[p] = static_cast<int64_t>(v) - 1;
  }
  return x;
}

const Value& LookupTable::updateOutput(const Value& input) {
  const Tensor& x = checkIndices(input);
  Tensor& y = outputTensor();
  y.resize(outputSizes(x));
  const int64_t width = nOutput();
  for (size_t p = 0; p < rows_.size(); ++p)
    kernels::copy(width, weight.data() + rows_[p] * width, y.data() + static_cast<int64_t>(p) * width);
  return output;
}

const Value& LookupTable::updateGradInput(const Value& input, const Value& gradOutput) {
  const Tensor& x = inputTensor(input);
  gradInputTensor().resize(x.sizes()).zero();
  return gradInput;
}

void LookupTable::accGradParameters(const Value& input, const Value& gradOutput, float scale) {
  const Tensor& x = checkIndices(input);
  const Tensor gy = inputTensor(gradOutput, "gradOutput").contiguous();
  if (gy.sizes() != outputSizes(x))
    fail("gradOutput has size ", gy.dim() ? gy.shapeString() : "empty", " but the output has size ",
         shapeString(outputSizes(x)));
  const int64_t width = nOutput();
  // A repeated index accumulates one gradient row per occurrence.
  for (size_t p = 0; p < rows_.size(); ++p)
    kernels::axpy(width, scale, gy.data() + static_cast<int64_t>(p) * width, gradWeight.data() + rows_[p] * width);
}

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(LookupTable, [](nn::ArgReader& args) -> nn::ModulePtr {
  const int64_t nIndex = args.integer("nIndex");
  return std::make_shared<nn::LookupTable>(nIndex, args.integer("nOutput"));
})
