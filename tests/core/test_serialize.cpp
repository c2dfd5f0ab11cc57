// Saved graphs (core/serialize.h): exact round trips (same outputs, gradInputs and parameter
// gradients after loading; save(load(text)) == text) over every registered module and criterion
// and over whole graphs with splits, annotations, containers, nested gModules, criterion nodes
// and shared parameters; then one bad document per rejection class, each naming where it is.
#include "tests/core/testing.h"

#include <cmath>
#include <map>

#include "core/json.h"
#include "core/modules/Dropout.h"
#include "core/modules/Identity.h"
#include "core/modules/Linear.h"
#include "core/modules/MapTable.h"
#include "core/modules/Sequential.h"
#include "core/serialize.h"

using namespace nn;

namespace {

using testing::call;
using testing::callTable;
using testing::input;

// Same structure and bit-identical tensors.
void checkSameValue(const Value& a, const Value& b) {
  REQUIRE(a.sameStructure(b));
  std::vector<Tensor> x, y;
  flattenTensors(a, x);
  flattenTensors(b, y);
  REQUIRE(x.size() == y.size());
  for (size_t i = 0; i < x.size(); ++i) CHECK(maxAbsDiff(x[i], y[i]) == 0.0f);
}

// forward + backward on both modules: outputs, gradInputs and parameter gradients are identical,
// and saving the loaded module gives the same text.
void checkRoundTrip(Module& original, const Value& in, const Value& gradOutput) {
  const std::string text = saveModule(original);
  ModulePtr loaded = loadModule(text);
  CHECK(saveModule(*loaded) == text);
  CHECK(loaded->toString() == original.toString());
  original.zeroGradParameters();
  loaded->zeroGradParameters();
  checkSameValue(original.forward(in), loaded->forward(in));
  checkSameValue(original.backward(in, gradOutput), loaded->backward(in, gradOutput));
  const auto mine = original.parameters(), theirs = loaded->parameters();
  REQUIRE(mine.first.size() == theirs.first.size());
  for (size_t i = 0; i < mine.first.size(); ++i) {
    CHECK(maxAbsDiff(mine.first[i], theirs.first[i]) == 0.0f);
    CHECK(maxAbsDiff(mine.second[i], theirs.second[i]) == 0.0f);
  }
}

std::shared_ptr<gModule> lstmCell(int inputSize, int rnn) {
  auto x = input(), prevC = input(), prevH = input();
  x->annotate("x", "the input at this step");
  prevC->annotate("prev_c");
  prevH->annotate("prev_h");
  auto i2h = call("Linear", {inputSize, 4 * rnn}, x);
  auto h2h = call("Linear", {rnn, 4 * rnn}, prevH);
  auto all = callTable("CAddTable", {}, {i2h, h2h});
  auto reshaped = call("Reshape", {4, rnn}, all);
  auto n = call("SplitTable", {2}, reshaped)->split(4);
  auto inGate = call("Sigmoid", {}, n[0]);
  auto forgetGate = call("Sigmoid", {}, n[1]);
  auto outGate = call("Sigmoid", {}, n[2]);
  auto inTransform = call("Tanh", {}, n[3]);
  n[3]->annotate("in_transform_part");
  auto nextC = callTable("CAddTable", {}, {callTable("CMulTable", {}, {forgetGate, prevC}),
                                           callTable("CMulTable", {}, {inGate, inTransform})});
  auto nextH = callTable("CMulTable", {}, {outGate, call("Tanh", {}, nextC)});
  nextC->annotate("next_c", "the new cell state");
  nextH->annotate("next_h");
  return std::make_shared<gModule>(std::vector<NodePtr>{x, prevC, prevH}, std::vector<NodePtr>{nextC, nextH});
}

// Constructor arguments that differ from the defaults wherever a module has any, so that a
// module whose arguments() forgets one is caught.
const std::map<std::string, Args>& exampleArguments() {
  static const std::map<std::string, Args> table = {
      {"Abs", {}}, {"Add", {4, false}}, {"AddConstant", {2.5}}, {"Bilinear", {3, 4, 2, false}},
      {"CAdd", {3, 4}}, {"CAddTable", {}}, {"CDivTable", {}}, {"CMaxTable", {}}, {"CMinTable", {}},
      {"CMul", {2, 3}}, {"CMulTable", {}}, {"CSubTable", {}}, {"Clamp", {-0.5, 0.75}}, {"Concat", {2}},
      {"ConcatTable", {}}, {"CosineDistance", {}}, {"DotProduct", {}}, {"Dropout", {0.25}}, {"ELU", {0.3}},
      {"Exp", {}}, {"FlattenTable", {}}, {"HardTanh", {-2, 3}}, {"Identity", {}}, {"JoinTable", {2, 1}},
      {"LeakyReLU", {0.2}}, {"Linear", {3, 4, false}}, {"Log", {}}, {"LogSoftMax", {}},
      {"LookupTable", {7, 3}}, {"MM", {true, false}}, {"MapTable", {}}, {"Max", {2, 1}}, {"Mean", {2, 1}},
      {"Min", {2, 1}}, {"Mul", {}}, {"MulConstant", {-1.5}}, {"Narrow", {2, 2, 3}}, {"NarrowTable", {2, 2}},
      {"PairwiseDistance", {3}}, {"ParallelTable", {}}, {"Power", {3}}, {"ReLU", {}},
      {"Replicate", {3, 2, 1}}, {"Reshape", {2, 3, true}}, {"Select", {2, -1}}, {"SelectTable", {-1}},
      {"Sequential", {}}, {"Sigmoid", {}}, {"SoftMax", {}}, {"SoftPlus", {2, 15}}, {"SoftSign", {}},
      {"SplitTable", {2, 1}}, {"Sqrt", {}}, {"Square", {}}, {"Squeeze", {2, 1}}, {"Sum", {2, 1, true}},
      {"Tanh", {}}, {"Transpose", {std::vector<double>{1, 2}, std::vector<double>{2, 3}}},
      {"Unsqueeze", {2, 1}}, {"View", {2, -1}},
      // issue 14's zoo
      {"Contiguous", {}}, {"Copy", {"torch.FloatTensor", "torch.DoubleTensor"}}, {"Cosine", {3, 2}},
      {"Euclidean", {3, 2}}, {"GradientReversal", {0.5}}, {"HardShrink", {0.25}}, {"L1Penalty", {0.1, true, false}},
      {"LogSigmoid", {}}, {"MV", {true}}, {"PReLU", {3}}, {"RReLU", {0.1, 0.2}}, {"ReLU6", {}},
      {"SoftMin", {}}, {"SoftShrink", {0.25}}, {"TanhShrink", {}}, {"Threshold", {0.5, -1}}, {"ZipTable", {}},
      {"Normalize", {1.5, 1e-6}}, {"Parallel", {1, 2}}, {"Padding", {2, -3, 2, 1.5, 2}}, {"Index", {2}},
      {"MaskedSelect", {}}, {"MixtureTable", {3}}, {"WeightedEuclidean", {3, 2}}, {"Bottle", {3, 1}}, {"DepthConcat", {2}},
      // convolutional modules (issue 15)
      {"SpatialConvolution", {3, 4, 3, 2, 2, 1, 1, 0, false}}, {"SpatialConvolutionMM", {2, 3, 5, 5, 1, 1, 2, 2}},
      {"SpatialDilatedConvolution", {2, 3, 3, 3, 1, 2, 1, 1, 2, 3, true}},
      {"SpatialMaxPooling", {3, 2, 2, 1, 1, 0, true}}, {"SpatialAveragePooling", {3, 3, 2, 2, 1, 1, true, false}},
      {"SpatialZeroPadding", {1, -1, 2, 0}}, {"SpatialReplicationPadding", {2, 1, 0, 3}},
      {"BatchNormalization", {5, 1e-3, 0.2, false}}, {"SpatialBatchNormalization", {3, 1e-4, 0.3, true}},
      {"SpatialDropout", {0.3}}, {"SpatialFullConvolution", {2, 3, 3, 3, 2, 2, 1, 1, 1, 0, false}},
      {"SpatialUpSamplingNearest", {3}}, {"SpatialSoftMax", {}}, {"SpatialLogSoftMax", {}},
      {"SpatialCrossMapLRN", {3, 2e-4, 0.5, 2}}, {"TemporalConvolution", {4, 3, 2, 2}}, {"TemporalMaxPooling", {3, 1}},
  };
  return table;
}

std::string zeros(int count) { return base64Encode(std::vector<uint8_t>(static_cast<size_t>(count) * 4, 0)); }

// A small valid graph document to break: 1 Identity -> 2 Linear(3, 2) -> 3 Tanh.
const char* kHead = R"("format":"nngraph-wasm","version":1,"type":"nn.gModule","args":[],"training":true)";
std::string identityNode(int id) { return cat(R"({"id":)", id, R"(,"module":{"type":"nn.Identity","args":[]},"inputs":[]})"); }
std::string linearModule(const std::string& args = "[3,2]", const std::string& params = "") {
  const std::string p = params.empty() ? cat(R"([{"name":"weight","shape":[2,3],"data":")", zeros(6),
                                             R"("},{"name":"bias","shape":[2],"data":")", zeros(2), R"("}])")
                                       : params;
  return cat(R"({"type":"nn.Linear","args":)", args, R"(,"parameters":)", p, "}");
}
std::string node(int id, const std::string& module, const std::string& inputs, const std::string& extra = "") {
  return cat(R"({"id":)", id, R"(,"module":)", module, R"(,"inputs":)", inputs, extra, "}");
}
std::string tanhModule() { return R"({"type":"nn.Tanh","args":[]})"; }
std::string graphDoc(const std::string& nodes, const std::string& inputs = "[1]", const std::string& outputs = "[3]",
                     const std::string& head = kHead) {
  return cat("{", head, R"(,"nodes":[)", nodes, R"(],"inputs":)", inputs, R"(,"outputs":)", outputs, "}");
}
std::string goodDoc() {
  return graphDoc(identityNode(1) + "," + node(2, linearModule(), "[1]") + "," + node(3, tanhModule(), "[2]"));
}

