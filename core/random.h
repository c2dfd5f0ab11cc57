// A seeded generator that yields the same numbers natively and in wasm. The standard
// distributions are implementation-defined (libstdc++ and libc++ differ), so only the
// mt19937 engine, which the standard fixes bit for bit, is used; the mapping to floats is ours.
#pragma once
#include <cstdint>
#include <random>

namespace nn {

class Generator {
 public:
  explicit Generator(uint64_t seed = 42) { manualSeed(seed); }
  void manualSeed(uint64_t seed) {
    engine_.seed(static_cast<std::mt19937::result_type>(seed));
    hasSpareNormal_ = false;
  }
  double uniform();                          // [0, 1), 53 random bits
  double uniform(double low, double high) { return low + (high - low) * uniform(); }
  double normal(double mean = 0, double stdv = 1);  // Box-Muller
  bool bernoulli(double p) { return uniform() < p; }

 private:
  std::mt19937 engine_;
  bool hasSpareNormal_ = false;
  double spareNormal_ = 0;
};

// The generator behind torch.manualSeed / torch.rand / module initialisation.
Generator& globalGenerator();
void manualSeed(uint64_t seed);

}  // namespace nn
