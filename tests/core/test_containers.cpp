// Containers: Sequential, ParallelTable, ConcatTable, Concat, MapTable. Values are checked
// against direct formulas (W x + b written out here), gradients numerically.
#include "tests/core/testing.h"

#include <cmath>
#include <type_traits>

#include "core/modules/CAddTable.h"
#include "core/modules/CMulTable.h"
#include "core/modules/Concat.h"
#include "core/modules/ConcatTable.h"
#include "core/modules/Dropout.h"
#include "core/modules/FlattenTable.h"
#include "core/modules/Identity.h"
#include "core/modules/Linear.h"
#include "core/modules/MapTable.h"
#include "core/modules/ParallelTable.h"
#include "core/modules/SelectTable.h"
#include "core/modules/Sequential.h"
#include "core/modules/Tanh.h"

using namespace nn;
using testing::make;

namespace {

void checkTensor(const Value& v, const Tensor& expected, float tolerance = 1e-5f) {
  REQUIRE(v.isTensor());
  INFO("got " << v.tensor().toString() << "\nexpected " << expected.toString());
  REQUIRE(v.tensor().sameShape(expected));
  CHECK(maxAbsDiff(v.tensor(), expected) <= tolerance);
}

// W x + b for a vector x, written out.
Tensor affine(const Linear& m, const Tensor& x) {
  Tensor y({m.outputSize()});
  for (int64_t o = 0; o < m.outputSize(); ++o) {
    float s = m.bias.at({o});
    for (int64_t i = 0; i < m.inputSize(); ++i) s += m.weight.at({o, i}) * x.at({i});
    y.at({o}) = s;
  }
  return y;
}

// W^T g for a vector g.
Tensor affineBack(const Linear& m, const Tensor& g) {
  Tensor x({m.inputSize()});
  for (int64_t i = 0; i < m.inputSize(); ++i) {
    float s = 0;
    for (int64_t o = 0; o < m.outputSize(); ++o) s += m.weight.at({o, i}) * g.at({o});
    x.at({i}) = s;
  }
  return x;
}

std::shared_ptr<Linear> linear(int64_t in, int64_t out) { return make<Linear>(in, out); }

// updateGradInput + accGradParameters(scale) must agree with backward (scale 1) scaled.
void checkSplitBackward(Module& m, const Value& input, const Value& gradOutput) {
  m.zeroGradParameters();
  m.forward(input);
  const Value viaBackward = cloneValue(m.backward(input, gradOutput));
  std::vector<Tensor> grads;
  for (const Tensor& g : m.parameters().second) grads.push_back(g.clone());
  m.zeroGradParameters();
  m.forward(input);
  const Value viaParts = cloneValue(m.updateGradInput(input, gradOutput));
  m.accGradParameters(input, gradOutput, 0.5f);
  CHECK(maxAbsDiff(viaBackward, viaParts) < 1e-6f);
  const auto after = m.parameters().second;
  REQUIRE(after.size() == grads.size());
  CHECK(!grads.empty());
  for (size_t i = 0; i < grads.size(); ++i) CHECK(maxAbsDiff(after[i], grads[i].clone().mul(0.5f)) < 1e-6f);
}

}  // namespace

// --- Sequential --------------------------------------------------------------------------------

TEST_CASE("container Sequential: output and gradients of Linear then Tanh, by formula") {
  auto lin = linear(2, 2);
  lin->weight.copy(Tensor::matrix({{1, 2}, {3, 4}}));
  lin->bias.copy(Tensor::vector({0.5f, -0.5f}));
  Sequential seq;
  seq.add(lin).add(make<Tanh>());
  const Tensor x = Tensor::vector({0.1f, -0.2f});
  // z = W x + b = (0.2, -1.0)
  const float y0 = std::tanh(0.2f), y1 = std::tanh(-1.0f);
  checkTensor(seq.forward(x), Tensor::vector({y0, y1}));
  seq.zeroGradParameters();
  const Tensor gy = Tensor::vector({1, -2});
  const float gz0 = 1 * (1 - y0 * y0), gz1 = -2 * (1 - y1 * y1);
  checkTensor(seq.backward(x, gy), Tensor::vector({gz0 + 3 * gz1, 2 * gz0 + 4 * gz1}));
  checkTensor(lin->gradWeight, Tensor::matrix({{0.1f * gz0, -0.2f * gz0}, {0.1f * gz1, -0.2f * gz1}}));
  checkTensor(lin->gradBias, Tensor::vector({gz0, gz1}));
}