void checkRejected(const std::string& text, const std::string& expected) {
  INFO("document: " << text.substr(0, 300));
  CHECK_THROWS_WITH_AS(loadGraph(text), doctest::Contains(expected.c_str()), Error);
}

}  // namespace

TEST_CASE("serialize json: parses and writes strict JSON") {
  const json::Value v = json::parse(R"( {"a": [1, -2.5e3, true, false, null], "b": "x\"\\\n\u00e9\ud83d\ude00"} )");
  REQUIRE(v.isObject());
  CHECK(v.find("a")->items().size() == 5);
  CHECK(v.find("a")->items()[1].asNumber() == -2500);
  CHECK(v.find("b")->asString() == "x\"\\\n\xc3\xa9\xf0\x9f\x98\x80");
  CHECK(json::write(v) == "{\"a\":[1,-2500,true,false,null],\"b\":\"x\\\"\\\\\\n\xc3\xa9\xf0\x9f\x98\x80\"}");
  // Doubles survive a write/parse round trip bit for bit.
  for (double x : {0.1, 1.0 / 3, -1e-300, 6.02214076e23, 123456789012345678.0}) {
    const json::Value back = json::parse(json::write(json::Value::number(x)));
    CHECK(back.asNumber() == x);
  }
  CHECK_THROWS_WITH_AS(json::parse("[1,]"), doctest::Contains("expected a JSON value"), Error);
  CHECK_THROWS_WITH_AS(json::parse("{\"a\":1 \"b\":2}"), doctest::Contains("line 1, column 8"), Error);
  CHECK_THROWS_WITH_AS(json::parse("01"), doctest::Contains("leading zeros"), Error);
  CHECK_THROWS_WITH_AS(json::parse("NaN"), doctest::Contains("unexpected character 'N'"), Error);
  CHECK_THROWS_WITH_AS(json::parse("[1, 2"), doctest::Contains("truncated"), Error);
  CHECK_THROWS_WITH_AS(json::write(json::Value::number(INFINITY)), doctest::Contains("cannot represent"), Error);
}

