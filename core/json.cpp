#include "core/json.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <set>

#include "core/error.h"

namespace nn::json {

Value Value::boolean(bool b) {
  Value v;
  v.type_ = Type::Bool;
  v.bool_ = b;
  return v;
}

Value Value::number(double x) {
  Value v;
  v.type_ = Type::Number;
  v.number_ = x;
  return v;
}

Value Value::string(std::string s) {
  Value v;
  v.type_ = Type::String;
  v.string_ = std::move(s);
  return v;
}

Value Value::array(std::vector<Value> items) {
  Value v;
  v.type_ = Type::Array;
  v.items_ = std::move(items);
  return v;
}

Value Value::object() {
  Value v;
  v.type_ = Type::Object;
  return v;
}

std::string Value::typeName() const {
  switch (type_) {
    case Type::Null: return "null";
    case Type::Bool: return "a boolean";
    case Type::Number: return "a number";
    case Type::String: return "a string";
    case Type::Array: return "an array";
    case Type::Object: return "an object";
  }
  return "?";
}

const Value* Value::find(const std::string& key) const {
  for (const auto& [name, value] : members_)
    if (name == key) return &value;
  return nullptr;
}

Value& Value::set(const std::string& key, Value value) {
  members_.emplace_back(key, std::move(value));
  return members_.back().second;
}

Value& Value::push(Value value) {
  items_.push_back(std::move(value));
  return items_.back();
}

// ---------------------------------------------------------------------------------------------
// Reading

namespace {

class Parser {
 public:
  Parser(const std::string& text, const Limits& limits) : text_(text), limits_(limits) {}

  Value document() {
    if (text_.size() > limits_.maxBytes)
      nn::fail("the text is ", text_.size(), " bytes, more than the ", limits_.maxBytes, " bytes allowed");
    skipSpace();
    if (atEnd()) nn::fail("the text is empty or only white space, expected a JSON value");
    Value v = value(0);
    skipSpace();
    if (!atEnd()) error("unexpected text after the JSON value");
    return v;
  }

 private:
  bool atEnd() const { return pos_ >= text_.size(); }
  char peek() const { return atEnd() ? '\0' : text_[pos_]; }

  [[noreturn]] void error(const std::string& what) const {
    size_t line = 1, column = 1;
    for (size_t i = 0; i < pos_ && i < text_.size(); ++i) {
      if (text_[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    if (atEnd()) nn::fail(what, " at the end of the text (line ", line, ", column ", column,
                          "): the text is truncated or incomplete");
    nn::fail(what, " at line ", line, ", column ", column);
  }

  void skipSpace() {
    while (!atEnd() && (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' || text_[pos_] == '\r'))
      ++pos_;
  }

  void expectWord(const char* word) {
    for (const char* p = word; *p; ++p) {
      if (peek() != *p) error(cat("invalid literal, expected '", word, "'"));
      ++pos_;
    }
  }

  Value value(int depth) {
    if (depth >= limits_.maxDepth) error(cat("nesting deeper than ", limits_.maxDepth, " levels"));
    switch (peek()) {
      case '{': return object(depth);
      case '[': return array(depth);
      case '"': return Value::string(string());
      case 't': expectWord("true"); return Value::boolean(true);
      case 'f': expectWord("false"); return Value::boolean(false);
      case 'n': expectWord("null"); return Value::null();
      default:
        if (peek() == '-' || (peek() >= '0' && peek() <= '9')) return Value::number(number());
        if (atEnd()) error("expected a JSON value");
        error(cat("unexpected character '", printable(peek()), "', expected a JSON value"));
    }
  }

  static std::string printable(char c) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7f) return std::string(1, c);
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "\\x%02x", u);
    return buffer;
  }

  Value object(int depth) {
    ++pos_;  // {
    Value out = Value::object();
    std::set<std::string> keys;  // find() is linear: a hostile object may have many members
    skipSpace();
    if (peek() == '}') {
      ++pos_;
      return out;
    }
    for (;;) {
      skipSpace();
      if (peek() != '"') error("expected a member name in double quotes");
      const size_t keyPos = pos_;
      std::string key = string();
      if (!keys.insert(key).second) {
        pos_ = keyPos;
        error(cat("duplicate member name \"", key, "\""));
      }
      skipSpace();
      if (peek() != ':') error("expected ':' after a member name");
      ++pos_;
      skipSpace();
      out.set(key, value(depth + 1));
      skipSpace();
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      if (peek() == '}') {
        ++pos_;
        return out;
      }
      error("expected ',' or '}' in an object");
    }
  }

  Value array(int depth) {
    ++pos_;  // [
    Value out = Value::array();
    skipSpace();
    if (peek() == ']') {
      ++pos_;
      return out;
    }
    for (;;) {
      skipSpace();
      out.push(value(depth + 1));
      skipSpace();
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      if (peek() == ']') {
        ++pos_;
        return out;
      }
      error("expected ',' or ']' in an array");
    }
  }

  unsigned hex4() {
    unsigned code = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = peek();
      unsigned digit;
      if (c >= '0' && c <= '9') digit = static_cast<unsigned>(c - '0');
      else if (c >= 'a' && c <= 'f') digit = static_cast<unsigned>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') digit = static_cast<unsigned>(c - 'A' + 10);
      else error("expected 4 hex digits after \\u");
      code = code * 16 + digit;
      ++pos_;
    }
    return code;
  }

  static void appendUtf8(std::string& out, unsigned code) {
    if (code < 0x80) {
      out += static_cast<char>(code);
    } else if (code < 0x800) {
      out += static_cast<char>(0xc0 | (code >> 6));
      out += static_cast<char>(0x80 | (code & 0x3f));
    } else if (code < 0x10000) {
      out += static_cast<char>(0xe0 | (code >> 12));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (code & 0x3f));
    } else {
      out += static_cast<char>(0xf0 | (code >> 18));
      out += static_cast<char>(0x80 | ((code >> 12) & 0x3f));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (code & 0x3f));
    }
  }

