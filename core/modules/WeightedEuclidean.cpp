// nn.WeightedEuclidean(inputSize, outputSize) (WeightedEuclidean.lua): y_j = ||c_j .* (x - w_j)||,
// nn.Euclidean with a learned diagonal scale c_j per template: weight and diagCov are both
// inputSize x outputSize (column j belongs to template j), diagCov starts at 1. Euclidean's
// forward and backward run with diagCov as the kernels' scale. Torch's 1-D accGradParameters
// adds gradDiagCov without the scale; here the scale applies to both gradients for vectors and
// batches alike.
#include <cmath>

#include "core/modules/Euclidean.h"

namespace nn {

class WeightedEuclidean : public Euclidean {
  NN_MODULE(WeightedEuclidean, "nn.WeightedEuclidean")
 public:
  Tensor diagCov, gradDiagCov;

  WeightedEuclidean(int64_t inputSize, int64_t outputSize) : Euclidean("nn.WeightedEuclidean", inputSize, outputSize) {
    diagCov = Tensor({inputSize, outputSize});
    gradDiagCov = Tensor({inputSize, outputSize});
    resetParameters(std::nullopt);
  }
  // Torch's parameters(): {weight, diagCov}, {gradWeight, gradDiagCov}.
  std::vector<Parameter> parameterList() override {
    return {{"weight", "gradWeight", &weight, &gradWeight}, {"diagCov", "gradDiagCov", &diagCov, &gradDiagCov}};
  }
  // Torch: weight uniform(-1/sqrt(inputSize), 1/sqrt(inputSize)), or uniform(-stdv sqrt(3),
  // stdv sqrt(3)) given stdv; diagCov back to 1 either way.
  void resetParameters(std::optional<double> stdv) override {
    if (stdv && !(*stdv > 0)) fail("reset(stdv): stdv must be a positive number, got ", *stdv);
    const float b = stdv ? static_cast<float>(*stdv * std::sqrt(3.0)) : 1.0f / std::sqrt(static_cast<float>(inputSize()));
    weight.copy(Tensor::uniform(weight.sizes(), -b, b));
    diagCov.fill(1.0f);
  }
  std::string description() const override { return "distances from the input to learned templates, with learned per-element scales"; }

 protected:
  const float* scales() const override { return diagCov.data(); }
  float* gradScales() override { return gradDiagCov.data(); }
};

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(WeightedEuclidean, [](nn::ArgReader& args) -> nn::ModulePtr {
  const int64_t in = args.integer("inputSize");
  return std::make_shared<nn::WeightedEuclidean>(in, args.integer("outputSize"));
})
