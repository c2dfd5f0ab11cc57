// nn.View(size...): the input's elements seen with sizes `size` (one size may be -1, inferred).
// As Torch's View, an input with a whole multiple of prod(size) elements (and no -1) becomes
// batch x size; setNumInputDims(n) says the last n input dimensions are one example, so every
// dimension before them is batch. Like Torch, the input must be contiguous (nn.Reshape copies).
// The output is a view of the input; gradInput is a copy of gradOutput shaped like the input.
#pragma once
#include "core/module.h"

namespace nn {

class View : public Module {
  NN_MODULE(View, "nn.View")
 public:
  explicit View(Shape size);
  View& setNumInputDims(int64_t numInputDims);
  int64_t numInputDims() const { return numInputDims_; }  // 0: not set (saved graphs keep it)

  const Value& updateOutput(const Value& input) override;
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override;
  std::string toString() const override;
  std::string description() const override { return "the same elements seen with other sizes, without copying"; }
  Args arguments() const override { return Args(size_.begin(), size_.end()); }

 private:
  Shape size_;
  int64_t elements_ = 1;     // product of the sizes other than -1
  bool inferred_ = false;    // one size is -1
  int64_t numInputDims_ = 0; // 0: not set
  Shape outputSizes(const Tensor& x) const;
};

}  // namespace nn
