// nn.L1HingeEmbeddingCriterion([margin = 1]) (L1HingeEmbeddingCriterion.lua): for a pair of
// vectors {x1, x2} and y = 1 or -1, with d = ||x1 - x2||_1: loss = d for y = 1, max(0, margin - d)
// for y = -1. The gradient is sign(x1 - x2) (negated for y = -1, zero when d > margin) for x1 and
// its opposite for x2; where x1 == x2, sign is 0 (Torch draws a random sign there).
#include "core/criterions/PairTable.h"
#include "core/kernels.h"
#include "core/kernels_zoo.h"

namespace nn {

class L1HingeEmbeddingCriterion : public Criterion {
  NN_CRITERION(L1HingeEmbeddingCriterion, "nn.L1HingeEmbeddingCriterion")
 public:
  explicit L1HingeEmbeddingCriterion(double margin) : margin_(margin) { gradInput = Value::table({Tensor(), Tensor()}); }
  float updateOutput(const Value& input, const Value& target) override {
    const PairInput p = read(input, target);
    const double d = distance(p);
    output = static_cast<float>(p.y.data()[0] == -1 ? std::max(0.0, margin_ - d) : d);
    return output;
  }
  const Value& updateGradInput(const Value& input, const Value& target) override {
    const PairInput p = read(input, target);
    const double d = distance(p);
    Tensor *g1, *g2;
    pairGradInput(gradInput, p, g1, g2);
    const int64_t n = p.x1.numel();
    const bool dissimilar = p.y.data()[0] == -1;
    const float factor = dissimilar ? (d > margin_ ? 0.0f : -1.0f) : 1.0f;
    kernels::binary(kernels::Binary::Sub, n, p.x1.data(), p.x2.data(), g1->data());
    kernels::zooUnary(kernels::ZooUnary::Sign, n, g1->data(), g1->data(), factor);
    kernels::zooUnary(kernels::ZooUnary::Scale, n, g1->data(), g2->data(), -1.0f);
    return gradInput;
  }
  std::string toString() const override { return cat("nn.L1HingeEmbeddingCriterion(", margin_, ")"); }
  std::string description() const override { return "L1 distance for similar pairs, max(0, margin - distance) for dissimilar ones"; }
  Args arguments() const override { return {margin_}; }

 private:
  double margin_;
  Buffer diff_;
  PairInput read(const Value& input, const Value& target) const {
    PairInput p = readPair(toString(), input, target, false);
    if (p.x1.dim() != 1) fail("expected a pair of vectors (Torch's L1HingeEmbeddingCriterion has no batch mode), got ", input.describe());
    return p;
  }
  double distance(const PairInput& p) {
    diff_.resizeAs(p.x1);
    kernels::binary(kernels::Binary::Sub, p.x1.numel(), p.x1.data(), p.x2.data(), diff_.data());
    kernels::unary(kernels::Unary::Abs, diff_.numel(), diff_.data(), diff_.data());
    return kernels::sum(diff_.numel(), diff_.data());
  }
};

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_CRITERION(L1HingeEmbeddingCriterion, [](nn::ArgReader& args) -> nn::CriterionPtr {
  return std::make_shared<nn::L1HingeEmbeddingCriterion>(args.optNumber("margin", 1));
})
