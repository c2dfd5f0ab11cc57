// nn.Parallel(inputDimension, outputDimension) (Parallel.lua): child i gets slice i of the input
// along inputDimension (input:select), and the children's outputs are concatenated along
// outputDimension. gradInput puts each child's gradInput back into its slice.
#include "core/modules/Container.h"

namespace nn {

class Parallel : public Container {
  NN_MODULE(Parallel, "nn.Parallel")
 public:
  Parallel(int64_t inputDimension, int64_t outputDimension) : inDim_(inputDimension), outDim_(outputDimension) {
    if (inputDimension < 1 || outputDimension < 1)
      nn::fail("nn.Parallel(", inputDimension, ", ", outputDimension, "): dimensions are 1-based (1 is the first)");
  }
  Parallel& add(ModulePtr module) override { Container::add(std::move(module)); return *this; }

  const Value& updateOutput(const Value& input) override {
    const Tensor& x = slicedInput(input);
    Shape sizes;
    offsets_.assign(modules_.size(), 0);
    for (size_t i = 0; i < modules_.size(); ++i) {
      const Tensor part = x.select(static_cast<int>(inDim_), static_cast<int64_t>(i) + 1);
      const Value& y = inChild(i, [&]() -> const Value& { return modules_[i]->updateOutput(part); });
      if (!y.isTensor()) fail("module ", i + 1, " returned ", y.describe(), " but Parallel needs tensors");
      const Tensor& t = y.tensor();
      if (outDim_ > t.dim()) fail("outputDimension ", outDim_, " is out of range for the output of module ", i + 1, ", of size ", t.shapeString());
      Shape expected = i == 0 ? t.sizes() : sizes;
      if (i > 0) expected[static_cast<size_t>(outDim_ - 1)] = t.size(static_cast<int>(outDim_));
      if (t.sizes() != expected)
        fail("module ", i + 1, " output has size ", t.shapeString(), " but module 1 output has size ",
             modules_[0]->output.tensor().shapeString(), "; all sizes except dimension ", outDim_, " must match");
      if (i == 0) {
        sizes = t.sizes();
        sizes[static_cast<size_t>(outDim_ - 1)] = 0;
      }
      offsets_[i] = sizes[static_cast<size_t>(outDim_ - 1)] + 1;
      sizes[static_cast<size_t>(outDim_ - 1)] += t.size(static_cast<int>(outDim_));
    }
    Tensor& out = outputTensor();
    out.resize(sizes);
    for (size_t i = 0; i < modules_.size(); ++i) {
      const Tensor& t = modules_[i]->output.tensor();
      out.narrow(static_cast<int>(outDim_), offsets_[i], t.size(static_cast<int>(outDim_))).copy(t);
    }
    return output;
  }
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override {
    return pass(input, gradOutput, [&](size_t i, const Tensor& part, const Tensor& g) -> const Value& {
      return modules_[i]->updateGradInput(part, g);
    });
  }
  void accGradParameters(const Value& input, const Value& gradOutput, float scale) override {
    const Tensor& x = slicedInput(input);
    const Tensor& gy = checkedGradOutput(gradOutput);
    for (size_t i = 0; i < modules_.size(); ++i) {
      const Tensor part = x.select(static_cast<int>(inDim_), static_cast<int64_t>(i) + 1);
      const Tensor g = gradSlice(i, gy);
      inChild(i, [&]() { modules_[i]->accGradParameters(part, g, scale); });
    }
  }
  const Value& backward(const Value& input, const Value& gradOutput, float scale) override {
    return pass(input, gradOutput, [&](size_t i, const Tensor& part, const Tensor& g) -> const Value& {
      return modules_[i]->backward(part, g, scale);
    });
  }
  std::string toString() const override { return branchString(); }
  std::string description() const override { return "applies child i to slice i of the input and concatenates the outputs"; }
  Args arguments() const override { return {inDim_, outDim_}; }

 protected:
  std::string shortName() const override { return cat("nn.Parallel(", inDim_, ", ", outDim_, ")"); }

 private:
  int64_t inDim_, outDim_;
  std::vector<int64_t> offsets_;  // 1-based start of each child's part of the output
  Buffer gradSlice_;

  const Tensor& slicedInput(const Value& input) const {
    requireChildren();
    const Tensor& x = inputTensor(input);
    if (inDim_ > x.dim() || x.size(static_cast<int>(inDim_)) != static_cast<int64_t>(modules_.size()))
      fail("the input (size ", x.dim() ? x.shapeString() : std::string("empty"), ") must have one slice along dimension ",
           inDim_, " per module (", modules_.size(), ")");
    return x;
  }
  const Tensor& checkedGradOutput(const Value& gradOutput) const {
    if (!output.isTensor() || offsets_.size() != modules_.size()) fail("backward called before forward");
    if (!gradOutput.isTensor() || !gradOutput.tensor().sameShape(output.tensor()))
      fail("gradOutput must have the size of the output, ", output.tensor().shapeString(), ", but got ", gradOutput.describe());
    return gradOutput.tensor();
  }
  Tensor gradSlice(size_t i, const Tensor& gy) {
    const Tensor view = gy.narrow(static_cast<int>(outDim_), offsets_[i], modules_[i]->output.tensor().size(static_cast<int>(outDim_)));
    if (view.isContiguous()) return view;
    gradSlice_.resizeAs(view).copy(view);  // children may read gradOutput densely
    return gradSlice_;
  }
  template <class Step>
  const Value& pass(const Value& input, const Value& gradOutput, Step step) {
    const Tensor& x = slicedInput(input);
    const Tensor& gy = checkedGradOutput(gradOutput);
    Tensor& gx = gradInputTensor();
    gx.resize(x.sizes());
    for (size_t i = 0; i < modules_.size(); ++i) {
      const Tensor part = x.select(static_cast<int>(inDim_), static_cast<int64_t>(i) + 1);
      const Tensor g = gradSlice(i, gy);
      const Value& childGrad = inChild(i, [&]() -> const Value& { return step(i, part, g); });
      if (!childGrad.isTensor() || !childGrad.tensor().sameShape(part))
        fail("module ", i + 1, " returned a gradInput that is ", childGrad.describe(), " but its input has size ", part.shapeString());
      gx.select(static_cast<int>(inDim_), static_cast<int64_t>(i) + 1).copy(childGrad.tensor());
    }
    return gradInput;
  }
};

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(Parallel, [](nn::ArgReader& args) -> nn::ModulePtr {
  const int64_t in = args.integer("inputDimension");
  return std::make_shared<nn::Parallel>(in, args.integer("outputDimension"));
})
