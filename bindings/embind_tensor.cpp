// Torch's tensor methods for JS (bindings/tensor_methods.mjs): one guarded function per method
// of core/tensor.h. In-place methods return nothing (the JS side returns its own Tensor object,
// so chaining keeps identities); views and new tensors come back as new handles.
#include "bindings/embind_support.h"

namespace {

using namespace nngjs;
using nn::Tensor;

// Signed integers (view sizes may be -1, sub bounds may count from the end).
nn::Shape toInts(const val& list, const char* what) {
  if (!list.isArray()) nn::fail(what, ": expected an array of integers");
  nn::Shape out;
  const unsigned n = list["length"].as<unsigned>();
  for (unsigned i = 0; i < n; ++i) {
    const double d = list[i].as<double>();
    if (d != static_cast<double>(static_cast<int64_t>(d)))
      nn::fail(what, ": argument ", i + 1, " must be an integer, got ", d);
    out.push_back(static_cast<int64_t>(d));
  }
  return out;
}

std::vector<Tensor> toTensors(const val& list) {
  std::vector<Tensor> out;
  const unsigned n = list["length"].as<unsigned>();
  for (unsigned i = 0; i < n; ++i) out.push_back(list[i].as<Tensor>());
  return out;
}

val pairToJs(const std::pair<Tensor, Tensor>& p) {
  val out = val::array();
  out.set(0, p.first);
  out.set(1, p.second);
  return out;
}

float f(double v) { return static_cast<float>(v); }

void tensorResize(Tensor& t, val sizes) { t.resize(toShape(sizes, "resize")); }
void tensorResizeAs(Tensor& t, Tensor& other) { t.resizeAs(other); }
void tensorAddScalar(Tensor& t, double v) { t.addScalar(f(v)); }
void tensorDiv(Tensor& t, double v) { t.div(f(v)); }
void tensorCmul(Tensor& t, Tensor& o) { t.cmul(o); }
void tensorCdiv(Tensor& t, Tensor& o) { t.cdiv(o); }
void tensorAddmm(Tensor& t, double beta, Tensor& m, double alpha, Tensor& a, Tensor& b) {
  t.addmm(f(beta), m, f(alpha), a, b);
}
void tensorAbs(Tensor& t) { t.abs(); }
void tensorExp(Tensor& t) { t.exp(); }
void tensorLog(Tensor& t) { t.log(); }
void tensorTanh(Tensor& t) { t.tanh(); }
void tensorSigmoid(Tensor& t) { t.sigmoid(); }
void tensorSqrt(Tensor& t) { t.sqrt(); }
void tensorPow(Tensor& t, double e) { t.pow(f(e)); }
void tensorUniform(Tensor& t, double a, double b) { t.fillUniform(f(a), f(b)); }
void tensorNormal(Tensor& t, double mean, double stdv) { t.fillNormal(f(mean), f(stdv)); }
void tensorTruncate(Tensor& t) { t.truncate(); }
void tensorIndexCopy(Tensor& t, int dim, Tensor& idx, Tensor& src) { t.indexCopy(dim, idx, src); }

Tensor tensorTranspose(Tensor& t, int a, int b) { return t.transpose(a, b); }
Tensor tensorNarrow(Tensor& t, int dim, double index, double length) {
  return t.narrow(dim, static_cast<int64_t>(index), static_cast<int64_t>(length));
}
Tensor tensorSelect(Tensor& t, int dim, double index) { return t.select(dim, static_cast<int64_t>(index)); }
Tensor tensorSub(Tensor& t, val bounds) { return t.sub(toInts(bounds, "sub")); }
Tensor tensorView(Tensor& t, val sizes) { return t.view(toInts(sizes, "view")); }
Tensor tensorIndex(Tensor& t, int dim, Tensor& idx) { return t.index(dim, idx); }
Tensor tensorContiguous(Tensor& t) { return t.contiguous(); }
Tensor tensorAlias(Tensor& t) { return t; }
bool tensorIsContiguous(Tensor& t) { return t.isContiguous(); }
bool tensorSameStorage(Tensor& a, Tensor& b) { return a.sameStorage(b); }
double tensorSumAll(Tensor& t) { return t.sum(); }
double tensorMeanAll(Tensor& t) { return t.mean(); }
double tensorMaxAll(Tensor& t) { return t.max(); }
double tensorMinAll(Tensor& t) { return t.min(); }
Tensor tensorSumDim(Tensor& t, int dim) { return t.sum(dim); }
Tensor tensorMeanDim(Tensor& t, int dim) { return t.mean(dim); }
val tensorMaxDim(Tensor& t, int dim) { return pairToJs(t.max(dim)); }
val tensorMinDim(Tensor& t, int dim) { return pairToJs(t.min(dim)); }

// Element access with 1-based coordinates (t[i][j] in Lua, t.get(i, j) in JS).
nn::Shape zeroBased(const Tensor& t, const val& index, const char* what) {
  nn::Shape at = toInts(index, what);
  if (static_cast<int>(at.size()) != t.dim())
    nn::fail(what, ": ", at.size(), " coordinates given for a ", t.dim(), "-D tensor of size ", t.shapeString());
  for (size_t d = 0; d < at.size(); ++d) {
    const int64_t size = t.sizes()[d];
    if (at[d] < 1 || at[d] > size)
      nn::fail(what, ": index ", at[d], " is out of range for dimension ", d + 1, " of size ", size,
               " (tensor size ", t.shapeString(), "; indices are 1-based)");
    at[d] -= 1;
  }
  return at;
}
double tensorGet(Tensor& t, val index) { return t.at(zeroBased(t, index, "get")); }
void tensorSet(Tensor& t, val index, double v) { t.at(zeroBased(t, index, "set")) = f(v); }

Tensor tensorEye(double rows, double cols) { return Tensor::eye(static_cast<int64_t>(rows), static_cast<int64_t>(cols)); }
Tensor tensorMm(Tensor& a, Tensor& b) { return Tensor::mm(a, b); }
Tensor tensorCat(val list, int dim) { return Tensor::cat(toTensors(list), dim); }
Tensor tensorRange(double from, double to, double step) { return Tensor::range(from, to, step); }
Tensor tensorLinspace(double from, double to, double count) {
  return Tensor::linspace(from, to, static_cast<int64_t>(count));
}

}  // namespace

EMSCRIPTEN_BINDINGS(tensor_methods) {
  API(tensorResize); API(tensorResizeAs); API(tensorAddScalar); API(tensorDiv); API(tensorCmul);
  API(tensorCdiv); API(tensorAddmm); API(tensorAbs); API(tensorExp); API(tensorLog); API(tensorTanh);
  API(tensorSigmoid); API(tensorSqrt); API(tensorPow); API(tensorUniform); API(tensorNormal);
  API(tensorTruncate); API(tensorIndexCopy); API(tensorTranspose); API(tensorNarrow); API(tensorSelect);
  API(tensorSub); API(tensorView); API(tensorIndex); API(tensorContiguous); API(tensorAlias);
  API(tensorIsContiguous); API(tensorSameStorage); API(tensorSumAll); API(tensorMeanAll);
  API(tensorMaxAll); API(tensorMinAll); API(tensorSumDim); API(tensorMeanDim); API(tensorMaxDim);
  API(tensorMinDim); API(tensorGet); API(tensorSet); API(tensorEye); API(tensorMm); API(tensorCat);
  API(tensorRange); API(tensorLinspace);
}
