// nn.CMul(size...): y = w .* x with a learnable weight of the given size, componentwise. An input with
// as many elements as the weight is combined element by element (any shape, as Torch); a batch
// (first dimension) of such inputs uses the same weight for every batch entry.
#pragma once
#include "core/module.h"

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

  const Value& updateOutput(const Value& input) override;
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override;
  void accGradParameters(const Value& input, const Value& gradOutput, float scale) override;
  std::vector<Parameter> parameterList() override;
  std::string toString() const override;
  std::string description() const override { return "multiplies by a learnable weight, componentwise"; }
  Args arguments() const override;

 private:
  // How many copies of the weight the input holds (1, or its batch size); fails otherwise.
  int64_t rowsOf(const Tensor& x) const;
  void checkGradOutput(const Tensor& x, const Tensor& gy) const;
};

}  // namespace nn
