#include "core/modules/Squeeze.h"

namespace nn {

Squeeze::Squeeze(int64_t dim, int64_t numInputDims) : dim_(dim), numInputDims_(numInputDims) {
  if (numInputDims < 0) nn::fail("nn.Squeeze(", dim, ", ", numInputDims, "): numInputDims must be positive");
}

Tensor Squeeze::squeezed(const Tensor& x) const {
  if (x.dim() == 0) fail("expected a non-empty input tensor");
  int64_t dim = dim_;
  bool keepBatch = false;
  if (numInputDims_ && x.dim() == numInputDims_ + 1) {
    if (dim > 0) ++dim;
    else if (dim == 0 && x.size(1) == 1) keepBatch = true;
  }
  if (dim == 0) {
    const Tensor all = x.squeeze();
    return keepBatch ? all.unsqueeze(1) : all;
  }
  if (dim < -x.dim() || dim > x.dim())
    fail("dimension ", dim, " is out of range for an input of size ", x.shapeString());
  return x.squeeze(static_cast<int>(dim));
}

const Value& Squeeze::updateOutput(const Value& input) {
  outputTensor() = squeezed(inputTensor(input));
  return output;
}

const Value& Squeeze::updateGradInput(const Value& input, const Value& gradOutput) {
  const Tensor& x = inputTensor(input);
  const Tensor& gy = inputTensor(gradOutput, "gradOutput");
  const Tensor y = squeezed(x);
  if (!gy.sameShape(y))
    fail("gradOutput has size ", gy.shapeString(), " but the output has size ", y.shapeString());
  gradInputTensor().resize(x.sizes()).copy(gy);
  return gradInput;
}

std::string Squeeze::toString() const {
  if (!dim_ && !numInputDims_) return "nn.Squeeze";
  return numInputDims_ ? cat("nn.Squeeze(", dim_ ? cat(dim_) : "nil", ", ", numInputDims_, ")")
                       : cat("nn.Squeeze(", dim_, ")");
}

Args Squeeze::arguments() const {
  if (numInputDims_) return {dim_ ? Arg(dim_) : Arg(), numInputDims_};
  if (dim_) return {dim_};
  return {};
}

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(Squeeze, [](nn::ArgReader& args) -> nn::ModulePtr {
  const int64_t dim = args.optInteger("dim", 0);
  return std::make_shared<nn::Squeeze>(dim, args.optInteger("numInputDims", 0));
})
