// libFuzzer target: builds a small random graph from the fuzzer's bytes — registered modules
// with random constructor arguments (containers get random children), random wiring, table
// inputs and splits — then runs forward and backward on random-shaped inputs. Any outcome but a
// crash is fine: nn::Error is the engine saying no. A graph that builds must also save and load
// to a graph computing bit-identical outputs.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "core/graph.h"
#include "core/modules/Container.h"
#include "core/modules/Identity.h"
#include "core/modules/MapTable.h"
#include "core/registry.h"
#include "core/serialize.h"

namespace {

// Reads the fuzzer's bytes; zeros once they run out.
class Bytes {
 public:
  Bytes(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  uint8_t byte() { return pos_ < size_ ? data_[pos_++] : 0; }
  int range(int low, int high) { return low + byte() % (high - low + 1); }
  bool flag() { return byte() & 1; }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

nn::Arg randomArg(Bytes& in) {
  switch (in.range(0, 7)) {
    case 0: return nn::Arg(in.flag());
    case 1: return nn::Arg(in.range(0, 8) * 0.25 - 0.5);
    case 2: return nn::Arg(std::vector<double>{double(in.range(1, 3)), double(in.range(1, 3))});
    case 3: return nn::Arg();
    default: return nn::Arg(in.range(-3, 6));
  }
}

nn::ModulePtr randomModule(Bytes& in, const std::vector<std::string>& names, int depth) {
  const std::string& name = names[in.byte() % names.size()];
  nn::Args args;
  for (int i = in.range(0, 3); i > 0; --i) args.push_back(randomArg(in));
  nn::ModulePtr m;
  try {
    m = nn::createModule(name, args);
  } catch (const nn::Error&) {
    return std::make_shared<nn::Identity>();
  }
  if (auto* container = dynamic_cast<nn::Container*>(m.get()); container && depth < 2) {
    for (int i = in.range(0, 2); i > 0; --i) {
      nn::ModulePtr child = randomModule(in, names, depth + 1);
      try {
        if (auto* map = dynamic_cast<nn::MapTable*>(m.get())) map->add(child);
        else container->add(child);
      } catch (const nn::Error&) {
      }
    }
  }
  return m;
}

nn::Tensor randomTensor(Bytes& in, nn::Generator& gen) {
  nn::Shape sizes;
  for (int d = in.range(1, 3); d > 0; --d) sizes.push_back(in.range(1, 4));
  return nn::Tensor::randn(sizes, gen);
}

nn::Value randomValue(Bytes& in, nn::Generator& gen) {
  if (in.range(0, 5) != 0) return randomTensor(in, gen);
  std::vector<nn::Value> entries;
  for (int i = in.range(1, 3); i > 0; --i) entries.push_back(randomTensor(in, gen));
  return nn::Value(std::move(entries));
}

// Bitwise equality of every tensor (NaN equals itself).
bool identical(const nn::Value& a, const nn::Value& b) {
  if (!a.sameStructure(b)) return false;
  std::vector<nn::Tensor> x, y;
  nn::flattenTensors(a, x);
  nn::flattenTensors(b, y);
  for (size_t i = 0; i < x.size(); ++i) {
    const std::vector<float> p = x[i].toVector(), q = y[i].toVector();
    if (p.size() != q.size() || std::memcmp(p.data(), q.data(), p.size() * sizeof(float)) != 0) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bool limited = (nn::setTensorElementLimit(int64_t(1) << 16), true);
  (void)limited;
  static const std::vector<std::string> names = nn::moduleNames();
  Bytes in(data, size);
  nn::Generator gen(in.byte());

  std::vector<nn::NodePtr> inputs, pool;
  for (int i = in.range(1, 3); i > 0; --i) {
    inputs.push_back(nn::Node::input(std::make_shared<nn::Identity>()));
    pool.push_back(inputs.back());
  }
  std::vector<int> consumed(64, 0);
  for (int n = in.range(1, 10); n > 0 && pool.size() < 48; --n) {
    nn::ModulePtr m = randomModule(in, names, 0);
    std::vector<nn::NodePtr> from;
    for (int k = in.range(1, 3); k > 0; --k) {
      const size_t pick = in.byte() % pool.size();
      from.push_back(pool[pick]);
      consumed[pick] = 1;
    }
    nn::NodePtr node = nn::Node::make(m, from, in.flag());
    pool.push_back(node);
    if (in.range(0, 4) == 0) {
      for (nn::NodePtr& part : node->split(in.range(1, 3))) pool.push_back(part);
      consumed[pool.size() - 1 - static_cast<size_t>(node->splitCount())] = 1;
    }
  }
  std::vector<nn::NodePtr> outputs;
  for (size_t i = 0; i < pool.size(); ++i)
    if (!consumed[i]) outputs.push_back(pool[i]);

  std::shared_ptr<nn::gModule> g;
  try {
    g = std::make_shared<nn::gModule>(inputs, outputs);
  } catch (const nn::Error&) {
    return 0;
  }
  g->evaluate();  // Dropout off: deterministic
  std::vector<nn::Value> parts;
  for (size_t i = 0; i < inputs.size(); ++i) parts.push_back(randomValue(in, gen));
  const nn::Value input = inputs.size() == 1 ? parts[0] : nn::Value(parts);
  nn::Value output;
  try {
    output = nn::cloneValue(g->forward(input));
    nn::Value gradOutput = nn::cloneValue(output);
    g->backward(input, gradOutput);
  } catch (const nn::Error&) {
  }
  // Save and load: the copy computes the same outputs.
  std::shared_ptr<nn::gModule> copy = nn::loadGraph(nn::saveGraph(*g));
  if (output.isTable() || output.isTensor()) {
    nn::Value again;
    try {
      again = copy->forward(input);
    } catch (const nn::Error& e) {
      std::fprintf(stderr, "the loaded graph fails where the original ran: %s\n", e.what());
      std::abort();
    }
    if (!identical(output, again)) {
      std::fprintf(stderr, "the loaded graph computes different outputs\n%s\n", nn::saveGraph(*g).c_str());
      std::abort();
    }
  }
  return 0;
}
