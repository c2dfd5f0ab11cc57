// Shared base of the elementwise criterions of the zoo (Margin, SoftMargin, HingeEmbedding,
// MultiLabelSoftMargin): loss = sum_i l(x_i, t_i) over input and target of the same number of
// elements, divided by that number when sizeAverage (core/kernels_zoo.h's ZooLoss).
#pragma once
#include "core/criterion.h"
#include "core/kernels_zoo.h"

namespace nn {

class ZooElementwiseCriterion : public Criterion {
 public:
  float updateOutput(const Value& input, const Value& target) override {
    const Tensor x = inputTensor(input).contiguous();
    const Tensor t = targetTensor(target).contiguous();
    checkSameSize(x, t);
    checkWeights(x);
    const double loss = kernels::zooLoss(op_, x.numel(), x.data(), t.data(), margin_, weightData(), weightCount());
    output = static_cast<float>(sizeAverage ? loss / static_cast<double>(x.numel()) : loss);
    return output;
  }
  const Value& updateGradInput(const Value& input, const Value& target) override {
    const Tensor x = inputTensor(input).contiguous();
    const Tensor t = targetTensor(target).contiguous();
    checkSameSize(x, t);
    checkWeights(x);
    Tensor& gx = gradInputTensor();
    gx.resizeAs(inputTensor(input));
    const float norm = sizeAverage ? 1.0f / static_cast<float>(x.numel()) : 1.0f;
    kernels::zooLossGrad(op_, x.numel(), x.data(), t.data(), margin_, norm, gx.data(), weightData(), weightCount());
    return gradInput;
  }

 protected:
  ZooElementwiseCriterion(kernels::ZooLoss op, float margin) : op_(op), margin_(margin) {}
  kernels::ZooLoss op_;
  float margin_;
  Tensor weights_;  // per class (the last dimension), MultiLabelSoftMargin only

 private:
  const float* weightData() const { return weights_.defined() ? weights_.data() : nullptr; }
  int64_t weightCount() const { return weights_.defined() ? weights_.numel() : 1; }
  void checkWeights(const Tensor& x) const {
    if (weights_.defined() && (x.dim() == 0 || x.size(-1) != weights_.numel()))
      fail("weights has ", weights_.numel(), " elements but the input has size ", x.shapeString(),
           " (one weight per class, the last dimension)");
  }
};

}  // namespace nn