TEST_CASE("container Sequential: gradient check, accumulation, and accGradParameters with the children's inputs") {
  manualSeed(21);
  Sequential seq;
  seq.add(linear(4, 3)).add(make<Tanh>()).add(linear(3, 2));
  const Tensor x = Tensor::uniform({5, 4}, -1, 1);
  testing::checkModuleGradients(seq, x);
  testing::checkAccumulation(seq, x, Tensor::uniform({5, 2}, -1, 1));
  checkSplitBackward(seq, x, Tensor::uniform({5, 2}, -1, 1));
  CHECK(seq.parameters().first.size() == 4);
}

TEST_CASE("container Sequential: empty passes the input through; add() chains; get() and size()") {
  Sequential seq;
  const Tensor x = Tensor::vector({1, 2});
  checkTensor(seq.forward(x), x);
  checkTensor(seq.backward(x, Tensor::vector({3, 4})), Tensor::vector({3, 4}));
  static_assert(std::is_same_v<decltype(seq.add(nullptr)), Sequential&>, "add returns the container");
  auto a = linear(2, 3);
  auto b = make<Tanh>();
  Sequential& same = seq.add(a).add(b);
  CHECK(&same == &seq);
  CHECK(seq.size() == 2);
  CHECK(seq.get(1) == a);
  CHECK(seq.get(2) == b);
  CHECK(seq.get(-1) == b);
  CHECK(seq.children().size() == 2);
  CHECK_THROWS_WITH_AS(seq.get(3), doctest::Contains("nn.Sequential: get(3): index out of range, the container has 2 modules (valid: 1..2 or -2..-1)"), Error);
  CHECK_THROWS_WITH_AS(seq.add(nullptr), doctest::Contains("add: expected a module"), Error);
}

TEST_CASE("container Sequential: toString prints the tree as Torch does") {
  Sequential seq;
  seq.add(make<Linear>(2, 3)).add(make<Tanh>());
  CHECK(seq.toString() ==
        "nn.Sequential {\n"
        "  [input -> (1) -> (2) -> output]\n"
        "  (1): nn.Linear(2 -> 3)\n"
        "  (2): nn.Tanh\n"
        "}");
  Sequential outer;
  ParallelTable par;
  par.add(make<Linear>(2, 2)).add(make<Tanh>());
  outer.add(std::make_shared<ParallelTable>(par)).add(make<CAddTable>());
  CHECK(outer.toString() ==
        "nn.Sequential {\n"
        "  [input -> (1) -> (2) -> output]\n"
        "  (1): nn.ParallelTable {\n"
        "    input\n"
        "      |`-> (1): nn.Linear(2 -> 2)\n"
        "       `-> (2): nn.Tanh\n"
        "       ... -> output\n"
        "  }\n"
        "  (2): nn.CAddTable\n"
        "}");
}

TEST_CASE("container Sequential: a child's error says which module of which container") {
  Sequential seq;
  seq.add(linear(3, 2)).add(linear(5, 1));
  CHECK_THROWS_WITH_AS(seq.forward(Tensor({3})), doctest::Contains("In module 2 of nn.Sequential: nn.Linear(5 -> 1)"), Error);
  Sequential outer;
  auto par = make<ParallelTable>();
  par->add(linear(3, 2)).add(linear(4, 2));
  outer.add(par).add(make<CAddTable>());
  CHECK_THROWS_WITH_AS(outer.forward(Value::table({Tensor({3}), Tensor({3})})),
                       doctest::Contains("In module 1 of nn.Sequential: In module 2 of nn.ParallelTable: nn.Linear(4 -> 2)"), Error);
}

// --- ParallelTable -----------------------------------------------------------------------------

