#include "core/modules/AddConstant.h"

#include "core/kernels.h"

namespace nn {

AddConstant::AddConstant(Tensor constant) : tensor_(constant.contiguous().clone()) {
  if (tensor_.dim() != 1 || tensor_.numel() == 0)
    nn::fail("nn.AddConstant(tensor): the constant must be a non-empty 1-D tensor, got ",
             tensor_.dim() ? "size " + tensor_.shapeString() : std::string("an empty tensor"));
}

int64_t AddConstant::rowsOf(const Tensor& x) const {
  const int64_t n = tensor_.numel();
  if ((x.dim() == 1 || x.dim() == 2) && x.size(-1) == n) return x.dim() == 1 ? 1 : x.size(1);
  fail("input is not scalar or doesn't match with the dimension of constant: a constant of ", n,
       " values needs an input of size ", n, " or batch x ", n, ", got ",
       x.dim() ? "size " + x.shapeString() : std::string("an empty tensor"));
}

const Value& AddConstant::updateOutput(const Value& input) {
  const Tensor x = inputTensor(input).contiguous();
  Tensor& y = outputTensor();
  y.resizeAs(x);
  if (!tensor_.defined()) {
    kernels::unary(kernels::Unary::Affine, x.numel(), x.data(), y.data(), 1.0f, static_cast<float>(constant_));
    return output;
  }
  const int64_t rows = rowsOf(x), n = tensor_.numel();
  for (int64_t r = 0; r < rows; ++r)
    kernels::binary(kernels::Binary::Add, n, x.data() + r * n, tensor_.data(), y.data() + r * n);
  return output;
}

const Value& AddConstant::updateGradInput(const Value& input, const Value& gradOutput) {
  const Tensor& x = inputTensor(input);
  if (tensor_.defined()) rowsOf(x);
  const Tensor& gy = inputTensor(gradOutput, "gradOutput");
  if (!gy.sameShape(x))
    fail("gradOutput has size ", gy.shapeString(), " but input has size ", x.shapeString());
  gradInputTensor().resizeAs(gy).copy(gy);
  return gradInput;
}

std::string AddConstant::toString() const {
  if (tensor_.defined()) return cat("nn.AddConstant(tensor of size ", tensor_.shapeString(), ")");
  return cat("nn.AddConstant(", constant_, ")");
}

Args AddConstant::arguments() const {
  if (tensor_.defined()) return {tensor_};
  return {constant_};
}

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(AddConstant, [](nn::ArgReader& args) -> nn::ModulePtr {
  nn::ModulePtr m;
  if (args.nextKind() == nn::Arg::Kind::Tensor) m = std::make_shared<nn::AddConstant>(args.optTensor("constant_scalar"));
  else m = std::make_shared<nn::AddConstant>(args.number("constant_scalar"));
  args.optBool("inplace", false);
  return m;
})
