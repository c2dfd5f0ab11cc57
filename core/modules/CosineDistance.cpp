#include "core/modules/CosineDistance.h"

#include "core/kernels_rows.h"

namespace nn {

static constexpr double kEpsilon = 1e-12;  // Torch's

CosineDistance::Rows CosineDistance::rows(const Value& input) const {
  const std::vector<Value>& xs = inputTable(input, 2);
  const Tensor& a = inputTensor(xs[0], "as table entry 1");
  const Tensor& b = inputTensor(xs[1], "as table entry 2");
  if ((a.dim() != 1 && a.dim() != 2) || !a.sameShape(b))
    fail("expected two vectors or two batch x n matrices of the same size but got ", input.describe());
  return {a.contiguous(), b.contiguous(), a.dim() == 1 ? 1 : a.size(1), a.size(-1)};
}

const Value& CosineDistance::updateOutput(const Value& input) {
  const Rows r = rows(input);
  Tensor& y = outputTensor();
  y.resize({r.rows});
  kernels::rowCosines(r.rows, r.cols, r.a.data(), r.b.data(), kEpsilon, y.data());
  return output;
}

const Value& CosineDistance::updateGradInput(const Value& input, const Value& gradOutput) {
  const Rows r = rows(input);
  const Tensor gy = inputTensor(gradOutput, "gradOutput").contiguous();
  if (gy.sizes() != Shape{r.rows})
    fail("gradOutput has size ", gy.dim() ? gy.shapeString() : "empty", " but the output has size ", r.rows);
  std::vector<Value>& gx = gradInputTable();
  gx.resize(2);
  for (Value& g : gx)
    if (!g.isTensor()) g = Value(Tensor());
  Tensor& ga = gx[0].tensor().resize(r.a.sizes());
  Tensor& gb = gx[1].tensor().resize(r.b.sizes());
  // d cos/da = (b - (a.b / |a|^2) a) / (|a| |b|), and symmetrically for b.
  kernels::rowCosinesBackward(r.rows, r.cols, r.a.data(), r.b.data(), gy.data(), kEpsilon, ga.data(), gb.data());
  return gradInput;
}

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(CosineDistance, [](nn::ArgReader&) -> nn::ModulePtr { return std::make_shared<nn::CosineDistance>(); })
