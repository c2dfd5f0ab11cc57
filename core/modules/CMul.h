// nn.CMul(size...): y = w .* x with a learnable weight of the given size, componentwise. An input with
// as many elements as the weight is combined element by element (any shape, as Torch); a weight
// with as many dimensions as the input broadcasts over its size-1 dimensions (nn.CMul(1, 3, 1, 1)
// scales each channel of 1 x 3 x H x W input, CMul.lua's expandAs); otherwise a batch
// (first dimension) of such inputs uses the same weight for every batch entry.
#pragma once
#include "core/module.h"
#include "core/modules/Expansion.h"

namespace nn {

class CMul : public Module {
  NN_MODULE(CMul, "nn.CMul")
 public:
  Tensor weight, gradWeight;  // of the constructor's size

  explicit CMul(const Shape& size);
  // CMul(3, 4) as in Lua.
  template <class... Rest>
  explicit CMul(int64_t first, Rest... rest) : CMul(Shape{first, static_cast<int64_t>(rest)...}) {}
  void reset();  // uniform(-1/sqrt(n), 1/sqrt(n)) with n the number of elements, Torch's default
  // Torch\'s reset(stdv): uniform(-stdv * sqrt(3), stdv * sqrt(3)) when given, else reset().
  void resetParameters(std::optional<double> stdv) override { stdv ? Module::resetParameters(stdv) : reset(); }

  const Value& updateOutput(const Value& input) override;
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override;
  void accGradParameters(const Value& input, const Value& gradOutput, float scale) override;
  std::vector<Parameter> parameterList() override;
  std::string toString() const override;
  std::string description() const override { return "multiplies by a learnable weight, componentwise"; }
  Args arguments() const override;

 private:
  // How the weight meets this input (core/modules/Expansion.h); fails when it cannot.
  Expansion expansionFor(const Tensor& x) const;
  void checkGradOutput(const Tensor& x, const Tensor& gy) const;
};

}  // namespace nn
