// nn.CAdd(size...): y = x + b with a learnable bias of the given size, componentwise. An input with
// as many elements as the bias is combined element by element (any shape, as Torch); a bias with
// as many dimensions as the input broadcasts over its size-1 dimensions (nn.CAdd(3, 1, 1) is a
// per-channel bias of 3 x H x W input, CAdd.lua's expandAs); otherwise a batch
// (first dimension) of such inputs uses the same bias for every batch entry.
#pragma once
#include "core/module.h"
#include "core/modules/Expansion.h"

namespace nn {

class CAdd : public Module {
  NN_MODULE(CAdd, "nn.CAdd")
 public:
  Tensor bias, gradBias;  // of the constructor's size

  explicit CAdd(const Shape& size);
  // CAdd(3, 4) as in Lua.
  template <class... Rest>
  explicit CAdd(int64_t first, Rest... rest) : CAdd(Shape{first, static_cast<int64_t>(rest)...}) {}
  void reset();  // uniform(-1/sqrt(n), 1/sqrt(n)) with n the number of elements, Torch's default
  // Torch\'s reset(stdv): uniform(-stdv * sqrt(3), stdv * sqrt(3)) when given, else reset().
  void resetParameters(std::optional<double> stdv) override { stdv ? Module::resetParameters(stdv) : reset(); }

  const Value& updateOutput(const Value& input) override;
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override;
  void accGradParameters(const Value& input, const Value& gradOutput, float scale) override;
  std::vector<Parameter> parameterList() override;
  std::string toString() const override;
  std::string description() const override { return "adds a learnable bias, componentwise"; }
  Args arguments() const override;

 private:
  // How the bias meets this input (core/modules/Expansion.h); fails when it cannot.
  Expansion expansionFor(const Tensor& x) const;
  void checkGradOutput(const Tensor& x, const Tensor& gy) const;
};

}  // namespace nn
