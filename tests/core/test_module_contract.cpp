// The Module contract every module follows (core/module.h): names, arguments that rebuild the
// module, clone() deep vs clone(names) shared, share(), parameters() aliasing,
// zeroGradParameters, updateParameters, training/evaluate. Checked over the registry where a
// module can be built from simple arguments, and in detail on Linear.
#include "tests/core/testing.h"

#include <algorithm>

#include "core/modules/CAddTable.h"
#include "core/modules/Identity.h"
#include "core/modules/Linear.h"
#include "core/modules/Sequential.h"
#include "core/modules/Tanh.h"

using namespace nn;

namespace {

// The first of a few simple argument lists that builds the module, or nullptr.
ModulePtr buildSimply(const std::string& name) {
  for (const Args& args : {Args{}, Args{2}, Args{3, 2}}) {
    try {
      return createModule(name, args);
    } catch (const Error&) {
    }
  }
  return nullptr;
}

}  // namespace

TEST_CASE("module contract: every registered module that builds from simple arguments keeps the contract") {
  int built = 0;
  for (const std::string& name : moduleNames()) {
    ModulePtr m = buildSimply(name);
    if (!m) continue;
    ++built;
    INFO("module " << name << " = " << m->toString());
    CHECK(m->typeName() == "nn." + name);
    CHECK(!m->description().empty());
    CHECK(m->toString().rfind("nn." + name, 0) == 0);
    // arguments() rebuild an equal module.
    ModulePtr rebuilt = createModule(name, m->arguments());
    CHECK(rebuilt->toString() == m->toString());
    // clone(): same type and configuration, parameters equal in value but not in storage.
    ModulePtr copy = m->clone();
    CHECK(copy != m);
    CHECK(copy->typeName() == m->typeName());
    CHECK(copy->toString() == m->toString());
    const auto mine = m->parameterList();
    const auto theirs = copy->parameterList();
    REQUIRE(mine.size() == theirs.size());
    for (size_t i = 0; i < mine.size(); ++i) {
      CHECK(mine[i].value->sameShape(*mine[i].grad));
      CHECK(maxAbsDiff(*mine[i].value, *theirs[i].value) == 0.0f);
      CHECK_FALSE(mine[i].value->sameStorage(*theirs[i].value));
      CHECK_FALSE(mine[i].grad->sameStorage(*theirs[i].grad));
    }
    // parameters() are handles on the module's own tensors.
    const auto [values, grads] = m->parameters();
    REQUIRE(values.size() == mine.size());
    for (size_t i = 0; i < values.size(); ++i) {
      CHECK(values[i].isSameTensor(*mine[i].value));
      CHECK(grads[i].isSameTensor(*mine[i].grad));
    }
    // zeroGradParameters / updateParameters.
    for (const auto& p : mine) p.grad->fill(1.0f);
    m->zeroGradParameters();
    for (const auto& p : mine) CHECK(p.grad->maxAbs() == 0.0f);
    // training / evaluate.
    CHECK(m->isTraining());
    m->evaluate();
    CHECK_FALSE(m->isTraining());
    CHECK_FALSE(m->clone()->isTraining());
    m->training();
    CHECK(m->isTraining());
  }
  CHECK(built > 10);
}

TEST_CASE("module contract: Linear's clone() is deep") {
  manualSeed(41);
  Linear lin(3, 2);
  ModulePtr copy = lin.clone();
  auto c = std::dynamic_pointer_cast<Linear>(copy);
  REQUIRE(c);
  CHECK(maxAbsDiff(c->weight, lin.weight) == 0.0f);
  CHECK(maxAbsDiff(c->bias, lin.bias) == 0.0f);
  CHECK_FALSE(c->weight.sameStorage(lin.weight));
  CHECK_FALSE(c->gradWeight.sameStorage(lin.gradWeight));
  const float before = lin.weight.at({0, 0});
  c->weight.fill(7);
  c->gradBias.fill(7);
  CHECK(lin.weight.at({0, 0}) == before);
  CHECK(lin.gradBias.maxAbs() == 0.0f);
  // A clone keeps no results: its output is not the original's.
  lin.forward(Tensor::vector({1, 2, 3}));
  CHECK_FALSE(lin.clone()->output.tensor().sameStorage(lin.output.tensor()));
}

