#include "core/modules/JoinTable.h"

#include "core/modules/TableArgs.h"

namespace nn {

JoinTable::JoinTable(int64_t dimension, int64_t nInputDims)
    : dimension_(dimension), nInputDims_(nInputDims) {
  if (dimension == 0) nn::fail("nn.JoinTable(0): dimensions are 1-based (1 is the first, -1 the last)");
  if (nInputDims < 0) nn::fail("nn.JoinTable(", dimension, ", ", nInputDims, "): nInputDims must be positive");
}

int JoinTable::joinDimension(const std::vector<Value>& xs) const {
  for (size_t i = 0; i < xs.size(); ++i)
    if (!xs[i].isTensor()) fail("table entry ", i + 1, " must be a tensor but is ", xs[i].describe());
  const Tensor& first = xs[0].tensor();
  const int64_t dims = first.dim();
  int64_t d = dimension_;
  if (d < 0) d = dims + d + 1;
  else if (nInputDims_ > 0 && dims == nInputDims_ + 1) d += 1;
  if (d < 1 || d > dims)
    fail("cannot join along dimension ", dimension_, " tensors of size ", first.shapeString(),
         dims ? cat(" (valid: 1..", dims, " or -", dims, "..-1)") : std::string());
  for (size_t i = 1; i < xs.size(); ++i) {
    const Tensor& x = xs[i].tensor();
    bool same = x.dim() == dims;
    for (int k = 1; same && k <= dims; ++k)
      if (k != d && x.size(k) != first.size(k)) same = false;
    if (!same)
      fail("table entry ", i + 1, " has size ", x.shapeString(), " but entry 1 has size ",
           first.shapeString(), "; all sizes except dimension ", d, " must match");
  }
  return static_cast<int>(d);
}

const Value& JoinTable::updateOutput(const Value& input) {
  const std::vector<Value>& xs = inputTable(input);
  const int d = joinDimension(xs);
  Shape sizes = xs[0].tensor().sizes();
  std::vector<Tensor> tensors;
  for (size_t i = 0; i < xs.size(); ++i) {
    tensors.push_back(xs[i].tensor());
    if (i > 0) sizes[d - 1] += xs[i].tensor().size(d);
  }
  Tensor& y = outputTensor();
  if (sharesStorage(y, tensors)) y = Tensor();
  y.resize(sizes);
  int64_t offset = 1;
  for (const Tensor& x : tensors) {
    y.narrow(d, offset, x.size(d)).copy(x);
    offset += x.size(d);
  }
  return output;
}

const Value& JoinTable::updateGradInput(const Value& input, const Value& gradOutput) {
  const std::vector<Value>& xs = inputTable(input);
  const int d = joinDimension(xs);
  Shape sizes = xs[0].tensor().sizes();
  for (size_t i = 1; i < xs.size(); ++i) sizes[d - 1] += xs[i].tensor().size(d);
  if (!gradOutput.isTensor() || gradOutput.tensor().sizes() != sizes)
    fail("gradOutput must have the size of the output, ", shapeString(sizes), ", but got ",
         gradOutput.describe());
  const Tensor& gy = gradOutput.tensor();
  std::vector<Value>& gx = gradInputTable();
  gx.resize(xs.size());
  int64_t offset = 1;
  for (size_t i = 0; i < xs.size(); ++i) {
    const Tensor& x = xs[i].tensor();
    if (!gx[i].isTensor() || gx[i].tensor().sameStorage(gy)) gx[i] = Value(Tensor());
    gx[i].tensor().resizeAs(x).copy(gy.narrow(d, offset, x.size(d)));
    offset += x.size(d);
  }
  return gradInput;
}

std::string JoinTable::toString() const {
  return nInputDims_ ? cat("nn.JoinTable(", dimension_, ", ", nInputDims_, ")") : cat("nn.JoinTable(", dimension_, ")");
}

Args JoinTable::arguments() const {
  if (nInputDims_) return {dimension_, nInputDims_};
  return {dimension_};
}

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(JoinTable, [](nn::ArgReader& args) -> nn::ModulePtr {
  const int64_t dimension = args.integer("dimension");
  return std::make_shared<nn::JoinTable>(dimension, args.optInteger("nInputDims", 0));
})
