#include "core/random.h"

#include <cmath>

namespace nn {

double Generator::uniform() {
  const uint64_t high = engine_() >> 5;  // 27 bits
  const uint64_t low = engine_() >> 6;   // 26 bits
  return (static_cast<double>(high) * 67108864.0 + static_cast<double>(low)) / 9007199254740992.0;
}

double Generator::normal(double mean, double stdv) {
  if (hasSpareNormal_) {
    hasSpareNormal_ = false;
    return mean + stdv * spareNormal_;
  }
  double u1 = uniform();
  while (u1 <= 0) u1 = uniform();
  const double u2 = uniform();
  const double radius = std::sqrt(-2.0 * std::log(u1));
  const double angle = 6.283185307179586 * u2;
  spareNormal_ = radius * std::sin(angle);
  hasSpareNormal_ = true;
  return mean + stdv * radius * std::cos(angle);
}

Generator& globalGenerator() {
  static Generator generator(42);
  return generator;
}

void manualSeed(uint64_t seed) { globalGenerator().manualSeed(seed); }

}  // namespace nn
