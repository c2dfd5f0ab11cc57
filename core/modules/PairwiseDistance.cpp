#include "core/modules/PairwiseDistance.h"

#include <cmath>

#include "core/kernels.h"
#include "core/kernels_rows.h"

namespace nn {

PairwiseDistance::PairwiseDistance(double p) : p_(p) {
  if (!(p > 0) || !std::isfinite(p)) nn::fail("nn.PairwiseDistance(", p, "): the norm p must be a positive number");
}

PairwiseDistance::Rows PairwiseDistance::rows(const Value& input) const {
  const std::vector<Value>& xs = inputTable(input, 2);
  const Tensor& a = inputTensor(xs[0], "as table entry 1");
  const Tensor& b = inputTensor(xs[1], "as table entry 2");
  if ((a.dim() != 1 && a.dim() != 2) || !a.sameShape(b))
    fail("expected two vectors or two batch x n matrices of the same size but got ", input.describe());
  return {a.contiguous(), b.contiguous(), a.dim() == 1 ? 1 : a.size(1), a.size(-1)};
}

void PairwiseDistance::distances(const Rows& r, Tensor& y) {
  const int64_t n = r.rows * r.cols;
  const float p = static_cast<float>(p_);
  diff_.resize({r.rows, r.cols});
  powered_.resize({r.rows, r.cols});
  kernels::binary(kernels::Binary::Sub, n, r.a.data(), r.b.data(), diff_.data());
  kernels::unary(kernels::Unary::Abs, n, diff_.data(), powered_.data());
  if (p_ != 1) kernels::unary(kernels::Unary::Power, n, powered_.data(), powered_.data(), p);
  y.resize({r.rows});
  kernels::sumAxis(r.rows, r.cols, 1, powered_.data(), y.data());
  if (p_ != 1) kernels::unary(kernels::Unary::Power, r.rows, y.data(), y.data(), 1.0f / p);
}

const Value& PairwiseDistance::updateOutput(const Value& input) {
  distances(rows(input), outputTensor());
  return output;
}

const Value& PairwiseDistance::updateGradInput(const Value& input, const Value& gradOutput) {
  const Rows r = rows(input);
  const Tensor gy = inputTensor(gradOutput, "gradOutput").contiguous();
  if (gy.sizes() != Shape{r.rows})
    fail("gradOutput has size ", gy.dim() ? gy.shapeString() : "empty", " but the output has size ", r.rows);
  // Recomputed rather than read from output, which may belong to another forward.
  distances(r, norms_);
  const Tensor& y = norms_;
  std::vector<Value>& gx = gradInputTable();
  gx.resize(2);
  for (Value& g : gx)
    if (!g.isTensor()) g = Value(Tensor());
  Tensor& ga = gx[0].tensor().resize(r.a.sizes());
  Tensor& gb = gx[1].tensor().resize(r.b.sizes());
  const int64_t n = r.rows * r.cols;
  if (p_ == 2) {
    kernels::copy(n, diff_.data(), ga.data());
  } else {
    kernels::signedPower(n, static_cast<float>(p_ - 1), diff_.data(), ga.data());  // sign(d) |d|^(p-1)
  }
  for (int64_t i = 0; i < r.rows; ++i) {
    // 1e-6 as Torch, so equal inputs give a zero gradient rather than NaN.
    const double norm = p_ == 1 ? 1.0 : std::pow(static_cast<double>(y.data()[i]) + 1e-6, p_ - 1);
    kernels::scale(r.cols, static_cast<float>(gy.data()[i] / norm), ga.data() + i * r.cols);
  }
  kernels::unary(kernels::Unary::Affine, n, ga.data(), gb.data(), -1.0f, 0.0f);
  return gradInput;
}

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(PairwiseDistance, [](nn::ArgReader& args) -> nn::ModulePtr {
  return std::make_shared<nn::PairwiseDistance>(args.optNumber("p", 2));  // Torch: p or 2
})