TEST_CASE("container ParallelTable: child i on entry i, by formula") {
  manualSeed(22);
  auto l1 = linear(3, 2), l2 = linear(4, 1);
  ParallelTable par;
  par.add(l1).add(l2);
  const Tensor x1 = Tensor::uniform({3}, -1, 1), x2 = Tensor::uniform({4}, -1, 1);
  const Value x = Value::table({x1, x2});
  const Value& y = par.forward(x);
  REQUIRE(y.size() == 2);
  checkTensor(y[0], affine(*l1, x1));
  checkTensor(y[1], affine(*l2, x2));
  const Tensor g1 = Tensor::vector({1, -1}), g2 = Tensor::vector({2});
  const Value& g = par.backward(x, Value::table({g1, g2}));
  checkTensor(g[0], affineBack(*l1, g1));
  checkTensor(g[1], affineBack(*l2, g2));
  testing::checkModuleGradients(par, x);
  testing::checkAccumulation(par, x, Value::table({g1, g2}));
  checkSplitBackward(par, x, Value::table({g1, g2}));
}

TEST_CASE("container ParallelTable: the input must have one entry per module") {
  ParallelTable par;
  CHECK_THROWS_WITH_AS(par.forward(Value::table({Tensor({3})})), doctest::Contains("nn.ParallelTable: the container has no modules; add() some first"), Error);
  par.add(linear(3, 2)).add(linear(3, 2));
  CHECK_THROWS_WITH_AS(par.forward(Value::table({Tensor({3})})),
                       doctest::Contains("nn.ParallelTable: expected a table of 2 entries as input (one per module) but got a table of 1 {3}"), Error);
  CHECK_THROWS_WITH_AS(par.forward(Tensor({3})), doctest::Contains("but got a tensor of size 3"), Error);
  const Value x = Value::table({Tensor({3}), Tensor({3})});
  par.forward(x);
  CHECK_THROWS_WITH_AS(par.backward(x, Value::table({Tensor({2}), Tensor({2}), Tensor({2})})),
                       doctest::Contains("expected a table of 2 entries as gradOutput (one per module) but got a table of 3 {2, 2, 2}"), Error);
}

// --- ConcatTable -------------------------------------------------------------------------------

TEST_CASE("container ConcatTable: every child sees the input; gradInput is the sum") {
  ConcatTable ct;
  ct.add(make<Identity>()).add(make<Tanh>());
  const Tensor x = Tensor::vector({0.5f, -1});
  const Value& y = ct.forward(x);
  REQUIRE(y.size() == 2);
  checkTensor(y[0], x);
  checkTensor(y[1], Tensor::vector({std::tanh(0.5f), std::tanh(-1.0f)}));
  const Value& g = ct.backward(x, Value::table({Tensor::vector({1, 2}), Tensor::vector({3, 4})}));
  const float t0 = std::tanh(0.5f), t1 = std::tanh(-1.0f);
  checkTensor(g, Tensor::vector({1 + 3 * (1 - t0 * t0), 2 + 4 * (1 - t1 * t1)}));
  CHECK(ct.toString() ==
        "nn.ConcatTable {\n"
        "  input\n"
        "    |`-> (1): nn.Identity\n"
        "     `-> (2): nn.Tanh\n"
        "     ... -> output\n"
        "}");
  manualSeed(23);
  ConcatTable lins;
  lins.add(linear(3, 2)).add(linear(3, 4)).add(make<Tanh>());
  const Tensor xb = Tensor::uniform({2, 3}, -1, 1);
  testing::checkModuleGradients(lins, xb);
  const Value gy = Value::table({Tensor::uniform({2, 2}, -1, 1), Tensor::uniform({2, 4}, -1, 1), Tensor::uniform({2, 3}, -1, 1)});
  testing::checkAccumulation(lins, xb, gy);
  checkSplitBackward(lins, xb, gy);
  CHECK_THROWS_WITH_AS(lins.backward(xb, Value::table({Tensor({2, 2})})),
                       doctest::Contains("nn.ConcatTable: expected gradOutput to be a table of 3 entries (one per module) but got a table of 1 {2x2}"), Error);
}

