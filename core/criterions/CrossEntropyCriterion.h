// nn.CrossEntropyCriterion([weights][, sizeAverage = true]): LogSoftMax followed by
// ClassNLLCriterion(weights, sizeAverage), on raw scores of size nClasses or batch x nClasses.
// As in Torch the input and target are squeezed first, so 1 x nClasses is one sample.
#pragma once
#include "core/criterions/ClassNLLCriterion.h"

namespace nn {

class CrossEntropyCriterion : public Criterion {
  NN_CRITERION(CrossEntropyCriterion, "nn.CrossEntropyCriterion")
 public:
  explicit CrossEntropyCriterion(Tensor weights = Tensor(), bool sizeAverage = true);

  float updateOutput(const Value& input, const Value& target) override;
  const Value& updateGradInput(const Value& input, const Value& target) override;
  std::string description() const override {
    return "softmax cross-entropy of raw class scores and class targets";
  }
  Args arguments() const override { return nll_.arguments(); }
  const Tensor& weights() const { return nll_.weights(); }

 private:
  ClassNLLCriterion nll_;  // copied with the criterion, so clones get their own
  Buffer logProbabilities_;
  // Squeezes the input to a 1-D or 2-D contiguous tensor and fills logProbabilities_.
  Tensor logSoftMax(const Value& input);
  Value squeezedTarget(const Value& target) const;
};

}  // namespace nn