TEST_CASE("serialize base64: encodes and decodes every padding, rejects bad text") {
  for (size_t n = 0; n < 8; ++n) {
    std::vector<uint8_t> bytes;
    for (size_t i = 0; i < n; ++i) bytes.push_back(static_cast<uint8_t>(i * 77 + 200));
    CHECK(base64Decode(base64Encode(bytes)) == bytes);
  }
  CHECK(base64Encode({'M', 'a', 'n'}) == "TWFu");
  CHECK(base64Encode({'M', 'a'}) == "TWE=");
  CHECK(base64Encode({'M'}) == "TQ==");
  CHECK_THROWS_WITH_AS(base64Decode("TWF"), doctest::Contains("not a multiple of 4"), Error);
  CHECK_THROWS_WITH_AS(base64Decode("TW=u"), doctest::Contains("'u' at offset 3"), Error);
  CHECK_THROWS_WITH_AS(base64Decode("T!Fu"), doctest::Contains("invalid base64 character '!'"), Error);
  CHECK_THROWS_WITH_AS(base64Decode("TQ==TWFu"), doctest::Contains("offset 2"), Error);
}

TEST_CASE("serialize modules: every registered module round-trips with non-default arguments") {
  manualSeed(5);
  const auto& examples = exampleArguments();
  for (const std::string& name : moduleNames()) {
    INFO("module " << name);
    const auto it = examples.find(name);
    if (name == "CriterionTable") continue;  // built from a criterion, not arguments: tests/core/test_zoo_composites.cpp
    CHECK_MESSAGE(it != examples.end(), "add an example to exampleArguments() for nn." << name);
    if (it == examples.end()) continue;
    ModulePtr m = createModule(name, it->second);
    for (Tensor& p : m->parameters().first) p.copy(Tensor::randn(p.sizes()));
    const std::string text = saveModule(*m);
    ModulePtr back = loadModule(text);
    CHECK(back->toString() == m->toString());
    CHECK(saveModule(*back) == text);
    const Args a = m->arguments(), b = back->arguments();
    REQUIRE(a.size() == b.size());
    for (size_t i = 0; i < a.size(); ++i) CHECK(a[i].describe() == b[i].describe());
  }
}

