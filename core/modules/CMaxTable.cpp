#include "core/modules/CMaxTable.h"

#include <utility>

#include "core/kernels.h"
#include "core/modules/TableArgs.h"

namespace nn {

const Value& CMaxMinTable::updateOutput(const Value& input) {
  const std::vector<Tensor> xs = sameSizeTensors(*this, input);
  Tensor& y = outputTensor();
  if (sharesStorage(y, xs)) y = Tensor();
  y.resizeAs(xs[0]).copy(xs[0]);
  // binary() keeps its first operand on ties, so the running result keeps the earliest entry.
  const auto op = isMax_ ? kernels::Binary::Max : kernels::Binary::Min;
  for (size_t i = 1; i < xs.size(); ++i) kernels::binary(op, y.numel(), y.data(), xs[i].data(), y.data());
  return output;
}

const Value& CMaxMinTable::updateGradInput(const Value& input, const Value& gradOutput) {
  const std::vector<Tensor> xs = sameSizeTensors(*this, input);
  if (!output.isTensor() || !output.tensor().sameShape(xs[0]))
    fail("backward needs the forward of this input first (output is ", output.describe(), ")");
  const Tensor& y = output.tensor();
  const Tensor gy = gradOutputOfSize(*this, gradOutput, xs[0]);
  const int64_t n = gy.numel();
  remaining_.resizeAs(gy).copy(gy);
  next_.resizeAs(gy);
  std::vector<Value>& gx = gradInputTable();
  gx.resize(xs.size());
  // Entry i takes the gradient wherever it equals the extremum and no earlier entry took it.
  for (size_t i = 0; i < xs.size(); ++i) {
    if (!gx[i].isTensor() || gx[i].tensor().sameStorage(gy) || sharesStorage(gx[i].tensor(), xs))
      gx[i] = Value(Tensor());
    Tensor& g = gx[i].tensor();
    g.resizeAs(gy);
    kernels::maxMinBackward(isMax_, n, xs[i].data(), y.data(), remaining_.data(), g.data(), next_.data());
    std::swap(static_cast<Tensor&>(remaining_), static_cast<Tensor&>(next_));
  }
  return gradInput;
}

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(CMaxTable, [](nn::ArgReader&) -> nn::ModulePtr { return std::make_shared<nn::CMaxTable>(); })
