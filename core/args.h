// Constructor arguments of modules and criterions, as Torch takes them (numbers, booleans, size
// lists, weight tensors). One representation serves the JS factories (nn.Linear(3, 5)), saved
// graphs and clone(); ArgReader turns a bad argument into a sentence naming the module.
#pragma once
#include <string>
#include <vector>

#include "core/tensor.h"

namespace nn {

struct Arg {
  enum class Kind { Nil, Number, Bool, Numbers, Tensor, String };
  Kind kind = Kind::Nil;
  double number = 0;
  bool flag = false;
  std::vector<double> numbers;
  nn::Tensor tensor;
  std::string text;

  Arg() = default;
  Arg(double v) : kind(Kind::Number), number(v) {}                 // NOLINT: implicit
  Arg(int v) : kind(Kind::Number), number(v) {}                    // NOLINT
  Arg(int64_t v) : kind(Kind::Number), number(static_cast<double>(v)) {}  // NOLINT
  Arg(bool v) : kind(Kind::Bool), flag(v) {}                       // NOLINT
  Arg(std::vector<double> v) : kind(Kind::Numbers), numbers(std::move(v)) {}  // NOLINT
  Arg(nn::Tensor t) : kind(Kind::Tensor), tensor(std::move(t)) {}  // NOLINT
  Arg(std::string s) : kind(Kind::String), text(std::move(s)) {}   // NOLINT
  Arg(const char* s) : kind(Kind::String), text(s) {}              // NOLINT
  std::string describe() const;
};
using Args = std::vector<Arg>;

// Reads constructor arguments in order; every mistake is an Error naming the type and argument.
class ArgReader {
 public:
  ArgReader(std::string typeName, const Args& args) : type_(std::move(typeName)), args_(args) {}
  int64_t integer(const char* name);
  int64_t optInteger(const char* name, int64_t fallback);
  double number(const char* name);
  double optNumber(const char* name, double fallback);
  bool optBool(const char* name, bool fallback);
  Tensor optTensor(const char* name);          // undefined Tensor when absent or nil
  std::string optString(const char* name);     // "" when absent or nil (nn.Copy's type names)
  // The remaining integer arguments (sizes of Reshape/View), or one list argument.
  std::vector<int64_t> integers(const char* name);
  bool hasMore() const { return next_ < args_.size(); }
  // The kind of the next argument (Nil when none is left): for Torch constructors whose first
  // argument may be of several kinds (nn.LeakyReLU(true), nn.AddConstant(tensor)).
  Arg::Kind nextKind() const { return peek() ? peek()->kind : Arg::Kind::Nil; }
  void done() const;                           // fails if arguments are left over

 private:
  const Arg* peek() const { return next_ < args_.size() ? &args_[next_] : nullptr; }
  [[noreturn]] void bad(const char* name, const char* expected) const;
  std::string type_;
  const Args& args_;
  size_t next_ = 0;
};

}  // namespace nn