TEST_CASE("serialize criterions: every criterion round-trips inside nn.ModuleFromCriterion") {
  const Tensor weights = Tensor::vector({0.5f, 2.0f, 1.0f});
  const std::map<std::string, Args> examples = {
      {"AbsCriterion", {false}}, {"BCECriterion", {weights, false}}, {"ClassNLLCriterion", {weights, false}},
      {"CrossEntropyCriterion", {weights, false}}, {"DistKLDivCriterion", {false}}, {"MSECriterion", {false}},
      {"SmoothL1Criterion", {false}},
      // issue 14's zoo
      {"CosineEmbeddingCriterion", {0.25}}, {"HingeEmbeddingCriterion", {2}}, {"L1HingeEmbeddingCriterion", {2}},
      {"MarginCriterion", {0.5}}, {"MarginRankingCriterion", {0.5}}, {"MultiLabelSoftMarginCriterion", {weights, false}},
      {"MultiMarginCriterion", {2, weights, 0.5}}, {"SoftMarginCriterion", {}}, {"WeightedMSECriterion", {weights}},
      {"MultiLabelMarginCriterion", {}},
      {"SpatialClassNLLCriterion", {weights, false}},  // issue 15
      {"ParallelCriterion", {true}}, {"MultiCriterion", {}},  // issue 14 (empty: added criterions are not saved)
  };
  for (const std::string& name : criterionNames()) {
    INFO("criterion " << name);
    const auto it = examples.find(name);
    CHECK_MESSAGE(it != examples.end(), "add an example for nn." << name);
    if (it == examples.end()) continue;
    const CriterionPtr c = createCriterion(name, it->second);
    c->sizeAverage = false;  // a field for most criterions (Torch sets it after construction)
    ModuleFromCriterion m(c);
    const std::string text = saveModule(m);
    ModulePtr back = loadModule(text);
    CHECK(back->toString() == m.toString());
    CHECK(saveModule(*back) == text);
    auto* wrapper = dynamic_cast<ModuleFromCriterion*>(back.get());
    REQUIRE(wrapper);
    CHECK(wrapper->criterion()->sizeAverage == false);
  }
}

TEST_CASE("serialize graph: an LSTM cell loads with the same outputs, gradients, names and splits") {
  manualSeed(21);
  auto cell = lstmCell(4, 5);
  const Value in = Value::table({Tensor::randn({3, 4}), Tensor::randn({3, 5}), Tensor::randn({3, 5})});
  const Value gradOut = Value::table({Tensor::randn({3, 5}), Tensor::randn({3, 5})});
  checkRoundTrip(*cell, in, gradOut);

  auto loaded = loadGraph(saveGraph(*cell));
  REQUIRE(loaded->nodes().size() == cell->nodes().size());
  for (size_t i = 0; i < cell->nodes().size(); ++i) {
    const Node& a = *cell->nodes()[i];
    const Node& b = *loaded->nodes()[i];
    CHECK(a.name() == b.name());
    CHECK(a.description() == b.description());
    CHECK(a.splitCount() == b.splitCount());
    CHECK(a.splitIndex() == b.splitIndex());
    CHECK(a.module()->toString() == b.module()->toString());
    CHECK(a.inputs().size() == b.inputs().size());
  }
  CHECK(loaded->inputNodes()[0]->description() == "the input at this step");
}

