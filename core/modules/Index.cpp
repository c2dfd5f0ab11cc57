// nn.Index(dimension) (Index.lua): for a table {t, indices}, the entries of t at the 1-based
// `indices` (a 1-D tensor) along `dimension`, as t:index(dimension, indices). gradInput is
// {gradient accumulated back at those positions (repeated indices add up), zeros for indices}.
#include <cmath>
#include <vector>

#include "core/module.h"

namespace nn {

class Index : public Module {
  NN_MODULE(Index, "nn.Index")
 public:
  explicit Index(int64_t dimension) : dimension_(dimension) {
    if (dimension == 0) nn::fail("nn.Index(0): dimensions are 1-based (1 is the first)");
    gradInput = Value::table({Tensor(), Tensor()});
  }
  const Value& updateOutput(const Value& input) override {
    const Tensor t = read(input);
    Shape sizes = t.sizes();
    sizes[static_cast<size_t>(dim_ - 1)] = static_cast<int64_t>(rows_.size());
    Tensor& y = outputTensor();
    y.resize(sizes);
    for (size_t k = 0; k < rows_.size(); ++k) y.select(dim_, static_cast<int64_t>(k) + 1).copy(t.select(dim_, rows_[k]));
    return output;
  }
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override {
    const Tensor t = read(input);
    const Tensor& gy = inputTensor(gradOutput, "gradOutput");
    Shape sizes = t.sizes();
    sizes[static_cast<size_t>(dim_ - 1)] = static_cast<int64_t>(rows_.size());
    if (gy.sizes() != sizes) fail("gradOutput has size ", gy.shapeString(), " but the output has size ", shapeString(sizes));
    if (!gradInput.isTable() || gradInput.size() != 2) gradInput = Value::table({Tensor(), Tensor()});
    Tensor& gt = gradInput[0].tensor();
    gt.resize(t.sizes()).zero();
    gradInput[1].tensor().resize(input[1].tensor().sizes()).zero();  // indices get no gradient
    for (size_t k = 0; k < rows_.size(); ++k) {
      Tensor slot = gt.select(dim_, rows_[k]);
      const Tensor part = gy.select(dim_, static_cast<int64_t>(k) + 1).contiguous();
      slot.copy(slot.contiguous().add(part));  // indexAdd: repeated indices accumulate
    }
    return gradInput;
  }
  std::string toString() const override { return cat("nn.Index(", dimension_, ")"); }
  std::string description() const override { return "the entries at given indices along a dimension"; }
  Args arguments() const override { return {dimension_}; }

 private:
  int64_t dimension_;
  int dim_ = 1;                 // resolved, 1-based
  std::vector<int64_t> rows_;   // the checked 1-based indices
  Tensor read(const Value& input) {
    const auto& parts = inputTable(input, 2);
    const Tensor& t = inputTensor(parts[0], "tensor (input[1])");
    const Tensor idx = inputTensor(parts[1], "indices (input[2])").contiguous();
    if (t.dim() < 2) fail("expected a tensor of at least 2 dimensions as input[1] (a 1-D tensor's entries are numbers), got ", t.dim() ? "size " + t.shapeString() : std::string("an empty tensor"));
    const int64_t d = dimension_ < 0 ? t.dim() + dimension_ + 1 : dimension_;
    if (d < 1 || d > t.dim()) fail("dimension ", dimension_, " is out of range for input[1] of size ", t.shapeString());
    dim_ = static_cast<int>(d);
    if (idx.dim() != 1) fail("expected a 1-D tensor of indices as input[2], got ", idx.dim() ? "size " + idx.shapeString() : std::string("an empty tensor"));
    const int64_t n = t.size(dim_);
    rows_.resize(static_cast<size_t>(idx.numel()));
    for (int64_t k = 0; k < idx.numel(); ++k) {
      const float v = idx.data()[k];
      if (!(v >= 1 && v <= static_cast<float>(n)) || v != std::floor(v))
        fail("index ", v, " at position ", k + 1, " is not an integer from 1 to ", n, " (the size of dimension ", dim_, ")");
      rows_[static_cast<size_t>(k)] = static_cast<int64_t>(v);
    }
    return t;
  }
};

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(Index, [](nn::ArgReader& args) -> nn::ModulePtr { return std::make_shared<nn::Index>(args.integer("dimension")); })
