// Torch's tensor methods (t:add, t:cmul, t:addmm, t:index, t:sum(d), torch.cat, ...), as the Lua
// and JS front-ends expose them. Semantics follow torch7's TensorMath: 1-based dims and
// positions, in-place methods that work on views (writing through to their source) and return
// the tensor, and an error naming the method and sizes for every mismatch. The loops over tensor
// data are kernels (core/kernels.h); this file only checks arguments and lays out the calls.
#include <algorithm>
#include <cmath>

#include "core/kernels.h"
#include "core/tensor.h"

namespace nn {

namespace {

// Runs fn(data, n) over the tensor's elements as one dense array. A non-contiguous view (a
// narrow, a transpose) is worked on in a dense copy that is then written back through the view.
template <class Fn>
Tensor& denseInPlace(Tensor& t, Fn fn) {
  if (t.isContiguous()) {
    fn(t.data(), t.numel());
    return t;
  }
  Tensor dense = t.clone();
  fn(dense.data(), dense.numel());
  return t.copy(dense);
}

void checkSameCount(const Tensor& t, const Tensor& other, const char* method) {
  if (t.numel() != other.numel())
    fail(method, ": the tensors have different numbers of elements, ", t.numel(), " (size ", t.shapeString(),
         ") and ", other.numel(), " (size ", other.shapeString(), ")");
}

Tensor& binaryInPlace(Tensor& t, const Tensor& other, kernels::Binary op, const char* method) {
  checkSameCount(t, other, method);
  const Tensor dense = other.contiguous();
  return denseInPlace(t, [&](float* p, int64_t n) { kernels::binary(op, n, p, dense.data(), p); });
}

Tensor& unaryInPlace(Tensor& t, kernels::Unary op, float a = 0) {
  return denseInPlace(t, [&](float* p, int64_t n) { kernels::unary(op, n, p, p, a); });
}

void checkMatrix(const Tensor& t, const char* method, const char* which) {
  if (t.dim() != 2)
    fail(method, ": ", which, " must be a 2-D tensor (a matrix), got size ", t.shapeString());
}

// The sizes of t split around dim d (0-based): outer x size(d) x inner, for the axis kernels.
void splitAround(const Tensor& t, int d, int64_t& outer, int64_t& inner) {
  outer = 1;
  inner = 1;
  for (int k = 0; k < d; ++k) outer *= t.sizes()[k];
  for (int k = d + 1; k < t.dim(); ++k) inner *= t.sizes()[k];
}

// 0-based positions from a 1-D tensor of 1-based ones, each checked against `size`.
std::vector<int64_t> positions(const Tensor& indices, int64_t size, int dim, const Tensor& of,
                               const char* method) {
  if (indices.dim() != 1)
    fail(method, "(", dim, ", index): index must be a 1-D tensor of positions, got size ", indices.shapeString());
  std::vector<int64_t> out;
  out.reserve(static_cast<size_t>(indices.numel()));
  for (float v : indices.toVector()) {
    if (v != std::floor(v) || v < 1 || v > static_cast<float>(size))
      fail(method, "(", dim, ", index): position ", v, " is out of range for dimension ", dim, " of size ",
           size, " (tensor size ", of.shapeString(), "; positions are 1-based)");
    out.push_back(static_cast<int64_t>(v) - 1);
  }
  return out;
}

std::pair<Tensor, Tensor> extremum(const Tensor& t, int dim, bool isMax) {
  const char* method = isMax ? "max" : "min";
  const int d = t.normalizeDim(dim, method);
  if (t.sizes()[d] == 0)
    fail(method, "(", dim, "): dimension ", dim, " of the tensor of size ", t.shapeString(), " is empty");
  int64_t outer, inner;
  splitAround(t, d, outer, inner);
  Shape sizes = t.sizes();
  sizes[d] = 1;
  Tensor values(sizes), positions(sizes);
  std::vector<int64_t> index(static_cast<size_t>(outer * inner));
  const Tensor dense = t.contiguous();
  kernels::maxAxis(isMax, outer, t.sizes()[d], inner, dense.data(), values.data(), index.data());
  float* p = positions.data();
  for (size_t i = 0; i < index.size(); ++i) p[i] = static_cast<float>(index[i] + 1);
  return {values, positions};
}

float extremumAll(const Tensor& t, bool isMax) {
  if (t.numel() == 0) fail(isMax ? "max" : "min", "(): the tensor has no elements (size ", t.shapeString(), ")");
  const Tensor dense = t.contiguous();
  float value = 0;
  int64_t index = 0;
  kernels::maxAxis(isMax, 1, dense.numel(), 1, dense.data(), &value, &index);
  return value;
}

}  // namespace

Tensor& Tensor::addScalar(float value) {
  return denseInPlace(*this, [&](float* p, int64_t n) { kernels::addScalar(n, value, p); });
}

Tensor& Tensor::div(float divisor) {
  return denseInPlace(*this, [&](float* p, int64_t n) {
    kernels::unary(kernels::Unary::Affine, n, p, p, 1.0f / divisor, 0.0f);
  });
}

Tensor& Tensor::cmul(const Tensor& other) { return binaryInPlace(*this, other, kernels::Binary::Mul, "cmul"); }
Tensor& Tensor::cdiv(const Tensor& other) { return binaryInPlace(*this, other, kernels::Binary::Div, "cdiv"); }

Tensor& Tensor::addmm(float beta, const Tensor& m, float alpha, const Tensor& a, const Tensor& b) {
  checkMatrix(a, "addmm", "the first matrix of the product");
  checkMatrix(b, "addmm", "the second matrix of the product");
  if (a.sizes()[1] != b.sizes()[0])
    fail("addmm: cannot multiply a ", a.shapeString(), " matrix by a ", b.shapeString(),
         " matrix (the inner sizes ", a.sizes()[1], " and ", b.sizes()[0], " differ)");
  const Shape resultSizes{a.sizes()[0], b.sizes()[1]};
  if (m.sizes() != resultSizes)
    fail("addmm: the added matrix has size ", m.shapeString(), " but the product ", a.shapeString(), " x ",
         b.shapeString(), " has size ", nn::shapeString(resultSizes));
  Tensor out = m.clone();
  const Tensor da = a.contiguous(), db = b.contiguous();
  kernels::gemm(false, false, resultSizes[0], resultSizes[1], a.sizes()[1], alpha, da.data(), a.sizes()[1],
                db.data(), b.sizes()[1], beta, out.data(), resultSizes[1]);
  if (!defined() || numel() != out.numel()) resize(resultSizes);
  else if (sizes() != resultSizes && isContiguous()) *this = view(resultSizes);
  return copy(out);
}

Tensor& Tensor::abs() { return unaryInPlace(*this, kernels::Unary::Abs); }
Tensor& Tensor::exp() { return unaryInPlace(*this, kernels::Unary::Exp); }
Tensor& Tensor::log() { return unaryInPlace(*this, kernels::Unary::Log); }
Tensor& Tensor::tanh() { return unaryInPlace(*this, kernels::Unary::Tanh); }
Tensor& Tensor::sigmoid() { return unaryInPlace(*this, kernels::Unary::Sigmoid); }
Tensor& Tensor::sqrt() { return unaryInPlace(*this, kernels::Unary::Sqrt); }
Tensor& Tensor::pow(float exponent) { return unaryInPlace(*this, kernels::Unary::Power, exponent); }
Tensor& Tensor::truncate() {
  return denseInPlace(*this, [](float* p, int64_t n) { kernels::truncate(n, p); });
}

Tensor& Tensor::fillUniform(float low, float high, Generator& gen) {
  return denseInPlace(*this, [&](float* p, int64_t n) {
    for (int64_t i = 0; i < n; ++i) p[i] = static_cast<float>(gen.uniform(low, high));
  });
}

Tensor& Tensor::fillNormal(float mean, float stdv, Generator& gen) {
  if (!(stdv >= 0)) fail("normal(mean, stdv): stdv must be >= 0, got ", stdv);
  return denseInPlace(*this, [&](float* p, int64_t n) {
    for (int64_t i = 0; i < n; ++i) p[i] = static_cast<float>(gen.normal(mean, stdv));
  });
}

Tensor Tensor::sub(const Shape& bounds) const {
  if (bounds.size() % 2 != 0 || bounds.empty() || static_cast<int>(bounds.size()) > 2 * dim())
    fail("sub: expects pairs of bounds (first, last) for up to ", dim(), " dimensions of the tensor of size ",
         shapeString(), ", got ", bounds.size(), " numbers");
  Tensor view = *this;
  for (int d = 0; d < static_cast<int>(bounds.size()) / 2; ++d) {
    const int64_t size = sizes()[d];
    const int64_t first = bounds[2 * d] < 0 ? size + bounds[2 * d] : bounds[2 * d] - 1;
    const int64_t last = bounds[2 * d + 1] < 0 ? size + bounds[2 * d + 1] : bounds[2 * d + 1] - 1;
    if (first < 0 || last >= size || first > last)
      fail("sub: bounds ", bounds[2 * d], ", ", bounds[2 * d + 1], " are out of range for dimension ", d + 1,
           " of size ", size, " (tensor size ", shapeString(), ")");
    view = view.narrow(d + 1, first + 1, last - first + 1);
  }
  return view;
}

Tensor Tensor::index(int dim, const Tensor& indices) const {
  const int d = normalizeDim(dim, "index");
  const std::vector<int64_t> at = positions(indices, sizes()[d], dim, *this, "index");
  int64_t outer, inner;
  splitAround(*this, d, outer, inner);
  Shape outSizes = sizes();
  outSizes[d] = static_cast<int64_t>(at.size());
  Tensor out(outSizes);
  const Tensor dense = contiguous();
  kernels::indexSelect(outer, sizes()[d], inner, dense.data(), static_cast<int64_t>(at.size()), at.data(), out.data());
  return out;
}

Tensor& Tensor::indexCopy(int dim, const Tensor& indices, const Tensor& source) {
  const int d = normalizeDim(dim, "indexCopy");
  const std::vector<int64_t> at = positions(indices, sizes()[d], dim, *this, "indexCopy");
  Shape expected = sizes();
  expected[d] = static_cast<int64_t>(at.size());
  if (source.sizes() != expected)
    fail("indexCopy(", dim, ", index, source): source has size ", source.shapeString(), " but copying ", at.size(),
         " slices into a tensor of size ", shapeString(), " needs size ", nn::shapeString(expected));
  int64_t outer, inner;
  splitAround(*this, d, outer, inner);
  const Tensor src = source.contiguous();
  return denseInPlace(*this, [&](float* p, int64_t) {
    kernels::indexCopy(outer, sizes()[d], inner, src.data(), static_cast<int64_t>(at.size()), at.data(), p);
  });
}

Tensor Tensor::sum(int dim) const {
  const int d = normalizeDim(dim, "sum");
  int64_t outer, inner;
  splitAround(*this, d, outer, inner);
  Shape outSizes = sizes();
  outSizes[d] = 1;
  Tensor out(outSizes);
  const Tensor dense = contiguous();
  kernels::sumAxis(outer, sizes()[d], inner, dense.data(), out.data());
  return out;
}

Tensor Tensor::mean(int dim) const {
  Tensor out = sum(dim);
  const int64_t count = sizes()[normalizeDim(dim, "mean")];
  if (count == 0) fail("mean(", dim, "): dimension ", dim, " of the tensor of size ", shapeString(), " is empty");
  return std::move(out.div(static_cast<float>(count)));
}

double Tensor::mean() const {
  if (numel() == 0) fail("mean(): the tensor has no elements (size ", shapeString(), ")");
  return sum() / static_cast<double>(numel());
}

std::pair<Tensor, Tensor> Tensor::max(int dim) const { return extremum(*this, dim, true); }
std::pair<Tensor, Tensor> Tensor::min(int dim) const { return extremum(*this, dim, false); }
float Tensor::max() const { return extremumAll(*this, true); }
float Tensor::min() const { return extremumAll(*this, false); }

Tensor Tensor::eye(int64_t rows, int64_t cols) {
  if (rows < 1 || cols < 1) fail("torch.eye(", rows, ", ", cols, "): sizes must be positive");
  Tensor out({rows, cols});
  float* p = out.data();
  for (int64_t i = 0; i < std::min(rows, cols); ++i) p[i * cols + i] = 1.0f;
  return out;
}

Tensor Tensor::mm(const Tensor& a, const Tensor& b) {
  checkMatrix(a, "torch.mm", "the first argument");
  checkMatrix(b, "torch.mm", "the second argument");
  if (a.sizes()[1] != b.sizes()[0])
    fail("torch.mm: cannot multiply a ", a.shapeString(), " matrix by a ", b.shapeString(),
         " matrix (the inner sizes ", a.sizes()[1], " and ", b.sizes()[0], " differ)");
  Tensor out({a.sizes()[0], b.sizes()[1]});
  return out.addmm(0.0f, out, 1.0f, a, b);
}

Tensor Tensor::cat(const std::vector<Tensor>& tensors, int dim) {
  if (tensors.empty()) fail("torch.cat: no tensors to concatenate");
  const Tensor& first = tensors[0];
  if (first.dim() == 0) fail("torch.cat: tensor 1 is empty (it has no dimension)");
  const int d = first.normalizeDim(dim, "torch.cat");
  Shape outSizes = first.sizes();
  outSizes[d] = 0;
  for (size_t i = 0; i < tensors.size(); ++i) {
    const Tensor& t = tensors[i];
    bool same = t.dim() == first.dim();
    for (int k = 0; same && k < t.dim(); ++k) same = k == d || t.sizes()[k] == first.sizes()[k];
    if (!same)
      fail("torch.cat along dimension ", dim, ": tensor ", i + 1, " has size ", t.shapeString(),
           " but tensor 1 has size ", first.shapeString(), " (sizes must match except along dimension ", dim, ")");
    outSizes[d] += t.sizes()[d];
  }
  Tensor out(outSizes);
  int64_t offset = 1;
  for (const Tensor& t : tensors) {
    if (t.sizes()[d] > 0) out.narrow(d + 1, offset, t.sizes()[d]).copy(t);
    offset += t.sizes()[d];
  }
  return out;
}

Tensor Tensor::range(double from, double to, double step) {
  if (step == 0 || !std::isfinite(step) || !std::isfinite(from) || !std::isfinite(to))
    fail("torch.range(", from, ", ", to, ", ", step, "): the bounds must be finite and the step finite and non-zero");
  if ((to - from) / step < 0)
    fail("torch.range(", from, ", ", to, ", ", step, "): the step's sign does not lead from ", from, " to ", to);
  const auto count = static_cast<int64_t>(std::floor((to - from) / step + 1e-9)) + 1;
  Tensor out({count});
  kernels::ramp(count, from, step, out.data());
  return out;
}

Tensor Tensor::linspace(double from, double to, int64_t count) {
  if (count < 1) fail("torch.linspace(", from, ", ", to, ", ", count, "): the number of points must be at least 1");
  Tensor out({count});
  kernels::ramp(count, from, count == 1 ? 0.0 : (to - from) / static_cast<double>(count - 1), out.data());
  return out;
}

}  // namespace nn
