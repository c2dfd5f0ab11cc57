// Errors: every engine failure is an nn::Error whose message is one sentence a user can act on
// (which module or node, what was expected, what was given). The bindings turn it into a JS Error.
#pragma once
#include <cstdint>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace nn {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

// cat("expected ", 3, " inputs") -> "expected 3 inputs"
template <class... Parts>
std::string cat(const Parts&... parts) {
  std::ostringstream out;
  (out << ... << parts);
  return out.str();
}

template <class... Parts>
[[noreturn]] void fail(const Parts&... parts) {
  throw Error(cat(parts...));
}

using Shape = std::vector<int64_t>;

// "3x5" as Torch prints sizes; "scalar-free empty" tensors print as "empty".
std::string shapeString(const Shape& sizes);

}  // namespace nn
