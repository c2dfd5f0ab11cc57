// nn.Euclidean(inputSize, outputSize) (Euclidean.lua): y_j = ||x - w_j|| for the outputSize
// templates w_j, the columns of an inputSize x outputSize weight (Torch's layout); a vector or a
// batch x inputSize matrix. The gradients divide by y_j + 1e-7, as Torch, to avoid 0/0.
#include <cmath>

#include "core/kernels_zoo.h"
#include "core/module.h"

namespace nn {

class Euclidean : public Module {
  NN_MODULE(Euclidean, "nn.Euclidean")
 public:
  Tensor weight, gradWeight;

  Euclidean(int64_t inputSize, int64_t outputSize) {
    if (inputSize <= 0 || outputSize <= 0) nn::fail("nn.Euclidean(", inputSize, ", ", outputSize, "): sizes must be positive");
    weight = Tensor({inputSize, outputSize});
    gradWeight = Tensor({inputSize, outputSize});
    resetParameters(std::nullopt);
  }
  int64_t inputSize() const { return weight.size(1); }
  int64_t outputSize() const { return weight.size(2); }

  const Value& updateOutput(const Value& input) override {
    const Tensor x = checked(input);
    Tensor& y = outputTensor();
    if (x.dim() == 1) y.resize({outputSize()});
    else y.resize({x.size(1), outputSize()});
    kernels::euclideanForward(rows(x), inputSize(), outputSize(), x.data(), weight.data(), y.data());
    return output;
  }
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override {
    const Tensor x = checked(input);
    const Tensor gy = gradFor(x, gradOutput);
    Tensor& gx = gradInputTensor();
    gx.resizeAs(x);
    kernels::euclideanBackward(rows(x), inputSize(), outputSize(), x.data(), weight.data(), output.tensor().data(), gy.data(), gx.data());
    return gradInput;
  }
  void accGradParameters(const Value& input, const Value& gradOutput, float scale) override {
    const Tensor x = checked(input);
    const Tensor gy = gradFor(x, gradOutput);
    kernels::euclideanAccGrad(rows(x), inputSize(), outputSize(), x.data(), weight.data(), output.tensor().data(), gy.data(), scale,
                              gradWeight.data());
  }
  std::vector<Parameter> parameterList() override { return {{"weight", "gradWeight", &weight, &gradWeight}}; }
  // Torch: uniform(-1/sqrt(inputSize), 1/sqrt(inputSize)); reset(stdv) as every uniform module.
  void resetParameters(std::optional<double> stdv) override {
    if (stdv) return Module::resetParameters(stdv);
    const float b = 1.0f / std::sqrt(static_cast<float>(inputSize()));
    weight.copy(Tensor::uniform(weight.sizes(), -b, b));
  }
  std::string toString() const override { return cat("nn.Euclidean(", inputSize(), " -> ", outputSize(), ")"); }
  std::string description() const override { return "distances from the input to learned templates"; }
  Args arguments() const override { return {inputSize(), outputSize()}; }

 private:
  static int64_t rows(const Tensor& x) { return x.dim() == 1 ? 1 : x.size(1); }
  Tensor checked(const Value& input) const {
    const Tensor x = inputTensor(input).contiguous();
    if ((x.dim() != 1 && x.dim() != 2) || x.size(-1) != inputSize())
      fail("expected input of size ", inputSize(), " or batch x ", inputSize(), ", got ",
           x.dim() ? x.shapeString() : std::string("an empty tensor"));
    return x;
  }
  Tensor gradFor(const Tensor& x, const Value& gradOutput) const {
    const Tensor gy = inputTensor(gradOutput, "gradOutput").contiguous();
    const Shape want = x.dim() == 1 ? Shape{outputSize()} : Shape{x.size(1), outputSize()};
    if (gy.sizes() != want) fail("gradOutput has size ", gy.shapeString(), " but the output has size ", shapeString(want));
    if (!output.isTensor() || output.tensor().sizes() != want) fail("backward before forward: call forward with this input first");
    return gy;
  }
};

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(Euclidean, [](nn::ArgReader& args) -> nn::ModulePtr {
  const int64_t in = args.integer("inputSize");
  return std::make_shared<nn::Euclidean>(in, args.integer("outputSize"));
})
