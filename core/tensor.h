// Tensor: float32, N-dimensional, Torch-style sizes over a shared storage.
//
// A Tensor is a handle, like torch.Tensor in Lua or at::Tensor in C++: copying a Tensor aliases
// the same storage (views, shared parameters); clone() makes a deep copy. A handle holds its sizes
// and strides inline (core/shape.h, at most kMaxDims dimensions), so copying one allocates nothing. Freshly made tensors
// are contiguous row-major; narrow/select/transpose give strided views, and contiguous() turns
// a view into a dense tensor when a kernel needs one.
//
// Dimensions and indices in this API are 1-based, as in Torch (size(1) is the first dimension,
// narrow(dim, index, length) starts at `index`). Negative dims count from the end.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/random.h"

namespace nn {

struct Storage {
  std::vector<float> data;
};

// Largest element count one tensor may hold: keeps every byte offset within 32-bit wasm memory
// and turns absurd sizes into an Error rather than a failed allocation.
constexpr int64_t kMaxTensorElements = int64_t(1) << 29;

// Product of sizes, checking each size is >= 0 and the product stays within the element limit.
int64_t checkedNumel(const Shape& sizes);

// The element limit checkedNumel enforces: kMaxTensorElements unless lowered, as the fuzzers do to
// keep memory small. Returns the previous limit; the limit is clamped to 1..kMaxTensorElements.
int64_t setTensorElementLimit(int64_t limit);
int64_t tensorElementLimit();

class Tensor {
 public:
  Tensor() = default;                      // empty: dim() == 0, numel() == 0
  explicit Tensor(const Shape& sizes);     // zeros

  static Tensor zeros(const Shape& sizes) { return Tensor(sizes); }
  static Tensor ones(const Shape& sizes) { return full(sizes, 1.0f); }
  static Tensor full(const Shape& sizes, float value);
  static Tensor rand(const Shape& sizes, Generator& gen = globalGenerator());   // U[0,1)
  static Tensor randn(const Shape& sizes, Generator& gen = globalGenerator());  // N(0,1)
  static Tensor uniform(const Shape& sizes, float low, float high, Generator& gen = globalGenerator());
  static Tensor fromData(const std::vector<float>& data, const Shape& sizes);
  // Convenience for tests and examples: a 1-D or 2-D tensor from nested lists.
  static Tensor vector(std::initializer_list<float> values);
  static Tensor matrix(std::initializer_list<std::initializer_list<float>> rows);

  int dim() const { return static_cast<int>(sizes_.size()); }
  const Shape& sizes() const { return sizes_; }
  const Shape& strides() const { return strides_; }
  // 1-based, negative from the end. Inline for the positive case: every module call asks.
  int64_t size(int dim) const {
    return dim >= 1 && dim <= this->dim() ? sizes_[dim - 1] : sizes_[normalizeDim(dim, "size")];
  }
  int64_t stride(int dim) const;
  int64_t numel() const;
  bool defined() const { return storage_ != nullptr; }
  bool isContiguous() const;
  bool sameShape(const Tensor& other) const { return sizes_ == other.sizes_; }
  bool sameStorage(const Tensor& other) const { return storage_ && storage_ == other.storage_; }
  // Same storage, offset, sizes and strides: the very same tensor seen through another handle.
  bool isSameTensor(const Tensor& other) const;
  std::string shapeString() const { return nn::shapeString(sizes_); }

  // Pointer to the first element. Dense loops over data() require isContiguous().
  float* data();
  const float* data() const;
  int64_t storageOffset() const { return offset_; }
  const std::shared_ptr<Storage>& storage() const { return storage_; }

  // Element access by 0-based multi-index (tests, printing); follows strides.
  float at(const Shape& index0) const;
  float& at(const Shape& index0);
  float item() const;                      // the single element of a one-element tensor

  // Torch's resize: keeps the storage (growing it if too small) and makes the tensor contiguous
  // with the new sizes, so modules that resize their buffers every call allocate only once.
  // Other handles on the same storage see the new contents, as in Torch.
  Tensor& resize(const Shape& sizes);
  Tensor& resizeAs(const Tensor& other) { return resize(other.sizes_); }
  Tensor& fill(float value);
  Tensor& zero() { return fill(0.0f); }
  Tensor& copy(const Tensor& source);      // same number of elements, any strides
  Tensor& add(const Tensor& other, float alpha = 1.0f);  // this += alpha * other (same shape)
  Tensor& mul(float factor);
  Tensor clone() const;                    // deep, contiguous copy
  Tensor contiguous() const;               // *this if already contiguous, else a dense copy
  void set(const Tensor& other);           // alias other (Torch's t:set(other))
  std::vector<float> toVector() const;     // row-major copy of the elements

