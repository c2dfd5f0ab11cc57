// nn.BCECriterion([weights][, sizeAverage = true]): binary cross-entropy of probabilities x and
// targets t: loss = -sum(w * (t log(x + eps) + (1 - t) log(1 - x + eps))), eps = 1e-12 as Torch,
// divided by the number of elements when sizeAverage. weights (1-D) has one entry per element of
// a 1-D input, or per column of a batch x n input.
#pragma once
#include "core/criterion.h"

namespace nn {

class BCECriterion : public Criterion {
  NN_CRITERION(BCECriterion, "nn.BCECriterion")
 public:
  static constexpr float kEps = 1e-12f;

  explicit BCECriterion(Tensor weights = Tensor(), bool sizeAverage = true);
  // A clone gets its own copy of the weights.
  BCECriterion(const BCECriterion& other);

  float updateOutput(const Value& input, const Value& target) override;
  const Value& updateGradInput(const Value& input, const Value& target) override;
  std::string description() const override {
    return "binary cross-entropy of probabilities and 0/1 targets";
  }
  Args arguments() const override;
  const Tensor& weights() const { return weights_; }

 private:
  Tensor weights_;
  Buffer logX_, log1mX_;
  // Checks sizes, weights and that the input holds probabilities; returns input and target, contiguous.
  std::pair<Tensor, Tensor> read(const Value& input, const Value& target) const;
  void applyWeights(const Tensor& x, float* values) const;  // values *= weights, per row
};

}  // namespace nn
