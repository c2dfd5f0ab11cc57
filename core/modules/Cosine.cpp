// nn.Cosine(inputSize, outputSize) (Cosine.lua): y_j = w_j . x / (||w_j|| ||x||), the cosine
// similarity of the input with each row w_j of an outputSize x inputSize weight; a vector or a
// batch x inputSize matrix. As Torch, 1e-12 is added to each norm; the gradients are Torch's:
// dy_j/dx = w_j / (|w_j| |x|) - y_j x / |x|^2 and dy_j/dw_j = x / (|w_j| |x|) - y_j w_j / |w_j|^2.
#include <cmath>

#include "core/kernels.h"
#include "core/kernels_zoo.h"
#include "core/modules/TemplateModule.h"

namespace nn {

class Cosine : public TemplateModule {
  NN_MODULE(Cosine, "nn.Cosine")
 public:
  Tensor weight, gradWeight;

  Cosine(int64_t inputSize, int64_t outputSize) : TemplateModule("nn.Cosine", inputSize, outputSize) {
    weight = Tensor({outputSize, inputSize});
    gradWeight = Tensor({outputSize, inputSize});
    resetParameters(std::nullopt);
  }
  const Value& updateOutput(const Value& input) override {
    const Tensor x = checkedInput(input);
    const int64_t b = rows(x), in = inputSize(), out = outputSize();
    norms(x);
    Tensor& y = outputFor(x);
    // y = x W^T, then each y[r, j] / (|w_j| |x_r|)
    kernels::gemm(false, true, b, out, in, 1.0f, x.data(), in, weight.data(), in, 0.0f, y.data(), out);
    for (int64_t r = 0; r < b; ++r) {
      kernels::binary(kernels::Binary::Div, out, y.data() + r * out, weightNorm_.data(), y.data() + r * out);
      kernels::scale(out, 1.0f / inputNorm_.data()[r], y.data() + r * out);
    }
    return output;
  }
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override {
    const Tensor x = checkedInput(input);
    const Tensor gy = checkedGradOutput(x, gradOutput);
    const int64_t b = rows(x), in = inputSize(), out = outputSize();
    Tensor& gx = gradInputTensor();
    gx.resizeAs(x);
    scaled_.resize({b, out});
    const float* y = output.tensor().data();
    for (int64_t r = 0; r < b; ++r) {
      // gx_r = sum_j gy_j w_j / (|w_j| |x_r|)  -  (sum_j gy_j y_j) x_r / |x_r|^2
      const float nx = inputNorm_.data()[r];
      kernels::binary(kernels::Binary::Div, out, gy.data() + r * out, weightNorm_.data(), scaled_.data() + r * out);
      kernels::scale(out, 1.0f / nx, scaled_.data() + r * out);
      const float gyDotY = static_cast<float>(kernels::dot(out, gy.data() + r * out, y + r * out));
      kernels::gemv(true, out, in, 1.0f, weight.data(), in, scaled_.data() + r * out, 0.0f, gx.data() + r * in);
      kernels::axpy(in, -gyDotY / (nx * nx), x.data() + r * in, gx.data() + r * in);
    }
    return gradInput;
  }
  void accGradParameters(const Value& input, const Value& gradOutput, float scale) override {
    const Tensor x = checkedInput(input);
    const Tensor gy = checkedGradOutput(x, gradOutput);
    const int64_t b = rows(x), in = inputSize(), out = outputSize();
    norms(x);
    const float* y = output.tensor().data();
    coef_.resize({out});
    for (int64_t r = 0; r < b; ++r) {
      // gradW_j += scale * (gy_j x_r / (|w_j| |x_r|) - gy_j y_j w_j / |w_j|^2)
      const float nx = inputNorm_.data()[r];
      kernels::binary(kernels::Binary::Div, out, gy.data() + r * out, weightNorm_.data(), coef_.data());
      kernels::ger(out, in, scale / nx, coef_.data(), x.data() + r * in, gradWeight.data(), in);
      for (int64_t j = 0; j < out; ++j) {
        const float nw = weightNorm_.data()[j];
        kernels::axpy(in, -scale * gy.data()[r * out + j] * y[r * out + j] / (nw * nw), weight.data() + j * in,
                      gradWeight.data() + j * in);
      }
    }
  }
  std::vector<Parameter> parameterList() override { return {{"weight", "gradWeight", &weight, &gradWeight}}; }
  // Torch: uniform(-1/sqrt(outputSize), 1/sqrt(outputSize)) (weight:size(1)).
  void resetParameters(std::optional<double> stdv) override {
    if (stdv) return Module::resetParameters(stdv);
    const float bound = 1.0f / std::sqrt(static_cast<float>(outputSize()));
    weight.copy(Tensor::uniform(weight.sizes(), -bound, bound));
  }
  std::string description() const override { return "cosine similarity of the input with learned vectors"; }

 private:
  Buffer weightNorm_, inputNorm_, scaled_, coef_;
  void norms(const Tensor& x) {
    weightNorm_.resize({outputSize()});
    inputNorm_.resize({rows(x)});
    kernels::rowNorms(outputSize(), inputSize(), weight.data(), 1e-12f, weightNorm_.data());
    kernels::rowNorms(rows(x), inputSize(), x.data(), 1e-12f, inputNorm_.data());
  }
  // Cosine's gradients also need the norms of the last forward's rows.
  Tensor checkedGradOutput(const Tensor& x, const Value& gradOutput) const {
    Tensor gy = TemplateModule::checkedGradOutput(x, gradOutput);
    if (inputNorm_.numel() != rows(x)) fail("backward before forward: call forward with this input first");
    return gy;
  }
};

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(Cosine, [](nn::ArgReader& args) -> nn::ModulePtr {
  const int64_t in = args.integer("inputSize");
  return std::make_shared<nn::Cosine>(in, args.integer("outputSize"));
})
