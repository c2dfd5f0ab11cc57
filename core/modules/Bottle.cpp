// nn.Bottle(module, nInputDim = 2, nOutputDim = nInputDim) (Bottle.lua, a Decorator): applies a
// module written for nInputDim-dimensional input to input with more dimensions by folding the
// extra leading ones into the first: a 4 x 5 x 3 input to Bottle(nn.Linear(3, 2)) runs the Linear
// on 20 x 3 and the output is 4 x 5 x 2. The module's output must have nOutputDim dimensions.
// Input of at most nInputDim dimensions goes to the module as it is. From JS (and the registry)
// the module comes first, then the numbers: nn.Bottle(nn.Linear(3, 2), 2, 2).
#include <utility>

#include "core/modules/Container.h"

namespace nn {

class Bottle : public Container {
  NN_MODULE(Bottle, "nn.Bottle")
 public:
  explicit Bottle(int64_t nInputDim = 2, int64_t nOutputDim = 0) : nInputDim_(nInputDim), nOutputDim_(nOutputDim ? nOutputDim : nInputDim) {
    if (nInputDim_ < 1 || nOutputDim_ < 1)
      nn::fail("nn.Bottle(module, ", nInputDim, ", ", nOutputDim, "): nInputDim and nOutputDim must be at least 1");
  }
  Bottle(ModulePtr module, int64_t nInputDim = 2, int64_t nOutputDim = 0) : Bottle(nInputDim, nOutputDim) { add(std::move(module)); }

  Bottle& add(ModulePtr module) override {
    if (!modules_.empty()) fail("add: Bottle wraps a single module and already has ", modules_[0]->errorName());
    Container::add(std::move(module));
    return *this;
  }

  const Value& updateOutput(const Value& input) override {
    requireChildren();
    const Tensor& x = inputTensor(input);
    folded_ = fold(x);
    const Value& y = inChild(0, [&]() -> const Value& { return modules_[0]->updateOutput(folded_ ? Value(x.reshape(inShape_)) : input); });
    if (!folded_) return output = y;
    if (!y.isTensor() || y.tensor().dim() != nOutputDim_)
      fail("wrong number of output dimensions on the module: expected ", nOutputDim_, " but got ", y.describe());
    outShape_ = y.tensor().sizes();
    if (outShape_[0] % squeezed_ != 0)
      fail("the module's output (size ", y.tensor().shapeString(), ") does not keep the ", squeezed_, " folded rows of its input");
    // the leading sizes of the input, then the module's output sizes with the rows unfolded
    const size_t lead = static_cast<size_t>(x.dim() - nInputDim_);
    Shape sizes(x.sizes().begin(), x.sizes().begin() + lead);
    sizes.insert(sizes.end(), outShape_.begin(), outShape_.end());
    sizes[lead] /= squeezed_;
    output = Value(y.tensor().reshape(sizes));
    return output;
  }
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override {
    const std::pair<Value, Value> view = moduleView(input, gradOutput);  // {input, gradOutput} for the module
    const Value &x = view.first, &gy = view.second;
    return unfolded(input, inChild(0, [&]() -> const Value& { return modules_[0]->updateGradInput(x, gy); }));
  }
  void accGradParameters(const Value& input, const Value& gradOutput, float scale) override {
    const std::pair<Value, Value> view = moduleView(input, gradOutput);  // {input, gradOutput} for the module
    const Value &x = view.first, &gy = view.second;
    inChild(0, [&]() { modules_[0]->accGradParameters(x, gy, scale); });
  }
  const Value& backwardUnaliased(const Value& input, const Value& gradOutput, float scale) override {
    const std::pair<Value, Value> view = moduleView(input, gradOutput);  // {input, gradOutput} for the module
    const Value &x = view.first, &gy = view.second;
    return unfolded(input, inChild(0, [&]() -> const Value& { return modules_[0]->backward(x, gy, scale); }));
  }

  // Torch's Decorator: "nn.Bottle @ <module>".
  std::string toString() const override {
    return modules_.empty() ? shortName() : shortName() + " @ " + indentLines(modules_[0]->toString(), "  ");
  }
  std::string description() const override { return "applies a module to input with extra leading dimensions, folded into the first"; }
  Args arguments() const override { return {nInputDim_, nOutputDim_}; }

 protected:
  std::string shortName() const override { return "nn.Bottle"; }

 private:
  int64_t nInputDim_, nOutputDim_;
  Shape inShape_, outShape_;  // what the module saw and gave in the last folded forward
  int64_t squeezed_ = 1;      // how many leading rows were folded into one
  bool folded_ = false;       // whether the last forward folded its input

  // Whether x has dimensions to fold; if so, sets inShape_ and squeezed_.
  bool fold(const Tensor& x) {
    if (x.dim() <= nInputDim_) return false;
    const int64_t lead = x.dim() - nInputDim_;
    squeezed_ = 1;
    for (int64_t d = 0; d < lead; ++d) squeezed_ *= x.sizes()[static_cast<size_t>(d)];
    inShape_.assign(x.sizes().begin() + lead, x.sizes().end());
    inShape_[0] *= squeezed_;
    return true;
  }
  // The input and gradOutput as the module saw them in the last forward (folded or not).
  std::pair<Value, Value> moduleView(const Value& input, const Value& gradOutput) {
    requireChildren();
    const Tensor& x = inputTensor(input);
    if (!output.isTensor() || !gradOutput.isTensor() || !gradOutput.tensor().sameShape(output.tensor()))
      fail("gradOutput must have the size of the output, ", output.describe(), ", but got ", gradOutput.describe());
    if (fold(x) != folded_) fail("backward before forward: call forward with this input first");
    if (!folded_) return {input, gradOutput};
    return {Value(x.reshape(inShape_)), Value(gradOutput.tensor().reshape(outShape_))};
  }
  // The module's gradInput, unfolded to the input's sizes.
  const Value& unfolded(const Value& input, const Value& moduleGradInput) {
    if (!folded_) return gradInput = moduleGradInput;
    const Tensor& x = input.tensor();
    if (!moduleGradInput.isTensor() || moduleGradInput.tensor().numel() != x.numel())
      fail("the module's gradInput is ", moduleGradInput.describe(), " but its input has size ", shapeString(inShape_));
    gradInput = Value(moduleGradInput.tensor().reshape(x.sizes()));
    return gradInput;
  }
};

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(Bottle, [](nn::ArgReader& args) -> nn::ModulePtr {
  const int64_t in = args.optInteger("nInputDim", 2);
  return std::make_shared<nn::Bottle>(in, args.optInteger("nOutputDim", in));
})
