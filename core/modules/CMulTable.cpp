#include "core/modules/CMulTable.h"

#include "core/kernels.h"
#include "core/modules/TableArgs.h"

namespace nn {

const Value& CMulTable::updateOutput(const Value& input) {
  const std::vector<Tensor> xs = sameSizeTensors(*this, input);
  Tensor& y = outputTensor();
  if (sharesStorage(y, xs)) y = Tensor();
  y.resizeAs(xs[0]).copy(xs[0]);
  for (size_t i = 1; i < xs.size(); ++i)
    kernels::binary(kernels::Binary::Mul, y.numel(), y.data(), xs[i].data(), y.data());
  return output;
}

// gradInput[i] = gradOutput * prod_{j != i} input[j], multiplied out rather than output / input[i]
// (Torch's choice too), so zeros in the input give exact gradients.
const Value& CMulTable::updateGradInput(const Value& input, const Value& gradOutput) {
  const std::vector<Tensor> xs = sameSizeTensors(*this, input);
  const Tensor gy = gradOutputOfSize(*this, gradOutput, xs[0]);
  std::vector<Value>& gx = gradInputTable();
  gx.resize(xs.size());
  for (size_t i = 0; i < xs.size(); ++i) {
    if (!gx[i].isTensor() || gx[i].tensor().sameStorage(gy) || sharesStorage(gx[i].tensor(), xs))
      gx[i] = Value(Tensor());
    Tensor& g = gx[i].tensor();
    g.resizeAs(gy).copy(gy);
    for (size_t j = 0; j < xs.size(); ++j)
      if (j != i) kernels::binary(kernels::Binary::Mul, g.numel(), g.data(), xs[j].data(), g.data());
  }
  return gradInput;
}

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(CMulTable, [](nn::ArgReader&) -> nn::ModulePtr { return std::make_shared<nn::CMulTable>(); })
