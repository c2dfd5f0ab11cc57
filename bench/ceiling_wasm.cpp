// The wasm SIMD128 ceiling: 12 independent chains of f32x4 mul + add (wasm has no FMA) with
// every value in registers (12 + 2 live vectors: within what V8 keeps in xmm registers).
// Built by bench/CMakeLists.txt into a standalone bench_ceiling.wasm with no imports;
// bench/run.mjs instantiates it and times ceiling(steps) in the same run as the workloads.
#include <wasm_simd128.h>

extern "C" __attribute__((used, visibility("default"))) float ceiling(int millions, float m, float c) {
  v128_t a[12];
  for (int i = 0; i < 12; ++i) a[i] = wasm_f32x4_splat(0.5f + i * 0.01f);
  const v128_t vm = wasm_f32x4_splat(m), vc = wasm_f32x4_splat(c);
  for (int k = 0; k < millions; ++k)
    for (int s = 0; s < 1000000; ++s)
#pragma clang loop unroll(full)
      for (int i = 0; i < 12; ++i) a[i] = wasm_f32x4_add(wasm_f32x4_mul(a[i], vm), vc);
  v128_t t = a[0];
  for (int i = 1; i < 12; ++i) t = wasm_f32x4_add(t, a[i]);
  return wasm_f32x4_extract_lane(t, 0);
}