  std::string string() {
    ++pos_;  // "
    std::string out;
    for (;;) {
      if (atEnd()) error("unterminated string");
      const char c = text_[pos_];
      if (c == '"') {
        ++pos_;
        return out;
      }
      if (static_cast<unsigned char>(c) < 0x20) error("control character inside a string (escape it)");
      if (c != '\\') {
        out += c;
        ++pos_;
        continue;
      }
      ++pos_;
      const char e = peek();
      ++pos_;
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          unsigned code = hex4();
          if (code >= 0xdc00 && code <= 0xdfff) error("unpaired low surrogate in \\u escape");
          if (code >= 0xd800 && code <= 0xdbff) {
            if (peek() != '\\') error("unpaired high surrogate in \\u escape");
            ++pos_;
            if (peek() != 'u') error("unpaired high surrogate in \\u escape");
            ++pos_;
            const unsigned low = hex4();
            if (low < 0xdc00 || low > 0xdfff) error("unpaired high surrogate in \\u escape");
            code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
          }
          appendUtf8(out, code);
          break;
        }
        default:
          --pos_;
          error("invalid escape in a string");
      }
    }
  }

  double number() {
    const size_t start = pos_;
    auto digits = [&] {
      const size_t from = pos_;
      while (peek() >= '0' && peek() <= '9') ++pos_;
      return pos_ - from;
    };
    if (peek() == '-') ++pos_;
    if (peek() == '0') {
      ++pos_;
      if (peek() >= '0' && peek() <= '9') error("a number cannot have leading zeros");
    } else if (digits() == 0) {
      error("expected digits in a number");
    }
    if (peek() == '.') {
      ++pos_;
      if (digits() == 0) error("expected digits after the decimal point");
    }
    if (peek() == 'e' || peek() == 'E') {
      ++pos_;
      if (peek() == '+' || peek() == '-') ++pos_;
      if (digits() == 0) error("expected digits in the exponent");
    }
    const std::string literal = text_.substr(start, pos_ - start);
    const double v = std::strtod(literal.c_str(), nullptr);
    if (!std::isfinite(v)) {
      pos_ = start;
      error(cat("number ", literal, " is out of range"));
    }
    return v;
  }

  const std::string& text_;
  const Limits& limits_;
  size_t pos_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Writing

void writeString(std::string& out, const std::string& s) {
  out += '"';
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (u < 0x20) {
          char buffer[8];
          std::snprintf(buffer, sizeof buffer, "\\u%04x", u);
          out += buffer;
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

void writeNumber(std::string& out, double v) {
  if (!std::isfinite(v)) nn::fail("JSON cannot represent the number ", v);
  char buffer[32];
  if (std::floor(v) == v && std::fabs(v) < 1e15) {
    std::snprintf(buffer, sizeof buffer, "%.0f", v);
    if (v == 0 && std::signbit(v)) std::snprintf(buffer, sizeof buffer, "-0.0");
  } else {
    std::snprintf(buffer, sizeof buffer, "%.17g", v);
  }
  out += buffer;
}

void writeValue(std::string& out, const Value& v) {
  switch (v.type()) {
    case Value::Type::Null: out += "null"; break;
    case Value::Type::Bool: out += v.asBool() ? "true" : "false"; break;
    case Value::Type::Number: writeNumber(out, v.asNumber()); break;
    case Value::Type::String: writeString(out, v.asString()); break;
    case Value::Type::Array: {
      out += '[';
      bool first = true;
      for (const Value& item : v.items()) {
        if (!first) out += ',';
        first = false;
        writeValue(out, item);
      }
      out += ']';
      break;
    }
    case Value::Type::Object: {
      out += '{';
      bool first = true;
      for (const auto& [key, item] : v.members()) {
        if (!first) out += ',';
        first = false;
        writeString(out, key);
        out += ':';
        writeValue(out, item);
      }
      out += '}';
      break;
    }
  }
}

}  // namespace

Value parse(const std::string& text, const Limits& limits) {
  return Parser(text, limits).document();
}

std::string write(const Value& value) {
  std::string out;
  writeValue(out, value);
  return out;
}

}  // namespace nn::json
