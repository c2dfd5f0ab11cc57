// Whole graphs people build: the answer's CMulTable graph and a char-rnn LSTM cell, each checked
// against values computed here from the parameters (reference gemm + direct formulas) and by a
// numerical gradient check.
#include "tests/core/testing.h"

#include <cmath>

#include "core/modules/Linear.h"

using namespace nn;

namespace {

using testing::call;
using testing::callTable;
using testing::input;

// x W^T + b for a batch of rows, with the scalar reference gemm.
Tensor affine(const Tensor& x, const Linear& l) {
  const int rows = static_cast<int>(x.size(1)), in = static_cast<int>(x.size(2)), out = static_cast<int>(l.weight.size(1));
  Tensor y({rows, out});
  kernels::ref::gemm(false, true, rows, out, in, 1, x.contiguous().data(), in, l.weight.data(), in, 0, y.data(), out);
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < out; ++c) y.at({r, c}) += l.bias.at({c});
  return y;
}
// g W: the gradient with respect to a Linear's input.
Tensor backThrough(const Tensor& g, const Linear& l) {
  const int rows = static_cast<int>(g.size(1)), out = static_cast<int>(l.weight.size(1)), in = static_cast<int>(l.weight.size(2));
  Tensor d({rows, in});
  kernels::ref::gemm(false, false, rows, in, out, 1, g.contiguous().data(), out, l.weight.data(), in, 0, d.data(), in);
  return d;
}
Tensor times(const Tensor& a, const Tensor& b) {
  std::vector<float> x = a.toVector(), y = b.toVector();
  for (size_t i = 0; i < x.size(); ++i) x[i] *= y[i];
  return Tensor::fromData(x, a.sizes());
}
float sigmoid(float v) { return 1.0f / (1.0f + std::exp(-v)); }

}  // namespace

TEST_CASE("graph models: the answer's CMulTable graph gives {err .* y2 * W1, err .* y1 * W2}") {
  // input1, input2 -> Linear(3, 5) each -> CMulTable -> output
  manualSeed(7);
  auto in1 = input(), in2 = input();
  auto lin1 = std::make_shared<Linear>(3, 5), lin2 = std::make_shared<Linear>(3, 5);
  auto y1 = Node::make(lin1, {in1}), y2 = Node::make(lin2, {in2});
  auto product = callTable("CMulTable", {}, {y1, y2});
  gModule g({in1, in2}, {product});

  Tensor x1 = Tensor::rand({3, 3}), x2 = Tensor::rand({3, 3});
  const Value in = Value::table({x1, x2});
  const Tensor out = g.forward(in).tensor();
  const Tensor v1 = affine(x1, *lin1), v2 = affine(x2, *lin2);
  CHECK(maxAbsDiff(out, times(v1, v2)) < 1e-5f);

  Tensor err = Tensor::rand({3, 5});
  const Value& gradInput = g.backward(in, err);
  REQUIRE(gradInput.size() == 2);
  CHECK(maxAbsDiff(gradInput[0].tensor(), backThrough(times(err, v2), *lin1)) < 1e-5f);
  CHECK(maxAbsDiff(gradInput[1].tensor(), backThrough(times(err, v1), *lin2)) < 1e-5f);
  // What each Linear heard: err times the other branch.
  CHECK(maxAbsDiff(y1->lastGradOutput().tensor(), times(err, v2)) < 1e-6f);
  CHECK(maxAbsDiff(y2->lastGradOutput().tensor(), times(err, v1)) < 1e-6f);
  testing::checkModuleGradients(g, in);
  testing::checkAccumulation(g, in, err);
}

TEST_CASE("graph models: a char-rnn LSTM cell computes next_c, next_h and passes a gradient check") {
  const int batch = 3, inputSize = 4, rnn = 5;
  manualSeed(11);
  auto x = input(), prevC = input(), prevH = input();
  x->annotate("x");
  prevC->annotate("prev_c");
  prevH->annotate("prev_h");
  auto i2hModule = std::make_shared<Linear>(inputSize, 4 * rnn), h2hModule = std::make_shared<Linear>(rnn, 4 * rnn);
  auto i2h = Node::make(i2hModule, {x});
  auto h2h = Node::make(h2hModule, {prevH});
  auto all = callTable("CAddTable", {}, {i2h, h2h});
  auto reshaped = call("Reshape", {4, rnn}, all);
  auto n = call("SplitTable", {2}, reshaped)->split(4);
  auto inGate = call("Sigmoid", {}, n[0]);
  auto forgetGate = call("Sigmoid", {}, n[1]);
  auto outGate = call("Sigmoid", {}, n[2]);
  auto inTransform = call("Tanh", {}, n[3]);
  auto nextC = callTable("CAddTable", {}, {callTable("CMulTable", {}, {forgetGate, prevC}),
                                           callTable("CMulTable", {}, {inGate, inTransform})});
  auto nextH = callTable("CMulTable", {}, {outGate, call("Tanh", {}, nextC)});
  nextC->annotate("next_c");
  nextH->annotate("next_h");
  gModule cell({x, prevC, prevH}, {nextC, nextH});

  Tensor xv = Tensor::randn({batch, inputSize}), c0 = Tensor::randn({batch, rnn}), h0 = Tensor::randn({batch, rnn});
  const Value in = Value::table({xv, c0, h0});
  const Value& out = cell.forward(in);
  REQUIRE(out.size() == 2);
  CHECK(out[0].tensor().shapeString() == "3x5");
  CHECK(out[1].tensor().shapeString() == "3x5");
  CHECK(reshaped->lastOutput().tensor().shapeString() == "3x4x5");

  // The same cell, written out: pre-activations a = x Wi^T + bi + h Wh^T + bh, gate k uses
  // columns [k*rnn, (k+1)*rnn) of a.
  const Tensor a = affine(xv, *i2hModule).add(affine(h0, *h2hModule));
  for (int b = 0; b < batch; ++b) {
    for (int j = 0; j < rnn; ++j) {
      const float ig = sigmoid(a.at({b, j})), fg = sigmoid(a.at({b, rnn + j}));
      const float og = sigmoid(a.at({b, 2 * rnn + j})), tr = std::tanh(a.at({b, 3 * rnn + j}));
      const float c = fg * c0.at({b, j}) + ig * tr;
      const float h = og * std::tanh(c);
      CHECK(std::fabs(out[0].tensor().at({b, j}) - c) < 1e-5f);
      CHECK(std::fabs(out[1].tensor().at({b, j}) - h) < 1e-5f);
    }
  }

  const Value& gradInput = cell.backward(in, Value::table({Tensor::randn({batch, rnn}), Tensor::randn({batch, rnn})}));
  CHECK(gradInput.describe() == "a table of 3 {3x4, 3x5, 3x5}");
  // prev_c only reaches the outputs through forget .* prev_c: its gradient is
  // forget .* (dnext_c + dnext_h .* out .* (1 - tanh(next_c)^2)).
  const Tensor dc = nextC->lastGradOutput().tensor();
  CHECK(maxAbsDiff(gradInput[1].tensor(), times(forgetGate->lastOutput().tensor(), dc)) < 1e-5f);
  // next_c fans out (output and Tanh): two contributions.
  CHECK(nextC->gradientContributions().size() == 2);

  testing::checkModuleGradients(cell, in);
}
