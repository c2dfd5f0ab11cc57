// Table modules: elementwise ops over tables, JoinTable/SplitTable, NarrowTable, FlattenTable,
// SelectTable. Expected values are computed by hand (or by a direct formula here).
#include "tests/core/testing.h"

#include "core/modules/CAddTable.h"
#include "core/modules/CDivTable.h"
#include "core/modules/CMaxTable.h"
#include "core/modules/CMinTable.h"
#include "core/modules/CMulTable.h"
#include "core/modules/CSubTable.h"
#include "core/modules/FlattenTable.h"
#include "core/modules/JoinTable.h"
#include "core/modules/NarrowTable.h"
#include "core/modules/SelectTable.h"
#include "core/modules/SplitTable.h"

using namespace nn;

namespace {

void checkTensor(const Value& v, const Tensor& expected, float tolerance = 1e-6f) {
  REQUIRE(v.isTensor());
  INFO("got " << v.tensor().toString() << "\nexpected " << expected.toString());
  REQUIRE(v.tensor().sameShape(expected));
  CHECK(maxAbsDiff(v.tensor(), expected) <= tolerance);
}

Value randTable(std::initializer_list<Shape> shapes) {
  std::vector<Value> entries;
  for (const Shape& s : shapes) entries.push_back(Tensor::uniform(s, -1, 1));
  return Value(entries);
}

}  // namespace

// --- CAddTable / CSubTable / CMulTable / CDivTable ------------------------------------------

TEST_CASE("module CAddTable: sums the entries; every entry gets gradOutput") {
  CAddTable m;
  const Value x = Value::table({Tensor::vector({1, 2, 3}), Tensor::vector({10, 20, 30}), Tensor::vector({-1, 0, 1})});
  checkTensor(m.forward(x), Tensor::vector({10, 22, 34}));
  const Value& g = m.backward(x, Tensor::vector({1, -2, 3}));
  REQUIRE(g.size() == 3);
  for (size_t i = 0; i < 3; ++i) checkTensor(g[i], Tensor::vector({1, -2, 3}));
  manualSeed(3);
  testing::checkModuleGradients(m, randTable({{2, 3}, {2, 3}, {2, 3}}));
  CHECK_THROWS_WITH_AS(m.forward(Value::table({Tensor({2, 3}), Tensor({3, 2})})),
                       doctest::Contains("table entry 2 has size 3x2 but entry 1 has size 2x3"), Error);
}

TEST_CASE("module CSubTable: input[1] - input[2], gradients gradOutput and -gradOutput") {
  CSubTable m;
  const Value x = Value::table({Tensor::matrix({{1, 2}, {3, 4}}), Tensor::matrix({{4, 6}, {8, 10}})});
  checkTensor(m.forward(x), Tensor::matrix({{-3, -4}, {-5, -6}}));
  const Value& g = m.backward(x, Tensor::matrix({{1, 2}, {3, 4}}));
  checkTensor(g[0], Tensor::matrix({{1, 2}, {3, 4}}));
  checkTensor(g[1], Tensor::matrix({{-1, -2}, {-3, -4}}));
  manualSeed(4);
  testing::checkModuleGradients(m, randTable({{3, 4}, {3, 4}}));
}

TEST_CASE("module CSubTable: a table of three, or of different sizes, is an error") {
  CSubTable m;
  CHECK_THROWS_WITH_AS(m.forward(Value::table({Tensor({3}), Tensor({3}), Tensor({3})})),
                       doctest::Contains("nn.CSubTable: expected a table of 2 tensors as input but got a table of 3 {3, 3, 3}"), Error);
  CHECK_THROWS_WITH_AS(m.forward(Value::table({Tensor({3}), Tensor({4})})),
                       doctest::Contains("table entry 2 has size 4 but entry 1 has size 3"), Error);
  CHECK_THROWS_WITH_AS(m.forward(Tensor({3})), doctest::Contains("expected a table of 2 tensors as input but got a tensor of size 3"), Error);
  m.forward(Value::table({Tensor({3}), Tensor({3})}));
  CHECK_THROWS_WITH_AS(m.backward(Value::table({Tensor({3}), Tensor({3})}), Tensor({2})),
                       doctest::Contains("gradOutput must have the size of the output, 3, but got a tensor of size 2"), Error);
}