TEST_CASE("serialize graph: containers, nested gModules, criterion nodes, evaluate mode and shared weights") {
  manualSeed(22);
  // Inner graph: x -> Linear(4, 4) -> Tanh, used as one node of the outer graph.
  auto ix = input();
  auto inner = std::make_shared<gModule>(std::vector<NodePtr>{ix}, std::vector<NodePtr>{call("Tanh", {}, call("Linear", {4, 4}, ix))});

  auto x = input(), target = input();
  auto seqModule = std::make_shared<Sequential>();
  seqModule->add(createModule("Linear", {4, 6})).add(createModule("Dropout", {0.5})).add(createModule("ReLU", {}));
  auto concat = createModule("ConcatTable", {});
  dynamic_cast<Container&>(*concat).add(createModule("Identity", {}));
  dynamic_cast<Container&>(*concat).add(createModule("MulConstant", {2.0}));
  auto parallel = createModule("ParallelTable", {});
  dynamic_cast<Container&>(*parallel).add(createModule("Sigmoid", {}));
  dynamic_cast<Container&>(*parallel).add(createModule("Linear", {6, 6}));
  auto map = std::make_shared<MapTable>(createModule("Linear", {6, 3}));
  auto cat1 = createModule("Concat", {1});
  dynamic_cast<Container&>(*cat1).add(createModule("Identity", {}));
  dynamic_cast<Container&>(*cat1).add(createModule("Square", {}));

  auto a = Node::make(inner, {x});
  auto b = Node::make(seqModule, {a});
  auto pair = Node::make(concat, {b});
  auto mapped = Node::make(map, {Node::make(parallel, {pair})});
  auto joined = callTable("JoinTable", {2}, mapped->split(2));
  // Two Linear nodes sharing weight, bias and their gradients, as char-rnn's clones do.
  auto shared = std::make_shared<Linear>(6, 6);
  auto twin = shared->clone({"weight", "bias", "gradWeight", "gradBias"});
  auto s1 = Node::make(shared, {joined});
  auto s2 = Node::make(twin, {s1});
  auto conc = Node::make(cat1, {s2});
  auto loss = Node::make(std::make_shared<ModuleFromCriterion>(createCriterion("MSECriterion", {false})),
                         {call("Narrow", {1, 1, 3}, conc), target});
  gModule g({x, target}, {loss, conc});
  g.evaluate();
  seqModule->get(1)->training();  // a child whose flag differs from its parents'

  const Value in = Value::table({Tensor::randn({3, 4}), Tensor::randn({3, 6})});
  const Value gradOut = Value::table({Tensor::vector({1.0f}), Tensor::randn({6, 6})});
  checkRoundTrip(g, in, gradOut);

  auto loaded = loadGraph(saveGraph(g));
  CHECK_FALSE(loaded->isTraining());
  // The shared pair still shares after loading.
  const auto params = loaded->parameterList();
  int sharedPairs = 0;
  for (size_t i = 0; i < params.size(); ++i)
    for (size_t j = i + 1; j < params.size(); ++j)
      if (params[i].value->isSameTensor(*params[j].value) && params[i].grad->isSameTensor(*params[j].grad)) ++sharedPairs;
  CHECK(sharedPairs == 2);
  // Training flags came back module by module.
  std::function<void(const Module&, const Module&)> sameFlags = [&](const Module& p, const Module& q) {
    CHECK(p.isTraining() == q.isTraining());
    const auto pc = p.children(), qc = q.children();
    REQUIRE(pc.size() == qc.size());
    for (size_t i = 0; i < pc.size(); ++i) sameFlags(*pc[i], *qc[i]);
  };
  sameFlags(g, *loaded);
}

TEST_CASE("serialize graph: non-finite arguments and a BCE weight tensor survive") {
  auto x = input(), t = input();
  auto clamp = call("AddConstant", {static_cast<double>(-INFINITY)}, x);
  auto sig = call("Sigmoid", {}, call("HardTanh", {static_cast<double>(-INFINITY), 0.5}, x));
  auto loss = Node::make(std::make_shared<ModuleFromCriterion>(createCriterion("BCECriterion", {Tensor::vector({1, 2, 3}), true})),
                         {sig, t});
  gModule g({x, t}, {loss, clamp});
  const std::string text = saveGraph(g);
  CHECK(text.find(R"({"number":"-Infinity"})") != std::string::npos);
  auto back = loadGraph(text);
  CHECK(saveGraph(*back) == text);
  const Value in = Value::table({Tensor::randn({2, 3}), Tensor::rand({2, 3})});
  checkSameValue(g.forward(in), back->forward(in));
}

TEST_CASE("serialize bad documents: the good base document loads") {
  auto g = loadGraph(goodDoc());
  CHECK(g->nodes().size() == 3);
  CHECK(maxAbsDiff(g->forward(Tensor::ones({2, 3})).tensor(), Tensor::zeros({2, 2})) == 0.0f);
}

TEST_CASE("serialize bad documents: text that is not JSON or is cut short") {
  const std::string good = goodDoc();
  checkRejected("", "it is not valid JSON: the text is empty");
  checkRejected("nngraph", "it is not valid JSON: invalid literal, expected 'null' at line 1, column 2");
  checkRejected(good.substr(0, good.size() / 2), "the text is truncated or incomplete");
  checkRejected(good.substr(0, good.size() - 1), "truncated");
  checkRejected(good + "}", "unexpected text after the JSON value");
  checkRejected(std::string(1000, '[') + std::string(1000, ']'), "nesting deeper than 128 levels");
  checkRejected(R"({"format":"nngraph-wasm","format":"x"})", "duplicate member name \"format\"");
  checkRejected(R"({"format":"nngraph\q"})", "invalid escape in a string");
  checkRejected(R"({"format":"\ud800"})", "unpaired high surrogate");
  checkRejected(R"({"version":1e999})", "number 1e999 is out of range");
  checkRejected("[]", "at the top level: expected a JSON object, got an array");
}

