#include "core/tensor.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <new>
#include <stdexcept>

#include "core/kernels.h"

namespace nn {

void failTooManyDims(size_t wanted) {
  fail("a tensor has at most ", kMaxDims, " dimensions; ", wanted, " were asked for");
}

std::string shapeString(const Shape& sizes) {
  if (sizes.empty()) return "empty";
  std::string out;
  for (size_t i = 0; i < sizes.size(); ++i) {
    if (i) out += "x";
    out += std::to_string(sizes[i]);
  }
  return out;
}

static int64_t elementLimit = kMaxTensorElements;

int64_t setTensorElementLimit(int64_t limit) {
  const int64_t previous = elementLimit;
  elementLimit = std::min(std::max<int64_t>(limit, 1), kMaxTensorElements);
  return previous;
}

int64_t tensorElementLimit() { return elementLimit; }

int64_t checkedNumel(const Shape& sizes) {
  int64_t count = 1;
  for (int64_t size : sizes)
    if (size < 0) fail("a tensor size cannot be negative, got ", shapeString(sizes));
  // Divide before multiplying so the product never overflows int64.
  for (int64_t size : sizes) {
    if (size != 0 && count > elementLimit / size)
      fail("a tensor of size ", shapeString(sizes), " is too large (at most ", elementLimit, " elements)");
    count *= size;
  }
  return sizes.empty() ? 0 : count;
}

Shape contiguousStrides(const Shape& sizes) {
  Shape strides(sizes.size());
  int64_t stride = 1;
  for (size_t i = sizes.size(); i-- > 0;) {
    strides[i] = stride;
    stride *= sizes[i] > 0 ? sizes[i] : 1;
  }
  return strides;
}

// A failed allocation is an Error naming the size, never an abort (wasm memory is finite).
static std::shared_ptr<Storage> allocate(int64_t count) {
  try {
    auto storage = std::make_shared<Storage>();
    storage->data.assign(static_cast<size_t>(count), 0.0f);
    return storage;
  } catch (const std::bad_alloc&) {
    fail("out of memory allocating a tensor of ", count, " floats (", count * 4, " bytes)");
  } catch (const std::length_error&) {
    fail("out of memory allocating a tensor of ", count, " floats (", count * 4, " bytes)");
  }
}

Tensor::Tensor(const Shape& sizes) { resize(sizes); }

Tensor Tensor::full(const Shape& sizes, float value) {
  Tensor t(sizes);
  t.fill(value);
  return t;
}

Tensor Tensor::rand(const Shape& sizes, Generator& gen) { return uniform(sizes, 0.0f, 1.0f, gen); }

Tensor Tensor::uniform(const Shape& sizes, float low, float high, Generator& gen) {
  Tensor t(sizes);
  float* p = t.data();
  for (int64_t i = 0, n = t.numel(); i < n; ++i) p[i] = static_cast<float>(gen.uniform(low, high));
  return t;
}

Tensor Tensor::randn(const Shape& sizes, Generator& gen) {
  Tensor t(sizes);
  float* p = t.data();
  for (int64_t i = 0, n = t.numel(); i < n; ++i) p[i] = static_cast<float>(gen.normal());
  return t;
}

Tensor Tensor::fromData(const std::vector<float>& data, const Shape& sizes) {
  const int64_t count = checkedNumel(sizes);
  if (count != static_cast<int64_t>(data.size()))
    fail("torch.tensor: ", data.size(), " values do not fill a tensor of size ", nn::shapeString(sizes), " (", count, " elements)");
  Tensor t(sizes);
  std::copy(data.begin(), data.end(), t.data());
  return t;
}

Tensor Tensor::vector(std::initializer_list<float> values) {
  return fromData(std::vector<float>(values), {static_cast<int64_t>(values.size())});
}

Tensor Tensor::matrix(std::initializer_list<std::initializer_list<float>> rows) {
  std::vector<float> data;
  int64_t cols = rows.size() ? static_cast<int64_t>(rows.begin()->size()) : 0;
  for (const auto& row : rows) {
    if (static_cast<int64_t>(row.size()) != cols) fail("matrix rows have different lengths");
    data.insert(data.end(), row.begin(), row.end());
  }
  return fromData(data, {static_cast<int64_t>(rows.size()), cols});
}

int Tensor::normalizeDim(int dim, const char* what, int extra) const {
  const int n = this->dim() + extra;
  const int zeroBased = dim < 0 ? n + dim : dim - 1;
  if (zeroBased < 0 || zeroBased >= n)
    fail(what, ": dimension ", dim, " is out of range for a ", this->dim(), "-D tensor of size ",
         nn::shapeString(sizes_), " (valid: 1..", n, " or -", n, "..-1)");
  return zeroBased;
}

int64_t Tensor::stride(int dim) const { return strides_[normalizeDim(dim, "stride")]; }

int64_t Tensor::numel() const {
  if (sizes_.empty()) return 0;
  int64_t n = 1;
  for (int64_t s : sizes_) n *= s;
  return n;
}

// Without building the contiguous strides (no allocation: this runs in every module call).
bool Tensor::isContiguous() const {
  int64_t stride = 1;
  for (size_t i = sizes_.size(); i-- > 0;) {
    if (strides_[i] != stride) return false;
    stride *= sizes_[i] > 0 ? sizes_[i] : 1;
  }
  return true;
}

bool Tensor::isSameTensor(const Tensor& other) const {
  return storage_ == other.storage_ && offset_ == other.offset_ && sizes_ == other.sizes_ &&
         strides_ == other.strides_;
}

float* Tensor::data() { return storage_ ? storage_->data.data() + offset_ : nullptr; }
const float* Tensor::data() const { return storage_ ? storage_->data.data() + offset_ : nullptr; }

float Tensor::at(const Shape& index0) const { return const_cast<Tensor*>(this)->at(index0); }

float& Tensor::at(const Shape& index0) {
  if (index0.size() != sizes_.size())
    fail("index with ", index0.size(), " coordinates into a ", dim(), "-D tensor");
  int64_t offset = offset_;
  for (size_t d = 0; d < index0.size(); ++d) {
    if (index0[d] < 0 || index0[d] >= sizes_[d])
      fail("index ", index0[d] + 1, " out of range for dimension ", d + 1, " of size ", sizes_[d]);
    offset += index0[d] * strides_[d];
  }
  return storage_->data[static_cast<size_t>(offset)];
}

float Tensor::item() const {
  if (numel() != 1) fail("item() needs a one-element tensor, got size ", nn::shapeString(sizes_));
  return contiguous().data()[0];
}

Tensor& Tensor::resize(const Shape& sizes) {
  const int64_t count = checkedNumel(sizes);
  if (!storage_) {
    storage_ = allocate(count);
    offset_ = 0;
  } else if (offset_ + count > static_cast<int64_t>(storage_->data.size())) {
    try {
      storage_->data.resize(static_cast<size_t>(offset_ + count), 0.0f);
    } catch (const std::bad_alloc&) {
      fail("out of memory resizing a tensor to ", nn::shapeString(sizes), " (", count * 4, " bytes)");
    } catch (const std::length_error&) {
      fail("out of memory resizing a tensor to ", nn::shapeString(sizes), " (", count * 4, " bytes)");
    }
  }
  sizes_ = sizes;
  // in place: a steady-state resize to the same rank allocates nothing
  strides_.resize(sizes_.size());
  int64_t stride = 1;
  for (size_t i = sizes_.size(); i-- > 0;) {
    strides_[i] = stride;
    stride *= sizes_[i] > 0 ? sizes_[i] : 1;
  }
  return *this;
}

// Calls visit(pointer) for every element of t in row-major order, following strides.
template <class T, class Visit>
static void forEachElement(T& t, Visit visit) {
  const int64_t n = t.numel();
  if (n == 0) return;
  auto* base = t.data();
  if (t.isContiguous()) {
    for (int64_t i = 0; i < n; ++i) visit(base + i);
    return;
  }
  const int d = t.dim();
  Shape index(d, 0);
  for (int64_t i = 0; i < n; ++i) {
    int64_t offset = 0;
    for (int k = 0; k < d; ++k) offset += index[k] * t.strides()[k];
    visit(base + offset);
    for (int k = d - 1; k >= 0; --k) {
      if (++index[k] < t.sizes()[k]) break;
      index[k] = 0;
    }
  }
}

Tensor& Tensor::fill(float value) {
  if (isContiguous()) {
    kernels::fill(numel(), value, data());
  } else {
    forEachElement(*this, [value](float* p) { *p = value; });
  }
  return *this;
}

Tensor& Tensor::copy(const Tensor& source) {
  if (source.numel() != numel())
    fail("copy: source has ", source.numel(), " elements (size ", source.shapeString(),
         ") but destination has ", numel(), " (size ", shapeString(), ")");
  if (isContiguous() && source.isContiguous()) {
    if (data() != source.data()) kernels::copy(numel(), source.data(), data());
    return *this;
  }
  std::vector<float> values = source.toVector();
  size_t i = 0;
  forEachElement(*this, [&](float* p) { *p = values[i++]; });
  return *this;
}

Tensor& Tensor::add(const Tensor& other, float alpha) {
  if (!sameShape(other))
    fail("add: sizes differ, ", shapeString(), " and ", other.shapeString());
  if (isContiguous() && other.isContiguous()) {
    kernels::axpy(numel(), alpha, other.data(), data());
  } else {
    std::vector<float> values = other.toVector();
    size_t i = 0;
    forEachElement(*this, [&](float* p) { *p += alpha * values[i++]; });
  }
  return *this;
}

Tensor& Tensor::mul(float factor) {
  if (isContiguous()) {
    kernels::scale(numel(), factor, data());
  } else {
    forEachElement(*this, [factor](float* p) { *p *= factor; });
  }
  return *this;
}

std::vector<float> Tensor::toVector() const {
  std::vector<float> values;
  values.reserve(static_cast<size_t>(numel()));
  forEachElement(*this, [&](const float* p) { values.push_back(*p); });
  return values;
}

Tensor Tensor::clone() const {
  Tensor out;
  if (!storage_) return out;
  out.resize(sizes_);
  out.copy(*this);
  return out;
}

Tensor Tensor::contiguous() const { return isContiguous() ? *this : clone(); }

void Tensor::set(const Tensor& other) { *this = other; }

Tensor Tensor::narrow(int dim, int64_t index, int64_t length) const {
  const int d = normalizeDim(dim, "narrow");
  if (index < 1 || length < 0 || index - 1 + length > sizes_[d])
    fail("narrow(", dim, ", ", index, ", ", length, ") is out of range for dimension ", dim,
         " of size ", sizes_[d], " (tensor size ", nn::shapeString(sizes_), ")");
  Tensor view = *this;
  view.offset_ += (index - 1) * strides_[d];
  view.sizes_[d] = length;
  return view;
}

Tensor Tensor::select(int dim, int64_t index) const {
  // As Torch's "cannot select on a vector": the result would have no dimension (no elements here).
  if (this->dim() == 1)
    fail("select(", dim, ", ", index, "): cannot select on a 1-D tensor (size ", nn::shapeString(sizes_),
         "); narrow(1, index, 1) keeps a 1-element tensor");
  const int d = normalizeDim(dim, "select");
  const int64_t zeroBased = index < 0 ? sizes_[d] + index : index - 1;
  if (zeroBased < 0 || zeroBased >= sizes_[d])
    fail("select(", dim, ", ", index, ") is out of range for dimension ", dim, " of size ",
         sizes_[d], " (tensor size ", nn::shapeString(sizes_), ")");
  Tensor view = *this;
  view.offset_ += zeroBased * strides_[d];
  view.sizes_.erase(view.sizes_.begin() + d);
  view.strides_.erase(view.strides_.begin() + d);
  return view;
}

Tensor Tensor::transpose(int dim1, int dim2) const {
  const int a = normalizeDim(dim1, "transpose"), b = normalizeDim(dim2, "transpose");
  Tensor view = *this;
  std::swap(view.sizes_[a], view.sizes_[b]);
  std::swap(view.strides_[a], view.strides_[b]);
  return view;
}

static Shape inferSizes(const Shape& requested, int64_t count, const Shape& from) {
  Shape sizes = requested;
  int inferred = -1;
  int64_t known = 1;
  for (size_t i = 0; i < sizes.size(); ++i) {
    if (sizes[i] == -1) {
      if (inferred >= 0) fail("view/reshape to ", nn::shapeString(requested), ": only one size may be -1");
      inferred = static_cast<int>(i);
    } else {
      if (sizes[i] < 0) fail("view/reshape to ", nn::shapeString(requested), ": negative size");
      if (sizes[i] != 0 && known > kMaxTensorElements / sizes[i])
        fail("cannot view a tensor of size ", nn::shapeString(from), " (", count, " elements) as ",
             nn::shapeString(requested), ": too many elements");
      known *= sizes[i];
    }
  }
  if (inferred >= 0) {
    if (known == 0 || count % known != 0)
      fail("cannot view a tensor of size ", nn::shapeString(from), " (", count, " elements) as ",
           nn::shapeString(requested));
    sizes[inferred] = count / known;
  }
  if (checkedNumel(sizes) != count)
    fail("cannot view a tensor of size ", nn::shapeString(from), " (", count, " elements) as ",
         nn::shapeString(sizes), " (", checkedNumel(sizes), " elements)");
  return sizes;
}

Tensor Tensor::view(const Shape& sizes) const {
  if (!isContiguous())
    fail("view of a non-contiguous tensor of size ", nn::shapeString(sizes_),
         ": call contiguous() first, or use reshape");
  Tensor v = *this;
  v.sizes_ = inferSizes(sizes, numel(), sizes_);
  v.strides_ = contiguousStrides(v.sizes_);
  return v;
}

Tensor Tensor::reshape(const Shape& sizes) const { return contiguous().view(sizes); }

Tensor Tensor::unsqueeze(int dim) const {
  const int d = normalizeDim(dim, "unsqueeze", 1);
  Tensor v = *this;
  const int64_t stride = d < this->dim() ? strides_[d] * sizes_[d] : 1;
  v.sizes_.insert(v.sizes_.begin() + d, 1);
  v.strides_.insert(v.strides_.begin() + d, stride);
  return v;
}

Tensor Tensor::squeeze() const {
  Tensor v = *this;
  v.sizes_.clear();
  v.strides_.clear();
  for (int d = 0; d < dim(); ++d) {
    if (sizes_[d] != 1) {
      v.sizes_.push_back(sizes_[d]);
      v.strides_.push_back(strides_[d]);
    }
  }
  if (v.sizes_.empty() && numel() == 1) {  // Torch keeps a 1-element tensor 1-D
    v.sizes_ = {1};
    v.strides_ = {1};
  }
  return v;
}

Tensor Tensor::squeeze(int dim) const {
  const int d = normalizeDim(dim, "squeeze");
  if (sizes_[d] != 1 || this->dim() == 1) return *this;
  Tensor v = *this;
  v.sizes_.erase(v.sizes_.begin() + d);
  v.strides_.erase(v.strides_.begin() + d);
  return v;
}

double Tensor::sum() const {
  double total = 0;
  forEachElement(*this, [&](const float* p) { total += *p; });
  return total;
}

float Tensor::maxAbs() const {
  float best = 0;
  forEachElement(*this, [&](const float* p) { best = std::max(best, std::fabs(*p)); });
  return best;
}

float maxAbsDiff(const Tensor& a, const Tensor& b) {
  if (!a.sameShape(b)) fail("maxAbsDiff: sizes differ, ", a.shapeString(), " and ", b.shapeString());
  const std::vector<float> x = a.toVector(), y = b.toVector();
  float best = 0;
  for (size_t i = 0; i < x.size(); ++i) best = std::max(best, std::fabs(x[i] - y[i]));
  return best;
}

static std::string formatNumber(float v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%10.4f", static_cast<double>(v));
  return buffer;
}

std::string Tensor::toString() const {
  if (!storage_ || sizes_.empty()) return "[torch.FloatTensor with no dimension]\n";
  std::string out;
  const std::vector<float> values = toVector();
  if (dim() == 1) {
    for (float v : values) out += formatNumber(v) + "\n";
  } else {
    // Print every 2-D slice of the trailing two dimensions, labelled like Torch: (i,j,.,.)
    const int64_t rows = sizes_[dim() - 2], cols = sizes_[dim() - 1];
    const int64_t slices = rows * cols == 0 ? 0 : numel() / (rows * cols);
    for (int64_t s = 0; s < slices; ++s) {
      if (dim() > 2) {
        out += "(";
        int64_t rest = s;
        Shape lead(dim() - 2);
        for (int d = dim() - 3; d >= 0; --d) {
          lead[d] = rest % sizes_[d];
          rest /= sizes_[d];
        }
        for (int d = 0; d < dim() - 2; ++d) out += std::to_string(lead[d] + 1) + ",";
        out += ".,.) = \n";
      }
      for (int64_t r = 0; r < rows; ++r) {
        for (int64_t c = 0; c < cols; ++c) out += formatNumber(values[(s * rows + r) * cols + c]);
        out += "\n";
      }
      if (dim() > 2) out += "\n";
    }
  }
  return out + "[torch.FloatTensor of size " + nn::shapeString(sizes_) + "]\n";
}

}  // namespace nn
