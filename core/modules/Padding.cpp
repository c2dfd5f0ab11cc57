// nn.Padding(dim, pad[, nInputDim, value = 0, index = 1]) (Padding.lua): adds |pad| entries of
// `value` along dimension dim — before the input for pad < 0, after it for pad > 0; with index,
// at that position instead (counted from the start for pad < 0, from the end for pad > 0). With
// nInputDim, an input with more dimensions is a batch and dim shifts by one. gradInput is the
// matching part of gradOutput.
#include <cstdlib>

#include "core/module.h"

namespace nn {

class Padding : public Module {
  NN_MODULE(Padding, "nn.Padding")
 public:
  Padding(int64_t dim, int64_t pad, int64_t nInputDim, double value, int64_t index)
      : dim_(dim), pad_(pad), nInputDim_(nInputDim), value_(value), index_(index) {
    if (dim < 1) nn::fail("nn.Padding(", dim, ", ", pad, "): dim is 1-based (1 is the first)");
    if (index < 1) nn::fail("nn.Padding(", dim, ", ", pad, "): index is 1-based, got ", index);
  }

  const Value& updateOutput(const Value& input) override {
    const Tensor& x = inputTensor(input);
    const Layout l = layout(x);
    Shape sizes = x.sizes();
    sizes[static_cast<size_t>(l.dim - 1)] += l.pad;
    Tensor& y = outputTensor();
    y.resize(sizes).fill(static_cast<float>(value_));
    if (l.before > 0) y.narrow(l.dim, 1, l.before).copy(x.narrow(l.dim, 1, l.before));
    if (l.after > 0) y.narrow(l.dim, l.before + 1 + l.pad, l.after).copy(x.narrow(l.dim, l.before + 1, l.after));
    return output;
  }
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override {
    const Tensor& x = inputTensor(input);
    const Layout l = layout(x);
    const Tensor& gy = inputTensor(gradOutput, "gradOutput");
    Shape sizes = x.sizes();
    sizes[static_cast<size_t>(l.dim - 1)] += l.pad;
    if (gy.sizes() != sizes) fail("gradOutput has size ", gy.shapeString(), " but the output has size ", shapeString(sizes));
    Tensor& gx = gradInputTensor();
    gx.resize(x.sizes());
    if (l.before > 0) gx.narrow(l.dim, 1, l.before).copy(gy.narrow(l.dim, 1, l.before));
    if (l.after > 0) gx.narrow(l.dim, l.before + 1, l.after).copy(gy.narrow(l.dim, l.before + 1 + l.pad, l.after));
    return gradInput;
  }
  std::string toString() const override { return cat("nn.Padding(", dim_, ", ", pad_, ")"); }
  std::string description() const override { return "adds constant entries along one dimension"; }
  Args arguments() const override { return {dim_, pad_, nInputDim_ ? Arg(nInputDim_) : Arg(), value_, index_}; }

 private:
  int64_t dim_, pad_, nInputDim_;
  double value_;
  int64_t index_;
  struct Layout {
    int dim;         // resolved, 1-based
    int64_t pad;     // |pad|
    int64_t before;  // input entries placed before the padding
    int64_t after;   // and after it
  };
  Layout layout(const Tensor& x) const {
    const int64_t dim = (nInputDim_ && x.dim() != nInputDim_) ? dim_ + 1 : dim_;
    if (x.dim() == 0 || dim > x.dim())
      fail("dimension ", dim, " is out of range for an input of size ", x.dim() ? x.shapeString() : std::string("empty"));
    const int64_t n = x.size(static_cast<int>(dim));
    // Padding.lua: for pad > 0 the index counts from the end
    const int64_t index = pad_ > 0 ? n - index_ + 2 : index_;
    if (index < 1 || index > n + 1) fail("index ", index_, " is out of range for dimension ", dim, " of size ", n);
    return {static_cast<int>(dim), std::llabs(pad_), index - 1, n - (index - 1)};
  }
};

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(Padding, [](nn::ArgReader& args) -> nn::ModulePtr {
  const int64_t dim = args.integer("dim");
  const int64_t pad = args.integer("pad");
  const int64_t nInputDim = args.optInteger("nInputDim", 0);
  const double value = args.optNumber("value", 0);
  return std::make_shared<nn::Padding>(dim, pad, nInputDim, value, args.optInteger("index", 1));
})
