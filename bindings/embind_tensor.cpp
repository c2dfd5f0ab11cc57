// Torch's tensor methods for JS (bindings/tensor_methods.mjs): one guarded function over the
// methods of core/tensor.h, chosen by number. In-place methods return nothing (the JS side
// returns its own Tensor object, so chaining keeps identities); views and new tensors come back
// as new handles.
#include "bindings/embind_support.h"

namespace {

using namespace nngjs;
using nn::Tensor;

// Signed integers (view sizes may be -1, sub bounds may count from the end).
nn::Shape toInts(const val& list, const char* what) {
  if (!list.isArray()) nn::fail(what, ": expected an array of integers");
  nn::Shape out;
  const unsigned n = list["length"].as<unsigned>();
  if (n > nn::kMaxDims) nn::fail(what, ": expected at most ", nn::kMaxDims, " integers, got ", n);
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

// One bound function for every method, by number (the list is mirrored in tensor_methods.mjs):
// each Embind function costs the package about 1 KB of wasm, and the budget is 300 KB in all.
enum Method {
  Resize, ResizeAs, AddScalar, Div, Cmul, Cdiv, Addmm, Abs, Exp, Log, Tanh, Sigmoid, Sqrt, Pow,
  Uniform, Normal, Truncate, IndexCopy, Transpose, Narrow, Select, Sub, View, Index, Contiguous,
  Alias, IsContiguous, SameStorage, SumAll, MeanAll, MaxAll, MinAll, SumDim, MeanDim, MaxDim, MinDim,
  Get, Set, Eye, Mm, Cat, Range, Linspace,
};

// a: the arguments as a JS array (numbers, Tensor handles, arrays of integers). Returns
// undefined for in-place methods, else a number, a boolean, a Tensor handle or a pair of them.
val tensorMethod(Tensor& t, int method, val a) {
  auto num = [&](int i) { return a[i].as<double>(); };
  auto dim = [&](int i) { return static_cast<int>(a[i].as<double>()); };
  auto ten = [&](int i) { return a[i].as<Tensor>(); };
  const val none = val::undefined();
  switch (static_cast<Method>(method)) {
    case Resize: t.resize(toShape(a[0], "resize")); return none;
    case ResizeAs: t.resizeAs(ten(0)); return none;
    case AddScalar: t.addScalar(f(num(0))); return none;
    case Div: t.div(f(num(0))); return none;
    case Cmul: t.cmul(ten(0)); return none;
    case Cdiv: t.cdiv(ten(0)); return none;
    case Addmm: t.addmm(f(num(0)), ten(1), f(num(2)), ten(3), ten(4)); return none;
    case Abs: t.abs(); return none;
    case Exp: t.exp(); return none;
    case Log: t.log(); return none;
    case Tanh: t.tanh(); return none;
    case Sigmoid: t.sigmoid(); return none;
    case Sqrt: t.sqrt(); return none;
    case Pow: t.pow(f(num(0))); return none;
    case Uniform: t.fillUniform(f(num(0)), f(num(1))); return none;
    case Normal: t.fillNormal(f(num(0)), f(num(1))); return none;
    case Truncate: t.truncate(); return none;
    case IndexCopy: t.indexCopy(dim(0), ten(1), ten(2)); return none;
    case Transpose: return val(t.transpose(dim(0), dim(1)));
    case Narrow: return val(t.narrow(dim(0), static_cast<int64_t>(num(1)), static_cast<int64_t>(num(2))));
    case Select: return val(t.select(dim(0), static_cast<int64_t>(num(1))));
    case Sub: return val(t.sub(toInts(a[0], "sub")));
    case View: return val(t.view(toInts(a[0], "view")));
    case Index: return val(t.index(dim(0), ten(1)));
    case Contiguous: return val(t.contiguous());
    case Alias: return val(Tensor(t));
    case IsContiguous: return val(t.isContiguous());
    case SameStorage: return val(t.sameStorage(ten(0)));
    case SumAll: return val(t.sum());
    case MeanAll: return val(t.mean());
    case MaxAll: return val(static_cast<double>(t.max()));
    case MinAll: return val(static_cast<double>(t.min()));
    case SumDim: return val(t.sum(dim(0)));
    case MeanDim: return val(t.mean(dim(0)));
    case MaxDim: return pairToJs(t.max(dim(0)));
    case MinDim: return pairToJs(t.min(dim(0)));
    case Get: return val(static_cast<double>(t.at(zeroBased(t, a[0], "get"))));
    case Set: t.at(zeroBased(t, a[0], "set")) = f(num(1)); return none;
    // factories: t is unused (any tensor)
    case Eye: return val(Tensor::eye(static_cast<int64_t>(num(0)), static_cast<int64_t>(num(1))));
    case Mm: return val(Tensor::mm(ten(0), ten(1)));
    case Cat: return val(Tensor::cat(toTensors(a[0]), dim(1)));
    case Range: return val(Tensor::range(num(0), num(1), num(2)));
    case Linspace: return val(Tensor::linspace(num(0), num(1), static_cast<int64_t>(num(2))));
  }
  nn::fail("tensor method ", method, " is not known to this engine");
}

}  // namespace

EMSCRIPTEN_BINDINGS(tensor_methods) { API(tensorMethod); }
