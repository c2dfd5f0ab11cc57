#include "core/modules/CAddTable.h"

namespace nn {

const Value& CAddTable::updateOutput(const Value& input) {
  const std::vector<Value>& xs = inputTable(input);
  const Tensor& first = inputTensor(xs[0], "table entry 1");
  for (size_t i = 1; i < xs.size(); ++i) {
    const Tensor& xi = inputTensor(xs[i], "table entry");
    if (!xi.sameShape(first))
      fail("table entry ", i + 1, " has size ", xi.shapeString(), " but entry 1 has size ",
           first.shapeString(), "; all entries must have the same size");
  }
  Tensor& y = outputTensor();
  if (y.sameStorage(first)) y = Tensor();
  y.resizeAs(first).copy(first);
  for (size_t i = 1; i < xs.size(); ++i) y.add(xs[i].tensor());
  return output;
}

const Value& CAddTable::updateGradInput(const Value& input, const Value& gradOutput) {
  const std::vector<Value>& xs = inputTable(input);
  const Tensor& gy = inputTensor(gradOutput, "gradOutput");
  std::vector<Value>& gx = gradInputTable();
  gx.resize(xs.size());
  for (size_t i = 0; i < xs.size(); ++i) {
    if (!gy.sameShape(inputTensor(xs[i], "table entry")))
      fail("gradOutput has size ", gy.shapeString(), " but table entry ", i + 1, " has size ",
           xs[i].tensor().shapeString());
    if (!gx[i].isTensor()) gx[i] = Value(Tensor());
    gx[i].tensor().resizeAs(gy).copy(gy);
  }
  return gradInput;
}

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(CAddTable, [](nn::ArgReader&) -> nn::ModulePtr { return std::make_shared<nn::CAddTable>(); })
