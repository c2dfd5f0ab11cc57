#include "core/modules/Narrow.h"

namespace nn {

Narrow::Narrow(int64_t dimension, int64_t offset, int64_t length)
    : dimension_(dimension), offset_(offset), length_(length) {
  if (dimension == 0 || offset == 0 || length == 0)
    nn::fail("nn.Narrow(", dimension, ", ", offset, ", ", length,
             "): dimension, offset and length are 1-based and may not be 0 (negative counts from the end)");
}

Narrow::Slice Narrow::resolve(const Tensor& x) const {
  if (x.dim() == 0) fail("expected a non-empty input tensor");
  const int64_t dim = dimension_ < 0 ? x.dim() + dimension_ + 1 : dimension_;
  if (dim < 1 || dim > x.dim())
    fail("dimension ", dimension_, " is out of range for an input of size ", x.shapeString());
  const int64_t n = x.size(static_cast<int>(dim));
  // Narrow.lua, step by step: a negative length counts from the end relative to the offset as
  // given; then a negative offset means "from index 1, all but `length` elements".
  int64_t length = length_ < 0 ? n - offset_ + length_ + 2 : length_;
  int64_t offset = offset_;
  if (offset_ < 0) {
    offset = 1;
    length = n - length;
  }
  if (offset < 1 || length < 1 || offset + length - 1 > n)
    fail("cannot take elements ", offset, "..", offset + length - 1, " of dimension ", dim,
         " (size ", n, ") of an input of size ", x.shapeString());
  return {static_cast<int>(dim), offset, length};
}

const Value& Narrow::updateOutput(const Value& input) {
  const Tensor& x = inputTensor(input);
  const Slice s = resolve(x);
  const Tensor slice = x.narrow(s.dim, s.offset, s.length);
  outputTensor().resize(slice.sizes()).copy(slice);
  return output;
}

const Value& Narrow::updateGradInput(const Value& input, const Value& gradOutput) {
  const Tensor& x = inputTensor(input);
  const Tensor& gy = inputTensor(gradOutput, "gradOutput");
  const Slice s = resolve(x);
  Tensor& gx = gradInputTensor();
  gx.resize(x.sizes()).zero();
  Tensor slice = gx.narrow(s.dim, s.offset, s.length);
  if (!gy.sameShape(slice))
    fail("gradOutput has size ", gy.shapeString(), " but the output has size ", slice.shapeString());
  slice.copy(gy);
  return gradInput;
}

std::string Narrow::toString() const { return cat("nn.Narrow(", dimension_, ", ", offset_, ", ", length_, ")"); }

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(Narrow, [](nn::ArgReader& args) -> nn::ModulePtr {
  const int64_t dimension = args.integer("dimension");
  const int64_t offset = args.integer("offset");
  return std::make_shared<nn::Narrow>(dimension, offset, args.optInteger("length", 1));
})
