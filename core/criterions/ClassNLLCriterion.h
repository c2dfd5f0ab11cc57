// nn.ClassNLLCriterion([weights][, sizeAverage = true][, ignoreIndex = -100]): negative
// log-likelihood of 1-based class targets given log-probabilities: loss = -sum_i w[t_i] * x[i][t_i],
// divided by sum_i w[t_i] when sizeAverage. Input is a vector of nClasses (target: one element; in
// JS also a plain number) or batch x nClasses (target: a vector of batch class indices, stored as
// floats). Samples whose target is ignoreIndex count for nothing (no loss, weight or gradient), as
// in THNN.
#pragma once
#include <vector>

#include "core/criterion.h"

namespace nn {

class ClassNLLCriterion : public Criterion {
  NN_CRITERION(ClassNLLCriterion, "nn.ClassNLLCriterion")
 public:
  // weights: one per class (1-D), or undefined for all ones. It is kept, not copied, as in Torch.
  explicit ClassNLLCriterion(Tensor weights = Tensor(), bool sizeAverage = true, int64_t ignoreIndex = -100);
  // A clone gets its own copy of the weights.
  ClassNLLCriterion(const ClassNLLCriterion& other);

  float updateOutput(const Value& input, const Value& target) override;
  const Value& updateGradInput(const Value& input, const Value& target) override;
  std::string description() const override {
    return "negative log-likelihood of class targets given log-probabilities";
  }
  Args arguments() const override;

  const Tensor& weights() const { return weights_; }
  int64_t ignoreIndex() const { return ignoreIndex_; }
  // Sum of the weights of the last call's targets (what sizeAverage divides by).
  float totalWeight() const { return totalWeight_; }
  // Errors name `owner` instead of nn.ClassNLLCriterion (CrossEntropyCriterion uses one inside).
  void reportErrorsAs(std::string owner) { owner_ = std::move(owner); }

 private:
  Tensor weights_;
  int64_t ignoreIndex_ = -100;  // 1-based, as the targets
  float totalWeight_ = 0;
  std::string owner_;
  std::vector<int64_t> classes_;  // 0-based class of each sample, checked; -1 for an ignored one

  template <class... Parts>
  [[noreturn]] void fail(const Parts&... parts) const {
    nn::fail(owner_.empty() ? toString() : owner_, ": ", parts...);
  }
  // Checks input and target, fills classes_ and totalWeight_; returns the input, contiguous.
  Tensor readSamples(const Value& input, const Value& target);
  float weightOf(int64_t cls) const { return weights_.defined() ? weights_.data()[cls] : 1.0f; }
};

}  // namespace nn
