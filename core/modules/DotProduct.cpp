#include "core/modules/DotProduct.h"

#include "core/kernels_rows.h"

namespace nn {

namespace {
struct Rows { Tensor a, b; int64_t rows, cols; };
}  // namespace

static Rows pairRows(const Module& m, const std::vector<Value>& xs, const Tensor& a, const Tensor& b) {
  if ((a.dim() != 1 && a.dim() != 2) || !a.sameShape(b))
    nn::fail(m.toString(), ": expected two vectors or two batch x n matrices of the same size but got ",
             Value(xs).describe());
  return {a.contiguous(), b.contiguous(), a.dim() == 1 ? 1 : a.size(1), a.size(-1)};
}

const Value& DotProduct::updateOutput(const Value& input) {
  const std::vector<Value>& xs = inputTable(input, 2);
  const Rows r = pairRows(*this, xs, inputTensor(xs[0], "as table entry 1"), inputTensor(xs[1], "as table entry 2"));
  Tensor& y = outputTensor();
  y.resize({r.rows});
  kernels::rowDots(r.rows, r.cols, r.a.data(), r.b.data(), y.data());
  return output;
}

const Value& DotProduct::updateGradInput(const Value& input, const Value& gradOutput) {
  const std::vector<Value>& xs = inputTable(input, 2);
  const Rows r = pairRows(*this, xs, inputTensor(xs[0], "as table entry 1"), inputTensor(xs[1], "as table entry 2"));
  const Tensor gy = inputTensor(gradOutput, "gradOutput").contiguous();
  if (gy.sizes() != Shape{r.rows})
    fail("gradOutput has size ", gy.dim() ? gy.shapeString() : "empty", " but the output has size ", r.rows);
  std::vector<Value>& gx = gradInputTable();
  gx.resize(2);
  for (Value& g : gx)
    if (!g.isTensor()) g = Value(Tensor());
  Tensor& ga = gx[0].tensor().resize(r.a.sizes());
  Tensor& gb = gx[1].tensor().resize(r.b.sizes());
  // d(a.b)/da = b and d(a.b)/db = a, scaled by each row's gradient.
  kernels::scaleRows(r.rows, r.cols, gy.data(), r.b.data(), ga.data());
  kernels::scaleRows(r.rows, r.cols, gy.data(), r.a.data(), gb.data());
  return gradInput;
}

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(DotProduct, [](nn::ArgReader&) -> nn::ModulePtr { return std::make_shared<nn::DotProduct>(); })
