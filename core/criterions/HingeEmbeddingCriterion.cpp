// nn.HingeEmbeddingCriterion([margin = 1]) (HingeEmbeddingCriterion.lua): loss = sum of x_i where y_i = 1 and max(0, margin - x_i) where y_i = -1 (x is a distance), divided by the number of elements when
// sizeAverage (a field, true by default, as in Torch).
#include "core/criterions/ZooElementwise.h"

namespace nn {

class HingeEmbeddingCriterion : public ZooElementwiseCriterion {
  NN_CRITERION(HingeEmbeddingCriterion, "nn.HingeEmbeddingCriterion")
 public:
  explicit HingeEmbeddingCriterion(double margin) : ZooElementwiseCriterion(kernels::ZooLoss::HingeEmbedding, static_cast<float>(margin)), margin_(margin) {}
  std::string toString() const override { return cat("nn.HingeEmbeddingCriterion(", margin_, ")"); }
  std::string description() const override { return "hinge embedding loss: x for y = 1, max(0, margin - x) for y = -1"; }
  Args arguments() const override { return {margin_}; }

 private:
  double margin_;
};

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_CRITERION(HingeEmbeddingCriterion, [](nn::ArgReader& args) -> nn::CriterionPtr {
  return std::make_shared<nn::HingeEmbeddingCriterion>(args.optNumber("margin", 1));
})
