// nn.Reshape(size...[, batchMode]): the input's elements in row-major order seen with sizes
// `size`, or batch x size keeping the input's first dimension. As in Torch, without batchMode the
// batch form is used unless the input has exactly prod(size) elements and a first dimension other
// than 1; batchMode = true/false forces it. The output is a view of the input (of a contiguous
// copy when the input is strided); gradInput is a copy of gradOutput shaped like the input.
#pragma once
#include <optional>

#include "core/module.h"

namespace nn {

class Reshape : public Module {
  NN_MODULE(Reshape, "nn.Reshape")
 public:
  explicit Reshape(Shape size, std::optional<bool> batchMode = std::nullopt);

  const Value& updateOutput(const Value& input) override;
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override;
  std::string toString() const override;
  std::string description() const override { return "the same elements seen with other sizes (a batch dimension is kept)"; }
  Args arguments() const override;

 private:
  Shape size_;
  int64_t elements_ = 1;
  std::optional<bool> batchMode_;
  Buffer contiguousInput_;
  Shape outputSizes(const Tensor& x) const;
};

}  // namespace nn
