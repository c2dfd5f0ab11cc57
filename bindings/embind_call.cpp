// The one way values (a Tensor, nil, or tables of them) go from JS to the engine and results come
// back: bindings/values.mjs writes its arguments into a buffer of 32-bit words here, and one wasm
// export, nng_call, runs forward / backward / the criterion calls on them. No Embind conversion
// and no new handles on the way: results are assigned into the result handles the caller passed
// (the module's output tensors, aliased as Torch's m.output is).
//
// Encoding of a value, in order: 0 is nil; an even word is the address of an nn::Tensor (a
// handle's object, from tensorAddress()); an odd word (n << 1) | 1 is a table of n values,
// which follow. A call's words are its arguments in order, then the caller's result handles in
// the same encoding, or kNoResults when it has none that can be reused.
#include "bindings/embind_support.h"

#include <emscripten/emscripten.h>

#include <algorithm>
#include <exception>
#include <memory>
#include <vector>

#include "core/check.h"
#include "core/criterion.h"
#include "core/module.h"

namespace nngjs {
namespace {

using nn::Tensor;
using nn::Value;

enum Op : int {
  Forward, Backward, UpdateOutput, UpdateGradInput, AccGradParameters, ZeroGradParameters,
  UpdateParameters, CriterionForward, CriterionBackward,
};
enum Status : int { kDone = 0, kResultChanged = 1, kFailed = -1 };
constexpr uint32_t kNoResults = 0xffffffffu;

std::vector<uint32_t> words(1024);
double numberResult = 0;        // a criterion's loss
std::exception_ptr callError;   // rethrown by rethrowCallError(), through Guarded like every call

// The values read from the buffer are kept from call to call (emptied when the call ends), so a
// steady-state call allocates nothing: a table's entries keep their capacity. A module written
// in JS (nn.defineModule) makes calls of its own while an outer call runs, so each call takes
// the slots after those its callers hold and gives them back when it ends.
std::vector<std::unique_ptr<Value>> readSlots;
size_t readSlotsInUse = 0;

Value& nextReadSlot() {
  if (readSlotsInUse == readSlots.size()) readSlots.push_back(std::make_unique<Value>());
  return *readSlots[readSlotsInUse++];
}

struct ReadScope {
  const size_t first = readSlotsInUse;
  ~ReadScope() {
    for (size_t i = first; i < readSlotsInUse; ++i) {  // hold no tensor between calls
      Value& v = *readSlots[i];
      if (v.isTensor()) v.tensor() = Tensor();
      if (v.isTable()) v.entries().clear();
    }
    readSlotsInUse = first;
  }
};

const Value& read(const uint32_t*& p) {
  static const Value nil;
  const uint32_t w = *p++;
  if (w == 0) return nil;
  Value& v = nextReadSlot();
  if (!(w & 1)) {
    const Tensor& t = *reinterpret_cast<const Tensor*>(static_cast<uintptr_t>(w));
    if (v.isTensor()) v.tensor() = t;
    else v = Value(t);
    return v;
  }
  if (!v.isTable()) v = Value::table();
  std::vector<Value>& entries = v.entries();
  entries.resize(w >> 1);
  for (Value& e : entries) e = read(p);
  return v;
}

// The caller's result handles, copied out of the buffer before the call runs: a module written
// in JS (nn.defineModule) makes calls of its own that reuse the buffer.
struct ResultHandles {
  explicit ResultHandles(const uint32_t* p) {
    if (*p == kNoResults) return;
    const uint32_t* end = p;
    skip(end);
    size = static_cast<size_t>(end - p);
    if (size > kInline) spilled.assign(p, end);
    else std::copy(p, end, inline_);
  }
  const uint32_t* data() const { return size > kInline ? spilled.data() : inline_; }
  static void skip(const uint32_t*& p) {
    const uint32_t w = *p++;
    if (w & 1)
      for (uint32_t i = 0; i < (w >> 1); ++i) skip(p);
  }
  // Whether v has the structure of the handles (a handle for every tensor, nil for nil).
  static bool matches(const Value& v, const uint32_t*& p) {
    const uint32_t w = *p++;
    if (v.isNil()) return w == 0;
    if (v.isTensor()) return w != 0 && !(w & 1);
    if (!(w & 1) || (w >> 1) != v.size()) return false;
    for (size_t i = 0; i < v.size(); ++i)
      if (!matches(v[i], p)) return false;
    return true;
  }
  static void assign(const Value& v, const uint32_t*& p) {
    const uint32_t w = *p++;
    if (v.isTensor()) *reinterpret_cast<Tensor*>(static_cast<uintptr_t>(w)) = v.tensor();
    if (v.isTable())
      for (size_t i = 0; i < v.size(); ++i) assign(v[i], p);
  }
  // Puts the result into the handles, or says that the caller must read it (Embind getters).
  Status take(const Value& result) const {
    const uint32_t* p = data();
    if (size == 0 || !matches(result, p)) return kResultChanged;
    p = data();
    assign(result, p);
    return kDone;
  }
  static constexpr size_t kInline = 64;  // no allocation for results of up to ~60 tensors
  uint32_t inline_[kInline];
  std::vector<uint32_t> spilled;
  size_t size = 0;
};

// After a backward: a module that does not check gradOutput itself (Identity, an empty
// Sequential) would have handed back a gradInput not shaped like its input. Modules that check
// say it better (their own message comes first); a gModule has checked it, naming the node.
void requireGradOutputShape(const nn::Module& m, const Value& gradOutput) {
  if (!gradOutput.sameStructure(m.output))
    nn::fail(m.errorName(), ": gradOutput must have the structure and sizes of the output, ",
             m.output.describe(), ", but got ", gradOutput.describe());
}

Status run(int op, uintptr_t target, float scalar) {
  const ReadScope scope;
  const uint32_t* p = words.data();
  if (op == CriterionForward || op == CriterionBackward) {
    auto& c = *reinterpret_cast<nn::Criterion*>(target);
    const Value& input = read(p);
    const Value& targetValue = read(p);
    if (op == CriterionForward) {
      numberResult = c.forward(input, targetValue);
      return kDone;
    }
    const ResultHandles results(p);
    return results.take(c.backward(input, targetValue));
  }
  auto& m = *reinterpret_cast<nn::Module*>(target);
  switch (op) {
    case Forward:
    case UpdateOutput: {
      const Value& input = read(p);
      const ResultHandles results(p);
      return results.take(op == Forward ? m.forward(input) : m.updateOutput(input));
    }
    case Backward:
    case UpdateGradInput:
    case AccGradParameters: {
      const Value& input = read(p);
      const Value& gradOutput = read(p);
      const ResultHandles results(p);
      m.checkBackwardCall(gradOutput);
      if (op == AccGradParameters) {
        m.accGradParameters(input, gradOutput, scalar);
        requireGradOutputShape(m, gradOutput);
        return kDone;
      }
      const Value& gradInput = op == Backward ? m.backward(input, gradOutput, scalar) : m.updateGradInput(input, gradOutput);
      requireGradOutputShape(m, gradOutput);
      return results.take(gradInput);
    }
    case ZeroGradParameters: m.zeroGradParameters(); return kDone;
    case UpdateParameters: m.updateParameters(scalar); return kDone;
    default: nn::fail("internal: unknown call ", op);
  }
}

void rethrowCallError() {
  std::exception_ptr error = callError;
  callError = nullptr;
  if (error) std::rethrow_exception(error);
}

// checkGradients reads its input (and a criterion's target) from the buffer like the calls above.
val gradCheckToJs(const nn::GradCheckResult& r) {
  const auto list = [](const std::vector<nn::GradCheckEntry>& entries) {
    val out = val::array();
    for (size_t i = 0; i < entries.size(); ++i) {
      val e = val::object();
      e.set("name", entries[i].name);
      e.set("elements", static_cast<double>(entries[i].elements));
      e.set("maxError", entries[i].maxError);
      e.set("maxAbsError", entries[i].maxAbsError);
      out.set(i, e);
    }
    return out;
  };
  val out = val::object();
  out.set("inputs", list(r.inputs));
  out.set("parameters", list(r.parameters));
  out.set("maxError", r.maxError());
  return out;
}
val checkModuleGradients(nn::ModulePtr m) {
  const ReadScope scope;
  const uint32_t* p = words.data();
  return gradCheckToJs(nn::checkGradients(*m, read(p)));
}
val checkCriterionGradients(nn::CriterionPtr c) {
  const ReadScope scope;
  const uint32_t* p = words.data();
  const Value& input = read(p);
  const Value& target = read(p);
  return gradCheckToJs(nn::checkGradients(*c, input, target));
}

}  // namespace
}  // namespace nngjs

