#include "core/modules/LookupTable.h"

#include <algorithm>
#include <cmath>

#include "core/kernels.h"
#include "core/kernels_zoo.h"

namespace nn {

LookupTable::LookupTable(int64_t nIndex, int64_t nOutput, double paddingValue, double maxNorm, double normType)
    : padding_(paddingValue), maxNorm_(maxNorm), normType_(normType) {
  if (maxNorm < 0 || !(normType > 0))
    nn::fail("nn.LookupTable(", nIndex, ", ", nOutput, "): maxNorm must be positive (0 for none) and normType > 0, got ",
             maxNorm, " and ", normType);
  if (nIndex <= 0 || nOutput <= 0) nn::fail("nn.LookupTable(", nIndex, ", ", nOutput, "): sizes must be positive");
  weight = Tensor({nIndex, nOutput});
  gradWeight = Tensor({nIndex, nOutput});
  reset();
}

void LookupTable::reset() { weight.copy(Tensor::randn(weight.sizes())); }  // in place: sharing survives

void LookupTable::resetParameters(std::optional<double> stdv) {
  if (stdv && !(*stdv > 0)) fail("reset(stdv): stdv must be a positive number, got ", *stdv);
  weight.copy(Tensor::randn(weight.sizes()).mul(static_cast<float>(stdv.value_or(1.0))));
}

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
  padded_.resize(rows_.size());
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
    padded_[p] = static_cast<double>(v) == padding_;
  }
  return x;
}

const Value& LookupTable::updateOutput(const Value& input) {
  const Tensor& x = checkIndices(input);
  const int64_t width = nOutput();
  if (maxNorm_ > 0) {
    // Each distinct row once (THNN sorts and deduplicates), before it is read.
    std::vector<int64_t> distinct = rows_;
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    for (int64_t r : distinct)
      kernels::renormRow(width, weight.data() + r * width, static_cast<float>(maxNorm_), static_cast<float>(normType_));
  }
  Tensor& y = outputTensor();
  y.resize(outputSizes(x));
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
  // A repeated index accumulates one gradient row per occurrence; padding positions add nothing.
  for (size_t p = 0; p < rows_.size(); ++p)
    if (!padded_[p]) kernels::axpy(width, scale, gy.data() + static_cast<int64_t>(p) * width, gradWeight.data() + rows_[p] * width);
}

Args LookupTable::arguments() const {
  if (maxNorm_ > 0) return {nIndex(), nOutput(), padding_, maxNorm_, normType_};
  if (padding_ != 0) return {nIndex(), nOutput(), padding_};
  return {nIndex(), nOutput()};
}

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(LookupTable, [](nn::ArgReader& args) -> nn::ModulePtr {
  const int64_t nIndex = args.integer("nIndex");
  const int64_t nOutput = args.integer("nOutput");
  const double padding = args.optNumber("paddingValue", 0);
  const double maxNorm = args.optNumber("maxNorm", 0);
  return std::make_shared<nn::LookupTable>(nIndex, nOutput, padding, maxNorm, args.optNumber("normType", 2));
})