TEST_CASE("module contract: clone(weight, bias, gradWeight, gradBias) aliases storage both ways") {
  manualSeed(42);
  Linear lin(3, 2);
  auto c = std::dynamic_pointer_cast<Linear>(lin.clone({"weight", "bias", "gradWeight", "gradBias"}));
  REQUIRE(c);
  CHECK(c->weight.sameStorage(lin.weight));
  CHECK(c->bias.sameStorage(lin.bias));
  CHECK(c->gradWeight.sameStorage(lin.gradWeight));
  CHECK(c->gradBias.sameStorage(lin.gradBias));
  c->weight.fill(2);
  CHECK(lin.weight.at({1, 2}) == 2);
  lin.bias.fill(-1);
  CHECK(c->bias.at({0}) == -1);
  // Both accumulate into one gradWeight.
  lin.zeroGradParameters();
  const Tensor x = Tensor::vector({1, 0, 0}), gy = Tensor::vector({1, 1});
  lin.forward(x);
  lin.backward(x, gy);
  c->forward(x);
  c->backward(x, gy);
  CHECK(lin.gradWeight.at({0, 0}) == 2);
  CHECK(lin.gradBias.at({1}) == 2);
  // Sharing only the weights leaves the gradients separate.
  auto w = std::dynamic_pointer_cast<Linear>(lin.clone({"weight", "bias"}));
  CHECK(w->weight.sameStorage(lin.weight));
  CHECK_FALSE(w->gradWeight.sameStorage(lin.gradWeight));
}

TEST_CASE("module contract: share() makes the named tensors alias the other module's") {
  manualSeed(43);
  Linear a(3, 2), b(3, 2);
  a.share(b, {"weight"});
  CHECK(a.weight.sameStorage(b.weight));
  CHECK_FALSE(a.bias.sameStorage(b.bias));
  b.weight.fill(4);
  CHECK(a.weight.at({0, 1}) == 4);
  CHECK_THROWS_WITH_AS(a.share(b, {"scale"}), doctest::Contains("share: no parameter named 'scale'"), Error);
  Linear noBias(3, 2, false);
  CHECK_THROWS_AS(noBias.share(a, {"weight"}), Error);  // different parameter lists
}

TEST_CASE("module contract: parameters() alias the module's tensors; zeroGradParameters; updateParameters(lr) = w - lr * gw") {
  manualSeed(44);
  Linear lin(2, 2);
  auto [params, grads] = lin.parameters();
  REQUIRE(params.size() == 2);
  CHECK(params[0].isSameTensor(lin.weight));
  CHECK(params[1].isSameTensor(lin.bias));
  CHECK(grads[0].isSameTensor(lin.gradWeight));
  params[0].fill(1);
  CHECK(lin.weight.at({1, 1}) == 1);

  lin.weight.copy(Tensor::matrix({{1, 2}, {3, 4}}));
  lin.bias.copy(Tensor::vector({1, -1}));
  lin.gradWeight.copy(Tensor::matrix({{10, 20}, {30, 40}}));
  lin.gradBias.copy(Tensor::vector({5, 5}));
  lin.updateParameters(0.1f);
  CHECK(maxAbsDiff(lin.weight, Tensor::matrix({{0, 0}, {0, 0}})) < 1e-6f);
  CHECK(maxAbsDiff(lin.bias, Tensor::vector({0.5f, -1.5f})) < 1e-6f);
  lin.zeroGradParameters();
  CHECK(lin.gradWeight.maxAbs() == 0.0f);
  CHECK(lin.gradBias.maxAbs() == 0.0f);

  // Through a container: the children's parameters, in order, and the same updates.
  auto l1 = std::make_shared<Linear>(2, 3), l2 = std::make_shared<Linear>(3, 1);
  Sequential seq;
  seq.add(l1).add(std::make_shared<Tanh>()).add(l2);
  auto [sp, sg] = seq.parameters();
  REQUIRE(sp.size() == 4);
  CHECK(sp[0].isSameTensor(l1->weight));
  CHECK(sp[3].isSameTensor(l2->bias));
  CHECK(sg[2].isSameTensor(l2->gradWeight));
  l2->gradBias.fill(2);
  const float b = l2->bias.at({0});
  seq.updateParameters(0.5f);
  CHECK(l2->bias.at({0}) == doctest::Approx(b - 1.0f));
  seq.zeroGradParameters();
  CHECK(l2->gradBias.maxAbs() == 0.0f);
}