extern "C" {
// The buffer with room for at least `count` words (its address changes when it grows).
EMSCRIPTEN_KEEPALIVE uint32_t* nng_call_words(uint32_t count) {
  if (nngjs::words.size() < count) nngjs::words.resize(count);
  return nngjs::words.data();
}
EMSCRIPTEN_KEEPALIVE uint32_t nng_call_capacity() { return static_cast<uint32_t>(nngjs::words.size()); }
EMSCRIPTEN_KEEPALIVE double* nng_call_number() { return &nngjs::numberResult; }
// op on the engine object at `target` (a Module or Criterion); scalar is backward's scale or
// updateParameters' learning rate. kFailed keeps the exception for rethrowCallError().
EMSCRIPTEN_KEEPALIVE int nng_call(int op, uintptr_t target, float scalar) {
  try {
    return nngjs::run(op, target, scalar);
  } catch (...) {
    nngjs::callError = std::current_exception();
    return nngjs::kFailed;
  }
}
// An export that does nothing: the bench's measure of a call's floor from JS.
EMSCRIPTEN_KEEPALIVE int nng_empty_call(int x) { return x; }
}

using namespace nngjs;

EMSCRIPTEN_BINDINGS(call) {
  API(rethrowCallError);
  API(checkModuleGradients);
  API(checkCriterionGradients);
}