TEST_CASE("module CMulTable: product of all entries; gradient is gradOutput times the other entries") {
  CMulTable m;
  const Value x = Value::table({Tensor::vector({1, 2}), Tensor::vector({3, 4}), Tensor::vector({5, 6})});
  checkTensor(m.forward(x), Tensor::vector({15, 48}));
  const Value& g = m.backward(x, Tensor::vector({1, 2}));
  checkTensor(g[0], Tensor::vector({15, 48}));  // 1*3*5, 2*4*6
  checkTensor(g[1], Tensor::vector({5, 24}));   // 1*1*5, 2*2*6
  checkTensor(g[2], Tensor::vector({3, 16}));   // 1*1*3, 2*2*4
  manualSeed(5);
  testing::checkModuleGradients(m, randTable({{2, 3}, {2, 3}, {2, 3}}));
  testing::checkModuleGradients(m, randTable({{4}, {4}}));
}

TEST_CASE("module CMulTable: a zero entry still gives the exact gradient to the others' partner") {
  CMulTable m;
  const Value x = Value::table({Tensor::vector({0, 2}), Tensor::vector({3, 0})});
  checkTensor(m.forward(x), Tensor::vector({0, 0}));
  const Value& g = m.backward(x, Tensor::vector({1, 1}));
  checkTensor(g[0], Tensor::vector({3, 0}));
  checkTensor(g[1], Tensor::vector({0, 2}));
}

TEST_CASE("module CMulTable: a one-entry table gives a copy and gradOutput back") {
  CMulTable m;
  Tensor a = Tensor::vector({2, 3});
  const Value x = Value::table({a});
  checkTensor(m.forward(x), a);
  CHECK_FALSE(m.output.tensor().sameStorage(a));
  checkTensor(m.backward(x, Tensor::vector({5, 7}))[0], Tensor::vector({5, 7}));
}

TEST_CASE("module CDivTable: input[1] / input[2]; gradients 1/b and -a/b^2") {
  CDivTable m;
  const Value x = Value::table({Tensor::vector({6, 8, -3}), Tensor::vector({2, 4, 0.5f})});
  checkTensor(m.forward(x), Tensor::vector({3, 2, -6}));
  const Value& g = m.backward(x, Tensor::vector({1, 2, 1}));
  checkTensor(g[0], Tensor::vector({0.5f, 0.5f, 2}));
  checkTensor(g[1], Tensor::vector({-6.0f / 4, -2 * 8.0f / 16, 3.0f / 0.25f}));
  manualSeed(6);
  Tensor a = Tensor::uniform({3, 2}, -1, 1), b = Tensor::uniform({3, 2}, 1, 2);
  testing::checkModuleGradients(m, Value::table({a, b}));
  CHECK_THROWS_WITH_AS(m.forward(Value::table({a})),
                       doctest::Contains("nn.CDivTable: expected a table of 2 tensors as input but got a table of 1 {3x2}"), Error);
}

// --- CMaxTable / CMinTable ---------------------------------------------------------------------

TEST_CASE("module CMaxTable: elementwise maximum; the gradient goes to the first entry holding it") {
  CMaxTable m;
  const Value x = Value::table({Tensor::vector({1, 5, 3, 0}), Tensor::vector({4, 2, 3, 0}), Tensor::vector({2, 5, 1, 7})});
  checkTensor(m.forward(x), Tensor::vector({4, 5, 3, 7}));
  const Value& g = m.backward(x, Tensor::vector({10, 20, 30, 40}));
  REQUIRE(g.size() == 3);
  checkTensor(g[0], Tensor::vector({0, 20, 30, 0}));  // ties (5 with entry 3, 3 with entry 2) go to entry 1
  checkTensor(g[1], Tensor::vector({10, 0, 0, 0}));
  checkTensor(g[2], Tensor::vector({0, 0, 0, 40}));
  manualSeed(7);
  testing::checkModuleGradients(m, randTable({{3, 4}, {3, 4}, {3, 4}}));
  CHECK_THROWS_WITH_AS(m.forward(Value::table({Tensor({2}), Value::table({Tensor({2})})})),
                       doctest::Contains("nn.CMaxTable: table entry 2 must be a tensor but is a table of 1 {2}"), Error);
}

