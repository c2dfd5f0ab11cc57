#include "core/modules/CosineDistance.h"

#include <cmath>

#include "core/kernels.h"

namespace nn {

static constexpr double kEpsilon = 1e-12;  // Torch's

CosineDistance::Rows CosineDistance::rows(const Value& input) const {
  const std::vector<Value>& xs = inputTable(input, 2);
  const Tensor& a = inputTensor(xs[0], "as table entry 1");
  const Tensor& b = inputTensor(xs[1], "as table entry 2");
  if ((a.dim() != 1 && a.dim() != 2) || !a.sameShape(b))
    fail("expected two vectors or two batch x n matrices of the same size but got ", input.describe());
  return {a.contiguous(), b.contiguous(), a.dim() == 1 ? 1 : a.size(1), a.size(-1)};
}

const Value& CosineDistance::updateOutput(const Value& input) {
  const Rows r = rows(input);
  Tensor& y = outputTensor();
  y.resize({r.rows});
  for (int64_t i = 0; i < r.rows; ++i) {
    const float* a = r.a.data() + i * r.cols;
    const float* b = r.b.data() + i * r.cols;
    const double ab = kernels::dot(r.cols, a, b);
    const double aa = kernels::dot(r.cols, a, a) + kEpsilon, bb = kernels::dot(r.cols, b, b) + kEpsilon;
    y.data()[i] = static_cast<float>(ab / std::sqrt(aa * bb));
  }
  return output;
}

const Value& CosineDistance::updateGradInput(const Value& input, const Value& gradOutput) {
  const Rows r = rows(input);
  const Tensor gy = inputTensor(gradOutput, "gradOutput").contiguous();
  if (gy.sizes() != Shape{r.rows})
    fail("gradOutput has size ", gy.dim() ? gy.shapeString() : "empty", " but the output has size ", r.rows);
  std::vector<Value>& gx = gradInputTable();
  gx.resize(2);
  for (Value& g : gx)
    if (!g.isTensor()) g = Value(Tensor());
  Tensor& ga = gx[0].tensor().resize(r.a.sizes());
  Tensor& gb = gx[1].tensor().resize(r.b.sizes());
  // d cos/da = (b - (a.b / |a|^2) a) / (|a| |b|), and symmetrically for b.
  for (int64_t i = 0; i < r.rows; ++i) {
    const float* a = r.a.data() + i * r.cols;
    const float* b = r.b.data() + i * r.cols;
    const double ab = kernels::dot(r.cols, a, b);
    const double aa = kernels::dot(r.cols, a, a) + kEpsilon, bb = kernels::dot(r.cols, b, b) + kEpsilon;
    const float w = static_cast<float>(gy.data()[i] / std::sqrt(aa * bb));
    float* da = ga.data() + i * r.cols;
    float* db = gb.data() + i * r.cols;
    kernels::copy(r.cols, b, da);
    kernels::axpy(r.cols, static_cast<float>(-ab / aa), a, da);
    kernels::scale(r.cols, w, da);
    kernels::copy(r.cols, a, db);
    kernels::axpy(r.cols, static_cast<float>(-ab / bb), b, db);
    kernels::scale(r.cols, w, db);
  }
  return gradInput;
}

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(CosineDistance, [](nn::ArgReader&) -> nn::ModulePtr { return std::make_shared<nn::CosineDistance>(); })
