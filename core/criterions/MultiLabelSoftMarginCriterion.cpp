// nn.MultiLabelSoftMarginCriterion([weights][, sizeAverage = true])
// (MultiLabelSoftMarginCriterion.lua): for targets t of 0 or 1 per class, the sigmoid
// cross-entropy loss = sum -(t log s(x) + (1 - t) log(1 - s(x))), computed as
// log(1 + exp(-|x|)) + max(x, 0) - x t without overflow, each class weighted by weights (1-D, one
// per class, the last dimension), divided by the number of elements when sizeAverage.
#include "core/criterions/ZooElementwise.h"

namespace nn {

class MultiLabelSoftMarginCriterion : public ZooElementwiseCriterion {
  NN_CRITERION(MultiLabelSoftMarginCriterion, "nn.MultiLabelSoftMarginCriterion")
 public:
  MultiLabelSoftMarginCriterion(Tensor weights, bool sizeAverage) : ZooElementwiseCriterion(kernels::ZooLoss::LogisticLabel, 0) {
    this->sizeAverage = sizeAverage;
    if (weights.defined()) {
      if (weights.dim() != 1) nn::fail("nn.MultiLabelSoftMarginCriterion: weights input should be 1-D Tensor, got size ", weights.shapeString());
      weights_ = weights.contiguous().clone();
    }
  }
  MultiLabelSoftMarginCriterion(const MultiLabelSoftMarginCriterion& other) : ZooElementwiseCriterion(other) {
    if (other.weights_.defined()) weights_ = other.weights_.clone();
  }
  std::string description() const override { return "sigmoid cross-entropy over independent 0/1 labels"; }
  Args arguments() const override { return {weights_.defined() ? Arg(weights_) : Arg(), sizeAverage}; }
};

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_CRITERION(MultiLabelSoftMarginCriterion, [](nn::ArgReader& args) -> nn::CriterionPtr {
  nn::Tensor weights = args.optTensor("weights");
  return std::make_shared<nn::MultiLabelSoftMarginCriterion>(weights, args.optBool("sizeAverage", true));
})