TEST_CASE("module CMinTable: elementwise minimum; the gradient goes to the first entry holding it") {
  CMinTable m;
  const Value x = Value::table({Tensor::vector({1, 5, 3}), Tensor::vector({4, 2, 3})});
  checkTensor(m.forward(x), Tensor::vector({1, 2, 3}));
  const Value& g = m.backward(x, Tensor::vector({10, 20, 30}));
  checkTensor(g[0], Tensor::vector({10, 0, 30}));
  checkTensor(g[1], Tensor::vector({0, 20, 0}));
  manualSeed(8);
  testing::checkModuleGradients(m, randTable({{5}, {5}, {5}, {5}}));
  CHECK_THROWS_WITH_AS(m.forward(Value::table()), doctest::Contains("nn.CMinTable: expected a non-empty table"), Error);
  CHECK(m.toString() == "nn.CMinTable");
  CHECK(m.clone()->typeName() == "nn.CMinTable");
}

// --- SelectTable -------------------------------------------------------------------------------

TEST_CASE("module SelectTable: picks an entry; gradInput is zero elsewhere, mirroring nested entries") {
  Tensor a = Tensor::vector({1, 2}), b = Tensor::matrix({{3, 4}}), c = Tensor::vector({5});
  const Value x = Value::table({a, Value::table({b, c})});
  SelectTable first(1);
  checkTensor(first.forward(x), a);
  const Value& g = first.backward(x, Tensor::vector({7, 8}));
  checkTensor(g[0], Tensor::vector({7, 8}));
  REQUIRE(g[1].isTable());
  checkTensor(g[1][0], Tensor::matrix({{0, 0}}));
  checkTensor(g[1][1], Tensor::vector({0}));
  SelectTable second(2);
  const Value& y = second.forward(x);
  REQUIRE(y.isTable());
  CHECK(y.describe() == "a table of 2 {1x2, 1}");
  manualSeed(9);
  testing::checkModuleGradients(second, Value::table({Tensor::rand({2}), Value::table({Tensor::rand({1, 2}), Tensor::rand({3})})}));
}

TEST_CASE("module SelectTable: negative index counts from the end") {
  const Value x = Value::table({Tensor::vector({1}), Tensor::vector({2}), Tensor::vector({3})});
  SelectTable last(-1), secondLast(-2), firstFromEnd(-3);
  checkTensor(last.forward(x), Tensor::vector({3}));
  checkTensor(secondLast.forward(x), Tensor::vector({2}));
  checkTensor(firstFromEnd.forward(x), Tensor::vector({1}));
  const Value& g = last.backward(x, Tensor::vector({9}));
  checkTensor(g[0], Tensor::vector({0}));
  checkTensor(g[1], Tensor::vector({0}));
  checkTensor(g[2], Tensor::vector({9}));
  CHECK(last.toString() == "nn.SelectTable(-1)");
  SelectTable tooFar(-4);
  CHECK_THROWS_WITH_AS(tooFar.forward(x), doctest::Contains("index -4 is out of range for a table of 3 {1, 1, 1} (valid: 1..3 or -3..-1)"), Error);
  CHECK_THROWS_WITH_AS(SelectTable(0), doctest::Contains("indices are 1-based"), Error);
}

// --- JoinTable ---------------------------------------------------------------------------------

TEST_CASE("module JoinTable: concatenates along a dimension; gradInput is the matching slices") {
  Tensor a = Tensor::matrix({{1, 2}, {3, 4}}), b = Tensor::matrix({{5, 6}});
  JoinTable rows(1);
  const Value x = Value::table({a, b});
  checkTensor(rows.forward(x), Tensor::matrix({{1, 2}, {3, 4}, {5, 6}}));
  const Value& g = rows.backward(x, Tensor::matrix({{10, 20}, {30, 40}, {50, 60}}));
  checkTensor(g[0], Tensor::matrix({{10, 20}, {30, 40}}));
  checkTensor(g[1], Tensor::matrix({{50, 60}}));

  JoinTable cols(2);
  const Value y = Value::table({a, Tensor::matrix({{7}, {8}})});
  checkTensor(cols.forward(y), Tensor::matrix({{1, 2, 7}, {3, 4, 8}}));
  JoinTable last(-1);
  checkTensor(last.forward(y), Tensor::matrix({{1, 2, 7}, {3, 4, 8}}));
  manualSeed(10);
  testing::checkModuleGradients(cols, randTable({{3, 2}, {3, 1}, {3, 4}}));
  testing::checkModuleGradients(rows, randTable({{1, 2}, {3, 2}}));
}