TEST_CASE("module contract: training()/evaluate() propagate through containers and graphs") {
  auto inner = std::make_shared<Sequential>();
  auto lin = std::make_shared<Linear>(2, 2);
  inner->add(lin);
  auto in = Node::input(std::make_shared<Tanh>());
  auto out = Node::make(inner, {in});
  auto g = std::make_shared<gModule>(std::vector<NodePtr>{in}, std::vector<NodePtr>{out});
  Sequential outer;
  outer.add(g);
  outer.evaluate();
  CHECK_FALSE(g->isTraining());
  CHECK_FALSE(inner->isTraining());
  CHECK_FALSE(lin->isTraining());
  outer.training();
  CHECK(lin->isTraining());
  CHECK(inner->isTraining());
}

TEST_CASE("module contract: the gradient check names each parameter by the module that holds it") {
  GradCheckOptions options;
  options.checkParameters = true;
  const auto names = [&](Module& m, const Value& input) {
    std::vector<std::string> out;
    for (const GradCheckEntry& e : checkGradients(m, input, options).parameters) out.push_back(e.name);
    return out;
  };
  Linear alone(3, 2);
  CHECK(names(alone, Tensor::rand({3})) == std::vector<std::string>{"weight of nn.Linear(3 -> 2)", "bias of nn.Linear(3 -> 2)"});

  // two identical layers in a container: told apart by their place in it
  Sequential seq;
  seq.add(std::make_shared<Linear>(3, 3)).add(std::make_shared<Tanh>()).add(std::make_shared<Linear>(3, 3));
  CHECK(names(seq, Tensor::rand({3})) ==
        std::vector<std::string>{"weight of nn.Linear(3 -> 3) (module 1)", "bias of nn.Linear(3 -> 3) (module 1)",
                                 "weight of nn.Linear(3 -> 3) (module 3)", "bias of nn.Linear(3 -> 3) (module 3)"});

  // in a graph: by node, the way the page and the error messages name nodes
  auto in1 = Node::input(std::make_shared<Identity>());
  auto in2 = Node::input(std::make_shared<Identity>());
  auto a = Node::make(std::make_shared<Linear>(3, 5), {in1});
  auto b = Node::make(std::make_shared<Linear>(3, 5), {in2});
  b->annotate("second");
  auto sum = Node::make(std::make_shared<CAddTable>(), {a, b}, true);
  gModule g({in1, in2}, {sum});
  const std::vector<std::string> graphNames = names(g, Value::table({Tensor::rand({3}), Tensor::rand({3})}));
  REQUIRE(graphNames.size() == 4);
  const auto has = [&](const std::string& name) {
    return std::find(graphNames.begin(), graphNames.end(), name) != graphNames.end();
  };
  CHECK(has(cat("weight of ", a->label())));
  CHECK(has(cat("bias of ", a->label())));
  CHECK(has(cat("weight of ", b->label())));
  CHECK(has(cat("bias of ", b->label())));
  CHECK(a->label().find("nn.Linear #") == 0);
  CHECK(b->label().find("'second' (nn.Linear #") == 0);
}
