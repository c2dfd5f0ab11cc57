// Storages: what torch.FloatStorage, t:storage() and torch.Tensor(storage, offset, sizes, strides)
// stand on. The engine's Storage is a plain float vector shared by every tensor over it; a storage
// object of the API is a 1-D contiguous tensor (a window) over some of its elements, so that a
// storage view (torch.FloatStorage(s, offset, size)) and the storage itself are the same kind of
// thing, and every bound below is checked against the window rather than trusted.
#include <algorithm>
#include <string>

#include "core/tensor.h"

namespace nn {

Tensor Tensor::wholeStorage() const {
  Tensor out;
  if (!storage_) return Tensor(Shape{0});
  out.storage_ = storage_;
  out.offset_ = 0;
  out.sizes_ = Shape{storageSize()};
  out.strides_ = Shape{1};
  return out;
}

Tensor Tensor::viewOfStorage(int64_t offset, const Shape& sizes, const Shape& strides) const {
  const char* what = "torch.Tensor(storage, offset, sizes, strides)";
  if (dim() != 1 || !isContiguous() || !storage_)
    fail(what, ": the storage must be a 1-D contiguous window of a storage, got a tensor of size ", shapeString());
  const int64_t windowSize = sizes_[0];
  if (!strides.empty() && strides.size() != sizes.size())
    fail(what, ": ", sizes.size(), " sizes (", nn::shapeString(sizes), ") but ", strides.size(),
         " strides (", nn::shapeString(strides), "); give one stride per size");
  const int64_t count = checkedNumel(sizes);
  // Torch: a missing or negative stride is the contiguous one for the sizes after it.
  Shape actual(sizes.size());
  int64_t next = 1;
  for (size_t i = sizes.size(); i-- > 0;) {
    actual[i] = strides.empty() || strides[i] < 0 ? next : strides[i];
    next = actual[i] * (sizes[i] > 0 ? sizes[i] : 1);
  }
  if (offset < 0 || offset > windowSize)
    fail(what, ": offset ", offset + 1, " is outside the storage of size ", windowSize, " (offsets are 1-based)");
  int64_t last = offset;  // the largest element the view reaches
  // No overflow: the sum of (size - 1) is below the element count (at most 2^29, checked above)
  // and each stride is clamped to the window (below 2^32 elements), so last stays below 2^61.
  for (size_t i = 0; i < sizes.size(); ++i)
    if (sizes[i] > 1) last += (sizes[i] - 1) * std::min(actual[i], windowSize);
  if (count > 0 && last >= windowSize)
    fail(what, ": a view of size ", nn::shapeString(sizes), " (strides ", nn::shapeString(actual), ") from offset ",
         offset + 1, " reaches element ", last + 1, " of a storage of size ", windowSize);
  Tensor out;
  out.storage_ = storage_;
  out.offset_ = offset_ + offset;
  out.sizes_ = sizes;
  out.strides_ = actual;
  return out;
}

}  // namespace nn
