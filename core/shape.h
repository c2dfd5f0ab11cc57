// Shape: a tensor's sizes (or strides, or a multi-index) — at most kMaxDims integers held inline.
//
// Every Tensor handle carries two Shapes, and handles are copied in every module call (views,
// contiguous(), Values passed between nodes). Held in std::vector they cost two heap allocations
// per copy, a quarter of a small graph's instructions; inline they are a plain copy of a few
// words. The interface is the part of std::vector the engine uses, so Shape{3, 5}, push_back,
// insert/erase and range-for read as before. Growing past kMaxDims is an nn::Error.
#pragma once
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <type_traits>
#include <vector>

namespace nn {

// Torch 7 itself has no fixed limit, but no nn module needs more than 5 dimensions (volumetric
// batches); 8 leaves room and keeps a Shape at 72 bytes.
constexpr int kMaxDims = 8;

// Throws nn::Error ("a tensor has at most 8 dimensions, ...") — defined in tensor.cpp so this
// header stays light.
[[noreturn]] void failTooManyDims(size_t wanted);

class Shape {
 public:
  using value_type = int64_t;
  using size_type = size_t;
  using iterator = int64_t*;
  using const_iterator = const int64_t*;
  using reference = int64_t&;
  using const_reference = const int64_t&;

  Shape() = default;
  Shape(std::initializer_list<int64_t> values) { assign(values.begin(), values.end()); }
  explicit Shape(size_t count, int64_t value = 0) { resize(count, value); }
  template <class It, class = std::enable_if_t<!std::is_integral_v<It>>>
  Shape(It first, It last) {
    assign(first, last);
  }
  Shape(const std::vector<int64_t>& values) { assign(values.begin(), values.end()); }  // NOLINT: implicit

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  static constexpr size_t capacity() { return kMaxDims; }
  int64_t* data() { return values_; }
  const int64_t* data() const { return values_; }
  iterator begin() { return values_; }
  iterator end() { return values_ + size_; }
  const_iterator begin() const { return values_; }
  const_iterator end() const { return values_ + size_; }
  int64_t& operator[](size_t i) { return values_[i]; }
  int64_t operator[](size_t i) const { return values_[i]; }
  int64_t& front() { return values_[0]; }
  int64_t front() const { return values_[0]; }
  int64_t& back() { return values_[size_ - 1]; }
  int64_t back() const { return values_[size_ - 1]; }

  void clear() { size_ = 0; }
  void push_back(int64_t value) {
    if (size_ == kMaxDims) failTooManyDims(size_ + 1);
    values_[size_++] = value;
  }
  void pop_back() { --size_; }
  void resize(size_t count, int64_t value = 0) {
    if (count > kMaxDims) failTooManyDims(count);
    for (size_t i = size_; i < count; ++i) values_[i] = value;
    size_ = static_cast<uint32_t>(count);
  }
  template <class It>
  void assign(It first, It last) {
    size_ = 0;
    for (; first != last; ++first) push_back(static_cast<int64_t>(*first));
  }
  iterator insert(const_iterator pos, int64_t value) {
    const size_t at = static_cast<size_t>(pos - values_);
    if (size_ == kMaxDims) failTooManyDims(size_ + 1);
    for (size_t i = size_; i > at; --i) values_[i] = values_[i - 1];
    values_[at] = value;
    ++size_;
    return values_ + at;
  }
  template <class It, class = std::enable_if_t<!std::is_integral_v<It>>>
  iterator insert(const_iterator pos, It first, It last) {
    size_t at = static_cast<size_t>(pos - values_);
    const size_t start = at;
    for (; first != last; ++first) insert(values_ + at++, static_cast<int64_t>(*first));
    return values_ + start;
  }
  iterator erase(const_iterator pos) { return erase(pos, pos + 1); }
  iterator erase(const_iterator first, const_iterator last) {
    const size_t from = static_cast<size_t>(first - values_), to = static_cast<size_t>(last - values_);
    for (size_t i = to; i < size_; ++i) values_[from + i - to] = values_[i];
    size_ -= static_cast<uint32_t>(to - from);
    return values_ + from;
  }
  std::vector<int64_t> toVector() const { return std::vector<int64_t>(begin(), end()); }

  friend bool operator==(const Shape& a, const Shape& b) {
    if (a.size_ != b.size_) return false;
    for (size_t i = 0; i < a.size_; ++i)
      if (a.values_[i] != b.values_[i]) return false;
    return true;
  }
  friend bool operator!=(const Shape& a, const Shape& b) { return !(a == b); }

 private:
  int64_t values_[kMaxDims] = {};
  uint32_t size_ = 0;
};

// "3x5" as Torch prints sizes; "scalar-free empty" tensors print as "empty".
std::string shapeString(const Shape& sizes);

}  // namespace nn
