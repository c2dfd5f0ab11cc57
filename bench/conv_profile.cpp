// Where the time of a convolution goes: the bench's conv row (5x5, 32 -> 64 planes, 28x28,
// batch 32) split into its phases, per image, CPU time, best of many calls.
// Not part of the CMake build; compile by hand against the kernel sources:
//   wasm:  NODE_PATH=/usr/share/nodejs em++ -O3 -std=c++17 -msimd128 -msse4.1 -I. \
//         -I<build>/third_party_include core/kernels.cpp core/kernels_conv.cpp core/kernels_ref.cpp \
//         bench/conv_profile.cpp -sENVIRONMENT=node -sWASM_ASYNC_COMPILATION=0 \
//         -sALLOW_MEMORY_GROWTH=1 -o /tmp/conv_profile.cjs && node /tmp/conv_profile.cjs
//   native: g++ -O3 -std=c++17 -mavx2 -mfma (or -msse4.1) -I. core/kernels.cpp core/kernels_conv.cpp \
//         core/kernels_ref.cpp bench/conv_profile.cpp -o /tmp/conv_profile
// Phases: im2col alone; the gemm over ready-made columns (weight 64 x 800 times columns
// 800 x 576, i.e. packB of the columns + micro-kernels); both (SpatialConvolution's forward
// before the implicit gemm); the implicit-gemm forward (kernels::conv2d); and the backward
// phases SpatialConvolution runs (gemm TN + col2im for gradInput, im2col + gemm NT for
// gradWeight).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <random>
#include <vector>

#include "core/kernels.h"
#include "core/kernels_conv.h"

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#else
#include <time.h>
#endif

static double cpuSeconds() {
#ifdef __EMSCRIPTEN__
  return EM_ASM_DOUBLE({
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  });
#else
  timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
#endif
}

// Best per-call time over `reps` rounds of `calls` calls.
static double best(const std::function<void()>& f, int reps = 15, int calls = 8) {
  f();
  double b = 1e30;
  for (int r = 0; r < reps; ++r) {
    const double t0 = cpuSeconds();
    for (int c = 0; c < calls; ++c) f();
    b = std::min(b, (cpuSeconds() - t0) / calls);
  }
  return b;
}

int main() {
  using namespace nn::kernels;
  const int64_t batch = 32, C = 32, O = 64, S = 28, k = 5;
  Window2d g;
  g.planes = C, g.height = S, g.width = S, g.kH = k, g.kW = k;
  g.outH = S - k + 1, g.outW = S - k + 1;
  const int64_t K = g.columnRows(), P = g.outPlane();
  std::mt19937 engine(1);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> x(batch * C * S * S), w(O * K), b(O), y(batch * O * P), cols(K * P), gy(batch * O * P),
      gw(O * K), gx(batch * C * S * S);
  for (auto& v : x) v = dist(engine);
  for (auto& v : w) v = dist(engine);
  for (auto& v : b) v = dist(engine);
  for (auto& v : gy) v = dist(engine);
  for (auto& v : cols) v = dist(engine);
  const double flopImage = 2.0 * O * K * P;
  auto report = [&](const char* what, double seconds, double flop) {
    if (flop > 0)
      std::printf("%-44s %8.3f ms per image  %6.1f GFLOP/s\n", what, seconds * 1e3, flop / seconds * 1e-9);
    else
      std::printf("%-44s %8.3f ms per image\n", what, seconds * 1e3);
  };
  std::printf("conv 5x5 %lld -> %lld on %lldx%lld: gemm M=%lld N=%lld K=%lld per image\n", (long long)C,
              (long long)O, (long long)S, (long long)S, (long long)O, (long long)P, (long long)K);
  report("im2col", best([&] { im2col(g, x.data(), cols.data()); }), 0);
  report("gemm over ready columns (64x576x800)",
         best([&] { gemm(false, false, O, P, K, 1.0f, w.data(), K, cols.data(), P, 0.0f, y.data(), P); }), flopImage);
  report("im2col + gemm (the old forward)", best([&] {
           im2col(g, x.data(), cols.data());
           gemm(false, false, O, P, K, 1.0f, w.data(), K, cols.data(), P, 0.0f, y.data(), P);
         }),
         flopImage);
  report("conv2d (implicit gemm)", best([&] { conv2d(g, O, x.data(), w.data(), b.data(), y.data()); }),
         flopImage);
  report("gradInput: gemm TN + col2im", best([&] {
           gemm(true, false, K, P, O, 1.0f, w.data(), K, gy.data(), P, 0.0f, cols.data(), P);
           col2im(g, cols.data(), gx.data());
         }),
         flopImage);
  report("gradWeight: im2col + gemm NT", best([&] {
           im2col(g, x.data(), cols.data());
           gemm(false, true, O, K, P, 1.0f, gy.data(), P, cols.data(), P, 1.0f, gw.data(), K);
         }),
         flopImage);
  return 0;
}
