// A small strict JSON reader and writer for saved graphs (core/serialize.h). Strict means RFC 8259
// and nothing more: no comments, trailing commas, NaN/Infinity, single quotes or duplicate keys;
// the whole text must be one value. Nesting depth and text size are limited so hostile input
// cannot exhaust the stack or memory. Errors are nn::Error sentences with line and column.
#pragma once
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace nn::json {

class Value {
 public:
  enum class Type { Null, Bool, Number, String, Array, Object };

  Value() = default;
  static Value null() { return Value(); }
  static Value boolean(bool b);
  static Value number(double v);
  static Value string(std::string s);
  static Value array(std::vector<Value> items = {});
  static Value object();

  Type type() const { return type_; }
  bool isNull() const { return type_ == Type::Null; }
  bool isBool() const { return type_ == Type::Bool; }
  bool isNumber() const { return type_ == Type::Number; }
  bool isString() const { return type_ == Type::String; }
  bool isArray() const { return type_ == Type::Array; }
  bool isObject() const { return type_ == Type::Object; }
  // "null", "a boolean", "a number", "a string", "an array", "an object": for error messages.
  std::string typeName() const;

  bool asBool() const { return bool_; }
  double asNumber() const { return number_; }
  const std::string& asString() const { return string_; }
  const std::vector<Value>& items() const { return items_; }
  std::vector<Value>& items() { return items_; }
  // Object members in the order they were written or added.
  const std::vector<std::pair<std::string, Value>>& members() const { return members_; }

  // Object access: nullptr when the key is absent.
  const Value* find(const std::string& key) const;
  // Appends a member (writer side); keys must be unique, the caller's duty.
  Value& set(const std::string& key, Value value);
  Value& push(Value value);

 private:
  Type type_ = Type::Null;
  bool bool_ = false;
  double number_ = 0;
  std::string string_;
  std::vector<Value> items_;
  std::vector<std::pair<std::string, Value>> members_;
};

struct Limits {
  size_t maxBytes = size_t(1) << 30;  // 1 GiB of text
  int maxDepth = 128;                 // nested arrays/objects
};

// Parses one JSON document; anything else (including trailing text) is an nn::Error saying what
// was wrong and where ("line 3, column 14").
Value parse(const std::string& text, const Limits& limits = {});

// Compact JSON. Numbers print with 17 significant digits (integers without exponent), so doubles
// read back bit-exact. Non-finite numbers cannot be written (JSON has none): an nn::Error.
std::string write(const Value& value);

}  // namespace nn::json