TEST_CASE("module JoinTable: with nInputDims a batch joins along dimension + 1, as Torch") {
  JoinTable m(1, 1);
  CHECK(m.toString() == "nn.JoinTable(1, 1)");
  // Not a batch: 1-D inputs join along dimension 1.
  checkTensor(m.forward(Value::table({Tensor::vector({1, 2}), Tensor::vector({3})})), Tensor::vector({1, 2, 3}));
  // A batch of 2: 2-D inputs join along dimension 2.
  const Value batch = Value::table({Tensor::matrix({{1, 2}, {3, 4}}), Tensor::matrix({{5}, {6}})});
  checkTensor(m.forward(batch), Tensor::matrix({{1, 2, 5}, {3, 4, 6}}));
  manualSeed(11);
  testing::checkModuleGradients(m, randTable({{2, 3}, {2, 2}}));
}

TEST_CASE("module JoinTable: a one-element table gives a copy of its tensor") {
  JoinTable m(1);
  Tensor a = Tensor::vector({1, 2, 3});
  const Value x = Value::table({a});
  checkTensor(m.forward(x), a);
  CHECK_FALSE(m.output.tensor().sameStorage(a));
  const Value& g = m.backward(x, Tensor::vector({4, 5, 6}));
  REQUIRE(g.size() == 1);
  checkTensor(g[0], Tensor::vector({4, 5, 6}));
}

TEST_CASE("module JoinTable: incompatible sizes name the entry and both sizes") {
  JoinTable m(1);
  CHECK_THROWS_WITH_AS(m.forward(Value::table({Tensor({2, 2}), Tensor({3, 2}), Tensor({1, 3})})),
                       doctest::Contains("nn.JoinTable(1): table entry 3 has size 1x3 but entry 1 has size 2x2; all sizes except dimension 1 must match"), Error);
  CHECK_THROWS_WITH_AS(m.forward(Value::table({Tensor({2, 2}), Tensor({2})})),
                       doctest::Contains("table entry 2 has size 2 but entry 1 has size 2x2"), Error);
  JoinTable three(3);
  CHECK_THROWS_WITH_AS(three.forward(Value::table({Tensor({2, 2})})),
                       doctest::Contains("nn.JoinTable(3): cannot join along dimension 3 tensors of size 2x2 (valid: 1..2 or -2..-1)"), Error);
  CHECK_THROWS_WITH_AS(m.forward(Tensor({2})), doctest::Contains("expected a table input but got a tensor of size 2"), Error);
  m.forward(Value::table({Tensor({2}), Tensor({3})}));
  CHECK_THROWS_WITH_AS(m.backward(Value::table({Tensor({2}), Tensor({3})}), Tensor({4})),
                       doctest::Contains("gradOutput must have the size of the output, 5, but got a tensor of size 4"), Error);
  CHECK_THROWS_WITH_AS(JoinTable(0), doctest::Contains("dimensions are 1-based"), Error);
}

// --- SplitTable --------------------------------------------------------------------------------

