// nn.SoftMin(): the softmax of -x (SoftMin.lua), over the same dimension as nn.SoftMax (a vector,
// each row of a batch, the planes of 3-D/4-D input); gradInput is minus SoftMax's for -x.
#include "core/kernels.h"
#include "core/kernels_zoo.h"
#include "core/modules/SoftMax.h"

namespace nn {

class SoftMin : public Module {
  NN_MODULE(SoftMin, "nn.SoftMin")
 public:
  const Value& updateOutput(const Value& input) override {
    const Tensor& x = inputTensor(input);
    negated_.resize(x.sizes()).copy(x).mul(-1.0f);
    output = softmax_.updateOutput(negated_);
    return output;
  }
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override {
    const Tensor& x = inputTensor(input);
    if (!negated_.sameShape(x)) fail("backward before forward: call forward with this input first");
    const Tensor& g = softmax_.updateGradInput(negated_, gradOutput).tensor();
    gradInputTensor().resizeAs(g).copy(g).mul(-1.0f);
    return gradInput;
  }
  std::string description() const override { return "softmin exp(-x_i) / sum_j exp(-x_j)"; }

 private:
  SoftMax softmax_;  // a member, copied with the module (its buffers are fresh in a clone)
  Buffer negated_;
};

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(SoftMin, [](nn::ArgReader&) -> nn::ModulePtr { return std::make_shared<nn::SoftMin>(); })