TEST_CASE("container ConcatTable: a table input gets a table gradInput summed entry by entry") {
  ConcatTable ct;
  ct.add(make<SelectTable>(1)).add(make<SelectTable>(-1)).add(make<Identity>());
  const Value x = Value::table({Tensor::vector({1, 2}), Tensor::vector({3})});
  const Value& y = ct.forward(x);
  CHECK(y.describe() == "a table of 3 {2, 1, table of 2 {2, 1}}");
  const Value& g = ct.backward(x, Value::table({Tensor::vector({1, 1}), Tensor::vector({5}), Value::table({Tensor::vector({10, 20}), Tensor::vector({30})})}));
  REQUIRE(g.isTable());
  checkTensor(g[0], Tensor::vector({11, 21}));
  checkTensor(g[1], Tensor::vector({35}));
  manualSeed(24);
  testing::checkModuleGradients(ct, Value::table({Tensor::rand({2}), Tensor::rand({3})}));
}

// --- Concat ------------------------------------------------------------------------------------

TEST_CASE("container Concat: concatenates the children's outputs; gradInput sums their slices' gradients") {
  manualSeed(25);
  auto l1 = linear(3, 2), l2 = linear(3, 4);
  Concat cat1(1);
  cat1.add(l1).add(l2);
  const Tensor x = Tensor::uniform({3}, -1, 1);
  const Tensor a = affine(*l1, x), b = affine(*l2, x);
  const Value& y = cat1.forward(x);
  checkTensor(y, Tensor::vector({a.at({0}), a.at({1}), b.at({0}), b.at({1}), b.at({2}), b.at({3})}));
  const Tensor gy = Tensor::vector({1, 2, 3, 4, 5, 6});
  const Tensor ga = affineBack(*l1, Tensor::vector({1, 2})), gb = affineBack(*l2, Tensor::vector({3, 4, 5, 6}));
  Tensor expected = ga.clone().add(gb);
  checkTensor(cat1.backward(x, gy), expected);
  CHECK(cat1.toString().rfind("nn.Concat {\n  input\n    |`-> (1): nn.Linear(3 -> 2)", 0) == 0);
  CHECK(cat1.arguments().size() == 1);
}

TEST_CASE("container Concat: along dimension 2 of a batch (strided slices of gradOutput)") {
  manualSeed(26);
  Concat c(2);
  c.add(linear(3, 2)).add(make<Tanh>()).add(linear(3, 1));
  const Tensor x = Tensor::uniform({5, 3}, -1, 1);
  CHECK(c.forward(x).tensor().shapeString() == "5x6");
  testing::checkModuleGradients(c, x);
  const Tensor gy = Tensor::uniform({5, 6}, -1, 1);
  testing::checkAccumulation(c, x, gy);
  checkSplitBackward(c, x, gy);
}

TEST_CASE("container Concat: children's outputs of incompatible sizes are an error naming both") {
  Concat c(2);
  c.add(linear(3, 2)).add(linear(3, 4));
  CHECK_THROWS_WITH_AS(c.forward(Tensor({3})), doctest::Contains("nn.Concat(2): dimension 2 is out of range for the output of module 1, of size 2"), Error);
  Concat rows(1);
  rows.add(linear(3, 2)).add(linear(3, 4));
  CHECK_THROWS_WITH_AS(rows.forward(Tensor({5, 3})),
                       doctest::Contains("nn.Concat(1): module 2 output has size 5x4 but module 1 output has size 5x2; all sizes except dimension 1 must match"), Error);
  const Tensor x({3});
  rows.forward(x);
  CHECK_THROWS_WITH_AS(rows.backward(x, Tensor({5})), doctest::Contains("gradOutput must have the size of the output, 6, but got a tensor of size 5"), Error);
  CHECK_THROWS_WITH_AS(Concat(0), doctest::Contains("1-based"), Error);
}

// --- MapTable ----------------------------------------------------------------------------------