  // Views (share storage), Torch semantics and 1-based arguments.
  Tensor narrow(int dim, int64_t index, int64_t length) const;
  Tensor select(int dim, int64_t index) const;     // removes dim
  Tensor transpose(int dim1, int dim2) const;
  Tensor t() const { return transpose(1, 2); }
  Tensor view(const Shape& sizes) const;           // one size may be -1; needs contiguity
  Tensor reshape(const Shape& sizes) const;        // view if contiguous, else copy
  Tensor unsqueeze(int dim) const;                 // new size-1 dim at position dim
  Tensor squeeze() const;                          // drops every size-1 dim
  Tensor squeeze(int dim) const;

  double sum() const;
  float maxAbs() const;

  // ---- Torch's tensor methods (core/tensor_methods.cpp) ----
  // In-place methods change this tensor (a view writes through to its source) and return it, so
  // calls chain as in Torch; the others return a new tensor or a view. Errors name the method,
  // the sizes and the offending argument.
  Tensor& addScalar(float value);                        // t:add(v)
  Tensor& div(float divisor);
  Tensor& cmul(const Tensor& other);                     // elementwise, same number of elements
  Tensor& cdiv(const Tensor& other);
  // this = beta * m + alpha * (a x b); a is n x k, b is k x p, m (and this) n x p.
  Tensor& addmm(float beta, const Tensor& m, float alpha, const Tensor& a, const Tensor& b);
  Tensor& abs();
  Tensor& exp();
  Tensor& log();
  Tensor& tanh();
  Tensor& sigmoid();
  Tensor& sqrt();
  Tensor& pow(float exponent);
  Tensor& fillUniform(float low, float high, Generator& gen = globalGenerator());  // t:uniform(a, b)
  Tensor& fillNormal(float mean, float stdv, Generator& gen = globalGenerator());  // t:normal(m, s)
  Tensor& truncate();                                    // t:long(): integral values, float storage
  // t:sub(d1s, d1e, d2s, d2e, ...): a view; each pair is a 1-based inclusive range, negative
  // bounds counting from the end (-1 is the last), one pair per leading dimension.
  Tensor sub(const Shape& bounds) const;
  // t:index(dim, idx): a new tensor of the slices at the 1-based positions in the 1-D tensor idx.
  Tensor index(int dim, const Tensor& indices) const;
  // t:indexCopy(dim, idx, src): slice idx[k] of this along dim = slice k of src.
  Tensor& indexCopy(int dim, const Tensor& indices, const Tensor& source);
  Tensor sum(int dim) const;                             // keeps dim, with size 1 (Torch 7)
  Tensor mean(int dim) const;
  double mean() const;
  // t:max(dim) / t:min(dim): values and 1-based positions, both keeping dim with size 1.
  std::pair<Tensor, Tensor> max(int dim) const;
  std::pair<Tensor, Tensor> min(int dim) const;
  float max() const;                                     // over every element; error when empty
  float min() const;

  static Tensor eye(int64_t rows, int64_t cols);
  static Tensor mm(const Tensor& a, const Tensor& b);
  // Along dim (1-based); every tensor has the same sizes except along dim.
  static Tensor cat(const std::vector<Tensor>& tensors, int dim);
  static Tensor range(double from, double to, double step);      // inclusive, as Torch's
  static Tensor linspace(double from, double to, int64_t count);

  // ---- Storages (core/tensor_storage.cpp): torch.FloatStorage and torch.Tensor(storage, ...) ----
  // A storage as the API sees it is a window of one engine Storage: a 1-D contiguous tensor over
  // elements [storageOffset(), storageOffset() + numel()). t:storage() is the window over all of
  // t's storage; torch.FloatStorage(s, offset, size) a window inside another.
  Tensor wholeStorage() const;
  int64_t storageSize() const { return storage_ ? static_cast<int64_t>(storage_->data.size()) : 0; }
  // torch.Tensor(storage, offset, sizes, strides) with this tensor as the storage window: a view
  // (shared, not copied) whose first element is the window's element `offset` (0-based here).
  // No strides, or a negative one, means contiguous (as Torch). An element outside the window
  // is an Error naming the sizes (Torch would grow the storage instead).
  Tensor viewOfStorage(int64_t offset, const Shape& sizes, const Shape& strides) const;

  // Torch-style printing: the values, then "[torch.FloatTensor of size 2x3]".
  std::string toString() const;

  // Turns a 1-based (or negative) dim into a 0-based one, or fails naming `what`.
  int normalizeDim(int dim, const char* what, int extra = 0) const;  // char*: size() runs in every module call

 private:
  std::shared_ptr<Storage> storage_;
  int64_t offset_ = 0;
  Shape sizes_;
  Shape strides_;
};

// Row-major strides for sizes.
Shape contiguousStrides(const Shape& sizes);

// Largest |a - b| over the elements (shapes must match); handy in tests.
float maxAbsDiff(const Tensor& a, const Tensor& b);

}  // namespace nn
