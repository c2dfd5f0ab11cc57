// nn.Linear(inputSize, outputSize[, bias = true]): y = W x + b, for a vector x or a batch of rows.
#pragma once
#include "core/module.h"

namespace nn {

class Linear : public Module {
  NN_MODULE(Linear, "nn.Linear")
 public:
  Tensor weight, bias, gradWeight, gradBias;  // weight is outputSize x inputSize, as in Torch

  Linear(int64_t inputSize, int64_t outputSize, bool withBias = true);
  void reset();  // uniform(-1/sqrt(inputSize), 1/sqrt(inputSize)), Torch's default
  // Torch\'s reset(stdv): uniform(-stdv * sqrt(3), stdv * sqrt(3)) when given, else reset().
  void resetParameters(std::optional<double> stdv) override { stdv ? Module::resetParameters(stdv) : reset(); }
  int64_t inputSize() const { return weight.size(2); }
  int64_t outputSize() const { return weight.size(1); }

  const Value& updateOutput(const Value& input) override;
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override;
  void accGradParameters(const Value& input, const Value& gradOutput, float scale) override;
  std::vector<Parameter> parameterList() override;
  std::string toString() const override;
  std::string description() const override { return "affine map y = W x + b"; }
  Args arguments() const override;

 private:
  bool withBias_;
  Buffer biasGradScratch_;
  void checkInput(const Tensor& x) const;
  void checkGradOutput(const Tensor& x, const Tensor& gy) const;
};

}  // namespace nn
