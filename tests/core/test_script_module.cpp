// ScriptModule (a module whose contract methods call hooks: nn.defineModule, Lua's torch.class)
// with hooks written in C++ here, standing in for JS/Lua ones: the contract, Torch's defaults,
// parameters, clone, getParameters and a graph with an input that takes no gradient.
#include <doctest/doctest.h>

#include "core/modules/ScriptModule.h"
#include "core/serialize.h"
#include "tests/core/testing.h"

using nn::ScriptModule;
using nn::Tensor;
using nn::Value;

namespace {

// y = weight .* x (a CMul), its gradients as hooks; withGrad = false leaves updateGradInput out.
class ScaleHooks : public nn::ScriptHooks {
 public:
  explicit ScaleHooks(bool withGrad) : withGrad_(withGrad) {}
  int calls = 0;
  Value updateOutput(ScriptModule& self, const Value& input) override {
    ++calls;
    Tensor y = input.tensor().clone();
    y.cmul(self.tensor("weight"));
    return Value(y);
  }
  bool hasUpdateGradInput() const override { return withGrad_; }
  Value updateGradInput(ScriptModule& self, const Value&, const Value& gradOutput) override {
    Tensor g = gradOutput.tensor().clone();
    g.cmul(self.tensor("weight"));
    return Value(g);
  }
  bool hasAccGradParameters() const override { return true; }
  void accGradParameters(ScriptModule& self, const Value& input, const Value& gradOutput, float scale) override {
    Tensor d = input.tensor().clone();
    d.cmul(gradOutput.tensor());
    self.tensor("gradWeight").add(d, scale);
  }
  std::shared_ptr<nn::ScriptHooks> cloneFor(ScriptModule&) const override {
    return std::make_shared<ScaleHooks>(withGrad_);
  }

 private:
  bool withGrad_;
};

std::shared_ptr<ScriptModule> scaled(bool withGrad, std::initializer_list<float> w) {
  auto m = std::make_shared<ScriptModule>("Scale", std::make_shared<ScaleHooks>(withGrad));
  m->setTensor("weight", Tensor::vector(w));
  m->setTensor("gradWeight", Tensor::zeros({static_cast<int64_t>(w.size())}));
  return m;
}

}  // namespace

TEST_CASE("script module: hooks compute forward/backward; gradients match finite differences") {
  auto m = scaled(true, {2, -1, 0.5f});
  CHECK(m->typeName() == "nn.Scale");
  const Tensor x = Tensor::vector({1, 2, 3});
  CHECK(m->forward(Value(x)).tensor().toVector() == std::vector<float>{2, -2, 1.5f});
  REQUIRE(m->parameterList().size() == 1);
  CHECK(m->parameterList()[0].name == "weight");
  testing::checkModuleGradients(*m, Value(Tensor::vector({0.3f, -0.7f, 1.1f})));
  testing::checkAccumulation(*m, Value(x), Value(Tensor::ones({3})));
}

TEST_CASE("script module: without updateGradInput the gradInput is empty (Torch's default)") {
  auto m = scaled(false, {1, 1});
  m->forward(Value(Tensor::vector({1, 2})));
  const Value& g = m->backward(Value(Tensor::vector({1, 2})), Value(Tensor::ones({2})));
  CHECK(g.isTensor());
  CHECK(g.tensor().dim() == 0);
  CHECK(m->tensor("gradWeight").toVector() == std::vector<float>{1, 2});  // parameters still learn
}

TEST_CASE("script module: clone copies parameters and hooks; clone with names shares; getParameters re-points") {
  auto m = scaled(true, {1, 2});
  nn::ModulePtr copy = m->clone();
  auto* c = dynamic_cast<ScriptModule*>(copy.get());
  REQUIRE(c);
  c->tensor("weight").fill(5);
  CHECK(m->tensor("weight").toVector() == std::vector<float>{1, 2});
  nn::ModulePtr shared = m->clone({"weight", "gradWeight"});
  dynamic_cast<ScriptModule&>(*shared).tensor("weight").fill(7);
  CHECK(m->tensor("weight").toVector() == std::vector<float>{7, 7});

  auto p = scaled(true, {1, 2});
  auto [flat, flatGrad] = p->getParameters();
  CHECK(flat.toVector() == std::vector<float>{1, 2});
  flat.fill(9);
  CHECK(p->tensor("weight").toVector() == std::vector<float>{9, 9});
  CHECK(flatGrad.numel() == 2);
}

TEST_CASE("script module: in a graph, an empty gradInput reaches its input as no gradient") {
  // out = Scale(x) + NoGrad(ids): the second input takes no gradient, as indices into a lookup
  auto x = testing::input(), ids = testing::input();
  auto a = nn::Node::make(scaled(true, {2, 2}), {x});
  auto b = nn::Node::make(scaled(false, {1, 1}), {ids});
  auto sum = testing::callTable("CAddTable", {}, {a, b});
  auto g = std::make_shared<nn::gModule>(std::vector<nn::NodePtr>{x, ids}, std::vector<nn::NodePtr>{sum});
  const Value input = Value::table({Value(Tensor::vector({1, 2})), Value(Tensor::vector({3, 4}))});
  CHECK(g->forward(input).tensor().toVector() == std::vector<float>{5, 8});
  const Value& gi = g->backward(input, Value(Tensor::ones({2})));
  REQUIRE(gi.isTable());
  CHECK(gi[0].tensor().toVector() == std::vector<float>{2, 2});
  CHECK(gi[1].tensor().dim() == 0);  // no gradient for ids

  // fan-out: an empty contribution adds nothing to a real one
  auto y = testing::input();
  auto real = testing::call("Identity", {}, y);
  auto none = nn::Node::make(scaled(false, {1, 1}), {y});
  auto both = testing::callTable("CAddTable", {}, {real, none});
  auto g2 = std::make_shared<nn::gModule>(std::vector<nn::NodePtr>{y}, std::vector<nn::NodePtr>{both});
  g2->forward(Value(Tensor::vector({1, 2})));
  CHECK(g2->backward(Value(Tensor::vector({1, 2})), Value(Tensor::vector({3, 4}))).tensor().toVector() ==
        std::vector<float>{3, 4});
}

TEST_CASE("script module: saving refuses it with a sentence") {
  auto x = testing::input();
  auto g = std::make_shared<nn::gModule>(std::vector<nn::NodePtr>{x},
                                         std::vector<nn::NodePtr>{nn::Node::make(scaled(true, {1}), {x})});
  CHECK_THROWS_WITH_AS(nn::saveModule(*g), doctest::Contains("cannot save nn.Scale: it is defined by a script"), nn::Error);
}
