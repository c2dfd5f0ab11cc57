// nn.NarrowTable(offset[, length = 1]): the sub-table input[offset .. offset + length - 1]
// (1-based; entries are passed through, not copied). gradInput is zero outside that range.
#pragma once
#include "core/module.h"

namespace nn {

class NarrowTable : public Module {
  NN_MODULE(NarrowTable, "nn.NarrowTable")
 public:
  explicit NarrowTable(int64_t offset, int64_t length = 1);
  const Value& updateOutput(const Value& input) override;
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override;
  std::string toString() const override { return cat("nn.NarrowTable(", offset_, ", ", length_, ")"); }
  std::string description() const override { return "a contiguous range of entries of a table"; }
  Args arguments() const override { return {offset_, length_}; }

 private:
  void checkInput(const Value& input) const;
  int64_t offset_, length_;
};

}  // namespace nn
