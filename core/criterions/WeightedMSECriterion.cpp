// nn.WeightedMSECriterion(w) (WeightedMSECriterion.lua): the MSE between the input and the target
// multiplied elementwise by w — for a batch (input with one more dimension than w) each row of
// the target is multiplied by w — i.e. loss = sum (x - w .* t)^2, divided by the number of
// elements when sizeAverage. (As in Torch the weight scales the target, not the difference.)
#include "core/criterion.h"
#include "core/kernels.h"
#include "core/kernels_zoo.h"

namespace nn {

class WeightedMSECriterion : public Criterion {
  NN_CRITERION(WeightedMSECriterion, "nn.WeightedMSECriterion")
 public:
  explicit WeightedMSECriterion(Tensor w) {
    if (!w.defined() || w.numel() == 0) nn::fail("nn.WeightedMSECriterion(w): expected a non-empty weight tensor");
    weight_ = w.contiguous().clone();
  }
  WeightedMSECriterion(const WeightedMSECriterion& other) : Criterion(other), weight_(other.weight_.clone()) {}

  float updateOutput(const Value& input, const Value& target) override {
    difference(input, target, diff_);
    const int64_t n = diff_.numel();
    const double loss = kernels::dot(n, diff_.data(), diff_.data());
    output = static_cast<float>(sizeAverage ? loss / static_cast<double>(n) : loss);
    return output;
  }
  const Value& updateGradInput(const Value& input, const Value& target) override {
    Tensor& gx = gradInputTensor();
    difference(input, target, gx);
    kernels::scale(gx.numel(), sizeAverage ? 2.0f / static_cast<float>(gx.numel()) : 2.0f, gx.data());
    return gradInput;
  }
  std::string description() const override { return "mean squared error against the target scaled by a weight"; }
  Args arguments() const override { return {weight_}; }

 private:
  Tensor weight_;
  Buffer diff_, weighted_;
  // out = x - w .* t (w repeated over the rows of a batch)
  void difference(const Value& input, const Value& target, Tensor& out) {
    const Tensor x = inputTensor(input).contiguous();
    const Tensor t = targetTensor(target).contiguous();
    checkSameSize(x, t);
    const int64_t n = weight_.numel();
    const bool batch = x.dim() == weight_.dim() + 1;
    if ((batch ? x.numel() / std::max<int64_t>(x.size(1), 1) : x.numel()) != n)
      fail("the weight has size ", weight_.shapeString(), " but the input has size ", x.shapeString(),
           " (expected the weight's size, or a batch of it)");
    weighted_.resizeAs(t);
    for (int64_t r = 0, rows = t.numel() / n; r < rows; ++r)
      kernels::binary(kernels::Binary::Mul, n, t.data() + r * n, weight_.data(), weighted_.data() + r * n);
    out.resizeAs(inputTensor(input));
    kernels::binary(kernels::Binary::Sub, x.numel(), x.data(), weighted_.data(), out.data());
  }
};

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_CRITERION(WeightedMSECriterion, [](nn::ArgReader& args) -> nn::CriterionPtr {
  return std::make_shared<nn::WeightedMSECriterion>(args.optTensor("w"));
})
