#include "core/args.h"

#include <cmath>

namespace nn {

std::string Arg::describe() const {
  switch (kind) {
    case Kind::Nil: return "nil";
    case Kind::Number: return cat(number);
    case Kind::Bool: return flag ? "true" : "false";
    case Kind::Numbers: return cat("a list of ", numbers.size(), " numbers");
    case Kind::Tensor: return "a tensor of size " + tensor.shapeString();
    case Kind::String: return "'" + text + "'";
  }
  return "?";
}

void ArgReader::bad(const char* name, const char* expected) const {
  const Arg* arg = peek();
  fail(type_, ": argument ", next_ + 1, " (", name, ") must be ", expected, ", got ",
       arg ? arg->describe() : std::string("nothing"));
}

static bool isInteger(double v) { return std::isfinite(v) && std::floor(v) == v && std::fabs(v) < 9e15; }

int64_t ArgReader::integer(const char* name) {
  const Arg* arg = peek();
  if (!arg || arg->kind != Arg::Kind::Number || !isInteger(arg->number)) bad(name, "an integer");
  ++next_;
  return static_cast<int64_t>(arg->number);
}

int64_t ArgReader::optInteger(const char* name, int64_t fallback) {
  const Arg* arg = peek();
  if (!arg) return fallback;
  if (arg->kind == Arg::Kind::Nil) {
    ++next_;
    return fallback;
  }
  return integer(name);
}

double ArgReader::number(const char* name) {
  const Arg* arg = peek();
  if (!arg || arg->kind != Arg::Kind::Number || std::isnan(arg->number)) bad(name, "a number");
  ++next_;
  return arg->number;
}

double ArgReader::optNumber(const char* name, double fallback) {
  const Arg* arg = peek();
  if (!arg) return fallback;
  if (arg->kind == Arg::Kind::Nil) {
    ++next_;
    return fallback;
  }
  return number(name);
}

bool ArgReader::optBool(const char* name, bool fallback) {
  const Arg* arg = peek();
  if (!arg) return fallback;
  if (arg->kind == Arg::Kind::Nil) {
    ++next_;
    return fallback;
  }
  if (arg->kind != Arg::Kind::Bool) bad(name, "true or false");
  ++next_;
  return arg->flag;
}

Tensor ArgReader::optTensor(const char* name) {
  const Arg* arg = peek();
  if (!arg) return Tensor();
  if (arg->kind == Arg::Kind::Nil) {
    ++next_;
    return Tensor();
  }
  if (arg->kind != Arg::Kind::Tensor) bad(name, "a tensor");
  ++next_;
  return arg->tensor;
}

std::string ArgReader::optString(const char* name) {
  const Arg* arg = peek();
  if (!arg) return "";
  if (arg->kind == Arg::Kind::Nil) {
    ++next_;
    return "";
  }
  if (arg->kind != Arg::Kind::String) bad(name, "a string");
  ++next_;
  return arg->text;
}

std::vector<int64_t> ArgReader::integers(const char* name) {
  std::vector<int64_t> values;
  const Arg* arg = peek();
  if (arg && arg->kind == Arg::Kind::Numbers) {
    for (double v : arg->numbers) {
      if (!isInteger(v)) bad(name, "a list of integers");
      values.push_back(static_cast<int64_t>(v));
    }
    ++next_;
    return values;
  }
  while ((arg = peek()) && arg->kind == Arg::Kind::Number) values.push_back(integer(name));
  return values;
}

void ArgReader::done() const {
  if (next_ < args_.size())
    fail(type_, ": takes at most ", next_, " argument", next_ == 1 ? "" : "s", " here but got ",
         args_.size(), " (argument ", next_ + 1, " is ", args_[next_].describe(), ")");
}

}  // namespace nn
