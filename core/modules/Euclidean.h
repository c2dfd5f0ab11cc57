// nn.Euclidean(inputSize, outputSize) (Euclidean.lua): y_j = ||x - w_j|| for the outputSize
// templates w_j, the columns of an inputSize x outputSize weight (Torch's layout); a vector or a
// batch x inputSize matrix. The gradients divide by y_j + 1e-7, as Torch, to avoid 0/0.
// nn.WeightedEuclidean (WeightedEuclidean.cpp) is this module with a learned scale per input
// element and template: the same kernels, given its diagCov.
#pragma once
#include <cmath>

#include "core/kernels_zoo.h"
#include "core/modules/TemplateModule.h"

namespace nn {

class Euclidean : public TemplateModule {
  NN_MODULE(Euclidean, "nn.Euclidean")
 public:
  Tensor weight, gradWeight;

  Euclidean(int64_t inputSize, int64_t outputSize) : Euclidean("nn.Euclidean", inputSize, outputSize) {
    resetParameters(std::nullopt);
  }

  const Value& updateOutput(const Value& input) override {
    const Tensor x = checkedInput(input);
    kernels::euclideanForward(rows(x), inputSize(), outputSize(), x.data(), weight.data(), scales(), outputFor(x).data());
    return output;
  }
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override {
    const Tensor x = checkedInput(input);
    const Tensor gy = checkedGradOutput(x, gradOutput);
    Tensor& gx = gradInputTensor();
    gx.resizeAs(x);
    kernels::euclideanBackward(rows(x), inputSize(), outputSize(), x.data(), weight.data(), scales(), output.tensor().data(),
                               gy.data(), gx.data());
    return gradInput;
  }
  void accGradParameters(const Value& input, const Value& gradOutput, float scale) override {
    const Tensor x = checkedInput(input);
    const Tensor gy = checkedGradOutput(x, gradOutput);
    kernels::euclideanAccGrad(rows(x), inputSize(), outputSize(), x.data(), weight.data(), scales(), output.tensor().data(),
                              gy.data(), scale, gradWeight.data(), gradScales());
  }
  std::vector<Parameter> parameterList() override { return {{"weight", "gradWeight", &weight, &gradWeight}}; }
  // Torch: uniform(-1/sqrt(inputSize), 1/sqrt(inputSize)); reset(stdv) as every uniform module.
  void resetParameters(std::optional<double> stdv) override {
    if (stdv) return Module::resetParameters(stdv);
    const float b = 1.0f / std::sqrt(static_cast<float>(inputSize()));
    weight.copy(Tensor::uniform(weight.sizes(), -b, b));
  }
  std::string description() const override { return "distances from the input to learned templates"; }

 protected:
  // For WeightedEuclidean: its name in errors, and its per-element scales (none here: 1).
  Euclidean(const char* torchName, int64_t inputSize, int64_t outputSize) : TemplateModule(torchName, inputSize, outputSize) {
    weight = Tensor({inputSize, outputSize});
    gradWeight = Tensor({inputSize, outputSize});
  }
  virtual const float* scales() const { return nullptr; }
  virtual float* gradScales() { return nullptr; }
};

}  // namespace nn

