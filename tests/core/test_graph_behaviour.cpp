// How gModule behaves where nngraph was unclear or where the playground relies on it: one-element
// tables, fan-out through nested tables, the recorded gradient contributions, clone(), DOT export.
#include "tests/core/testing.h"

#include <cmath>
#include <string>

#include "core/modules/CAddTable.h"
#include "core/modules/Identity.h"
#include "core/modules/Linear.h"
#include "core/modules/Tanh.h"

using namespace nn;

namespace {

using testing::call;
using testing::callTable;
using testing::input;
bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// 1 - tanh(v)^2, elementwise: the derivative of tanh, computed here without the module.
Tensor tanhDerivative(const Tensor& v) {
  std::vector<float> d = v.toVector();
  for (float& e : d) e = 1.0f - std::tanh(e) * std::tanh(e);
  return Tensor::fromData(d, v.sizes());
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// One-element tables

TEST_CASE("graph: m({x}) gives the module a one-element table (CAddTable of one tensor)") {
  auto x = input();
  auto sum = callTable("CAddTable", {}, {x});
  CHECK(sum->receivesTable());
  gModule g({x}, {sum});
  Tensor in = Tensor::randn({2, 3});
  CHECK(maxAbsDiff(g.forward(in).tensor(), in) == 0);
  REQUIRE(sum->lastInput().isTable());
  CHECK(sum->lastInput().size() == 1);
  Tensor gradOutput = Tensor::randn({2, 3});
  CHECK(maxAbsDiff(g.backward(in, gradOutput).tensor(), gradOutput) == 0);
  testing::checkModuleGradients(g, in);
}

TEST_CASE("graph: nn.JoinTable(1)({x}) receives a one-element table and works") {
  auto x = input();
  auto join = callTable("JoinTable", {1}, {x});
  gModule g({x}, {call("Tanh", {}, join)});
  Tensor in = Tensor::randn({4});
  CHECK(g.forward(in).tensor().shapeString() == "4");
  REQUIRE(join->lastInput().isTable());
  CHECK(join->lastInput().size() == 1);
  CHECK(g.backward(in, Tensor::randn({4})).tensor().shapeString() == "4");
  testing::checkModuleGradients(g, in);
}

TEST_CASE("graph: m(x) without a table gives the module x itself") {
  auto x = input();
  auto h = call("Tanh", {}, x);
  CHECK_FALSE(h->receivesTable());
  gModule g({x}, {h});
  g.forward(Tensor::randn({3}));
  CHECK(h->lastInput().isTensor());
}

// ---------------------------------------------------------------------------------------------
// Fan-out

TEST_CASE("graph: fan-out gradients are summed through nested tables, and each contribution is recorded") {
  // x = {a, {b, c}} is used whole (out1), through split part 1 (out3 = tanh a) and through split
  // part 2 (out2 = b + c): three consumers send back table-shaped gradients that must add up.
  auto x = input();
  x->annotate("x");
  auto parts = x->split(2);
  auto out1 = call("Identity", {}, x);
  auto out2 = call("CAddTable", {}, parts[1]);
  auto out3 = call("Tanh", {}, parts[0]);
  gModule g({x}, {out1, out2, out3});

  Tensor a = Tensor::randn({4}), b = Tensor::randn({4}), c = Tensor::randn({4});
  const Value in = Value::table({a, Value::table({b, c})});
  const Value& out = g.forward(in);
  CHECK(out[0].sameStructure(in));

  Tensor ga = Tensor::randn({4}), gb = Tensor::randn({4}), gc = Tensor::randn({4}), g2 = Tensor::randn({4}),
         g3 = Tensor::randn({4});
  const Value gradOutput = Value::table({Value::table({ga, Value::table({gb, gc})}), g2, g3});
  const Value& gradInput = g.backward(in, gradOutput);

  // d/da = ga + g3 (1 - tanh(a)^2); d/db = gb + g2; d/dc = gc + g2.
  Tensor da = tanhDerivative(a);
  std::vector<float> dav = da.toVector(), gav = ga.toVector(), g3v = g3.toVector();
  for (size_t i = 0; i < dav.size(); ++i) dav[i] = gav[i] + g3v[i] * dav[i];
  CHECK(gradInput.sameStructure(in));
  CHECK(maxAbsDiff(gradInput[0].tensor(), Tensor::fromData(dav, {4})) < 1e-5f);
  CHECK(maxAbsDiff(gradInput[1][0].tensor(), gb.clone().add(g2)) < 1e-6f);
  CHECK(maxAbsDiff(gradInput[1][1].tensor(), gc.clone().add(g2)) < 1e-6f);

  // x heard from three consumers: out1, split part 1 and split part 2, in reverse order of use.
  const auto& contributions = x->gradientContributions();
  REQUIRE(contributions.size() == 3);
  std::vector<const Node*> consumers;
  for (const auto& c : contributions) consumers.push_back(c.consumer);
  CHECK(std::find(consumers.begin(), consumers.end(), out1.get()) != consumers.end());
  CHECK(std::find(consumers.begin(), consumers.end(), parts[0].get()) != consumers.end());
  CHECK(std::find(consumers.begin(), consumers.end(), parts[1].get()) != consumers.end());
  Value sum;
  copyValue(sum, contributions[0].gradient);
  for (size_t i = 1; i < contributions.size(); ++i) addValue(sum, contributions[i].gradient);
  CHECK(sum.sameStructure(x->lastGradOutput()));
  CHECK(maxAbsDiff(sum, x->lastGradOutput()) < 1e-6f);
  // The split parts send zeros where they did not select.
  for (const auto& c : contributions) {
    if (c.consumer == parts[0].get()) CHECK(c.gradient[1].describe() == "a table of 2 {4, 4}");
    if (c.consumer == parts[0].get()) CHECK(maxAbsDiff(c.gradient[1], Value::table({Tensor::zeros({4}), Tensor::zeros({4})})) == 0);
    if (c.consumer == parts[1].get()) CHECK(c.gradient[0].tensor().maxAbs() == 0);
  }
  // An output node's contribution is the graph's own gradOutput (consumer nullptr).
  REQUIRE(out2->gradientContributions().size() == 1);
  CHECK(out2->gradientContributions()[0].consumer == nullptr);
  CHECK(maxAbsDiff(out2->lastGradOutput().tensor(), g2) == 0);

  testing::checkModuleGradients(g, in);
}

TEST_CASE("graph: a node used twice by one consumer gets both gradients") {
  // y = x + x: CAddTable({x, x}) sends two gradients back to x.
  auto x = input();
  auto y = callTable("CAddTable", {}, {x, x});
  gModule g({x}, {y});
  Tensor in = Tensor::randn({3});
  g.forward(in);
  Tensor gradOutput = Tensor::randn({3});
  CHECK(maxAbsDiff(g.backward(in, gradOutput).tensor(), gradOutput.clone().mul(2)) < 1e-6f);
  REQUIRE(x->gradientContributions().size() == 2);
  CHECK(x->gradientContributions()[0].consumer == y.get());
  CHECK(x->gradientContributions()[1].consumer == y.get());
}

TEST_CASE("graph: the seed graph's contributions: each Linear sends err*W back to its own input") {
  auto in1 = input(), in2 = input();
  auto l1 = call("Linear", {3, 5}, in1), l2 = call("Linear", {3, 5}, in2);
  auto score = callTable("CAddTable", {}, {l1, l2});
  gModule g({in1, in2}, {score});
  const Value in = Value::table({Tensor::rand({3, 3}), Tensor::rand({3, 3})});
  g.forward(in);
  Tensor err = Tensor::rand({3, 5});
  const Value& gradInput = g.backward(in, err);
  // Both Linear nodes receive the whole err (CAddTable passes it to each input).
  CHECK(maxAbsDiff(l1->lastGradOutput().tensor(), err) == 0);
  CHECK(maxAbsDiff(l2->lastGradOutput().tensor(), err) == 0);
  REQUIRE(in1->gradientContributions().size() == 1);
  CHECK(in1->gradientContributions()[0].consumer == l1.get());
  CHECK(maxAbsDiff(in1->gradientContributions()[0].gradient.tensor(), gradInput[0].tensor()) == 0);
  CHECK(in2->gradientContributions()[0].consumer == l2.get());
}

// ---------------------------------------------------------------------------------------------
// clone()

TEST_CASE("graph: clone() of a gModule is deep: same outputs, independent parameters, annotations kept") {
  auto x = input();
  x->annotate("x", "the input");
  auto h = call("Linear", {3, 4}, x);
  h->annotate("h1", "first layer");
  auto parts = callTable("Identity", {}, {h, call("Tanh", {}, h)})->split(2);
  auto y = callTable("CAddTable", {}, {parts[0], call("Linear", {4, 4}, parts[1])});
  gModule g({x}, {y});

  ModulePtr copy = g.clone();
  auto c = std::dynamic_pointer_cast<gModule>(copy);
  REQUIRE(c);
  CHECK(c->nodes().size() == g.nodes().size());
  CHECK(c->toString() == g.toString());

  Tensor in = Tensor::randn({5, 3});
  const Tensor expected = g.forward(in).tensor().clone();
  CHECK(maxAbsDiff(c->forward(in).tensor(), expected) == 0);

  // annotations, splits and table calls survive; the nodes are new ones
  bool sawH1 = false;
  for (size_t i = 0; i < g.nodes().size(); ++i) {
    const Node& a = *g.nodes()[i];
    const Node& b = *c->nodes()[i];
    CHECK(a.id() != b.id());
    CHECK(a.name() == b.name());
    CHECK(a.description() == b.description());
    CHECK(a.splitCount() == b.splitCount());
    CHECK(a.splitIndex() == b.splitIndex());
    CHECK(a.receivesTable() == b.receivesTable());
    CHECK(a.module()->toString() == b.module()->toString());
    CHECK(a.module() != b.module());
    if (b.name() == "h1") sawH1 = b.description() == "first layer";
  }
  CHECK(sawH1);
  CHECK(c->inputNodes()[0]->name() == "x");

  // independent parameters and gradients
  const auto mine = g.parameters(), theirs = c->parameters();
  REQUIRE(mine.first.size() == theirs.first.size());
  for (size_t i = 0; i < mine.first.size(); ++i) {
    CHECK_FALSE(mine.first[i].sameStorage(theirs.first[i]));
    CHECK_FALSE(mine.second[i].sameStorage(theirs.second[i]));
  }
  for (Tensor t : theirs.first) t.fill(0.25f);
  CHECK(maxAbsDiff(g.forward(in).tensor(), expected) == 0);
  g.zeroGradParameters();
  c->forward(in);
  c->backward(in, Tensor::randn({5, 4}));
  for (const Tensor& grad : g.parameters().second) CHECK(grad.maxAbs() == 0);
  testing::checkModuleGradients(*c, in);
}

TEST_CASE("graph: clone() has no forward yet and refuses backward until it has one") {
  auto x = input();
  gModule g({x}, {call("Linear", {3, 2}, x)});
  Tensor in = Tensor::randn({3});
  g.forward(in);
  auto c = std::dynamic_pointer_cast<gModule>(g.clone());
  CHECK_FALSE(c->hasForward());
  CHECK_THROWS_WITH_AS(c->backward(in, Tensor::randn({2})), doctest::Contains("backward called before forward"), Error);
}

// ---------------------------------------------------------------------------------------------
// DOT export

TEST_CASE("graph: toDot() shows names, types, inputs/outputs, then shapes after forward and backward") {
  auto x = input();
  x->annotate("x");
  auto h = call("Linear", {3, 5}, x);
  h->annotate("h1", "hidden \"layer\"");
  auto y = call("Tanh", {}, h);
  gModule g({x}, {y});
  const std::string X = cat("n", x->id()), H = cat("n", h->id()), Y = cat("n", y->id());

  std::string dot = g.toDot();
  INFO(dot);
  CHECK(contains(dot, "digraph forward {"));
  CHECK(contains(dot, cat(X, " [id=\"node", x->id(), "\", label=\"x\\nnn.Identity #", x->id(), "\\ninput 1\"")));
  CHECK(contains(dot, cat("label=\"h1\\nnn.Linear(3 -> 5) #", h->id(), "\"")));
  CHECK(contains(dot, " - hidden \\\"layer\\\"\""));  // the tooltip: label, then the description
  CHECK(contains(dot, cat("label=\"nn.Tanh #", y->id(), "\\noutput 1\"")));
  CHECK(contains(dot, cat(X, " -> ", H, ";")));
  CHECK(contains(dot, cat(H, " -> ", Y, ";")));
  CHECK_FALSE(contains(dot, "3x5"));

  Tensor in = Tensor::randn({2, 3});
  g.forward(in);
  dot = g.toDot();
  CHECK(contains(dot, cat("label=\"h1\\nnn.Linear(3 -> 5) #", h->id(), "\\n2x5\"")));
  CHECK(contains(dot, cat(X, " -> ", H, " [label=\"2x3\"];")));
  CHECK(contains(dot, cat(H, " -> ", Y, " [label=\"2x5\"];")));
  std::string back = g.toDot(true);
  CHECK(contains(back, "digraph backward {"));
  CHECK(contains(back, cat(H, " -> ", X, ";")));  // reversed, no gradients yet
  CHECK_FALSE(contains(back, "grad "));

  g.backward(in, Tensor::randn({2, 5}));
  back = g.toDot(true);
  INFO(back);
  CHECK(contains(back, cat("label=\"x\\nnn.Identity #", x->id(), "\\ninput 1\\ngrad 2x3\"")));
  CHECK(contains(back, cat("label=\"h1\\nnn.Linear(3 -> 5) #", h->id(), "\\ngrad 2x5\"")));
  CHECK(contains(back, cat(Y, " -> ", H, " [label=\"2x5\"];")));
  CHECK(contains(back, cat(H, " -> ", X, " [label=\"2x3\"];")));
}

TEST_CASE("graph: toDot() labels table-valued edges with nested shapes") {
  auto a = input(), b = input();
  auto pair = callTable("Identity", {}, {a, b});
  auto parts = pair->split(2);
  auto y = callTable("CAddTable", {}, {parts[0], parts[1]});
  gModule g({a, b}, {y});
  const Value in = Value::table({Tensor::randn({3}), Tensor::randn({3})});
  g.forward(in);
  g.backward(in, Tensor::randn({3}));
  const std::string dot = g.toDot(), back = g.toDot(true);
  INFO(dot << back);
  CHECK(contains(dot, cat("n", pair->id(), " -> n", parts[0]->id(), " [label=\"[1] 3\"];")));  // a split part's own entry
  CHECK(contains(dot, cat("nn.SelectTable(2) #", parts[1]->id())));
  CHECK(contains(back, cat("n", parts[0]->id(), " -> n", pair->id(), " [label=\"[1] 3\"];")));
  CHECK(contains(back, cat("n", pair->id(), " -> n", a->id(), " [label=\"3\"];")));
}

TEST_CASE("graph: an output that is also consumed, and a node listed twice as an output") {
  // y = tanh(x) is an output and feeds z = Linear(y); y is also given twice as an output.
  auto x = input();
  auto y = call("Tanh", {}, x);
  auto z = call("Linear", {3, 2}, y);
  gModule g({x}, {y, z, y});
  Tensor in = Tensor::randn({4, 3});
  const Value& out = g.forward(in);
  CHECK(out.describe() == "a table of 3 {4x3, 4x2, 4x3}");
  const Value gradOutput = Value::table({Tensor::randn({4, 3}), Tensor::randn({4, 2}), Tensor::randn({4, 3})});
  g.backward(in, gradOutput);
  REQUIRE(y->gradientContributions().size() == 3);
  Value sum;
  copyValue(sum, y->gradientContributions()[0].gradient);
  for (size_t i = 1; i < 3; ++i) addValue(sum, y->gradientContributions()[i].gradient);
  CHECK(maxAbsDiff(sum, y->lastGradOutput()) < 1e-6f);
  testing::checkModuleGradients(g, in);
}