TEST_CASE("serialize bad documents: format, version and top-level type") {
  checkRejected(R"({"version":1})", "missing \"format\"");
  checkRejected(R"({"format":"torch7","version":1})", "at format: expected \"nngraph-wasm\", got \"torch7\"");
  checkRejected(R"({"format":"nngraph-wasm","version":2,"type":"nn.gModule"})", "at version: version 2 is not one this engine reads");
  checkRejected(R"({"format":"nngraph-wasm","version":"1"})", "at version: expected a positive integer");
  checkRejected(R"({"format":"nngraph-wasm","version":1,"type":"nn.Tanh","args":[]})", "expected \"nn.gModule\", got \"nn.Tanh\"");
  checkRejected(graphDoc(identityNode(1) + "," + node(2, linearModule(), "[1]") + "," + node(3, tanhModule(), "[2]"),
                         "[1]", "[3]", std::string(kHead) + R"(,"comment":"hi")"),
                "at comment: unknown member \"comment\"");
}

TEST_CASE("serialize bad documents: modules and their arguments") {
  const std::string n1 = identityNode(1);
  const std::string n3 = "," + node(3, tanhModule(), "[2]");
  checkRejected(graphDoc(n1 + "," + node(2, R"({"type":"nn.Linearr","args":[3,2]})", "[1]") + n3),
                "at nodes[1].module.type: unknown module type \"nn.Linearr\"");
  checkRejected(graphDoc(n1 + "," + node(2, linearModule("[3,2,true,5]"), "[1]") + n3),
                "at nodes[1].module.args: nn.Linear: takes at most 3 arguments here but got 4");
  checkRejected(graphDoc(n1 + "," + node(2, linearModule(R"(["3",2])"), "[1]") + n3),
                "at nodes[1].module.args: nn.Linear: argument 1 (inputSize) must be an integer, got '3'");
  checkRejected(graphDoc(n1 + "," + node(2, linearModule("[3,2.5]"), "[1]") + n3),
                "argument 2 (outputSize) must be an integer, got 2.5");
  checkRejected(graphDoc(n1 + "," + node(2, linearModule("[1000000,1000000]"), "[1]") + n3),
                "at nodes[1].module.args: nn.Linear: a tensor of size 1000000x1000000 is too large");
  checkRejected(graphDoc(n1 + "," + node(2, linearModule(R"([3,{"number":"Inf"}])"), "[1]") + n3),
                "at nodes[1].module.args[1].number: expected \"Infinity\", \"-Infinity\" or \"NaN\"");
  checkRejected(graphDoc(n1 + "," + node(2, linearModule(R"([3,{"x":1}])"), "[1]") + n3),
                "at nodes[1].module.args[1]: expected a number, boolean, null");
  checkRejected(graphDoc(n1 + "," + node(2, R"({"args":[]})", "[1]") + n3),
                "at nodes[1].module: missing \"type\"");
  checkRejected(graphDoc(n1 + "," + node(2, R"("nn.Tanh")", "[1]") + n3),
                "at nodes[1].module: expected a module object, got \"nn.Tanh\"");
  checkRejected(graphDoc(n1 + "," + node(2, R"({"type":"nn.Tanh","training":1})", "[1]") + n3),
                "at nodes[1].module.training: expected true or false, got 1");
  checkRejected(graphDoc(n1 + "," + node(2, R"({"type":"nn.Tanh","children":[]})", "[1]") + n3),
                "at nodes[1].module.children: nn.Tanh is not a container");
  checkRejected(graphDoc(n1 + "," + node(2, R"({"type":"nn.MapTable","children":[{"type":"nn.Tanh"},{"type":"nn.Tanh"}]})", "[1]") + n3),
                "at nodes[1].module.children[1]: nn.MapTable: add: MapTable maps a single module");
  checkRejected(graphDoc(n1 + "," + node(2, R"({"type":"nn.Sequential","children":[{"type":"nn.Tanh","args":[1]}]})", "[1]") + n3),
                "at nodes[1].module.children[0].args: nn.Tanh: takes at most 0 arguments");
  checkRejected(graphDoc(n1 + "," + node(2, R"({"type":"nn.ModuleFromCriterion","criterion":{"type":"nn.MSE"}})", "[1]") + n3),
                "at nodes[1].module.criterion.type: unknown criterion type \"nn.MSE\"");
  checkRejected(graphDoc(n1 + "," + node(2, R"({"type":"nn.ModuleFromCriterion","criterion":{"type":"nn.MSECriterion","args":[1]}})", "[1]") + n3),
                "at nodes[1].module.criterion.args: nn.MSECriterion: argument 1 (sizeAverage) must be true or false");
  checkRejected(graphDoc(n1 + "," + node(2, R"({"type":"nn.ModuleFromCriterion","criterion":{"type":"nn.BCECriterion","args":[{"tensor":{"shape":[3],"data":"AAAA"}}]}})", "[1]") + n3),
                "at nodes[1].module.criterion.args[0].tensor.data: expected 3 float32 values (16 base64 characters) but got 4");
  checkRejected(graphDoc(n1 + "," + node(2, R"({"type":"nn.gModule","args":[1]})", "[1]") + n3),
                "at nodes[1].module.args: nn.gModule takes no constructor arguments");
}

