// nn.Narrow(dimension, offset[, length = 1]): elements offset .. offset+length-1 along dimension.
// Negative values follow Torch's Narrow.lua exactly: a negative dimension counts from the end; a
// negative length means size - offset + length + 2 elements (-1 keeps everything from offset to
// the last element, -2 stops one before it); a negative offset means index 1 and size - length
// elements (nn.Narrow(1, -1, 2) on 5 elements keeps the first 3). This is Torch's rule, not
// Python-style slicing.
// The output is a copy (as Torch); gradInput is zero outside the narrowed slice.
#pragma once
#include "core/module.h"

namespace nn {

class Narrow : public Module {
  NN_MODULE(Narrow, "nn.Narrow")
 public:
  Narrow(int64_t dimension, int64_t offset, int64_t length = 1);

  const Value& updateOutput(const Value& input) override;
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override;
  std::string toString() const override;
  std::string description() const override { return "a slice of consecutive elements along one dimension"; }
  Args arguments() const override { return {dimension_, offset_, length_}; }

 private:
  int64_t dimension_, offset_, length_;
  struct Slice { int dim; int64_t offset, length; };  // resolved, 1-based
  Slice resolve(const Tensor& x) const;
};

}  // namespace nn
