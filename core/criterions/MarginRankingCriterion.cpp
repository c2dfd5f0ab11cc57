// nn.MarginRankingCriterion([margin = 1]) (MarginRankingCriterion.lua): for a pair of scores
// {x1, x2} and y = 1 (x1 should rank higher) or -1, loss = max(0, -y (x1 - x2) + margin); for
// batches of scores (vectors x1, x2, y) the sum, divided by the batch size when sizeAverage.
#include "core/criterions/PairTable.h"
#include "core/kernels_zoo.h"

namespace nn {

class MarginRankingCriterion : public Criterion {
  NN_CRITERION(MarginRankingCriterion, "nn.MarginRankingCriterion")
 public:
  explicit MarginRankingCriterion(double margin) : margin_(margin) { gradInput = Value::table({Tensor(), Tensor()}); }
  float updateOutput(const Value& input, const Value& target) override {
    const PairInput p = readPair(toString(), input, target, true);
    const double loss = kernels::marginRankingLoss(p.pairs, p.x1.data(), p.x2.data(), p.y.data(), static_cast<float>(margin_));
    output = static_cast<float>(sizeAverage ? loss / static_cast<double>(p.pairs) : loss);
    return output;
  }
  const Value& updateGradInput(const Value& input, const Value& target) override {
    const PairInput p = readPair(toString(), input, target, true);
    Tensor *g1, *g2;
    pairGradInput(gradInput, p, g1, g2);
    const float norm = sizeAverage ? 1.0f / static_cast<float>(p.pairs) : 1.0f;
    kernels::marginRankingGrad(p.pairs, p.x1.data(), p.x2.data(), p.y.data(), static_cast<float>(margin_), norm, g1->data(), g2->data());
    return gradInput;
  }
  std::string toString() const override { return cat("nn.MarginRankingCriterion(", margin_, ")"); }
  std::string description() const override { return "ranking hinge loss max(0, -y (x1 - x2) + margin)"; }
  Args arguments() const override { return {margin_}; }

 private:
  double margin_;
};

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_CRITERION(MarginRankingCriterion, [](nn::ArgReader& args) -> nn::CriterionPtr {
  return std::make_shared<nn::MarginRankingCriterion>(args.optNumber("margin", 1));
})