TEST_CASE("serialize bad documents: parameters") {
  const std::string n1 = identityNode(1);
  const std::string n3 = "," + node(3, tanhModule(), "[2]");
  auto withParams = [&](const std::string& params) { return graphDoc(n1 + "," + node(2, linearModule("[3,2]", params), "[1]") + n3); };
  const std::string bias = cat(R"({"name":"bias","shape":[2],"data":")", zeros(2), R"("})");
  checkRejected(withParams(cat(R"([{"name":"weight","shape":[2,3],"data":")", zeros(6), R"("}])")),
                "at nodes[1].module.parameters: nn.Linear(3 -> 2) has 2 parameters (weight, bias) but the document gives 1");
  checkRejected(graphDoc(n1 + "," + node(2, R"({"type":"nn.Linear","args":[3,2]})", "[1]") + n3),
                "at nodes[1].module: nn.Linear(3 -> 2) has 2 parameters (weight, bias) but the document gives 0");
  checkRejected(withParams(cat(R"([{"name":"weight","shape":[3,2],"data":")", zeros(6), R"("},)", bias, "]")),
                "at nodes[1].module.parameters[0].shape: nn.Linear(3 -> 2)'s weight has size 2x3 but the document gives 3x2");
  checkRejected(withParams(cat(R"([{"name":"weight","shape":[2,3],"data":")", zeros(5), R"("},)", bias, "]")),
                "at nodes[1].module.parameters[0].data: expected 6 float32 values (32 base64 characters) but got 28");
  std::string badChar = zeros(6);
  badChar[5] = '*';
  checkRejected(withParams(cat(R"([{"name":"weight","shape":[2,3],"data":")", badChar, R"("},)", bias, "]")),
                "at nodes[1].module.parameters[0].data: invalid base64 character '*' at offset 5");
  checkRejected(withParams(cat(R"([{"name":"bias","shape":[2,3],"data":")", zeros(6), R"("},)", bias, "]")),
                "at nodes[1].module.parameters[0].name: parameter 1 of nn.Linear(3 -> 2) is \"weight\", not \"bias\"");
  checkRejected(withParams(cat(R"([{"name":"weight","shape":[2,-3],"data":""},)", bias, "]")),
                "at nodes[1].module.parameters[0].shape[1]: expected a size");
  checkRejected(withParams(cat(R"([{"name":"weight","shape":[65536,65536,65536],"data":""},)", bias, "]")),
                "at nodes[1].module.parameters[0].shape: a tensor of size 65536x65536x65536 is too large");
  checkRejected(withParams(cat(R"([{"name":"weight","sharedWith":0},)", bias, "]")),
                "at nodes[1].module.parameters[0].sharedWith: expected the index of a parameter saved earlier (an integer from 0 to -1)");
  checkRejected(withParams(cat(R"([{"name":"weight","shape":[2,3],"data":")", zeros(6), R"(","gradShared":true},)", bias, "]")),
                "at nodes[1].module.parameters[0].gradShared: only a shared parameter");
}