TEST_CASE("container MapTable: one module applied to every entry, parameters shared") {
  manualSeed(27);
  auto lin = linear(3, 2);
  MapTable map(lin);
  const Tensor x1 = Tensor::uniform({3}, -1, 1), x2 = Tensor::uniform({3}, -1, 1), x3 = Tensor::uniform({3}, -1, 1);
  const Value x = Value::table({x1, x2, x3});
  const Value& y = map.forward(x);
  REQUIRE(y.size() == 3);
  checkTensor(y[0], affine(*lin, x1));
  checkTensor(y[2], affine(*lin, x3));
  // The parameters are the module's once, not once per entry.
  CHECK(map.parameters().first.size() == 2);
  CHECK(map.children().size() == 1);
  map.zeroGradParameters();
  const Tensor g1 = Tensor::vector({1, 0}), g2 = Tensor::vector({0, 1}), g3 = Tensor::vector({2, 2});
  const Value& g = map.backward(x, Value::table({g1, g2, g3}));
  checkTensor(g[1], affineBack(*lin, g2));
  // gradWeight = sum_i g_i x_i^T, gradBias = sum_i g_i
  Tensor gw({2, 3});
  const Tensor* xs[] = {&x1, &x2, &x3};
  const Tensor* gs[] = {&g1, &g2, &g3};
  for (int k = 0; k < 3; ++k)
    for (int o = 0; o < 2; ++o)
      for (int i = 0; i < 3; ++i) gw.at({o, i}) += gs[k]->at({o}) * xs[k]->at({i});
  checkTensor(lin->gradWeight, gw);
  checkTensor(lin->gradBias, Tensor::vector({3, 3}));
  // Changing the module's weight changes what every entry sees.
  lin->weight.fill(0);
  lin->bias.fill(1);
  checkTensor(map.forward(x)[2], Tensor::vector({1, 1}));
  manualSeed(28);
  lin->reset();
  testing::checkModuleGradients(map, x);
  testing::checkAccumulation(map, x, Value::table({g1, g2, g3}));
  checkSplitBackward(map, x, Value::table({g1, g2, g3}));
  // Modules with only some of weight/bias/gradWeight/gradBias share what they have.
  auto noBias = make<Linear>(3, 2, false);
  MapTable mapNoBias(noBias);
  testing::checkModuleGradients(mapNoBias, x);
  noBias->weight.fill(1);
  checkTensor(mapNoBias.forward(x)[2], Tensor::vector({x3.at({0}) + x3.at({1}) + x3.at({2}), x3.at({0}) + x3.at({1}) + x3.at({2})}));
  // A longer table later makes more clones, still shared.
  const Value x4 = Value::table({x1, x2, x3, Tensor::uniform({3}, -1, 1)});
  CHECK(map.forward(x4).size() == 4);
  testing::checkModuleGradients(map, x4);
}

TEST_CASE("container MapTable: built empty (as the registry does), then given its module") {
  ModulePtr m = createModule("MapTable", {});
  auto* map = dynamic_cast<MapTable*>(m.get());
  REQUIRE(map);
  CHECK(map->toString() == "nn.MapTable { }");
  CHECK_THROWS_WITH_AS(map->forward(Value::table({Tensor({2})})), doctest::Contains("nn.MapTable: no module to map; set one with add() or setModule()"), Error);
  static_assert(std::is_same_v<decltype(map->add(nullptr)), MapTable&>, "add returns the container");
  map->add(make<Tanh>());
  CHECK(map->toString() == "nn.MapTable {\n  nn.Tanh\n}");
  CHECK_THROWS_WITH_AS(map->add(make<Tanh>()), doctest::Contains("MapTable maps a single module and already has nn.Tanh"), Error);
  checkTensor(map->forward(Value::table({Tensor::vector({0.5f}), Tensor::vector({-1})}))[1], Tensor::vector({std::tanh(-1.0f)}));
  map->setModule(linear(2, 1));
  CHECK(map->forward(Value::table({Tensor({2}), Tensor({2})}))[1].tensor().shapeString() == "1");
  CHECK_THROWS_WITH_AS(map->forward(Value::table({Tensor({2}), Tensor({3})})), doctest::Contains("In module 2 of nn.MapTable: nn.Linear(2 -> 1)"), Error);
  CHECK_THROWS_WITH_AS(map->forward(Tensor({2})), doctest::Contains("nn.MapTable: expected a table input but got a tensor of size 2"), Error);
  Sequential seq;
  seq.add(make<Linear>(2, 2));
  MapTable nested(std::make_shared<Sequential>(seq));
  CHECK(nested.toString() ==
        "nn.MapTable {\n"
        "  nn.Sequential {\n"
        "          [input -> (1) -> output]\n"
        "          (1): nn.Linear(2 -> 2)\n"
        "        }\n"
        "}");
}

