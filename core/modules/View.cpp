#include "core/modules/View.h"

namespace nn {

View::View(Shape size) : size_(std::move(size)) {
  if (size_.empty()) nn::fail("nn.View: expected at least one size, e.g. nn.View(2, 3) or nn.View(-1, 3)");
  for (int64_t s : size_) {
    if (s == -1) {
      if (inferred_) nn::fail("nn.View(", shapeString(size_), "): only one size may be -1");
      inferred_ = true;
    } else if (s <= 0) {
      nn::fail("nn.View(", shapeString(size_), "): sizes must be positive or -1, got ", s);
    } else {
      if (elements_ > kMaxTensorElements / s)  // checked before multiplying: no int64 overflow
        nn::fail("nn.View(", shapeString(size_), "): more than ", kMaxTensorElements, " elements");
      elements_ *= s;
    }
  }
}

View& View::setNumInputDims(int64_t numInputDims) {
  if (numInputDims < 0) fail("setNumInputDims: expected a positive count, got ", numInputDims);
  numInputDims_ = numInputDims;
  return *this;
}

// Torch's View batchsize(): the elements of the last numInputDims dimensions (all of them when
// unset) are either one example or several; dimensions before those are always batch.
Shape View::outputSizes(const Tensor& x) const {
  if (x.dim() == 0) fail("expected a non-empty input tensor");
  const int ind = x.dim();
  const int maxdim = numInputDims_ ? static_cast<int>(numInputDims_) : ind;
  if (maxdim > ind)
    fail("numInputDims is ", numInputDims_, " but the input has size ", x.shapeString());
  int64_t exampleElements = 1;
  for (int d = ind - maxdim + 1; d <= ind; ++d) exampleElements *= x.size(d);
  if (exampleElements % elements_ != 0)
    fail("input of size ", x.shapeString(), " does not match the view ", shapeString(size_), " (",
         exampleElements, " elements is not a multiple of ", elements_, ")");
  int64_t batch = inferred_ ? 1 : exampleElements / elements_;
  for (int d = 1; d <= ind - maxdim; ++d) batch *= x.size(d);
  Shape sizes = size_;
  if (!(batch == 1 && (!numInputDims_ || ind <= numInputDims_))) sizes.insert(sizes.begin(), batch);
  if (inferred_) {
    int64_t known = 1;
    for (int64_t s : sizes) known = s == -1 ? known : known * s;
    if (x.numel() % known != 0)
      fail("input of size ", x.shapeString(), " (", x.numel(), " elements) cannot be viewed as ",
           shapeString(sizes));
    for (int64_t& s : sizes)
      if (s == -1) s = x.numel() / known;
  }
  int64_t total = 1;
  for (int64_t s : sizes) total *= s;
  if (total != x.numel())
    fail("input of size ", x.shapeString(), " (", x.numel(), " elements) cannot be viewed as ",
         shapeString(sizes), " (", total, " elements)");
  return sizes;
}

const Value& View::updateOutput(const Value& input) {
  const Tensor& x = inputTensor(input);
  const Shape sizes = outputSizes(x);
  if (!x.isContiguous())
    fail("input of size ", x.shapeString(), " is not contiguous; as in Torch a view needs a dense "
         "tensor: use nn.Reshape, which copies when it must");
  outputTensor() = x.view(sizes);
  return output;
}

const Value& View::updateGradInput(const Value& input, const Value& gradOutput) {
  const Tensor& x = inputTensor(input);
  const Tensor& gy = inputTensor(gradOutput, "gradOutput");
  const Shape sizes = outputSizes(x);
  if (gy.sizes() != sizes)
    fail("gradOutput has size ", gy.shapeString(), " but the output has size ", shapeString(sizes));
  gradInputTensor().resize(x.sizes()).copy(gy);
  return gradInput;
}

std::string View::toString() const {
  std::string s = "nn.View(";
  for (size_t i = 0; i < size_.size(); ++i) s += cat(i ? ", " : "", size_[i]);
  return s + ")";
}

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(View, [](nn::ArgReader& args) -> nn::ModulePtr {
  return std::make_shared<nn::View>(args.integers("size"));
})
