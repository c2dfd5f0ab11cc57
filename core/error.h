// Errors: every engine failure is an nn::Error whose message is one sentence a user can act on
// (which module or node, what was expected, what was given). The bindings turn it into a JS Error.
#pragma once
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "core/shape.h"  // Shape and shapeString, used in messages everywhere

namespace nn {

// An error about one graph node carries that node's id (Node::id(), counted from 1), so that a
// caller can point at the node without reading the sentence: the bindings hand it to JS as
// error.nodeId, and the playground outlines that node. 0 means the error is about no node.
constexpr int kNoNode = 0;

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message, int nodeId = kNoNode)
      : std::runtime_error(message), nodeId_(nodeId) {}
  int nodeId() const { return nodeId_; }
  bool hasNode() const { return nodeId_ != kNoNode; }

 private:
  int nodeId_;
};

// Message building without iostreams: std::ostringstream drags libc++'s locale machinery
// (money/time facets, scanf) into the wasm, about 10 % of the package. Numbers print as
// operator<< would print them: integers in full, floating point as %g (6 significant digits).
namespace detail {
inline void appendPart(std::string& out, std::string_view text) { out += text; }
inline void appendPart(std::string& out, const char* text) { out += text; }
inline void appendPart(std::string& out, char c) { out += c; }
template <class T>
std::enable_if_t<std::is_integral_v<T>> appendPart(std::string& out, T value) {
  out += std::to_string(value);  // bool prints as 1 / 0, as operator<< does
}
template <class T>
std::enable_if_t<std::is_floating_point_v<T>> appendPart(std::string& out, T value) {
  // NaN and the infinities print as JavaScript and Lua users write them, not as C's "nan"/"inf"
  const double v = static_cast<double>(value);
  if (std::isnan(v)) {
    out += "NaN";
    return;
  }
  if (std::isinf(v)) {
    out += v > 0 ? "Infinity" : "-Infinity";
    return;
  }
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", v);
  out += buffer;
}
}  // namespace detail

// cat("expected ", 3, " inputs") -> "expected 3 inputs"
template <class... Parts>
std::string cat(const Parts&... parts) {
  std::string out;
  (detail::appendPart(out, parts), ...);
  return out;
}

template <class... Parts>
[[noreturn]] void fail(const Parts&... parts) {
  throw Error(cat(parts...));
}

// fail() for an error about the graph node with this id.
template <class... Parts>
[[noreturn]] void failAtNode(int nodeId, const Parts&... parts) {
  throw Error(cat(parts...), nodeId);
}

// Rethrows `inner` with its message prefixed, keeping the node it is about: for wrappers
// (containers) that add where the error happened without naming a node of their own.
template <class... Parts>
[[noreturn]] void failWithin(const Error& inner, const Parts&... prefix) {
  throw Error(cat(prefix..., inner.what()), inner.nodeId());
}

// text with its control characters escaped ("\n" as backslash-n): for names and keys a user
// chose (annotations, saved documents) inside one-line messages.
inline std::string oneLine(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\n') out += "\\n";
    else if (c == '\t') out += "\\t";
    else if (byte < 0x20) out += cat("\\x", "0123456789abcdef"[byte >> 4], "0123456789abcdef"[byte & 15]);
    else out += c;
  }
  return out;
}

}  // namespace nn
