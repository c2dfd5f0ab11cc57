// optim.sgd / optim.adam against hand-computed steps, getParameters() views and sharing, and
// three small trainings that must converge from a fixed seed: XOR, two spirals, a char-LSTM
// unrolled over time from clones sharing one set of parameters (truncated BPTT).
#include "tests/core/testing.h"

#include <cmath>
#include <string>

#include "core/criterion.h"
#include "core/modules/Identity.h"
#include "core/modules/Linear.h"
#include "core/modules/Sequential.h"
#include "core/optim.h"

using namespace nn;

namespace {

// f(x) = 0.5 * |x|^2, so df/dx = x; the gradient goes into `grad` like a module's flat gradient.
optim::Feval halfSquare(Tensor& grad) {
  return [&grad](const Tensor& x) {
    grad.resizeAs(x).copy(x);
    return std::pair<double, Tensor>(0.5 * std::pow(x.toVector()[0], 2), grad);
  };
}

void checkClose(const Tensor& t, std::vector<float> expected, float tolerance = 1e-5f) {
  REQUIRE(t.numel() == static_cast<int64_t>(expected.size()));
  const std::vector<float> got = t.toVector();
  for (size_t i = 0; i < got.size(); ++i) {
    INFO("element " << i << ": got " << got[i] << ", expected " << expected[i]);
    CHECK(std::fabs(got[i] - expected[i]) < tolerance);
  }
}

std::shared_ptr<Sequential> mlp(const std::vector<int64_t>& sizes, const std::string& activation) {
  auto seq = std::make_shared<Sequential>();
  for (size_t i = 0; i + 1 < sizes.size(); ++i) {
    seq->add(std::make_shared<Linear>(sizes[i], sizes[i + 1]));
    if (i + 2 < sizes.size()) seq->add(createModule(activation, {}));
  }
  return seq;
}

// Fraction of rows whose arg-max column is the 1-based class in `labels`.
double accuracy(const Tensor& scores, const Tensor& labels) {
  const int64_t n = scores.size(1), k = scores.size(2);
  int64_t right = 0;
  for (int64_t i = 0; i < n; ++i) {
    int64_t best = 0;
    for (int64_t j = 1; j < k; ++j)
      if (scores.at({i, j}) > scores.at({i, best})) best = j;
    right += (best + 1 == static_cast<int64_t>(labels.at({i})));
  }
  return static_cast<double>(right) / static_cast<double>(n);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Steps against hand-computed values

TEST_CASE("optim sgd: plain step is x - lr * df/dx, and returns {x, {fx}}") {
  Tensor x = Tensor::vector({1, -2}), grad;
  optim::SGDConfig config;
  config.learningRate = 0.1;
  optim::SGDState state;
  const optim::StepResult r = optim::sgd(halfSquare(grad), x, config, state);
  checkClose(x, {0.9f, -1.8f});
  CHECK(r.x.isSameTensor(x));
  REQUIRE(r.fx.size() == 1);
  CHECK(r.fx[0] == doctest::Approx(0.5));
  CHECK(state.evalCounter == 1);
}

TEST_CASE("optim sgd: momentum with Torch's default dampening and weight decay, two steps") {
  // Step 1: g = x0 + 0.1 x0 = (1.1, -2.2); buffer = g; x1 = x0 - 0.1 g = (0.89, -1.78).
  // Step 2: g = 1.1 x1 = (0.979, -1.958); buffer = 0.9 (1.1, -2.2) + 0.1 g = (1.0879, -2.1758);
  //         x2 = x1 - 0.1 buffer = (0.78121, -1.56242).
  Tensor x = Tensor::vector({1, -2}), grad;
  optim::SGDConfig config;
  config.learningRate = 0.1;
  config.momentum = 0.9;
  config.weightDecay = 0.1;
  optim::SGDState state;
  optim::sgd(halfSquare(grad), x, config, state);
  checkClose(x, {0.89f, -1.78f});
  checkClose(state.dfdx, {1.1f, -2.2f});
  optim::sgd(halfSquare(grad), x, config, state);
  checkClose(state.dfdx, {1.0879f, -2.1758f});
  checkClose(x, {0.78121f, -1.56242f});
}

TEST_CASE("optim sgd: nesterov momentum, two steps") {
  // Step 1: g = (1, -2); buffer = g; g += 0.9 buffer = (1.9, -3.8); x1 = (0.81, -1.62).
  // Step 2: g = x1; buffer = 0.9 (1, -2) + x1 = (1.71, -3.42); g += 0.9 buffer = (2.349, -4.698);
  //         x2 = x1 - 0.1 g = (0.5751, -1.1502).
  Tensor x = Tensor::vector({1, -2}), grad;
  optim::SGDConfig config;
  config.learningRate = 0.1;
  config.momentum = 0.9;
  config.dampening = 0;
  config.nesterov = true;
  optim::SGDState state;
  optim::sgd(halfSquare(grad), x, config, state);
  checkClose(x, {0.81f, -1.62f});
  optim::sgd(halfSquare(grad), x, config, state);
  checkClose(x, {0.5751f, -1.1502f});
}

TEST_CASE("optim sgd: learning rate decay divides lr by 1 + t * decay") {
  // x1 = 1 - 0.1 * 1 = 0.9; x2 = 0.9 - (0.1 / 1.5) * 0.9 = 0.84.
  Tensor x = Tensor::vector({1}), grad;
  optim::SGDConfig config;
  config.learningRate = 0.1;
  config.learningRateDecay = 0.5;
  optim::SGDState state;
  optim::sgd(halfSquare(grad), x, config, state);
  optim::sgd(halfSquare(grad), x, config, state);
  checkClose(x, {0.84f});
}

TEST_CASE("optim sgd: nesterov without zero dampening is an error, as in Torch") {
  Tensor x = Tensor::vector({1}), grad;
  optim::SGDConfig config;
  config.momentum = 0.9;
  config.nesterov = true;
  optim::SGDState state;
  CHECK_THROWS_WITH_AS(optim::sgd(halfSquare(grad), x, config, state),
                       doctest::Contains("Nesterov momentum requires a momentum and zero dampening"), Error);
  auto wrongSize = [](const Tensor&) { return std::pair<double, Tensor>(0.0, Tensor({3})); };
  config.nesterov = false;
  CHECK_THROWS_WITH_AS(optim::sgd(wrongSize, x, config, state),
                       doctest::Contains("feval must return the gradient as a contiguous tensor of 1 elements"), Error);
}

TEST_CASE("optim adam: first step moves every coordinate by lr against the gradient's sign") {
  // m1 = 0.1 g, v1 = 0.001 g^2: bias-corrected m/sqrt(v) = g/|g|, so x1 = x0 - lr sign(g).
  Tensor x = Tensor::vector({1, -2, 0.5f}), grad;
  optim::AdamConfig config;
  config.learningRate = 0.1;
  optim::AdamState state;
  optim::adam(halfSquare(grad), x, config, state);
  checkClose(x, {0.9f, -1.9f, 0.4f}, 1e-5f);
  CHECK(state.t == 1);
}

TEST_CASE("optim adam: three steps with bias correction and weight decay match the formula") {
  const double lr = 0.05, b1 = 0.8, b2 = 0.99, eps = 1e-3, wd = 0.2;
  std::vector<double> ref{1, -2, 0.5}, m(3, 0), v(3, 0);
  Tensor x = Tensor::vector({1, -2, 0.5f}), grad;
  optim::AdamConfig config;
  config.learningRate = lr;
  config.beta1 = b1;
  config.beta2 = b2;
  config.epsilon = eps;
  config.weightDecay = wd;
  optim::AdamState state;
  for (int t = 1; t <= 3; ++t) {
    for (size_t i = 0; i < 3; ++i) {
      const double g = ref[i] + wd * ref[i];
      m[i] = b1 * m[i] + (1 - b1) * g;
      v[i] = b2 * v[i] + (1 - b2) * g * g;
      const double step = lr * std::sqrt(1 - std::pow(b2, t)) / (1 - std::pow(b1, t));
      ref[i] -= step * m[i] / (std::sqrt(v[i]) + eps);
    }
    optim::adam(halfSquare(grad), x, config, state);
    INFO("step " << t);
    checkClose(x, {float(ref[0]), float(ref[1]), float(ref[2])}, 1e-5f);
  }
}

TEST_CASE("optim Optimizer: step uses accumulated gradients, updates shared tensors once") {
  Tensor w = Tensor::vector({1, 2}), gw = Tensor::vector({0.5f, -1});
  optim::SGDConfig config;
  config.learningRate = 0.1;
  // w listed twice (a clone sharing it): one update, not two.
  optim::Optimizer opt({w, w}, {gw, gw}, config);
  opt.step();
  checkClose(w, {0.95f, 2.1f});
  checkClose(gw, {0.5f, -1});
  opt.zeroGrad();
  checkClose(gw, {0, 0});
  CHECK(opt.stepCount() == 1);
  CHECK_THROWS_WITH_AS(optim::Optimizer({w}, {Tensor({3})}, config),
                       doctest::Contains("parameter 1 has size 2 but its gradient has size 3"), Error);
}

// ---------------------------------------------------------------------------------------------
// getParameters

TEST_CASE("getParameters: flat vectors whose elements are the module's weights, as views") {
  manualSeed(1);
  auto net = mlp({2, 3, 1}, "Tanh");
  auto& l1 = static_cast<Linear&>(*net->get(1));
  auto& l2 = static_cast<Linear&>(*net->get(3));
  const Tensor w1 = l1.weight.clone(), b2 = l2.bias.clone();
  auto [flat, gradFlat] = net->getParameters();
  CHECK(flat.shapeString() == "13");
  CHECK(gradFlat.shapeString() == "13");
  // Torch's order: weight1 (3x2), bias1 (3), weight2 (1x3), bias2 (1).
  CHECK(maxAbsDiff(flat.narrow(1, 1, 6).view({3, 2}), w1) == 0);
  CHECK(flat.at({12}) == b2.at({0}));
  flat.at({0}) = 42;
  CHECK(l1.weight.at({0, 0}) == 42);
  flat.at({12}) = -7;
  CHECK(l2.bias.at({0}) == -7);
  l2.gradWeight.at({0, 2}) = 3;
  CHECK(gradFlat.at({6 + 3 + 2}) == 3);
  net->zeroGradParameters();
  CHECK(gradFlat.sum() == 0);
  // A second call keeps the layout (everything already lives in one storage).
  auto [again, gradAgain] = net->getParameters();
  CHECK(again.at({0}) == 42);
  again.at({1}) = 5;
  CHECK(l1.weight.at({0, 1}) == 5);
}

TEST_CASE("getParameters: clones sharing weights map to one region and accumulate into it") {
  manualSeed(2);
  auto lin = std::make_shared<Linear>(3, 2);
  auto twin = lin->clone({"weight", "bias", "gradWeight", "gradBias"});
  auto other = std::make_shared<Linear>(3, 2);  // not shared: a region of its own
  auto net = std::make_shared<Sequential>();
  net->add(lin).add(twin).add(other);
  // parameters() lists the shared tensors twice, getParameters() stores them once.
  CHECK(net->parameters().first.size() == 6);
  auto [flat, gradFlat] = net->getParameters();
  CHECK(flat.numel() == 2 * (6 + 2));
  auto& t = static_cast<Linear&>(*twin);
  CHECK(t.weight.isSameTensor(lin->weight));
  CHECK(t.gradBias.isSameTensor(lin->gradBias));
  CHECK(!other->weight.sameStorage(Tensor()) );
  CHECK(other->weight.sameStorage(lin->weight));  // same flat storage, different place
  CHECK(other->weight.storageOffset() == 8);

  // Backward through both clones adds both contributions into the one gradient region.
  net->zeroGradParameters();
  const Tensor x1 = Tensor::vector({1, 2, 3}), x2 = Tensor::vector({-1, 0, 4}), g = Tensor::vector({1, -1});
  lin->forward(x1);
  lin->backward(x1, g);
  twin->forward(x2);
  twin->backward(x2, g);
  // gradWeight = g x1^T + g x2^T, gradBias = 2 g.
  checkClose(gradFlat.narrow(1, 1, 8), {0, 2, 7, 0, -2, -7, 2, -2});
  CHECK(gradFlat.narrow(1, 9, 8).sum() == 0);
}

TEST_CASE("getParameters: gradients not shared with their parameters are an error") {
  auto lin = std::make_shared<Linear>(2, 2);
  auto twin = lin->clone({"weight", "bias"});
  auto net = std::make_shared<Sequential>();
  net->add(lin).add(twin);
  CHECK_THROWS_WITH_AS(net->getParameters(),
                       doctest::Contains("the parameters have 6 elements but the gradients 12"), Error);
}

// ---------------------------------------------------------------------------------------------
// Training from a fixed seed

TEST_CASE("optim training: a 2-layer MLP learns XOR to 100% within 100 sgd steps") {
  manualSeed(123);
  auto net = mlp({2, 4, 2}, "Tanh");
  net->add(createModule("LogSoftMax", {}));
  auto criterion = createCriterion("ClassNLLCriterion", {});
  const Tensor x = Tensor::matrix({{0, 0}, {0, 1}, {1, 0}, {1, 1}});
  const Tensor y = Tensor::vector({1, 2, 2, 1});
  auto [params, grads] = net->getParameters();
  optim::SGDConfig config;
  config.learningRate = 0.3;
  config.momentum = 0.9;
  config.dampening = 0;
  optim::SGDState state;
  auto feval = [&, &grads = grads](const Tensor&) {
    grads.zero();
    const Value& out = net->forward(x);
    const double loss = criterion->forward(out, y);
    net->backward(x, criterion->backward(out, y));
    return std::pair<double, Tensor>(loss, grads);
  };
  int reached = -1;
  double loss = 0;
  for (int step = 1; step <= 100 && reached < 0; ++step) {
    loss = optim::sgd(feval, params, config, state).fx[0];
    if (accuracy(net->forward(x).tensor(), y) == 1.0) reached = step;
  }
  INFO("XOR: 100% accuracy at step " << reached << ", loss " << loss);
  CHECK(reached > 0);
}

TEST_CASE("optim training: two interleaved spirals above 95% with adam") {
  manualSeed(7);
  Generator gen(99);
  const int perClass = 60, n = 2 * perClass;
  Tensor x({n, 2}), y({n});
  const Tensor noise = Tensor::randn({n, 2}, gen);
  for (int c = 0; c < 2; ++c)
    for (int i = 0; i < perClass; ++i) {
      // radius grows with the angle; the second arm is the first turned by pi.
      const double t = 0.25 + 3.0 * i / perClass, angle = t * 2.0 + c * M_PI;
      const int row = c * perClass + i;
      x.at({row, 0}) = float(t * std::cos(angle) / 3.25 + 0.02 * noise.at({row, 0}));
      x.at({row, 1}) = float(t * std::sin(angle) / 3.25 + 0.02 * noise.at({row, 1}));
      y.at({row}) = float(c + 1);
    }
  auto net = mlp({2, 24, 24, 2}, "Tanh");
  net->add(createModule("LogSoftMax", {}));
  auto criterion = createCriterion("ClassNLLCriterion", {});
  auto [params, grads] = net->getParameters();
  optim::AdamConfig config;
  config.learningRate = 0.02;
  optim::AdamState state;
  auto feval = [&, &grads = grads](const Tensor&) {
    grads.zero();
    const Value& out = net->forward(x);
    const double loss = criterion->forward(out, y);
    net->backward(x, criterion->backward(out, y));
    return std::pair<double, Tensor>(loss, grads);
  };
  double loss = 0;
  for (int step = 1; step <= 600; ++step) loss = optim::adam(feval, params, config, state).fx[0];
  const double acc = accuracy(net->forward(x).tensor(), y);
  INFO("spirals: accuracy " << acc << " after 600 adam steps, loss " << loss);
  CHECK(acc > 0.95);
}

namespace {

// One LSTM step as a graph: {x (character index), prev_c, prev_h} -> {next_c, next_h, log-probs}.
std::shared_ptr<gModule> lstmStep(int vocab, int embed, int rnn) {
  auto input = [] { return Node::input(std::make_shared<Identity>()); };
  auto call = [](const std::string& type, const Args& args, const NodePtr& x) {
    return Node::make(createModule(type, args), {x});
  };
  auto callTable = [](const std::string& type, const std::vector<NodePtr>& xs) {
    return Node::make(createModule(type, {}), xs, true);
  };
  auto x = input(), prevC = input(), prevH = input();
  auto e = call("LookupTable", {vocab, embed}, x);
  auto all = callTable("CAddTable", {call("Linear", {embed, 4 * rnn}, e), call("Linear", {rnn, 4 * rnn}, prevH)});
  auto gates = call("SplitTable", {2}, call("Reshape", {4, rnn}, all))->split(4);
  auto nextC = callTable("CAddTable", {callTable("CMulTable", {call("Sigmoid", {}, gates[1]), prevC}),
                                       callTable("CMulTable", {call("Sigmoid", {}, gates[0]), call("Tanh", {}, gates[3])})});
  auto nextH = callTable("CMulTable", {call("Sigmoid", {}, gates[2]), call("Tanh", {}, nextC)});
  auto logProbs = call("LogSoftMax", {}, call("Linear", {rnn, vocab}, nextH));
  return std::make_shared<gModule>(std::vector<NodePtr>{x, prevC, prevH}, std::vector<NodePtr>{nextC, nextH, logProbs});
}

}  // namespace

TEST_CASE("optim training: a char-LSTM unrolled from shared clones learns a short text (truncated BPTT)") {
  const std::string text = "hello nngraph, hello torch. ";
  std::string vocab;
  for (char ch : text)
    if (vocab.find(ch) == std::string::npos) vocab += ch;
  const int V = static_cast<int>(vocab.size()), T = 7, rnn = 24;
  auto index = [&](size_t pos) { return float(vocab.find(text[pos % text.size()]) + 1); };

  manualSeed(5);
  auto proto = lstmStep(V, 8, rnn);
  auto [params, grads] = proto->getParameters();  // before cloning, so the clones share the flat storage
  params.copy(Tensor::uniform({params.numel()}, -0.08f, 0.08f));
  std::vector<ModulePtr> clones;
  std::vector<CriterionPtr> criteria;
  for (int t = 0; t < T; ++t) {
    clones.push_back(proto->clone({"weight", "bias", "gradWeight", "gradBias"}));
    criteria.push_back(createCriterion("ClassNLLCriterion", {}));
  }
  CHECK(static_cast<gModule&>(*clones[3]).parameters().first[0].sameStorage(params));

  Tensor c0({1, rnn}), h0({1, rnn});  // carried across chunks, cut off from the gradient
  const Tensor zeros({1, rnn});
  size_t position = 0;
  std::vector<Value> inputs(T);
  std::vector<Tensor> xs(T), ys(T);
  for (int t = 0; t < T; ++t) xs[t] = Tensor({1}), ys[t] = Tensor({1});

  auto feval = [&, &grads = grads](const Tensor&) {
    grads.zero();
    double loss = 0;
    Value c = c0, h = h0;
    for (int t = 0; t < T; ++t) {
      xs[t].at({0}) = index(position + t);
      ys[t].at({0}) = index(position + t + 1);
      inputs[t] = Value::table({xs[t], c, h});
      const Value& out = clones[t]->forward(inputs[t]);
      c = out[0];
      h = out[1];
      loss += criteria[t]->forward(out[2], ys[t]);
    }
    Value dc = zeros, dh = zeros;
    for (int t = T - 1; t >= 0; --t) {
      const Value& out = clones[t]->output;
      const Value dlogp = criteria[t]->backward(out[2], ys[t]);
      const Value& gradIn = clones[t]->backward(inputs[t], Value::table({dc, dh, dlogp}));
      dc = gradIn[1];
      dh = gradIn[2];
    }
    c0.copy(c.tensor());
    h0.copy(h.tensor());
    position = (position + T) % text.size();
    if (position == 0) c0.zero(), h0.zero();
    return std::pair<double, Tensor>(loss / T, grads);
  };

  optim::AdamConfig config;
  config.learningRate = 0.01;
  optim::AdamState state;
  const int steps = 400, chunks = static_cast<int>(text.size()) / T;
  double first = 0, recent = 0;
  for (int step = 1; step <= steps; ++step) {
    const double loss = optim::adam(feval, params, config, state).fx[0];
    if (step <= chunks) first += loss / chunks;
    if (step > steps - chunks) recent += loss / chunks;
  }
  // Uniform guessing costs log(V) = log(14) = 2.64 nats per character.
  INFO("char-LSTM: vocabulary " << V << ", mean loss over the first pass " << first << ", over the last pass " << recent);
  CHECK(first > 2.0);
  CHECK(recent < 0.25);
}
