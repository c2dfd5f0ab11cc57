#include "core/modules/Unsqueeze.h"

namespace nn {

Unsqueeze::Unsqueeze(int64_t pos, int64_t numInputDims) : pos_(pos), numInputDims_(numInputDims) {
  if (pos <= 0) nn::fail("nn.Unsqueeze(", pos, "): the position is 1-based and must be positive");
  if (numInputDims < 0) nn::fail("nn.Unsqueeze(", pos, ", ", numInputDims, "): numInputDims must be positive");
}

Tensor Unsqueeze::unsqueezed(const Tensor& x) const {
  if (x.dim() == 0) fail("expected a non-empty input tensor");
  const int64_t numInputDims = numInputDims_ ? numInputDims_ : x.dim();
  const int64_t batchDims = x.dim() - numInputDims;
  if (batchDims < 0)
    fail("numInputDims is ", numInputDims_, " but the input has size ", x.shapeString());
  if (batchDims + pos_ > x.dim() + 1)
    fail("cannot insert a dimension at position ", batchDims + pos_, " of an input of size ",
         x.shapeString(), " (at most ", x.dim() + 1, ")");
  return x.unsqueeze(static_cast<int>(batchDims + pos_));
}

const Value& Unsqueeze::updateOutput(const Value& input) {
  outputTensor() = unsqueezed(inputTensor(input));
  return output;
}

const Value& Unsqueeze::updateGradInput(const Value& input, const Value& gradOutput) {
  const Tensor& x = inputTensor(input);
  const Tensor& gy = inputTensor(gradOutput, "gradOutput");
  const Tensor y = unsqueezed(x);
  if (!gy.sameShape(y))
    fail("gradOutput has size ", gy.shapeString(), " but the output has size ", y.shapeString());
  gradInputTensor().resize(x.sizes()).copy(gy);
  return gradInput;
}

Args Unsqueeze::arguments() const {
  if (numInputDims_) return {pos_, numInputDims_};
  return {pos_};
}

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(Unsqueeze, [](nn::ArgReader& args) -> nn::ModulePtr {
  const int64_t pos = args.integer("pos");
  return std::make_shared<nn::Unsqueeze>(pos, args.optInteger("numInputDims", 0));
})