TEST_CASE("serialize bad documents: nodes, references, cycles and unused nodes") {
  const std::string n1 = identityNode(1);
  const std::string n2 = "," + node(2, linearModule(), "[1]");
  const std::string n3 = "," + node(3, tanhModule(), "[2]");
  checkRejected(graphDoc(n1 + n2 + "," + node(3, tanhModule(), "[9]")), "at nodes[2].inputs[0]: no node has id 9");
  checkRejected(graphDoc(n1 + n2 + n3, "[1]", "[4]"), "at outputs[0]: no node has id 4");
  checkRejected(graphDoc(n1 + n2 + n3, "[7]", "[3]"), "at inputs[0]: no node has id 7");
  checkRejected(graphDoc(n1 + n2 + "," + node(2, tanhModule(), "[2]")), "at nodes[2].id: id 2 is already used by nodes[1]");
  checkRejected(graphDoc(n1 + "," + node(2, linearModule(), "[3]") + "," + node(3, tanhModule(), "[2]")),
                "the nodes form a cycle (ids 2 -> 3 -> 2)");
  checkRejected(graphDoc(n1 + "," + node(2, linearModule(), "[2]") + n3), "at nodes[1].inputs[0]: the nodes form a cycle (ids 2 -> 2)");
  checkRejected(graphDoc(n1 + n2 + n3 + "," + node(4, tanhModule(), "[2]")), "at nodes[3]: node 4 does not lead to any of the graph's outputs");
  checkRejected(graphDoc(n1 + n2 + n3 + "," + identityNode(5), "[1,5]"), "at nodes[3]: node 5 does not lead to any");
  checkRejected(graphDoc(n1 + n2 + n3, "[]"), "at inputs: a graph needs at least one input");
  checkRejected(graphDoc(n1 + n2 + n3, "[1]", "3"), "at outputs: expected an array of node ids, got 3");
  checkRejected(graphDoc(n1 + n2 + ",7"), "at nodes[2]: expected a node object, got 7");
  checkRejected(graphDoc(n1 + n2 + "," + node(3, tanhModule(), "[2]", R"(,"id2":3)")), "at nodes[2].id2: unknown member");
  checkRejected(graphDoc(n1 + n2 + R"(,{"id":3.5,"module":{"type":"nn.Tanh"},"inputs":[2]})", "[1]", "[3]"),
                "at nodes[2].id: expected a node id (an integer from 0 to 2147483647), got 3.5");
  checkRejected(graphDoc(n1 + n2 + R"(,{"id":3,"inputs":[2]})"), "at nodes[2]: missing \"module\"");
  checkRejected(graphDoc(n1 + n2 + "," + node(3, tanhModule(), "[2]", R"(,"name":5)")), "at nodes[2].name: expected a string, got 5");
  // A graph input computed from another node: the engine's own build check, located at the graph.
  checkRejected(graphDoc(n1 + n2 + n3, "[1,2]"), "at the top level: the graph does not build: nn.gModule(2 inputs -> 1 output): input 2, node nn.Linear");
  checkRejected(graphDoc(n1 + n2 + n3 + ",{\"id\":4}"), "at nodes[3]: missing \"module\"");
}

TEST_CASE("serialize bad documents: splits") {
  const std::string n1 = identityNode(1);
  const std::string split = "," + node(2, R"({"type":"nn.SplitTable","args":[1]})", "[1]", R"(,"split":2)");
  const std::string join = "," + node(5, R"({"type":"nn.CAddTable","args":[]})", "[3,4]");
  CHECK(loadGraph(graphDoc(n1 + split + R"(,{"id":3,"splitOf":2,"splitIndex":1},{"id":4,"splitOf":2,"splitIndex":2})" + join, "[1]", "[5]"))
            ->nodes().size() == 5);
  checkRejected(graphDoc(n1 + split + R"(,{"id":3,"splitOf":2,"splitIndex":1},{"id":4,"splitOf":2,"splitIndex":1})" + join, "[1]", "[5]"),
                "at nodes[3].splitIndex: part 1 of node 2 appears twice");
  checkRejected(graphDoc(n1 + split + R"(,{"id":3,"splitOf":2,"splitIndex":1},{"id":4,"splitOf":2,"splitIndex":3})" + join, "[1]", "[5]"),
                "at nodes[3].splitIndex: part 3 of a split into 2 parts");
  checkRejected(graphDoc(n1 + split + R"(,{"id":3,"splitOf":1,"splitIndex":1},{"id":4,"splitOf":2,"splitIndex":2})" + join, "[1]", "[5]"),
                "at nodes[2].splitOf: node 1 (nodes[0]) is not split");
  checkRejected(graphDoc(n1 + split + R"(,{"id":3,"splitOf":2,"splitIndex":1,"inputs":[2]},{"id":4,"splitOf":2,"splitIndex":2})" + join, "[1]", "[5]"),
                "at nodes[2].inputs: a split part (\"splitOf\") has no \"inputs\"");
  // Part 2 missing from the document: the engine's rule that every part of a split is used.
  checkRejected(graphDoc(n1 + split + R"(,{"id":3,"splitOf":2,"splitIndex":1})" + "," + node(5, tanhModule(), "[3]"), "[1]", "[5]"),
                "is not used by any output; every part of a split must be used");
  checkRejected(graphDoc(n1 + "," + node(2, tanhModule(), "[1]", R"(,"split":1000)") + "," + node(3, tanhModule(), "[2]")),
                "at nodes[1].split: expected a split count no larger than the number of nodes");
}

TEST_CASE("serialize bad documents: too many nodes") {
  std::string nodes = identityNode(1);
  for (int i = 2; i <= 10002; ++i) nodes += "," + node(i, tanhModule(), cat("[", i - 1, "]"));
  checkRejected(graphDoc(nodes, "[1]", "[10002]"), "at nodes: the document has more than 10000 graph nodes");
}
