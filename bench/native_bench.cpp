// The benchmark workloads through the C++ engine, natively (the ceiling the wasm build is
// compared with). Built by bench/CMakeLists.txt in a native tree: with NNG_NATIVE_SSE=ON it is
// the same 128-bit code wasm gets; otherwise AVX2+FMA.
//
// A server, so that bench/run.mjs can interleave native rounds with the JS contenders: each line
// on stdin is one round, `<workload> <args...> <iterations>`, answered by one line
// `<wall seconds> <cpu seconds> <checksum>`. Workloads (sizes as in bench/workloads.mjs):
//   ceiling128 | ceiling256          register-only mul+add (SSE) / FMA (AVX2) loop, 1e6 steps
//   gemm <n> <transA 0|1> <transB 0|1> nn.MM forward of two n x n matrices
//   linear <n>                         nn.Linear(n, n) forward + backward, batch n
//   seed                               two Linear(3,5) + CAddTable on 3x3 inputs, fwd + bwd
//   mlp                                784-256-10 ReLU LogSoftMax ClassNLL, batch 64, SGD step
//   lstm                               nngraph LSTM cell, batch 32, input 128, hidden 256
//   conv <batch> <planes> <outPlanes> <size> <k> <backward 0|1>   SpatialConvolution(k x k), valid
//   lenet <batch>                      LeNet-5-style training step on 1x28x28 inputs
// `info` prints the SIMD flavour.
#include <immintrin.h>
#include <time.h>

#include <chrono>
#include <cstdio>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>

#include "core/graph.h"
#include "core/modules/Container.h"
#include "core/registry.h"

using namespace nn;

