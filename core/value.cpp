#include "core/value.h"

#include <algorithm>

namespace nn {

static const char* kindName(Value::Kind kind) {
  switch (kind) {
    case Value::Kind::Nil: return "nil";
    case Value::Kind::Tensor: return "a tensor";
    case Value::Kind::Table: return "a table";
  }
  return "?";
}

Tensor& Value::tensor() {
  if (kind_ != Kind::Tensor) fail("expected a tensor but got ", describe());
  return tensor_;
}
const Tensor& Value::tensor() const { return const_cast<Value*>(this)->tensor(); }

std::vector<Value>& Value::entries() {
  if (kind_ != Kind::Table) fail("expected a table but got ", describe());
  return table_;
}
const std::vector<Value>& Value::entries() const { return const_cast<Value*>(this)->entries(); }

std::string Value::describe() const {
  switch (kind_) {
    case Kind::Nil: return "nil";
    case Kind::Tensor: return "a tensor of size " + tensor_.shapeString();
    case Kind::Table: {
      std::string out = "a table of " + std::to_string(table_.size()) + " {";
      for (size_t i = 0; i < table_.size(); ++i) {
        if (i) out += ", ";
        const Value& e = table_[i];
        if (e.isTensor()) out += e.tensor_.shapeString();
        else if (e.isTable()) out += e.describe().substr(std::string("a ").size());
        else out += "nil";
      }
      return out + "}";
    }
  }
  return kindName(kind_);
}

bool Value::sameStructure(const Value& other) const {
  if (kind_ != other.kind_) return false;
  if (kind_ == Kind::Tensor) return tensor_.sameShape(other.tensor_);
  if (kind_ == Kind::Table) {
    if (table_.size() != other.table_.size()) return false;
    for (size_t i = 0; i < table_.size(); ++i)
      if (!table_[i].sameStructure(other.table_[i])) return false;
  }
  return true;
}

void copyValue(Value& dst, const Value& src) {
  if (src.isTensor()) {
    if (!dst.isTensor()) dst = Value(Tensor());
    Tensor& t = dst.tensor();
    if (t.sameStorage(src.tensor())) t = Tensor();  // never write into the source's storage
    t.resizeAs(src.tensor()).copy(src.tensor());
  } else if (src.isTable()) {
    if (!dst.isTable()) dst = Value::table();
    auto& d = dst.entries();
    d.resize(src.size());
    for (size_t i = 0; i < src.size(); ++i) copyValue(d[i], src[i]);
  } else {
    dst = Value();
  }
}

void addValue(Value& dst, const Value& src) {
  if (src.isNil()) return;
  if (dst.isNil()) {
    copyValue(dst, src);
    return;
  }
  if (dst.isTensor() && src.isTensor()) {
    if (!dst.tensor().sameShape(src.tensor()))
      fail("cannot add gradients of sizes ", dst.tensor().shapeString(), " and ",
           src.tensor().shapeString());
    dst.tensor().add(src.tensor());
    return;
  }
  if (dst.isTable() && src.isTable() && dst.size() == src.size()) {
    for (size_t i = 0; i < src.size(); ++i) addValue(dst[i], src[i]);
    return;
  }
  fail("cannot add gradients of different structures: ", dst.describe(), " and ", src.describe());
}

void zeroLike(Value& dst, const Value& src) {
  if (src.isTensor()) {
    if (!dst.isTensor()) dst = Value(Tensor());
    dst.tensor().resizeAs(src.tensor()).zero();
  } else if (src.isTable()) {
    if (!dst.isTable()) dst = Value::table();
    dst.entries().resize(src.size());
    for (size_t i = 0; i < src.size(); ++i) zeroLike(dst[i], src[i]);
  } else {
    dst = Value();
  }
}

Value cloneValue(const Value& v) {
  if (v.isTensor()) return Value(v.tensor().clone());
  if (v.isTable()) {
    std::vector<Value> entries;
    for (const Value& e : v.entries()) entries.push_back(cloneValue(e));
    return Value(std::move(entries));
  }
  return Value();
}

void flattenTensors(const Value& v, std::vector<Tensor>& out) {
  if (v.isTensor()) out.push_back(v.tensor());
  if (v.isTable())
    for (const Value& e : v.entries()) flattenTensors(e, out);
}

float maxAbsDiff(const Value& a, const Value& b) {
  if (!a.sameStructure(b))
    fail("maxAbsDiff: values differ in structure, ", a.describe(), " and ", b.describe());
  std::vector<Tensor> x, y;
  flattenTensors(a, x);
  flattenTensors(b, y);
  float best = 0;
  for (size_t i = 0; i < x.size(); ++i) best = std::max(best, maxAbsDiff(x[i], y[i]));
  return best;
}

}  // namespace nn
