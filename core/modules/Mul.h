// nn.Mul(): y = w * x with a single learnable scalar weight w, for input of any shape.
#pragma once
#include "core/module.h"

namespace nn {

class Mul : public Module {
  NN_MODULE(Mul, "nn.Mul")
 public:
  Tensor weight, gradWeight;  // one element each

  Mul();
  void reset();  // uniform(-1, 1), Torch's 1/sqrt(1)
  // Torch\'s reset(stdv): uniform(-stdv * sqrt(3), stdv * sqrt(3)) when given, else reset().
  void resetParameters(std::optional<double> stdv) override { stdv ? Module::resetParameters(stdv) : reset(); }

  const Value& updateOutput(const Value& input) override;
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override;
  void accGradParameters(const Value& input, const Value& gradOutput, float scale) override;
  std::vector<Parameter> parameterList() override;
  std::string description() const override { return "multiplies by a learnable scalar y = w x"; }
};

}  // namespace nn
