// nn.MarginCriterion([margin = 1]) (MarginCriterion.lua): loss = sum max(0, margin - x_i y_i), divided by the number of elements when
// sizeAverage (a field, true by default, as in Torch).
#include "core/criterions/ZooElementwise.h"

namespace nn {

class MarginCriterion : public ZooElementwiseCriterion {
  NN_CRITERION(MarginCriterion, "nn.MarginCriterion")
 public:
  explicit MarginCriterion(double margin) : ZooElementwiseCriterion(kernels::ZooLoss::Margin, static_cast<float>(margin)), margin_(margin) {}
  std::string toString() const override { return cat("nn.MarginCriterion(", margin_, ")"); }
  std::string description() const override { return "hinge loss max(0, margin - x y) for targets y of 1 or -1"; }
  Args arguments() const override { return {margin_}; }

 private:
  double margin_;
};

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_CRITERION(MarginCriterion, [](nn::ArgReader& args) -> nn::CriterionPtr {
  return std::make_shared<nn::MarginCriterion>(args.optNumber("margin", 1));
})
