// Storages for JS (bindings/storage.mjs): torch.FloatStorage, t:storage(), t:storageOffset(),
// t:stride() and torch.Tensor(storage, offset, sizes, strides). One guarded function chosen by
// number, as embind_tensor.cpp does (each Embind function costs the package about 1 KB). A storage
// is a Tensor handle: a 1-D window over an engine Storage (core/tensor_storage.cpp).
#include "bindings/embind_support.h"

namespace {

using namespace nngjs;
using nn::Tensor;

// The list is mirrored in storage.mjs (the same order).
enum StorageMethod { Whole, Size, ViewOf, Offset, Strides };

// Integers already checked in JS (storage.mjs); strides may be negative (Torch: "contiguous").
nn::Shape ints(const val& list) {
  nn::Shape out;
  const unsigned n = list["length"].as<unsigned>();
  for (unsigned i = 0; i < n; ++i) out.push_back(static_cast<int64_t>(list[i].as<double>()));
  return out;
}

val storageMethod(Tensor& t, int method, val a) {
  switch (static_cast<StorageMethod>(method)) {
    case Whole: return val(t.wholeStorage());
    case Size: return val(static_cast<double>(t.storageSize()));
    case ViewOf: return val(t.viewOfStorage(static_cast<int64_t>(a[0].as<double>()), ints(a[1]), ints(a[2])));
    case Offset: return val(static_cast<double>(t.storageOffset()));
    case Strides: return shapeToJs(t.strides());
  }
  nn::fail("storage method ", method, " is not known to this engine");
}

}  // namespace

EMSCRIPTEN_BINDINGS(storage) { API(storageMethod); }
