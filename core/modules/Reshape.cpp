#include "core/modules/Reshape.h"

namespace nn {

Reshape::Reshape(Shape size, std::optional<bool> batchMode) : size_(std::move(size)), batchMode_(batchMode) {
  if (size_.empty()) nn::fail("nn.Reshape: expected at least one size, e.g. nn.Reshape(2, 3)");
  for (int64_t s : size_) {
    if (s <= 0) nn::fail("nn.Reshape(", shapeString(size_), "): sizes must be positive, got ", s);
    if (elements_ > kMaxTensorElements / s)  // checked before multiplying: no int64 overflow
      nn::fail("nn.Reshape(", shapeString(size_), "): more than ", kMaxTensorElements, " elements");
    elements_ *= s;
  }
}

Shape Reshape::outputSizes(const Tensor& x) const {
  if (x.dim() == 0) fail("expected a non-empty input tensor");
  const bool batch = batchMode_ ? *batchMode_ : !(x.numel() == elements_ && x.size(1) != 1);
  if (!batch) {
    if (x.numel() != elements_)
      fail("input of size ", x.shapeString(), " has ", x.numel(), " elements but ", shapeString(size_),
           " needs ", elements_);
    return size_;
  }
  Shape sizes{x.size(1)};
  sizes.insert(sizes.end(), size_.begin(), size_.end());
  if (x.numel() != x.size(1) * elements_)
    fail("input of size ", x.shapeString(), " (", x.numel(), " elements) cannot be seen as ",
         batchMode_ ? "" : cat(shapeString(size_), " nor as "), "batch x ", shapeString(size_), " = ",
         shapeString(sizes), " (", x.size(1) * elements_, " elements)");
  return sizes;
}

const Value& Reshape::updateOutput(const Value& input) {
  const Tensor& x = inputTensor(input);
  const Shape sizes = outputSizes(x);
  Tensor source = x;
  if (!x.isContiguous()) {
    contiguousInput_.resize(x.sizes()).copy(x);
    source = contiguousInput_;
  }
  outputTensor() = source.view(sizes);
  return output;
}

const Value& Reshape::updateGradInput(const Value& input, const Value& gradOutput) {
  const Tensor& x = inputTensor(input);
  const Tensor& gy = inputTensor(gradOutput, "gradOutput");
  const Shape sizes = outputSizes(x);
  if (gy.sizes() != sizes)
    fail("gradOutput has size ", gy.shapeString(), " but the output has size ", shapeString(sizes));
  gradInputTensor().resize(x.sizes()).copy(gy);
  return gradInput;
}

std::string Reshape::toString() const { return cat("nn.Reshape(", shapeString(size_), ")"); }

Args Reshape::arguments() const {
  Args args(size_.begin(), size_.end());
  if (batchMode_) args.emplace_back(*batchMode_);
  return args;
}

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(Reshape, [](nn::ArgReader& args) -> nn::ModulePtr {
  nn::Shape size = args.integers("size");
  std::optional<bool> batchMode;
  if (args.hasMore()) batchMode = args.optBool("batchMode", false);
  return std::make_shared<nn::Reshape>(size, batchMode);
})
