// nn.SoftMarginCriterion() (THNN SoftMarginCriterion.c): the logistic loss
// loss = sum log(1 + exp(-x_i y_i)) for targets y of 1 or -1, divided by the number of elements
// when sizeAverage (a field, true by default).
#include "core/criterions/ZooElementwise.h"

namespace nn {

class SoftMarginCriterion : public ZooElementwiseCriterion {
  NN_CRITERION(SoftMarginCriterion, "nn.SoftMarginCriterion")
 public:
  SoftMarginCriterion() : ZooElementwiseCriterion(kernels::ZooLoss::SoftMargin, 0) {}
  std::string description() const override { return "logistic loss log(1 + exp(-x y)) for targets of 1 or -1"; }
};

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_CRITERION(SoftMarginCriterion, [](nn::ArgReader&) -> nn::CriterionPtr {
  return std::make_shared<nn::SoftMarginCriterion>();
})
