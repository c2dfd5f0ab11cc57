// GFLOP/s of nn::kernels::gemm for square n x n x n products, all four transpositions.
// Not part of the CMake build; compile by hand against the two kernel sources:
//   native SSE4.1 (the 128-bit code wasm gets):
//     g++ -O3 -std=c++17 -msse4.1 -I. -I<build>/third_party_include \
//         core/kernels.cpp core/kernels_ref.cpp bench/gemm_bench.cpp -o /tmp/gemm_bench
//   native AVX2:  the same with -mavx2 -mfma
//   wasm:  NODE_PATH=/usr/share/nodejs em++ -O3 -std=c++17 -msimd128 -msse4.1 -I. \
//         -I<build>/third_party_include core/kernels.cpp core/kernels_ref.cpp \
//         bench/gemm_bench.cpp -sENVIRONMENT=node -sWASM_ASYNC_COMPILATION=0 \
//         -sALLOW_MEMORY_GROWTH=1 -o /tmp/gemm_bench.cjs
//     node /tmp/gemm_bench.cjs
// Reports the best of many timed calls (the machine may be shared), and checks the result
// against the scalar reference once per configuration.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

#include "core/kernels.h"

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#else
#include <time.h>
#endif

// CPU time of this process in seconds: unlike wall time, it does not count the time the
// scheduler gives to other processes, which on a shared 2-core machine is most of it.
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

int main(int argc, char** argv) {
  std::vector<int> sizes = {256, 512};
  if (argc > 1) {
    sizes.clear();
    for (int i = 1; i < argc; ++i) sizes.push_back(std::atoi(argv[i]));
  }
  std::mt19937 engine(1);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  const char* names[] = {"NN", "NT", "TN", "TT"};
  for (int n : sizes) {
    std::vector<float> A(size_t(n) * n), B(size_t(n) * n), C(size_t(n) * n), R(size_t(n) * n);
    for (auto& v : A) v = dist(engine);
    for (auto& v : B) v = dist(engine);
    for (int variant = 0; variant < 4; ++variant) {
      const bool transA = variant & 2, transB = variant & 1;
      nn::kernels::gemm(transA, transB, n, n, n, 1.0f, A.data(), n, B.data(), n, 0.0f, C.data(), n);
      nn::kernels::ref::gemm(transA, transB, n, n, n, 1.0f, A.data(), n, B.data(), n, 0.0f, R.data(), n);
      double maxErr = 0;
      for (size_t i = 0; i < C.size(); ++i) maxErr = std::max(maxErr, double(std::fabs(C[i] - R[i])));
      const double flops = 2.0 * n * n * n;
      // Best single call over many (wall clock: on a loaded machine some call runs undisturbed),
      // and the CPU time over batches of calls (best batch).
      double best = 1e30, spent = 0;
      for (int trial = 0; trial < 200 && spent < 2.0; ++trial) {
        const auto t0 = std::chrono::steady_clock::now();
        nn::kernels::gemm(transA, transB, n, n, n, 1.0f, A.data(), n, B.data(), n, 0.0f, C.data(), n);
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        best = std::min(best, s);
        spent += s;
      }
      const int reps = std::max(1, int(0.05 / best));
      double bestCpu = 1e30;
      for (int batch = 0; batch < 5; ++batch) {
        const double c0 = cpuSeconds();
        for (int r = 0; r < reps; ++r)
          nn::kernels::gemm(transA, transB, n, n, n, 1.0f, A.data(), n, B.data(), n, 0.0f,
                            C.data(), n);
        bestCpu = std::min(bestCpu, (cpuSeconds() - c0) / reps);
      }
      std::printf("gemm %s n=%4d  %6.1f GFLOP/s best call, %6.1f GFLOP/s CPU time  (max |err| vs ref %.1e)\n",
                  names[variant], n, flops / best * 1e-9, flops / bestCpu * 1e-9, maxErr);
    }
  }
  return 0;
}