TEST_CASE("container MapTable: a clone maps its own copy of the module") {
  manualSeed(29);
  auto lin = linear(2, 2);
  MapTable map(lin);
  const Value x = Value::table({Tensor::vector({1, 2}), Tensor::vector({3, 4})});
  map.forward(x);
  ModulePtr copy = map.clone();
  const Tensor before = copy->forward(x)[1].tensor().clone();
  lin->weight.fill(5);
  map.forward(x);
  checkTensor(copy->forward(x)[1], before);  // the copy did not follow the original
  auto copyLinear = std::dynamic_pointer_cast<Linear>(copy->children()[0]);
  REQUIRE(copyLinear);
  copyLinear->weight.fill(0);
  copyLinear->bias.fill(2);
  checkTensor(copy->forward(x)[1], Tensor::vector({2, 2}));  // its clones share its parameters
}

// --- Across containers -------------------------------------------------------------------------

TEST_CASE("container nesting: gradient check through nested tables and several containers") {
  manualSeed(30);
  // {a, {b, c}} -> {a, b * c} -> {tanh a, Linear(b * c)} -> sum
  auto inner = make<Sequential>();
  inner->add(make<SelectTable>(2)).add(make<CMulTable>());
  auto split = make<ConcatTable>();
  split->add(make<SelectTable>(1)).add(inner);
  auto par = make<ParallelTable>();
  par->add(make<Tanh>()).add(linear(3, 3));
  Sequential seq;
  seq.add(split).add(par).add(make<CAddTable>());
  const Value x = Value::table({Tensor::uniform({2, 3}, -1, 1), Value::table({Tensor::uniform({2, 3}, -1, 1), Tensor::uniform({2, 3}, -1, 1)})});
  CHECK(seq.forward(x).tensor().shapeString() == "2x3");
  testing::checkModuleGradients(seq, x);
  const Tensor gy = Tensor::uniform({2, 3}, -1, 1);
  testing::checkAccumulation(seq, x, gy);
  checkSplitBackward(seq, x, gy);
  const Value& g = seq.backward(x, gy);
  CHECK(g.sameStructure(x));

  // MapTable over a Sequential, then flattened and joined by a sum.
  auto body = make<Sequential>();
  body->add(linear(2, 2)).add(make<Tanh>());
  Sequential mapped;
  mapped.add(make<MapTable>(body)).add(make<CAddTable>());
  testing::checkModuleGradients(mapped, Value::table({Tensor::rand({2}), Tensor::rand({2}), Tensor::rand({2})}));
}

TEST_CASE("container clone: deep by default; clone(weight, bias) shares parameters of every child") {
  manualSeed(31);
  auto l1 = linear(2, 2), l2 = linear(2, 1);
  Sequential seq;
  seq.add(l1).add(make<Tanh>()).add(l2);
  const Tensor x = Tensor::vector({0.3f, -0.7f});
  const Tensor y = seq.forward(x).tensor().clone();

  ModulePtr deep = seq.clone();
  REQUIRE(deep->children().size() == 3);
  CHECK(deep->children()[0] != l1);
  checkTensor(deep->forward(x), y);
  auto deepL1 = std::dynamic_pointer_cast<Linear>(deep->children()[0]);
  deepL1->weight.fill(0);
  checkTensor(seq.forward(x), y);  // the original is untouched
  CHECK(deep->toString() == seq.toString());

  ModulePtr shared = seq.clone({"weight", "bias"});
  auto sharedL2 = std::dynamic_pointer_cast<Linear>(shared->children()[2]);
  CHECK(sharedL2->weight.sameStorage(l2->weight));
  CHECK_FALSE(sharedL2->gradWeight.sameStorage(l2->gradWeight));
  sharedL2->bias.fill(10);
  CHECK(l2->bias.at({0}) == 10);
  checkTensor(shared->forward(x), seq.forward(x).tensor().clone());
}

