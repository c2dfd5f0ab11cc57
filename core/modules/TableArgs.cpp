#include "core/modules/TableArgs.h"

namespace nn {

std::vector<Tensor> sameSizeTensors(const Module& module, const Value& input, size_t expectedSize) {
  const std::string name = module.toString();
  if (!input.isTable())
    fail(name, ": expected a table of ", expectedSize ? cat(expectedSize, " ") : std::string(),
         "tensors as input but got ", input.describe());
  if (input.size() == 0) fail(name, ": expected a non-empty table of tensors as input but got an empty table");
  if (expectedSize && input.size() != expectedSize)
    fail(name, ": expected a table of ", expectedSize, " tensors as input but got ", input.describe());
  std::vector<Tensor> xs;
  for (size_t i = 0; i < input.size(); ++i) {
    if (!input[i].isTensor())
      fail(name, ": table entry ", i + 1, " must be a tensor but is ", input[i].describe());
    const Tensor& x = input[i].tensor();
    if (i > 0 && !x.sameShape(xs[0]))
      fail(name, ": table entry ", i + 1, " has size ", x.shapeString(), " but entry 1 has size ",
           xs[0].shapeString(), "; all entries must have the same size");
    xs.push_back(x.contiguous());
  }
  return xs;
}

Tensor gradOutputOfSize(const Module& module, const Value& gradOutput, const Tensor& output) {
  if (!gradOutput.isTensor() || !gradOutput.tensor().sameShape(output))
    fail(module.toString(), ": gradOutput must have the size of the output, ", output.shapeString(),
         ", but got ", gradOutput.describe());
  return gradOutput.tensor().contiguous();
}

bool sharesStorage(const Tensor& t, const std::vector<Tensor>& xs) {
  for (const Tensor& x : xs)
    if (t.sameStorage(x)) return true;
  return false;
}

}  // namespace nn
