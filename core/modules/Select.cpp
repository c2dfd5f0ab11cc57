#include "core/modules/Select.h"

namespace nn {

Select::Select(int64_t dimension, int64_t index) : dimension_(dimension), index_(index) {
  if (dimension == 0 || index == 0)
    nn::fail("nn.Select(", dimension, ", ", index,
             "): dimension and index are 1-based and may not be 0 (negative counts from the end)");
}

std::pair<int, int64_t> Select::resolve(const Tensor& x) const {
  if (x.dim() < 2)
    fail("expected an input with at least 2 dimensions but got ",
         x.dim() == 0 ? std::string("an empty tensor") : "size " + x.shapeString(),
         " (selecting from a vector would give a number; use nn.Narrow to keep a 1-element tensor)");
  const int64_t dim = dimension_ < 0 ? x.dim() + dimension_ + 1 : dimension_;
  if (dim < 1 || dim > x.dim())
    fail("dimension ", dimension_, " is out of range for an input of size ", x.shapeString());
  const int64_t n = x.size(static_cast<int>(dim));
  const int64_t index = index_ < 0 ? n + index_ + 1 : index_;
  if (index < 1 || index > n)
    fail("index ", index_, " is out of range for dimension ", dim, " (size ", n, ") of an input of size ",
         x.shapeString());
  return {static_cast<int>(dim), index};
}

const Value& Select::updateOutput(const Value& input) {
  const Tensor& x = inputTensor(input);
  const auto [dim, index] = resolve(x);
  const Tensor slice = x.select(dim, index);
  outputTensor().resize(slice.sizes()).copy(slice);
  return output;
}

const Value& Select::updateGradInput(const Value& input, const Value& gradOutput) {
  const Tensor& x = inputTensor(input);
  const Tensor& gy = inputTensor(gradOutput, "gradOutput");
  const auto [dim, index] = resolve(x);
  Tensor& gx = gradInputTensor();
  gx.resize(x.sizes()).zero();
  Tensor slice = gx.select(dim, index);
  if (!gy.sameShape(slice))
    fail("gradOutput has size ", gy.shapeString(), " but the output has size ", slice.shapeString());
  slice.copy(gy);
  return gradInput;
}

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(Select, [](nn::ArgReader& args) -> nn::ModulePtr {
  const int64_t dimension = args.integer("dimension");
  return std::make_shared<nn::Select>(dimension, args.integer("index"));
})