TEST_CASE("container training/evaluate: propagates to every child, MapTable's clones included") {
  auto countZeros = [](const Tensor& t) {
    int zeros = 0;
    for (float v : t.toVector()) zeros += v == 0.0f;
    return zeros;
  };
  const Tensor ones = Tensor::ones({400});

  // Sequential{ConcatTable{Dropout, Identity}, ParallelTable{Dropout, MapTable(Dropout) over a
  // one-entry table}}: every Dropout in it must follow the outer training()/evaluate().
  auto d1 = make<Dropout>(0.5), d2 = make<Dropout>(0.5);
  auto concat = make<ConcatTable>();
  concat->add(d1).add(make<Identity>());
  auto par = make<ParallelTable>();
  par->add(d2).add(make<Identity>());
  Sequential seq;
  seq.add(concat).add(par);
  manualSeed(32);
  CHECK(countZeros(seq.forward(ones)[0].tensor()) > 100);
  seq.evaluate();
  CHECK_FALSE(seq.isTraining());
  CHECK_FALSE(d1->isTraining());
  CHECK_FALSE(d2->isTraining());
  CHECK(countZeros(seq.forward(ones)[0].tensor()) == 0);
  seq.training();
  CHECK(d1->isTraining());
  CHECK(d2->isTraining());

  // MapTable: the clones made for entries 2.. follow too, whether made before or after.
  auto map = make<MapTable>(make<Dropout>(0.5));
  Sequential seq2;
  seq2.add(map);
  manualSeed(33);
  const Value trainOut = cloneValue(seq2.forward(Value::table({ones, ones, ones})));
  for (size_t i = 0; i < 3; ++i) CHECK(countZeros(trainOut[i].tensor()) > 100);
  seq2.evaluate();
  CHECK_FALSE(map->isTraining());
  CHECK_FALSE(map->module()->isTraining());
  const Value& evalOut = seq2.forward(Value::table({ones, ones, ones, ones}));
  for (size_t i = 0; i < 4; ++i) CHECK(countZeros(evalOut[i].tensor()) == 0);
  seq2.training();
  CHECK(map->module()->isTraining());
  manualSeed(34);
  const Value& again = seq2.forward(Value::table({ones, ones, ones, ones}));
  for (size_t i = 0; i < 4; ++i) CHECK(countZeros(again[i].tensor()) > 100);
}

TEST_CASE("container registry: Sequential, ParallelTable, ConcatTable, Concat(dim), MapTable are built by name") {
  for (const char* name : {"Sequential", "ParallelTable", "ConcatTable", "MapTable"}) {
    ModulePtr m = createModule(name, {});
    CHECK(m->typeName() == std::string("nn.") + name);
    CHECK(m->children().empty());
  }
  ModulePtr c = createModule("Concat", {2});
  CHECK(c->arguments().size() == 1);
  CHECK(createModule("Concat", c->arguments())->toString() == c->toString());
  CHECK_THROWS_AS(createModule("Concat", {}), Error);
  CHECK_THROWS_AS(createModule("Sequential", {1}), Error);
}

TEST_CASE("container add: through a Container& each container keeps its own rules") {
  ModulePtr m = createModule("MapTable", {});
  Container& c = dynamic_cast<Container&>(*m);
  c.add(make<Tanh>());
  CHECK_THROWS_WITH_AS(c.add(make<Tanh>()), doctest::Contains("MapTable maps a single module"), Error);
  CHECK(c.size() == 1);
  ModulePtr s = createModule("Sequential", {});
  Container& sc = dynamic_cast<Container&>(*s);
  CHECK(&sc.add(make<Tanh>()).add(make<Tanh>()) == &sc);
  CHECK(sc.size() == 2);
}
