// nn.Concat(dimension): every child gets the same input; their tensor outputs are concatenated
// along `dimension` (1-based, counted in the children's output), and gradInput is the sum of the
// children's gradInputs for their slices of gradOutput.
#pragma once
#include "core/modules/Container.h"

namespace nn {

class Concat : public Container {
  NN_MODULE(Concat, "nn.Concat")
 public:
  explicit Concat(int64_t dimension);
  Concat& add(ModulePtr module) override { Container::add(std::move(module)); return *this; }

  const Value& updateOutput(const Value& input) override;
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override;
  void accGradParameters(const Value& input, const Value& gradOutput, float scale = 1.0f) override;
  const Value& backwardUnaliased(const Value& input, const Value& gradOutput, float scale) override;
  std::string toString() const override { return branchString(); }
  std::string description() const override { return "applies every child to the same input and concatenates the outputs"; }
  Args arguments() const override { return {dimension_}; }
  int64_t dimension() const { return dimension_; }

 protected:
  // nn.DepthConcat's constructor (its name in the error).
  Concat(const char* torchName, int64_t dimension);
  std::string shortName() const override { return cat("nn.Concat(", dimension_, ")"); }
  // How child index0's output of size t joins the output so far (sizes, whose dimension dim0_
  // is still the sum of the earlier children's): Concat needs every other size to match.
  virtual void join(Shape& sizes, const Tensor& t, size_t index0);
  // Child index0's part of the output (or of gradOutput): its slice along dim0_.
  virtual Tensor window(const Tensor& whole, size_t index0) const;

  int64_t dimension_;
  int dim0_ = 0;                  // 0-based dimension of the last forward
  std::vector<int64_t> offsets_;  // 1-based start of each child's slice in the last forward
  std::vector<int64_t> widths_;
  bool zeroFill_ = false;         // whether output outside the windows is zeros (DepthConcat's padding)

 private:
  // Child index0's part of gradOutput, contiguous.
  Tensor gradSlice(size_t index0, const Tensor& gradOutput);
  const Tensor& checkedGradOutput(const Value& gradOutput) const;
  void accumulate(size_t index0, const Value& childGradInput, const Value& input);

  std::vector<Buffer> slices_;
};

}  // namespace nn
