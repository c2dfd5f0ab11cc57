// nn.Bilinear(inputSize1, inputSize2, outputSize[, bias = true]): y_k = x1^T W_k x2 + b_k for a
// table {x1, x2} of batch x inputSize1 and batch x inputSize2 matrices (2-D only, as in Torch);
// the output is batch x outputSize and weight is outputSize x inputSize1 x inputSize2.
#pragma once
#include "core/module.h"

namespace nn {

class Bilinear : public Module {
  NN_MODULE(Bilinear, "nn.Bilinear")
 public:
  Tensor weight, bias, gradWeight, gradBias;

  Bilinear(int64_t inputSize1, int64_t inputSize2, int64_t outputSize, bool withBias = true);
  void reset();  // uniform(-1/sqrt(inputSize1), 1/sqrt(inputSize1)), Torch's default
  // Torch\'s reset(stdv): uniform(-stdv * sqrt(3), stdv * sqrt(3)) when given, else reset().
  void resetParameters(std::optional<double> stdv) override { stdv ? Module::resetParameters(stdv) : reset(); }
  int64_t inputSize1() const { return weight.size(2); }
  int64_t inputSize2() const { return weight.size(3); }
  int64_t outputSize() const { return weight.size(1); }

  const Value& updateOutput(const Value& input) override;
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override;
  void accGradParameters(const Value& input, const Value& gradOutput, float scale) override;
  std::vector<Parameter> parameterList() override;
  std::string toString() const override;
  std::string description() const override { return "bilinear form y_k = x1' W_k x2 + b_k of two inputs"; }
  Args arguments() const override { return {inputSize1(), inputSize2(), outputSize(), withBias_}; }

 private:
  bool withBias_;
  // x1 W_k for every k, batch x (outputSize * inputSize2); reused by updateGradInput.
  Buffer projected1_;
  Buffer projected2_, scaledRows_, biasGradScratch_;
  std::pair<Tensor, Tensor> inputs(const Value& input) const;  // contiguous x1, x2
  void checkGradOutput(const Tensor& gy, int64_t batch) const;
};

}  // namespace nn
