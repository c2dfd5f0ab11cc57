// nn.MultiMarginCriterion([p = 1, weights, margin = 1]) (THNN MultiMarginCriterion.c): the
// multi-class hinge loss of scores x (a vector, or batch x classes) against 1-based class targets
// t: sum over classes d != t of w[t] max(0, margin - x[t] + x[d])^p, divided by the number of
// classes, and by the batch size when sizeAverage. p is 1 or 2; weights (1-D, one per class) are
// optional. A plain number is a target in JS for a 1-D input.
#include <cmath>
#include <vector>

#include "core/criterion.h"
#include "core/kernels.h"
#include "core/kernels_zoo.h"

namespace nn {

class MultiMarginCriterion : public Criterion {
  NN_CRITERION(MultiMarginCriterion, "nn.MultiMarginCriterion")
 public:
  MultiMarginCriterion(int p, Tensor weights, double margin) : p_(p), margin_(margin) {
    if (p != 1 && p != 2) nn::fail("nn.MultiMarginCriterion(", p, "): only p=1 and p=2 supported");
    if (weights.defined()) {
      if (weights.dim() != 1) nn::fail("nn.MultiMarginCriterion: weights input should be 1-D Tensor, got size ", weights.shapeString());
      weights_ = weights.contiguous().clone();
    }
  }
  MultiMarginCriterion(const MultiMarginCriterion& other)
      : Criterion(other), p_(other.p_), margin_(other.margin_), weights_(other.weights_.defined() ? other.weights_.clone() : Tensor()) {}

  float updateOutput(const Value& input, const Value& target) override {
    const Tensor x = read(input, target);
    const int64_t frames = x.dim() == 1 ? 1 : x.size(1), dim = x.size(-1);
    double loss = kernels::multiMarginLoss(frames, dim, x.data(), targets_.data(), p_, static_cast<float>(margin_), weightData());
    if (sizeAverage) loss /= static_cast<double>(frames);
    output = static_cast<float>(loss);
    return output;
  }
  const Value& updateGradInput(const Value& input, const Value& target) override {
    const Tensor x = read(input, target);
    const int64_t frames = x.dim() == 1 ? 1 : x.size(1), dim = x.size(-1);
    Tensor& gx = gradInputTensor();
    gx.resizeAs(x);
    const float g = static_cast<float>(1.0 / static_cast<double>(dim) / (sizeAverage ? static_cast<double>(frames) : 1.0));
    kernels::multiMarginGrad(frames, dim, x.data(), targets_.data(), p_, static_cast<float>(margin_), weightData(), g, gx.data());
    return gradInput;
  }
  std::string toString() const override { return cat("nn.MultiMarginCriterion(", p_, ")"); }
  std::string description() const override { return "multi-class hinge loss on scores against class targets"; }
  Args arguments() const override { return {p_, weights_.defined() ? Arg(weights_) : Arg(), margin_}; }

 private:
  int p_;
  double margin_;
  Tensor weights_;
  std::vector<int64_t> targets_;  // 0-based, checked
  const float* weightData() const { return weights_.defined() ? weights_.data() : nullptr; }
  Tensor read(const Value& input, const Value& target) {
    const Tensor x = inputTensor(input).contiguous();
    const Tensor t = targetTensor(target).contiguous();
    if (x.dim() != 1 && x.dim() != 2) fail("expected a 1-D or 2-D (batch x classes) input, got ", x.dim() ? x.shapeString() : "an empty tensor");
    const int64_t frames = x.dim() == 1 ? 1 : x.size(1), dim = x.size(-1);
    if (t.numel() != frames) fail("expected ", frames, " class index(es) as target, got ", t.dim() ? "size " + t.shapeString() : "an empty tensor");
    if (weights_.defined() && weights_.numel() != dim) fail("weights has ", weights_.numel(), " elements but the input has ", dim, " classes");
    targets_.resize(static_cast<size_t>(frames));
    for (int64_t f = 0; f < frames; ++f) {
      const float v = t.data()[f];
      if (!(v >= 1 && v <= static_cast<float>(dim)) || v != std::floor(v))
        fail("the target of sample ", f + 1, " is ", v, ", but class indices must be integers from 1 to ", dim);
      targets_[static_cast<size_t>(f)] = static_cast<int64_t>(v) - 1;
    }
    return x;
  }
};

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_CRITERION(MultiMarginCriterion, [](nn::ArgReader& args) -> nn::CriterionPtr {
  const int64_t p = args.optInteger("p", 1);
  if (p != 1 && p != 2) nn::fail("nn.MultiMarginCriterion(", p, "): only p=1 and p=2 supported");
  nn::Tensor weights = args.optTensor("weights");
  return std::make_shared<nn::MultiMarginCriterion>(static_cast<int>(p), weights, args.optNumber("margin", 1));
})