TEST_CASE("module SplitTable: a tensor becomes the table of its slices; gradients are reassembled") {
  Tensor x = Tensor::matrix({{1, 2, 3}, {4, 5, 6}});
  SplitTable rows(1);
  const Value& r = rows.forward(x);
  REQUIRE(r.size() == 2);
  checkTensor(r[0], Tensor::vector({1, 2, 3}));
  checkTensor(r[1], Tensor::vector({4, 5, 6}));
  SplitTable cols(2);
  const Value& c = cols.forward(x);
  REQUIRE(c.size() == 3);
  checkTensor(c[2], Tensor::vector({3, 6}));
  const Value& g = cols.backward(x, Value::table({Tensor::vector({1, 2}), Tensor::vector({3, 4}), Tensor::vector({5, 6})}));
  checkTensor(g, Tensor::matrix({{1, 3, 5}, {2, 4, 6}}));
  SplitTable last(-1);
  CHECK(last.forward(x).size() == 3);
  manualSeed(12);
  testing::checkModuleGradients(cols, Tensor::uniform({2, 3, 2}, -1, 1));
  testing::checkModuleGradients(last, Tensor::uniform({2, 3, 2}, -1, 1));
}

TEST_CASE("module SplitTable: with nInputDims a batch splits along dimension + 1, as Torch") {
  SplitTable m(1, 1);
  CHECK(m.toString() == "nn.SplitTable(1, 1)");
  // A batch of two 3-vectors: three entries of size 2 (one per feature).
  const Value& y = m.forward(Tensor::matrix({{1, 2, 3}, {4, 5, 6}}));
  REQUIRE(y.size() == 3);
  checkTensor(y[0], Tensor::vector({1, 4}));
  // One 3-vector: three one-element tensors (Torch would give numbers).
  const Value& z = m.forward(Tensor::vector({7, 8, 9}));
  REQUIRE(z.size() == 3);
  checkTensor(z[1], Tensor::vector({8}));
  manualSeed(13);
  testing::checkModuleGradients(m, Tensor::uniform({4}, -1, 1));
  testing::checkModuleGradients(m, Tensor::uniform({2, 4}, -1, 1));
}

TEST_CASE("module SplitTable: wrong dimension or gradOutput is an error naming the sizes") {
  SplitTable m(3);
  CHECK_THROWS_WITH_AS(m.forward(Tensor({2, 3})), doctest::Contains("nn.SplitTable(3): cannot split along dimension 3 a tensor of size 2x3"), Error);
  SplitTable rows(1);
  Tensor x({2, 3});
  rows.forward(x);
  CHECK_THROWS_WITH_AS(rows.backward(x, Value::table({Tensor({3})})),
                       doctest::Contains("expected gradOutput to be a table of 2 tensors of size 3 (one per slice) but got a table of 1 {3}"), Error);
  CHECK_THROWS_WITH_AS(rows.backward(x, Value::table({Tensor({3}), Tensor({2})})),
                       doctest::Contains("gradOutput entry 2 must have the size of a slice, 3, but is a tensor of size 2"), Error);
}

// --- NarrowTable -------------------------------------------------------------------------------

TEST_CASE("module NarrowTable: a range of entries; gradInput zero outside it") {
  const Value x = Value::table({Tensor::vector({1}), Tensor::vector({2, 2}), Value::table({Tensor::vector({3})}), Tensor::vector({4})});
  NarrowTable m(2, 2);
  CHECK(m.toString() == "nn.NarrowTable(2, 2)");
  const Value& y = m.forward(x);
  REQUIRE(y.size() == 2);
  checkTensor(y[0], Tensor::vector({2, 2}));
  CHECK(y[1].describe() == "a table of 1 {1}");
  const Value& g = m.backward(x, Value::table({Tensor::vector({5, 6}), Value::table({Tensor::vector({7})})}));
  REQUIRE(g.size() == 4);
  checkTensor(g[0], Tensor::vector({0}));
  checkTensor(g[1], Tensor::vector({5, 6}));
  checkTensor(g[2][0], Tensor::vector({7}));
  checkTensor(g[3], Tensor::vector({0}));
  NarrowTable one(3);
  CHECK(one.toString() == "nn.NarrowTable(3, 1)");
  CHECK(one.forward(x).size() == 1);
  manualSeed(14);
  testing::checkModuleGradients(m, randTable({{2}, {3}, {1, 2}, {2}}));
}

