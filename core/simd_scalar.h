// A one-lane stand-in for the part of xsimd 8 that core/kernels.cpp uses, so that the kernels
// also build where xsimd has no architecture: wasm without -msimd128 (the benchmark's "what does
// SIMD buy" build) and, for testing, a native build with NNG_SCALAR_KERNELS. Only the functions
// kernels.cpp calls are here; each gives what the SSE / wasm SIMD128 lane computes, so the
// kernels keep their semantics with W == 1.
#pragma once
#include <cmath>
#include <cstddef>
#include <cstring>
#include <type_traits>

namespace nn::simd_scalar {

struct scalar {};  // the architecture tag (batch<T, Arch>::arch_type): no vector registers

template <class T>
struct batch_bool {
  bool value;
  friend batch_bool operator&(batch_bool a, batch_bool b) { return {a.value && b.value}; }
};

template <class T, class Arch = scalar>
struct batch {
  using arch_type = Arch;
  using batch_bool_type = batch_bool<T>;
  static constexpr std::size_t size = 1;

  T value{};

  batch() = default;
  batch(T v) : value(v) {}  // implicit, as xsimd's broadcast constructor

  static batch load_aligned(const T* p) { return *p; }
  static batch load_unaligned(const T* p) { return *p; }
  void store_aligned(T* p) const { *p = value; }
  void store_unaligned(T* p) const { *p = value; }

  friend batch operator+(batch a, batch b) { return a.value + b.value; }
  friend batch operator-(batch a, batch b) { return a.value - b.value; }
  friend batch operator*(batch a, batch b) { return a.value * b.value; }
  friend batch operator/(batch a, batch b) { return a.value / b.value; }
  friend batch operator-(batch a) { return -a.value; }
  batch& operator+=(batch b) { return *this = *this + b; }
  batch& operator*=(batch b) { return *this = *this * b; }

  // Ordered comparisons, false on NaN, as cmpps / f32x4.lt.
  friend batch_bool_type operator<(batch a, batch b) { return {a.value < b.value}; }
  friend batch_bool_type operator<=(batch a, batch b) { return {a.value <= b.value}; }
  friend batch_bool_type operator>(batch a, batch b) { return {a.value > b.value}; }
  friend batch_bool_type operator>=(batch a, batch b) { return {a.value >= b.value}; }
  friend batch_bool_type operator==(batch a, batch b) { return {a.value == b.value}; }

  // Integer lanes (expLanes builds 2^n in the exponent bits). >> is arithmetic, as psrad; <<
  // goes through unsigned so that it is defined for every bit pattern, as pslld.
  friend batch operator>>(batch a, int n) { return static_cast<T>(a.value >> n); }
  friend batch operator<<(batch a, int n) {
    using U = std::make_unsigned_t<T>;
    return static_cast<T>(static_cast<U>(a.value) << n);
  }
};

// The functions below take float lanes only: kernels.cpp calls them on nothing else.
inline batch<float> select(batch_bool<float> mask, batch<float> a, batch<float> b) {
  return mask.value ? a : b;
}

// a * b + c rounded twice, as wasm (which has no FMA) and SSE4.1 compute xsimd::fma: not std::fma,
// and two statements so that the compiler cannot contract them into one fused operation.
inline batch<float> fma(batch<float> a, batch<float> b, batch<float> c) {
  const float product = a.value * b.value;
  return product + c.value;
}

// As maxps: the second operand when the comparison is unordered (a NaN).
inline batch<float> max(batch<float> a, batch<float> b) { return a.value > b.value ? a : b; }

inline batch<float> abs(batch<float> a) { return std::fabs(a.value); }
inline batch<float> sqrt(batch<float> a) { return std::sqrt(a.value); }
inline batch<float> log(batch<float> a) { return std::log(a.value); }
inline batch<float> log1p(batch<float> a) { return std::log1p(a.value); }

// Reinterprets the bits of the lane (float <-> int32), as xsimd::bitwise_cast.
template <class To, class From>
To bitwise_cast(batch<From> from) {
  static_assert(sizeof(To::value) == sizeof(From), "lanes of equal width");
  To to;
  std::memcpy(&to.value, &from.value, sizeof(From));
  return to;
}

}  // namespace nn::simd_scalar
