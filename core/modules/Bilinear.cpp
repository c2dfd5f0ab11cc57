#include "core/modules/Bilinear.h"

#include <cmath>

#include "core/kernels.h"

namespace nn {

Bilinear::Bilinear(int64_t inputSize1, int64_t inputSize2, int64_t outputSize, bool withBias)
    : withBias_(withBias) {
  if (inputSize1 <= 0 || inputSize2 <= 0 || outputSize <= 0)
    nn::fail("nn.Bilinear(", inputSize1, "x", inputSize2, " -> ", outputSize, "): sizes must be positive");
  weight = Tensor({outputSize, inputSize1, inputSize2});
  gradWeight = Tensor({outputSize, inputSize1, inputSize2});
  if (withBias_) {
    bias = Tensor({outputSize});
    gradBias = Tensor({outputSize});
  }
  gradInput = Value::table();
  reset();
}

void Bilinear::reset() {
  const float stdv = 1.0f / std::sqrt(static_cast<float>(inputSize1()));
  // in place, so parameters shared with other modules stay shared
  weight.copy(Tensor::uniform(weight.sizes(), -stdv, stdv));
  if (withBias_) bias.copy(Tensor::uniform(bias.sizes(), -stdv, stdv));
}

std::pair<Tensor, Tensor> Bilinear::inputs(const Value& input) const {
  const std::vector<Value>& xs = inputTable(input, 2);
  const Tensor& x1 = inputTensor(xs[0], "as table entry 1");
  const Tensor& x2 = inputTensor(xs[1], "as table entry 2");
  if (x1.dim() != 2 || x1.size(2) != inputSize1())
    fail("expected table entry 1 of size batch x ", inputSize1(), " but got ", x1.dim() ? x1.shapeString() : "an empty tensor");
  if (x2.dim() != 2 || x2.size(2) != inputSize2())
    fail("expected table entry 2 of size batch x ", inputSize2(), " but got ", x2.dim() ? x2.shapeString() : "an empty tensor");
  if (x1.size(1) != x2.size(1))
    fail("the two inputs must have the same number of rows, got ", x1.shapeString(), " and ", x2.shapeString());
  return {x1.contiguous(), x2.contiguous()};
}

void Bilinear::checkGradOutput(const Tensor& gy, int64_t batch) const {
  if (gy.dim() != 2 || gy.size(1) != batch || gy.size(2) != outputSize())
    fail("gradOutput has size ", gy.dim() ? gy.shapeString() : "empty", " but the output has size ",
         shapeString({batch, outputSize()}));
}

const Value& Bilinear::updateOutput(const Value& input) {
  const auto [x1, x2] = inputs(input);
  const int64_t batch = x1.size(1), n1 = inputSize1(), n2 = inputSize2(), out = outputSize();
  // P[b, k, :] = x1[b] W_k, then y[b, k] = P[b, k, :] . x2[b] (+ b_k).
  projected1_.resize({batch, out * n2});
  for (int64_t k = 0; k < out; ++k)
    kernels::gemm(false, false, batch, n2, n1, 1.0f, x1.data(), n1, weight.data() + k * n1 * n2, n2,
                  0.0f, projected1_.data() + k * n2, out * n2);
  Tensor& y = outputTensor();
  y.resize({batch, out});
  for (int64_t b = 0; b < batch; ++b) {
    if (withBias_) kernels::copy(out, bias.data(), y.data() + b * out);
    kernels::gemv(false, out, n2, 1.0f, projected1_.data() + b * out * n2, n2, x2.data() + b * n2,
                  withBias_ ? 1.0f : 0.0f, y.data() + b * out);
  }
  return output;
}

const Value& Bilinear::updateGradInput(const Value& input, const Value& gradOutput) {
  const auto [x1, x2] = inputs(input);
  const int64_t batch = x1.size(1), n1 = inputSize1(), n2 = inputSize2(), out = outputSize();
  const Tensor gy = inputTensor(gradOutput, "gradOutput").contiguous();
  checkGradOutput(gy, batch);
  // dy_k/dx1 = W_k x2 and dy_k/dx2 = W_k^T x1 = (x1 W_k)^T: Q[b, k, :] = x2[b] W_k^T, P as forward.
  projected1_.resize({batch, out * n2});
  projected2_.resize({batch, out * n1});
  for (int64_t k = 0; k < out; ++k) {
    const float* wk = weight.data() + k * n1 * n2;
    kernels::gemm(false, false, batch, n2, n1, 1.0f, x1.data(), n1, wk, n2, 0.0f,
                  projected1_.data() + k * n2, out * n2);
    kernels::gemm(false, true, batch, n1, n2, 1.0f, x2.data(), n2, wk, n2, 0.0f,
                  projected2_.data() + k * n1, out * n1);
  }
  std::vector<Value>& gx = gradInputTable();
  gx.resize(2);
  for (Value& g : gx)
    if (!g.isTensor()) g = Value(Tensor());
  Tensor& g1 = gx[0].tensor();
  Tensor& g2 = gx[1].tensor();
  g1.resize({batch, n1});
  g2.resize({batch, n2});
  for (int64_t b = 0; b < batch; ++b) {
    kernels::gemv(true, out, n1, 1.0f, projected2_.data() + b * out * n1, n1, gy.data() + b * out, 0.0f,
                  g1.data() + b * n1);
    kernels::gemv(true, out, n2, 1.0f, projected1_.data() + b * out * n2, n2, gy.data() + b * out, 0.0f,
                  g2.data() + b * n2);
  }
  return gradInput;
}

void Bilinear::accGradParameters(const Value& input, const Value& gradOutput, float scale) {
  const auto [x1, x2] = inputs(input);
  const int64_t batch = x1.size(1), n1 = inputSize1(), n2 = inputSize2(), out = outputSize();
  const Tensor gy = inputTensor(gradOutput, "gradOutput").contiguous();
  checkGradOutput(gy, batch);
  // gradW_k += scale * x1^T diag(gy[:, k]) x2
  scaledRows_.resize({batch, n2});
  for (int64_t k = 0; k < out; ++k) {
    for (int64_t b = 0; b < batch; ++b)
      kernels::unary(kernels::Unary::Affine, n2, x2.data() + b * n2, scaledRows_.data() + b * n2,
                     gy.data()[b * out + k], 0.0f);
    kernels::gemm(true, false, n1, n2, batch, scale, x1.data(), n1, scaledRows_.data(), n2, 1.0f,
                  gradWeight.data() + k * n1 * n2, n2);
  }
  if (withBias_) {
    biasGradScratch_.resize({out});
    kernels::sumAxis(1, batch, out, gy.data(), biasGradScratch_.data());
    kernels::axpy(out, scale, biasGradScratch_.data(), gradBias.data());
  }
}

std::vector<Module::Parameter> Bilinear::parameterList() {
  std::vector<Parameter> list{{"weight", "gradWeight", &weight, &gradWeight}};
  if (withBias_) list.push_back({"bias", "gradBias", &bias, &gradBias});
  return list;
}

std::string Bilinear::toString() const {
  return cat("nn.Bilinear(", inputSize1(), "x", inputSize2(), " -> ", outputSize(),
             withBias_ ? "" : " without bias", ")");
}

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(Bilinear, [](nn::ArgReader& args) -> nn::ModulePtr {
  const int64_t in1 = args.integer("inputSize1");
  const int64_t in2 = args.integer("inputSize2");
  const int64_t out = args.integer("outputSize");
  return std::make_shared<nn::Bilinear>(in1, in2, out, args.optBool("bias", true));
})
