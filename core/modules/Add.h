// nn.Add(inputSize[, scalar = false]): y = x + b with a learnable bias b of inputSize elements
// (one bias per input element; for a batch x inputSize input, added to every row), or a single
// learnable scalar added to every element when scalar is true.
#pragma once
#include "core/module.h"

namespace nn {

class Add : public Module {
  NN_MODULE(Add, "nn.Add")
 public:
  Tensor bias, gradBias;

  explicit Add(int64_t inputSize, bool scalar = false);
  void reset();  // uniform(-1/sqrt(n), 1/sqrt(n)) with n the number of biases, Torch's default
  // Torch\'s reset(stdv): uniform(-stdv * sqrt(3), stdv * sqrt(3)) when given, else reset().
  void resetParameters(std::optional<double> stdv) override { stdv ? Module::resetParameters(stdv) : reset(); }

  const Value& updateOutput(const Value& input) override;
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override;
  void accGradParameters(const Value& input, const Value& gradOutput, float scale) override;
  std::vector<Parameter> parameterList() override;
  std::string toString() const override;
  std::string description() const override { return "adds a learnable bias y = x + b"; }
  Args arguments() const override { return {inputSize_, scalar_}; }

 private:
  int64_t inputSize_;
  bool scalar_;
  Buffer biasGradScratch_;
  int64_t rowsOf(const Tensor& x) const;  // how many copies of the bias x holds
};

}  // namespace nn
