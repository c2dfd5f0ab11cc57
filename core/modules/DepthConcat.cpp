// nn.DepthConcat(dimension) (DepthConcat.lua): nn.Concat for outputs whose other sizes differ, as
// the branches of an Inception block (convolutions of different kernel sizes): the output takes
// the largest size in every other dimension, and each child's output sits centred in its window
// (start floor((size - own) / 2) + 1, Torch's rule), zeros around it. gradInput is the sum of the
// children's gradInputs for their windows of gradOutput, as in Concat.
#include <algorithm>

#include "core/modules/Concat.h"

namespace nn {

class DepthConcat : public Concat {
  NN_MODULE(DepthConcat, "nn.DepthConcat")
 public:
  explicit DepthConcat(int64_t dimension) : Concat("nn.DepthConcat", dimension) { zeroFill_ = true; }
  std::string description() const override {
    return "applies every child to the same input and concatenates the outputs, zero-padding the smaller ones";
  }

 protected:
  std::string shortName() const override { return cat("nn.DepthConcat(", dimension_, ")"); }
  void join(Shape& sizes, const Tensor& t, size_t index0) override {
    if (t.dim() != static_cast<int>(sizes.size()))
      fail("module ", index0 + 1, " output has size ", t.shapeString(), " but module 1 output has size ",
           modules_[0]->output.tensor().shapeString(), "; they need the same number of dimensions");
    for (size_t d = 0; d < sizes.size(); ++d)
      if (static_cast<int>(d) != dim0_) sizes[d] = std::max(sizes[d], t.sizes()[d]);
    if (index0 == 0) childSizes_.clear();
    childSizes_.push_back(t.sizes());
  }
  Tensor window(const Tensor& whole, size_t index0) const override {
    Tensor part = Concat::window(whole, index0);
    const Shape& own = childSizes_[index0];
    for (size_t d = 0; d < own.size(); ++d) {
      const int64_t size = whole.sizes()[d];
      if (static_cast<int>(d) != dim0_ && size != own[d])
        part = part.narrow(static_cast<int>(d) + 1, (size - own[d]) / 2 + 1, own[d]);
    }
    return part;
  }

 private:
  std::vector<Shape> childSizes_;  // each child's output size in the last forward
};

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(DepthConcat, [](nn::ArgReader& args) -> nn::ModulePtr {
  return std::make_shared<nn::DepthConcat>(args.integer("dimension"));
})
