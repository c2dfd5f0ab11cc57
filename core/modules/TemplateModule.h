// What nn.Cosine, nn.Euclidean and nn.WeightedEuclidean share: they compare an input vector (or
// each row of a batch x inputSize matrix) with outputSize learned templates, so they take the
// same constructor arguments (inputSize, outputSize), the same input and gradOutput shapes and
// print the same way. Each keeps its own weight layout (Torch's): Cosine's templates are the rows
// of an outputSize x inputSize weight, the Euclidean ones the columns of inputSize x outputSize.
#pragma once
#include <string>

#include "core/module.h"

namespace nn {

class TemplateModule : public Module {
 public:
  int64_t inputSize() const { return inputSize_; }
  int64_t outputSize() const { return outputSize_; }
  std::string toString() const override { return cat(typeName(), "(", inputSize_, " -> ", outputSize_, ")"); }
  Args arguments() const override { return {inputSize_, outputSize_}; }

 protected:
  TemplateModule(const char* torchName, int64_t inputSize, int64_t outputSize)
      : inputSize_(inputSize), outputSize_(outputSize) {
    if (inputSize <= 0 || outputSize <= 0) nn::fail(torchName, "(", inputSize, ", ", outputSize, "): sizes must be positive");
  }

  // Rows of the input: 1 for a vector, the batch size for a matrix.
  static int64_t rows(const Tensor& x) { return x.dim() == 1 ? 1 : x.size(1); }

  // The input, contiguous, after checking it is inputSize or batch x inputSize.
  Tensor checkedInput(const Value& input) const {
    const Tensor x = inputTensor(input).contiguous();
    if ((x.dim() != 1 && x.dim() != 2) || x.size(-1) != inputSize_)
      fail("expected input of size ", inputSize_, " or batch x ", inputSize_, ", got ",
           x.dim() ? x.shapeString() : std::string("an empty tensor"));
    return x;
  }
  // The output tensor, sized outputSize or batch x outputSize for input x.
  Tensor& outputFor(const Tensor& x) {
    Tensor& y = outputTensor();
    y.resize(outputShape(x));
    return y;
  }
  // gradOutput, contiguous, after checking it has the output's size and forward has run.
  Tensor checkedGradOutput(const Tensor& x, const Value& gradOutput) const {
    const Tensor gy = inputTensor(gradOutput, "gradOutput").contiguous();
    const Shape want = outputShape(x);
    if (gy.sizes() != want) fail("gradOutput has size ", gy.shapeString(), " but the output has size ", shapeString(want));
    if (!output.isTensor() || output.tensor().sizes() != want) fail("backward before forward: call forward with this input first");
    return gy;
  }

 private:
  Shape outputShape(const Tensor& x) const { return x.dim() == 1 ? Shape{outputSize_} : Shape{x.size(1), outputSize_}; }
  int64_t inputSize_, outputSize_;
};

}  // namespace nn
