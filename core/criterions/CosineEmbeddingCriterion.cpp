// nn.CosineEmbeddingCriterion([margin = 0]) (CosineEmbeddingCriterion.lua): for a pair of vectors
// {x1, x2} (or batch x n matrices, a pair per row) and y = 1 or -1 per pair, loss = 1 - cos(x1, x2)
// for y = 1 and max(0, cos(x1, x2) - margin) for y = -1; summed over rows, divided by the number
// of rows when sizeAverage. As Torch, 1e-12 is added to the squared norms.
#include "core/criterions/PairTable.h"
#include "core/kernels_zoo.h"

namespace nn {

class CosineEmbeddingCriterion : public Criterion {
  NN_CRITERION(CosineEmbeddingCriterion, "nn.CosineEmbeddingCriterion")
 public:
  explicit CosineEmbeddingCriterion(double margin) : margin_(margin) { gradInput = Value::table({Tensor(), Tensor()}); }
  float updateOutput(const Value& input, const Value& target) override {
    const PairInput p = readPair(toString(), input, target, false);
    const double loss = kernels::cosineEmbeddingLoss(p.pairs, p.x1.size(-1), p.x1.data(), p.x2.data(), p.y.data(),
                                                     static_cast<float>(margin_));
    output = static_cast<float>(sizeAverage ? loss / static_cast<double>(p.pairs) : loss);
    return output;
  }
  const Value& updateGradInput(const Value& input, const Value& target) override {
    const PairInput p = readPair(toString(), input, target, false);
    Tensor *g1, *g2;
    pairGradInput(gradInput, p, g1, g2);
    const float norm = sizeAverage ? 1.0f / static_cast<float>(p.pairs) : 1.0f;
    kernels::cosineEmbeddingGrad(p.pairs, p.x1.size(-1), p.x1.data(), p.x2.data(), p.y.data(), static_cast<float>(margin_),
                                 norm, g1->data(), g2->data());
    return gradInput;
  }
  std::string toString() const override { return cat("nn.CosineEmbeddingCriterion(", margin_, ")"); }
  std::string description() const override { return "1 - cos for similar pairs, max(0, cos - margin) for dissimilar ones"; }
  Args arguments() const override { return {margin_}; }

 private:
  double margin_;
};

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_CRITERION(CosineEmbeddingCriterion, [](nn::ArgReader& args) -> nn::CriterionPtr {
  return std::make_shared<nn::CosineEmbeddingCriterion>(args.optNumber("margin", 0));
})
