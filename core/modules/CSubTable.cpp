#include "core/modules/CSubTable.h"

#include "core/kernels.h"
#include "core/modules/TableArgs.h"

namespace nn {

const Value& CSubTable::updateOutput(const Value& input) {
  const std::vector<Tensor> xs = sameSizeTensors(*this, input, 2);
  Tensor& y = outputTensor();
  if (sharesStorage(y, xs)) y = Tensor();
  y.resizeAs(xs[0]);
  kernels::binary(kernels::Binary::Sub, y.numel(), xs[0].data(), xs[1].data(), y.data());
  return output;
}

const Value& CSubTable::updateGradInput(const Value& input, const Value& gradOutput) {
  const std::vector<Tensor> xs = sameSizeTensors(*this, input, 2);
  const Tensor gy = gradOutputOfSize(*this, gradOutput, xs[0]);
  std::vector<Value>& gx = gradInputTable();
  gx.resize(2);
  for (Value& g : gx)
    if (!g.isTensor() || g.tensor().sameStorage(gy)) g = Value(Tensor());
  gx[0].tensor().resizeAs(gy).copy(gy);
  gx[1].tensor().resizeAs(gy).copy(gy).mul(-1.0f);
  return gradInput;
}

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(CSubTable, [](nn::ArgReader&) -> nn::ModulePtr { return std::make_shared<nn::CSubTable>(); })
