// nn.MultiLabelMarginCriterion() (THNN MultiLabelMarginCriterion.c): for scores x (a vector, or
// batch x classes) and a target of the same size holding the 1-based classes that apply, padded
// with 0 after the last one (target {3, 1, 0, 0}: classes 3 and 1), loss = sum over target classes
// j and non-target classes d of max(0, 1 - (x[j] - x[d])), divided by the number of classes, and
// by the batch size when sizeAverage (a field, true by default).
#include <cmath>
#include <vector>

#include "core/criterion.h"
#include "core/kernels.h"

namespace nn {

class MultiLabelMarginCriterion : public Criterion {
  NN_CRITERION(MultiLabelMarginCriterion, "nn.MultiLabelMarginCriterion")
 public:
  float updateOutput(const Value& input, const Value& target) override {
    const Tensor x = read(input, target);
    const int64_t frames = x.dim() == 1 ? 1 : x.size(1), dim = x.size(-1);
    double total = 0;
    forEachPair(x, [&](int64_t, int64_t, double z) { total += z; });
    total /= static_cast<double>(dim);
    if (sizeAverage) total /= static_cast<double>(frames);
    output = static_cast<float>(total);
    return output;
  }
  const Value& updateGradInput(const Value& input, const Value& target) override {
    const Tensor x = read(input, target);
    const int64_t frames = x.dim() == 1 ? 1 : x.size(1), dim = x.size(-1);
    Tensor& gx = gradInputTensor();
    gx.resizeAs(x).zero();
    const float g = static_cast<float>(1.0 / static_cast<double>(dim) / (sizeAverage ? static_cast<double>(frames) : 1.0));
    float* out = gx.data();
    forEachPair(x, [&](int64_t j, int64_t d, double) {
      out[j] -= g;
      out[d] += g;
    });
    return gradInput;
  }
  std::string description() const override { return "multi-label hinge loss: every target class above every other by a margin of 1"; }

 private:
  // per frame: the 0-based target classes, and which classes are targets
  std::vector<std::vector<int64_t>> targets_;
  std::vector<std::vector<char>> isTarget_;

  Tensor read(const Value& input, const Value& target) {
    const Tensor x = inputTensor(input).contiguous();
    const Tensor t = targetTensor(target).contiguous();
    if (x.dim() != 1 && x.dim() != 2) fail("expected a 1-D or 2-D (batch x classes) input, got ", x.dim() ? x.shapeString() : "an empty tensor");
    if (!t.sameShape(x)) fail("the target must have the input's size ", x.shapeString(), " (class indices padded with 0), got ", t.dim() ? t.shapeString() : "an empty tensor");
    const int64_t frames = x.dim() == 1 ? 1 : x.size(1), dim = x.size(-1);
    targets_.assign(static_cast<size_t>(frames), {});
    isTarget_.assign(static_cast<size_t>(frames), std::vector<char>(static_cast<size_t>(dim), 0));
    for (int64_t f = 0; f < frames; ++f) {
      for (int64_t k = 0; k < dim; ++k) {
        const float v = t.data()[f * dim + k];
        if (v == 0) break;  // the end of this sample's classes
        if (!(v >= 1 && v <= static_cast<float>(dim)) || v != std::floor(v))
          fail("target entry ", k + 1, " of sample ", f + 1, " is ", v, ", but classes are integers from 1 to ", dim, " (0 ends the list)");
        targets_[static_cast<size_t>(f)].push_back(static_cast<int64_t>(v) - 1);
        isTarget_[static_cast<size_t>(f)][static_cast<size_t>(v) - 1] = 1;
      }
    }
    return x;
  }
  // fn(j, d, z) for every target j and non-target d of every frame with z = 1 - x[j] + x[d] > 0
  // (flat indices into the input)
  template <class F>
  void forEachPair(const Tensor& x, F fn) const {
    const int64_t dim = x.size(-1);
    const float* xp = x.data();
    for (size_t f = 0; f < targets_.size(); ++f) {
      const int64_t base = static_cast<int64_t>(f) * dim;
      for (int64_t j : targets_[f])
        for (int64_t d = 0; d < dim; ++d) {
          if (isTarget_[f][static_cast<size_t>(d)]) continue;
          const double z = 1.0 - xp[base + j] + xp[base + d];
          if (z > 0) fn(base + j, base + d, z);
        }
    }
  }
};

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_CRITERION(MultiLabelMarginCriterion, [](nn::ArgReader&) -> nn::CriterionPtr {
  return std::make_shared<nn::MultiLabelMarginCriterion>();
})
