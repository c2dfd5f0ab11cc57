// nn.Copy([intype, outtype, forceCopy, dontCast]) (Copy.lua): converts a tensor between tensor
// types. Every tensor here is float32, so the types are accepted (as type names) and output is a
// copy of the input — Copy.lua's forceCopy path; gradInput is a copy of gradOutput.
#include "core/module.h"

namespace nn {

class Copy : public Module {
  NN_MODULE(Copy, "nn.Copy")
 public:
  Copy(std::string intype, std::string outtype) : intype_(std::move(intype)), outtype_(std::move(outtype)) {}
  const Value& updateOutput(const Value& input) override {
    const Tensor& x = inputTensor(input);
    outputTensor().resize(x.sizes()).copy(x);
    return output;
  }
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override {
    const Tensor& x = inputTensor(input);
    const Tensor& gy = inputTensor(gradOutput, "gradOutput");
    if (!gy.sameShape(x)) fail("gradOutput has size ", gy.shapeString(), " but input has size ", x.shapeString());
    gradInputTensor().resize(gy.sizes()).copy(gy);
    return gradInput;
  }
  std::string description() const override { return "a copy of the input (every tensor is float32 here)"; }
  Args arguments() const override {
    if (intype_.empty() && outtype_.empty()) return {};
    return {intype_.empty() ? Arg() : Arg(intype_), outtype_.empty() ? Arg() : Arg(outtype_)};
  }

 private:
  std::string intype_, outtype_;
};

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(Copy, [](nn::ArgReader& args) -> nn::ModulePtr {
  std::string types[2];
  const char* names[2] = {"intype", "outtype"};
  for (int k = 0; k < 2; ++k) types[k] = args.optString(names[k]);
  args.optBool("forceCopy", false);
  args.optBool("dontCast", false);
  return std::make_shared<nn::Copy>(types[0], types[1]);
})
