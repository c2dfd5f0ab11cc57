// Value: Torch's "activity" — what flows between modules. Either a Tensor or a table (an ordered
// list, Lua's {a, b}) of Values, nested to any depth; or nil before anything was computed.
#pragma once
#include <initializer_list>
#include <string>
#include <vector>

#include "core/tensor.h"

namespace nn {

class Value {
 public:
  enum class Kind { Nil, Tensor, Table };

  Value() = default;
  Value(Tensor tensor) : kind_(Kind::Tensor), tensor_(std::move(tensor)) {}  // NOLINT: implicit
  Value(std::vector<Value> entries) : kind_(Kind::Table), table_(std::move(entries)) {}  // NOLINT
  static Value table(std::initializer_list<Value> entries = {}) {
    return Value(std::vector<Value>(entries));
  }

  Kind kind() const { return kind_; }
  bool isNil() const { return kind_ == Kind::Nil; }
  bool isTensor() const { return kind_ == Kind::Tensor; }
  bool isTable() const { return kind_ == Kind::Table; }

  // Checked access: fails with a sentence when the Value is not of that kind.
  Tensor& tensor();
  const Tensor& tensor() const;
  std::vector<Value>& entries();
  const std::vector<Value>& entries() const;
  size_t size() const { return isTable() ? table_.size() : 0; }
  Value& operator[](size_t index0) { return entries().at(index0); }
  const Value& operator[](size_t index0) const { return entries().at(index0); }

  // "3x5" for a tensor, "{3x5, {2, 2x4}}" for a table, "nil": used in every error message.
  std::string describe() const;
  // Same kinds, same table sizes and same tensor sizes, recursively.
  bool sameStructure(const Value& other) const;

 private:
  Kind kind_ = Kind::Nil;
  Tensor tensor_;
  std::vector<Value> table_;
};

// dst takes src's structure and values, reusing dst's tensors' storage where it can.
void copyValue(Value& dst, const Value& src);
// dst += src elementwise through nested tables (structures must match).
void addValue(Value& dst, const Value& src);
// dst takes src's structure, all zeros.
void zeroLike(Value& dst, const Value& src);
// A deep copy with fresh storage (for keeping a snapshot).
Value cloneValue(const Value& v);
// All tensors of a value, depth-first.
void flattenTensors(const Value& v, std::vector<Tensor>& out);
// Largest |a - b| over corresponding tensors (structures must match).
float maxAbsDiff(const Value& a, const Value& b);

}  // namespace nn
