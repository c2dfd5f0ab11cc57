#include "core/modules/FlattenTable.h"

namespace nn {

const Value& FlattenTable::updateOutput(const Value& input) {
  if (!input.isTable()) fail("expected a table input but got ", input.describe());
  std::vector<Tensor> tensors;
  flattenTensors(input, tensors);
  std::vector<Value>& ys = outputTable();
  ys.resize(tensors.size());
  for (size_t i = 0; i < tensors.size(); ++i) ys[i] = Value(tensors[i]);
  return output;
}

// Rebuilds in dst the nesting of src, taking the tensors of flat in order from next.
static void renest(Value& dst, const Value& src, const std::vector<Value>& flat, size_t& next,
                   const FlattenTable& module) {
  if (src.isTensor()) {
    const Value& g = flat[next];
    if (!g.isTensor() || !g.tensor().sameShape(src.tensor()))
      fail(module.toString(), ": gradOutput entry ", next + 1, " must have the size of output entry ",
           next + 1, ", ", src.tensor().shapeString(), ", but is ", g.describe());
    ++next;
    copyValue(dst, g);
  } else if (src.isTable()) {
    if (!dst.isTable()) dst = Value::table();
    dst.entries().resize(src.size());
    for (size_t i = 0; i < src.size(); ++i) renest(dst[i], src[i], flat, next, module);
  } else {
    dst = Value();
  }
}

const Value& FlattenTable::updateGradInput(const Value& input, const Value& gradOutput) {
  if (!input.isTable()) fail("expected a table input but got ", input.describe());
  std::vector<Tensor> tensors;
  flattenTensors(input, tensors);
  if (!gradOutput.isTable() || gradOutput.size() != tensors.size())
    fail("expected gradOutput to be a table of ", tensors.size(), " tensors, like the output, but got ",
         gradOutput.describe());
  size_t next = 0;
  renest(gradInput, input, gradOutput.entries(), next, *this);
  return gradInput;
}

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(FlattenTable, [](nn::ArgReader&) -> nn::ModulePtr { return std::make_shared<nn::FlattenTable>(); })