TEST_CASE("module NarrowTable: a range past the end of the table is an error") {
  NarrowTable m(2, 3);
  CHECK_THROWS_WITH_AS(m.forward(Value::table({Tensor({1}), Tensor({1}), Tensor({1})})),
                       doctest::Contains("nn.NarrowTable(2, 3): entries 2..4 do not exist in a table of 3 {1, 1, 1}"), Error);
  CHECK_THROWS_WITH_AS(NarrowTable(0), doctest::Contains("offset is 1-based"), Error);
  const Value x = Value::table({Tensor({1}), Tensor({2}), Tensor({3}), Tensor({4})});
  m.forward(x);
  CHECK_THROWS_WITH_AS(m.backward(x, Value::table({Tensor({2}), Tensor({3})})),
                       doctest::Contains("expected gradOutput to be a table of 3 entries"), Error);
  CHECK_THROWS_WITH_AS(m.backward(x, Value::table({Tensor({2}), Tensor({3}), Tensor({5})})),
                       doctest::Contains("gradOutput entry 3 is a tensor of size 5 but input entry 4 is a tensor of size 4"), Error);
}

// --- FlattenTable ------------------------------------------------------------------------------

TEST_CASE("module FlattenTable: nested tables become one flat table; gradInput is re-nested") {
  Tensor a = Tensor::vector({1}), b = Tensor::vector({2, 2}), c = Tensor::vector({3}), d = Tensor::vector({4});
  const Value x = Value::table({a, Value::table({b, Value::table({c}), Value::table()}), d});
  FlattenTable m;
  const Value& y = m.forward(x);
  REQUIRE(y.size() == 4);
  checkTensor(y[0], a);
  checkTensor(y[1], b);
  checkTensor(y[2], c);
  checkTensor(y[3], d);
  const Value& g = m.backward(x, Value::table({Tensor::vector({5}), Tensor::vector({6, 6}), Tensor::vector({7}), Tensor::vector({8})}));
  CHECK(g.sameStructure(x));
  checkTensor(g[0], Tensor::vector({5}));
  checkTensor(g[1][0], Tensor::vector({6, 6}));
  checkTensor(g[1][1][0], Tensor::vector({7}));
  CHECK(g[1][2].describe() == "a table of 0 {}");
  checkTensor(g[2], Tensor::vector({8}));
  manualSeed(15);
  testing::checkModuleGradients(m, Value::table({Tensor::rand({2}), Value::table({Tensor::rand({3}), Value::table({Tensor::rand({1, 2})})})}));
  CHECK_THROWS_WITH_AS(m.forward(a), doctest::Contains("nn.FlattenTable: expected a table input but got a tensor of size 1"), Error);
  m.forward(x);
  CHECK_THROWS_WITH_AS(m.backward(x, Value::table({Tensor({1}), Tensor({2})})),
                       doctest::Contains("expected gradOutput to be a table of 4 tensors, like the output, but got a table of 2 {1, 2}"), Error);
  CHECK_THROWS_WITH_AS(m.backward(x, Value::table({Tensor({1}), Tensor({3}), Tensor({1}), Tensor({1})})),
                       doctest::Contains("gradOutput entry 2 must have the size of output entry 2, 2, but is a tensor of size 3"), Error);
}

// --- Through the registry ----------------------------------------------------------------------

TEST_CASE("module table modules: registry builds them with Torch's arguments, and arguments() rebuilds them") {
  const std::vector<std::pair<std::string, Args>> cases = {
      {"CSubTable", {}}, {"CMulTable", {}}, {"CDivTable", {}}, {"CMaxTable", {}}, {"CMinTable", {}},
      {"JoinTable", {2}}, {"JoinTable", {-1, 2}}, {"SplitTable", {1}}, {"SplitTable", {2, 1}},
      {"NarrowTable", {2}}, {"NarrowTable", {1, 3}}, {"FlattenTable", {}}};
  for (const auto& [name, args] : cases) {
    ModulePtr m = createModule(name, args);
    CHECK(m->typeName() == "nn." + name);
    ModulePtr again = createModule(name, m->arguments());
    CHECK(again->toString() == m->toString());
  }
  CHECK(createModule("NarrowTable", {2})->toString() == "nn.NarrowTable(2, 1)");
  CHECK(createModule("JoinTable", {2, 1})->toString() == "nn.JoinTable(2, 1)");
  CHECK_THROWS_AS(createModule("JoinTable", {}), Error);
}
