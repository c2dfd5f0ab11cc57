// What every bindings/embind_*.cpp file shares: the guard that turns a C++ exception into a JS
// Error, the API() registration macro, and the conversions between Embind values and engine
// values (defined in embind.cpp). Translation only: no engine logic here.
#pragma once

#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <string>
#include <utility>
#include <vector>

#include "core/args.h"
#include "core/graph.h"
#include "core/tensor.h"
#include "core/value.h"

namespace nngjs {

using emscripten::val;

// C++ exceptions -> JS Errors. Needs -fwasm-exceptions (otherwise a C++ throw reaches JS as a
// bare number); the JS Error is thrown outside the catch block, so the C++ exception is already destroyed. An nn::Error about a graph
// node gives the JS Error a numeric `nodeId` (the node's id), so callers need not parse the text.
[[noreturn]] inline void throwJsError(const std::string& message, int nodeId = nn::kNoNode) {
  val error = val::global("Error").new_(message);
  if (nodeId != nn::kNoNode) error.set("nodeId", nodeId);
  error.throw_();
}

// The node an exception is about, or nn::kNoNode.
inline int nodeIdOf(const std::exception& e) {
  const auto* error = dynamic_cast<const nn::Error*>(&e);
  return error ? error->nodeId() : nn::kNoNode;
}

template <class Sig, Sig F>
struct Guarded;

template <class R, class... A, R (*F)(A...)>
struct Guarded<R (*)(A...), F> {
  static R call(A... args) {
    std::string message;
    int nodeId = nn::kNoNode;
    try {
      return F(std::forward<A>(args)...);
    } catch (const std::exception& e) {
      message = e.what();
      nodeId = nodeIdOf(e);
    }
    throwJsError(message, nodeId);
  }
};

// Conversions (embind.cpp)
std::string jsType(const val& v);
bool isTensorHandle(const val& v);
nn::Shape toShape(const val& sizes, const char* what);
val shapeToJs(const nn::Shape& shape);
val tensorToFloat32Array(const nn::Tensor& t);                        // a fresh copy
nn::Value toValue(const val& v, const std::string& where = "input");  // nested arrays of Tensor handles
val fromValue(const nn::Value& v);                                     // Tensor handles / arrays / null
val plainTensor(const nn::Tensor& t);                                  // { shape, data: number[] }
val plainValue(const nn::Value& v);
nn::Args toArgs(const val& args);
val fromArg(const nn::Arg& a);
std::string toText(const val& v, const char* what);                  // a JS string (no heap copy left on error)
std::vector<std::string> toStrings(const val& v, const char* what);
std::vector<nn::NodePtr> toNodes(const val& v, const char* what);
nn::gModule& asGraph(const nn::ModulePtr& m);

template <class T>
val stringArray(const std::vector<T>& items) {
  val out = val::array();
  for (size_t i = 0; i < items.size(); ++i) out.set(i, items[i]);
  return out;
}

}  // namespace nngjs

// Registers a free function under its own name, guarded.
#define API(fn) emscripten::function(#fn, &nngjs::Guarded<decltype(&fn), &fn>::call)