namespace {

ModulePtr mod(const std::string& name, Args args = {}) { return createModule(name, args); }
NodePtr node(ModulePtr m, std::vector<NodePtr> in, bool table = false) { return Node::make(std::move(m), in, table); }

double cpuSeconds() {
  timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

// 12 independent chains of mul+add (latency 4, 2 ports -> 8 in flight suffices; 12 leaves
// slack) with every value in registers. Returns a checksum so nothing is optimized away.
float ceiling128(long steps, float m, float c) {
  __m128 a[12];
  for (int i = 0; i < 12; ++i) a[i] = _mm_set1_ps(0.5f + i * 0.01f);
  const __m128 vm = _mm_set1_ps(m), vc = _mm_set1_ps(c);
  for (long s = 0; s < steps; ++s)
    for (int i = 0; i < 12; ++i) a[i] = _mm_add_ps(_mm_mul_ps(a[i], vm), vc);
  __m128 t = a[0];
  for (int i = 1; i < 12; ++i) t = _mm_add_ps(t, a[i]);
  return _mm_cvtss_f32(t);
}

#ifdef __FMA__
float ceiling256(long steps, float m, float c) {
  __m256 a[12];
  for (int i = 0; i < 12; ++i) a[i] = _mm256_set1_ps(0.5f + i * 0.01f);
  const __m256 vm = _mm256_set1_ps(m), vc = _mm256_set1_ps(c);
  for (long s = 0; s < steps; ++s)
    for (int i = 0; i < 12; ++i) a[i] = _mm256_fmadd_ps(a[i], vm, vc);
  __m256 t = a[0];
  for (int i = 1; i < 12; ++i) t = _mm256_add_ps(t, a[i]);
  return _mm_cvtss_f32(_mm256_castps256_ps128(t));
}
#endif

// One prepared workload: run() does one iteration.
struct Workload {
  std::function<void()> run;
  std::function<double()> checksum;
};

Workload makeGemm(int n, bool ta, bool tb) {
  auto mm = mod("MM", {Arg(ta), Arg(tb)});
  auto in = std::make_shared<Value>(Value::table({Tensor::rand({n, n}), Tensor::rand({n, n})}));
  return {[mm, in] { mm->forward(*in); }, [mm] { return mm->output.tensor().at({0, 0}); }};
}

Workload makeLinear(int n) {
  auto lin = mod("Linear", {Arg(double(n)), Arg(double(n))});
  auto x = std::make_shared<Value>(Tensor::rand({n, n}));
  auto gy = std::make_shared<Value>(Tensor::rand({n, n}));
  return {[lin, x, gy] {
            lin->forward(*x);
            lin->backward(*x, *gy);
          },
          [lin] { return lin->gradInput.tensor().at({0, 0}); }};
}

Workload makeSeed() {
  auto in1 = Node::input(mod("Identity")), in2 = Node::input(mod("Identity"));
  auto score = node(mod("CAddTable"), {node(mod("Linear", {Arg(3.0), Arg(5.0)}), {in1}),
                                       node(mod("Linear", {Arg(3.0), Arg(5.0)}), {in2})}, true);
  auto g = std::make_shared<gModule>(std::vector<NodePtr>{in1, in2}, std::vector<NodePtr>{score});
  auto x = std::make_shared<Value>(Value::table({Tensor::rand({3, 3}), Tensor::rand({3, 3})}));
  auto err = std::make_shared<Value>(Tensor::rand({3, 5}));
  return {[g, x, err] {
            g->forward(*x);
            g->backward(*x, *err);
          },
          [g] { return g->gradInput[0].tensor().at({0, 0}); }};
}

// One SGD step (lr 0.01) of a 10-class classifier on a fixed batch with labels 1, 2, ..., 10, 1, ...
Workload classifierStep(ModulePtr net, Tensor input) {
  auto crit = createCriterion("ClassNLLCriterion", {});
  const int64_t batch = input.size(1);
  auto x = std::make_shared<Value>(input);
  Tensor labels = Tensor::zeros({batch});
  for (int64_t i = 0; i < batch; ++i) labels.data()[i] = float(1 + i % 10);
  auto y = std::make_shared<Value>(labels);
  auto loss = std::make_shared<double>(0);
  return {[net, crit, x, y, loss] {
            net->zeroGradParameters();
            const Value& out = net->forward(*x);
            *loss = crit->forward(out, *y);
            net->backward(*x, crit->backward(out, *y));
            net->updateParameters(0.01f);
          },
          [loss] { return *loss; }};
}

Workload makeMlp() {
  auto seq = mod("Sequential");
  auto& c = dynamic_cast<Container&>(*seq);
  c.add(mod("Linear", {Arg(784.0), Arg(256.0)}));
  c.add(mod("ReLU"));
  c.add(mod("Linear", {Arg(256.0), Arg(10.0)}));
  c.add(mod("LogSoftMax"));
  return classifierStep(seq, Tensor::rand({64, 784}));
}

Workload makeConv(int batch, int planes, int outPlanes, int size, int k, bool backward) {
  auto conv = mod("SpatialConvolution", {Arg(double(planes)), Arg(double(outPlanes)), Arg(double(k)), Arg(double(k))});
  auto x = std::make_shared<Value>(Tensor::rand({batch, planes, size, size}));
  auto gy = std::make_shared<Value>(Tensor::rand({batch, outPlanes, size - k + 1, size - k + 1}));
  return {[conv, x, gy, backward] {
            conv->forward(*x);
            if (backward) conv->backward(*x, *gy);
          },
          [conv] { return conv->output.tensor().sum(); }};
}

Workload makeLenet(int batch) {
  auto seq = mod("Sequential");
  auto& c = dynamic_cast<Container&>(*seq);
  const auto n = [](double v) { return Arg(v); };
  c.add(mod("SpatialConvolution", {n(1), n(6), n(5), n(5)})).add(mod("ReLU")).add(mod("SpatialMaxPooling", {n(2), n(2), n(2), n(2)}));
  c.add(mod("SpatialConvolution", {n(6), n(16), n(5), n(5)})).add(mod("ReLU")).add(mod("SpatialMaxPooling", {n(2), n(2), n(2), n(2)}));
  c.add(mod("View", {n(-1), n(256)})).add(mod("Linear", {n(256), n(120)})).add(mod("ReLU"));
  c.add(mod("Linear", {n(120), n(84)})).add(mod("ReLU")).add(mod("Linear", {n(84), n(10)})).add(mod("LogSoftMax"));
  return classifierStep(seq, Tensor::rand({batch, 1, 28, 28}));
}

Workload makeLstm() {
  const int batch = 32, inputSize = 128, rnn = 256;
  auto x = Node::input(mod("Identity")), prevC = Node::input(mod("Identity")),
       prevH = Node::input(mod("Identity"));
  auto all = node(mod("CAddTable"), {node(mod("Linear", {Arg(double(inputSize)), Arg(4.0 * rnn)}), {x}),
                                     node(mod("Linear", {Arg(double(rnn)), Arg(4.0 * rnn)}), {prevH})}, true);
  auto chunk = [&](int k) { return node(mod("Narrow", {Arg(2.0), Arg(double(k * rnn + 1)), Arg(double(rnn))}), {all}); };
  auto inGate = node(mod("Sigmoid"), {chunk(0)}), forgetGate = node(mod("Sigmoid"), {chunk(1)});
  auto outGate = node(mod("Sigmoid"), {chunk(2)}), inTransform = node(mod("Tanh"), {chunk(3)});
  auto nextC = node(mod("CAddTable"), {node(mod("CMulTable"), {forgetGate, prevC}, true),
                                       node(mod("CMulTable"), {inGate, inTransform}, true)}, true);
  auto nextH = node(mod("CMulTable"), {outGate, node(mod("Tanh"), {nextC})}, true);
  auto g = std::make_shared<gModule>(std::vector<NodePtr>{x, prevC, prevH}, std::vector<NodePtr>{nextC, nextH});
  auto in = std::make_shared<Value>(Value::table({Tensor::rand({batch, inputSize}), Tensor::rand({batch, rnn}),
                                                  Tensor::rand({batch, rnn})}));
  auto gout = std::make_shared<Value>(Value::table({Tensor::rand({batch, rnn}), Tensor::rand({batch, rnn})}));
  return {[g, in, gout] {
            g->forward(*in);
            g->backward(*in, *gout);
          },
          [g] { return g->gradInput[0].tensor().at({0, 0}); }};
}

}  // namespace

int main() {
  manualSeed(7);
  std::map<std::string, Workload> prepared;
  std::string line;
  while (std::getline(std::cin, line)) {
    std::istringstream words(line);
    std::string what;
    words >> what;
    if (what.empty()) continue;
    if (what == "quit") break;
    if (what == "info") {
#ifdef __AVX2__
      std::printf("avx2+fma\n");
#else
      std::printf("sse4.1\n");
#endif
      std::fflush(stdout);
      continue;
    }
    try {
      std::vector<std::string> args;
      for (std::string w; words >> w;) args.push_back(w);
      if (args.empty()) fail("no iteration count in '", line, "'");
      const long iterations = std::stol(args.back());
      args.pop_back();
      std::string key = what;
      for (auto& a : args) key += " " + a;
      double checksum = 0;
      const auto t0 = std::chrono::steady_clock::now();
      const double c0 = cpuSeconds();
      if (what == "ceiling128") {
        checksum = ceiling128(iterations * 1000000L, 0.9999f, 1e-4f);
      } else if (what == "ceiling256") {
#ifdef __FMA__
        checksum = ceiling256(iterations * 1000000L, 0.9999f, 1e-4f);
#else
        fail("ceiling256 needs the AVX2+FMA build");
#endif
      } else {
        auto it = prepared.find(key);
        if (it == prepared.end()) {
          Workload w;
          if (what == "gemm") w = makeGemm(std::stoi(args.at(0)), args.at(1) == "1", args.at(2) == "1");
          else if (what == "linear") w = makeLinear(std::stoi(args.at(0)));
          else if (what == "seed") w = makeSeed();
          else if (what == "mlp") w = makeMlp();
          else if (what == "lstm") w = makeLstm();
          else if (what == "conv")
            w = makeConv(std::stoi(args.at(0)), std::stoi(args.at(1)), std::stoi(args.at(2)), std::stoi(args.at(3)),
                         std::stoi(args.at(4)), args.at(5) == "1");
          else if (what == "lenet") w = makeLenet(std::stoi(args.at(0)));
          else fail("unknown workload '", what, "'");
          it = prepared.emplace(key, std::move(w)).first;
        }
        for (long i = 0; i < iterations; ++i) it->second.run();
        checksum = it->second.checksum();
      }
      const double cpu = cpuSeconds() - c0;
      const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      std::printf("%.9g %.9g %.9g\n", wall, cpu, checksum);
    } catch (const std::exception& e) {
      std::printf("error %s\n", e.what());
    }
    std::fflush(stdout);
  }
  return 0;
}
