// nn.Contiguous(): the input as a dense tensor (a copy when it is a strided view, the input itself
// otherwise, as Contiguous.lua); gradInput likewise from gradOutput.
#include "core/module.h"

namespace nn {

class Contiguous : public Module {
  NN_MODULE(Contiguous, "nn.Contiguous")
 public:
  const Value& updateOutput(const Value& input) override {
    const Tensor& x = inputTensor(input);
    if (x.isContiguous()) {
      outputTensor() = x;
    } else {
      dense_.resize(x.sizes()).copy(x);
      outputTensor() = dense_;
    }
    return output;
  }
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override {
    const Tensor& x = inputTensor(input);
    const Tensor& gy = inputTensor(gradOutput, "gradOutput");
    if (!gy.sameShape(x)) fail("gradOutput has size ", gy.shapeString(), " but input has size ", x.shapeString());
    if (gy.isContiguous()) {
      gradInputTensor() = gy;
    } else {
      denseGrad_.resize(gy.sizes()).copy(gy);
      gradInputTensor() = denseGrad_;
    }
    return gradInput;
  }
  std::string description() const override { return "the input as a dense (contiguous) tensor"; }

 private:
  Buffer dense_, denseGrad_;
};

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(Contiguous, [](nn::ArgReader&) -> nn::ModulePtr { return std::make_shared<nn::Contiguous>(); })
