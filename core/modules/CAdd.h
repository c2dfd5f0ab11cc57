// nn.CAdd(size...): y = x + b with a learnable bias of the given size, componentwise. An input with
// as many elements as the bias is combined element by element (any shape, as Torch); a batch
// (first dimension) of such inputs uses the same bias for every batch entry.
#pragma once
#include "core/module.h"

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

  const Value& updateOutput(const Value& input) override;
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override;
  void accGradParameters(const Value& input, const Value& gradOutput, float scale) override;
  std::vector<Parameter> parameterList() override;
  std::string toString() const override;
  std::string description() const override { return "adds a learnable bias, componentwise"; }
  Args arguments() const override;

 private:
  // How many copies of the bias the input holds (1, or its batch size); fails otherwise.
  int64_t rowsOf(const Tensor& x) const;
  void checkGradOutput(const Tensor& x, const Tensor& gy) const;
};

}  // namespace nn
