// libFuzzer target: the saved-graph loader (core/serialize.h) on arbitrary bytes. Whatever the
// text, loading either fails with an nn::Error or gives a module that saves back to a document
// which loads to the very same text (exact round trip); a loaded module then runs forward on a
// few small inputs, where nn::Error is again the only acceptable failure.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/serialize.h"

namespace {

void roundTripOrDie(const nn::Module& m) {
  const std::string saved = nn::saveModule(m);
  const std::string again = nn::saveModule(*nn::loadModule(saved));
  if (again != saved) {
    std::fprintf(stderr, "round trip differs:\n%s\n%s\n", saved.c_str(), again.c_str());
    std::abort();
  }
}

void tryForward(nn::Module& m, const nn::Value& input) {
  try {
    m.forward(input);
  } catch (const nn::Error&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // Small tensors only: a 4 KB document can ask for a Linear(100000, 5000).
  static const bool limited = (nn::setTensorElementLimit(int64_t(1) << 18), true);
  (void)limited;
  const std::string text(reinterpret_cast<const char*>(data), size);
  nn::ModulePtr m;
  try {
    m = nn::loadModule(text);
  } catch (const nn::Error&) {
    return 0;
  }
  roundTripOrDie(*m);
  m->evaluate();  // Dropout off: deterministic
  nn::Generator gen(size);
  tryForward(*m, nn::Tensor::randn({2, 3}, gen));
  tryForward(*m, nn::Tensor::randn({4}, gen));
  tryForward(*m, nn::Value::table({nn::Tensor::randn({2, 3}, gen), nn::Tensor::randn({2, 3}, gen)}));
  return 0;
}
