// nn.PReLU([nOutputPlane = 0]): y = x if x > 0, else w x, with a learned slope w initialised to 0.25
// (PReLU.lua): one shared slope when nOutputPlane is 0, else one per plane — dimension 1 of a 1-D
// input, dimension 2 of anything larger (batch x planes x ...), as THNN PReLU.c.
#include "core/kernels_zoo.h"
#include "core/module.h"

namespace nn {

class PReLU : public Module {
  NN_MODULE(PReLU, "nn.PReLU")
 public:
  Tensor weight, gradWeight;

  explicit PReLU(int64_t nOutputPlane) : planes_(nOutputPlane) {
    if (nOutputPlane < 0) nn::fail("nn.PReLU(", nOutputPlane, "): nOutputPlane must be >= 0");
    weight = Tensor::full({std::max<int64_t>(nOutputPlane, 1)}, 0.25f);
    gradWeight = Tensor({std::max<int64_t>(nOutputPlane, 1)});
  }

  const Value& updateOutput(const Value& input) override {
    const Tensor x = inputTensor(input).contiguous();
    const Layout l = layout(x);
    Tensor& y = outputTensor();
    y.resizeAs(x);
    kernels::preluForward(l.outer, l.planes, l.inner, x.data(), weight.data(), y.data());
    return output;
  }
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override {
    const Tensor x = inputTensor(input).contiguous();
    const Tensor gy = gradFor(x, gradOutput);
    const Layout l = layout(x);
    Tensor& gx = gradInputTensor();
    gx.resizeAs(x);
    kernels::preluBackward(l.outer, l.planes, l.inner, x.data(), weight.data(), gy.data(), gx.data());
    return gradInput;
  }
  void accGradParameters(const Value& input, const Value& gradOutput, float scale) override {
    const Tensor x = inputTensor(input).contiguous();
    const Tensor gy = gradFor(x, gradOutput);
    const Layout l = layout(x);
    kernels::preluAccGrad(l.outer, l.planes, l.inner, x.data(), gy.data(), scale, gradWeight.data());
  }
  std::vector<Parameter> parameterList() override { return {{"weight", "gradWeight", &weight, &gradWeight}}; }
  // Torch's PReLU has no reset(): its slopes start at 0.25; reset(stdv) draws them uniformly.
  void resetParameters(std::optional<double> stdv) override {
    if (stdv) Module::resetParameters(stdv);
    else weight.fill(0.25f);
  }
  std::string toString() const override { return planes_ ? cat("nn.PReLU(", planes_, ")") : std::string("nn.PReLU"); }
  std::string description() const override { return "leaky rectifier with a learned negative slope (per plane)"; }
  Args arguments() const override { return planes_ ? Args{planes_} : Args{}; }

 private:
  int64_t planes_;
  struct Layout { int64_t outer, planes, inner; };
  Layout layout(const Tensor& x) const {
    if (x.dim() == 0) fail("expected a non-empty input tensor");
    if (!planes_) return {1, 1, x.numel()};
    const int planeDim = x.dim() > 1 ? 2 : 1;
    if (x.size(planeDim) != planes_)
      fail("Wrong number of input planes. Expected ", planes_, " but got ", x.size(planeDim), " (input of size ",
           x.shapeString(), ", planes along dimension ", planeDim, ")");
    const int64_t outer = x.dim() > 1 ? x.size(1) : 1;
    return {outer, planes_, outer == 0 ? 0 : x.numel() / (outer * planes_)};  // an empty batch has no planes to divide
  }
  Tensor gradFor(const Tensor& x, const Value& gradOutput) const {
    const Tensor gy = inputTensor(gradOutput, "gradOutput").contiguous();
    if (!gy.sameShape(x)) fail("gradOutput has size ", gy.shapeString(), " but input has size ", x.shapeString());
    return gy;
  }
};

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(PReLU, [](nn::ArgReader& args) -> nn::ModulePtr {
  return std::make_shared<nn::PReLU>(args.optInteger("nOutputPlane", 0));
})
