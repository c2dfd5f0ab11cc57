#include "core/modules/SplitTable.h"

namespace nn {

SplitTable::SplitTable(int64_t dimension, int64_t nInputDims)
    : dimension_(dimension), nInputDims_(nInputDims) {
  if (dimension == 0) nn::fail("nn.SplitTable(0): dimensions are 1-based (1 is the first, -1 the last)");
  if (nInputDims < 0) nn::fail("nn.SplitTable(", dimension, ", ", nInputDims, "): nInputDims must be positive");
  output = Value::table();
}

int SplitTable::splitDimension(const Tensor& x) const {
  const int64_t dims = x.dim();
  int64_t d = dimension_;
  if (d < 0) d = dims + d + 1;
  else if (nInputDims_ > 0 && dims == nInputDims_ + 1) d += 1;
  if (d < 1 || d > dims)
    fail("cannot split along dimension ", dimension_, " a tensor of size ", x.shapeString(),
         dims ? cat(" (valid: 1..", dims, " or -", dims, "..-1)") : std::string());
  return static_cast<int>(d);
}

const Value& SplitTable::updateOutput(const Value& input) {
  const Tensor& x = inputTensor(input);
  const int d = splitDimension(x);
  std::vector<Value>& ys = outputTable();
  ys.resize(static_cast<size_t>(x.size(d)));
  for (int64_t i = 0; i < x.size(d); ++i) ys[static_cast<size_t>(i)] = Value(slice(x, d, i + 1));
  return output;
}

// Torch gives Lua numbers for the slices of a 1-D tensor; here they are one-element tensors.
Tensor SplitTable::slice(const Tensor& x, int d, int64_t index1) {
  return x.dim() == 1 ? x.narrow(1, index1, 1) : x.select(d, index1);
}

const Value& SplitTable::updateGradInput(const Value& input, const Value& gradOutput) {
  const Tensor& x = inputTensor(input);
  const int d = splitDimension(x);
  const int64_t n = x.size(d);
  const Tensor first = slice(x, d, 1);
  if (!gradOutput.isTable() || static_cast<int64_t>(gradOutput.size()) != n)
    fail("expected gradOutput to be a table of ", n, " tensors of size ", first.shapeString(),
         " (one per slice) but got ", gradOutput.describe());
  Tensor& gx = gradInputTensor();
  if (gx.sameStorage(x)) gx = Tensor();
  gx.resizeAs(x);
  for (int64_t i = 0; i < n; ++i) {
    const Value& g = gradOutput[static_cast<size_t>(i)];
    if (!g.isTensor() || !g.tensor().sameShape(first))
      fail("gradOutput entry ", i + 1, " must have the size of a slice, ", first.shapeString(),
           ", but is ", g.describe());
    slice(gx, d, i + 1).copy(g.tensor());
  }
  return gradInput;
}

std::string SplitTable::toString() const {
  return nInputDims_ ? cat("nn.SplitTable(", dimension_, ", ", nInputDims_, ")") : cat("nn.SplitTable(", dimension_, ")");
}

Args SplitTable::arguments() const {
  if (nInputDims_) return {dimension_, nInputDims_};
  return {dimension_};
}

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(SplitTable, [](nn::ArgReader& args) -> nn::ModulePtr {
  const int64_t dimension = args.integer("dimension");
  return std::make_shared<nn::SplitTable>(dimension, args.optInteger("nInputDims", 0));
})
