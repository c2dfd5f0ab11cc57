#include "core/modules/CDivTable.h"

#include "core/kernels.h"
#include "core/modules/TableArgs.h"

namespace nn {

const Value& CDivTable::updateOutput(const Value& input) {
  const std::vector<Tensor> xs = sameSizeTensors(*this, input, 2);
  Tensor& y = outputTensor();
  if (sharesStorage(y, xs)) y = Tensor();
  y.resizeAs(xs[0]);
  kernels::binary(kernels::Binary::Div, y.numel(), xs[0].data(), xs[1].data(), y.data());
  return output;
}

// d(a/b)/da = 1/b and d(a/b)/db = -a/b^2, computed as Torch does: g1 = gy/b, g2 = -(g1/b)*a.
const Value& CDivTable::updateGradInput(const Value& input, const Value& gradOutput) {
  const std::vector<Tensor> xs = sameSizeTensors(*this, input, 2);
  const Tensor gy = gradOutputOfSize(*this, gradOutput, xs[0]);
  std::vector<Value>& gx = gradInputTable();
  gx.resize(2);
  for (Value& g : gx)
    if (!g.isTensor() || g.tensor().sameStorage(gy) || sharesStorage(g.tensor(), xs)) g = Value(Tensor());
  Tensor& g1 = gx[0].tensor();
  Tensor& g2 = gx[1].tensor();
  const int64_t n = gy.numel();
  g1.resizeAs(gy);
  kernels::binary(kernels::Binary::Div, n, gy.data(), xs[1].data(), g1.data());
  g2.resizeAs(gy).zero();
  kernels::addcdiv(n, -1.0f, g1.data(), xs[1].data(), g2.data());
  kernels::binary(kernels::Binary::Mul, n, g2.data(), xs[0].data(), g2.data());
  return gradInput;
}

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(CDivTable, [](nn::ArgReader&) -> nn::ModulePtr { return std::make_shared<nn::CDivTable>(); })
