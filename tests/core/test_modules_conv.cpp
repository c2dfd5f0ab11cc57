// The convolutional modules (issue 15): forward against direct references, Jacobian checks of
// input and parameter gradients with 3-D and 4-D inputs, Torch's output sizes and options,
// save/load (with batch-norm running statistics), clone, use in containers and gModules, and
// the errors for bad inputs.
#include "tests/core/testing.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/kernels_conv.h"
#include "core/modules/BatchNormalization.h"
#include "core/modules/Sequential.h"
#include "core/modules/SpatialAveragePooling.h"
#include "core/modules/SpatialConvolution.h"
#include "core/modules/SpatialDropout.h"
#include "core/modules/SpatialMaxPooling.h"
#include "core/serialize.h"

using namespace nn;
using testing::checkModuleGradients;

namespace {

// Distinct values (a shuffled ramp, spacing 0.05): no two pooled candidates are within the
// finite-difference step of each other, so max pooling stays differentiable under the check.
Tensor distinct(const Shape& sizes, uint64_t seed) {
  Tensor t(sizes);
  std::vector<int64_t> order(t.numel());
  std::iota(order.begin(), order.end(), 0);
  Generator gen(seed);
  for (int64_t i = t.numel() - 1; i > 0; --i) std::swap(order[i], order[static_cast<int64_t>(gen.uniform(0, 1) * (i + 1)) % (i + 1)]);
  for (int64_t i = 0; i < t.numel(); ++i) t.data()[i] = -1.0f + 0.05f * static_cast<float>(order[i]) / 4.0f;
  return t;
}

ModulePtr make(const std::string& name, const Args& args) { return createModule(name, args); }

// Jacobian check with a 3-D input and with a 4-D batch of 2 of the same image size.
void checkBoth(const std::string& name, const Args& args, const Shape& image, double tolerance = 2e-2) {
  INFO(name);
  ModulePtr m = make(name, args);
  Shape batched = image;
  batched.insert(batched.begin(), 2);
  manualSeed(3);
  checkModuleGradients(*m, Value(distinct(image, 1)), tolerance);
  checkModuleGradients(*m, Value(distinct(batched, 2)), tolerance);
}

}  // namespace

TEST_CASE("conv modules: SpatialConvolution's forward is the direct convolution, 3-D and 4-D") {
  manualSeed(7);
  auto conv = std::make_shared<SpatialConvolution>(3, 4, 3, 2, 2, 1, 1, 2);  // kW 3, kH 2, dW 2, dH 1, padW 1, padH 2
  const Tensor x = Tensor::randn({2, 3, 6, 7});
  const Tensor& y = conv->forward(Value(x)).tensor();
  // Torch's sizes: oH = floor((6 + 4 - 2) / 1) + 1 = 9, oW = floor((7 + 2 - 3) / 2) + 1 = 4.
  REQUIRE(y.sizes() == Shape{2, 4, 9, 4});
  kernels::Window2d g;
  g.planes = 3, g.height = 6, g.width = 7, g.kH = 2, g.kW = 3, g.dH = 1, g.dW = 2, g.padH = 2, g.padW = 1;
  g.outH = 9, g.outW = 4;
  for (int64_t b = 0; b < 2; ++b) {
    Tensor want({4, 9, 4});
    kernels::ref::conv2d(g, 4, x.data() + b * 3 * 6 * 7, conv->weight.data(), conv->bias.data(), want.data());
    CHECK(maxAbsDiff(y.select(1, b + 1).contiguous(), want) < 1e-5f);
  }
  // The same image without the batch dimension gives the first sample's output.
  const Tensor y3 = conv->forward(Value(x.select(1, 1).contiguous())).tensor().clone();
  CHECK(y3.sizes() == Shape{4, 9, 4});
  conv->forward(Value(x));
  CHECK(maxAbsDiff(y3, conv->output.tensor().select(1, 1).contiguous()) < 1e-6f);
  // Torch's layout and initialisation range.
  CHECK(conv->weight.sizes() == Shape{4, 3, 2, 3});
  CHECK(conv->weight.maxAbs() <= 1.0f / std::sqrt(18.0f));
}

TEST_CASE("conv modules: Jacobian of every spatial module, 3-D and 4-D inputs, parameters included") {
  checkBoth("SpatialConvolution", {2, 3, 3, 3}, {2, 5, 6});
  checkBoth("SpatialConvolution", {2, 3, 3, 2, 2, 1, 1, 2}, {2, 6, 7});    // stride and padding
  checkBoth("SpatialConvolution", {3, 2, 1, 1}, {3, 4, 5});                // 1x1: no im2col
  checkBoth("SpatialConvolution", {2, 2, 2, 2, 1, 1, 0, 0, false}, {2, 4, 4});  // without bias
  checkBoth("SpatialConvolutionMM", {2, 3, 5, 5, 1, 1, 2, 2}, {2, 5, 5});
  checkBoth("SpatialDilatedConvolution", {2, 2, 3, 3, 1, 1, 1, 1, 2, 2}, {2, 7, 7});
  checkBoth("SpatialMaxPooling", {2, 2}, {2, 6, 6});
  checkBoth("SpatialMaxPooling", {3, 3, 2, 2, 1, 1}, {2, 7, 6});
  checkBoth("SpatialMaxPooling", {2, 2, 2, 2, 0, 0, true}, {2, 5, 5});      // ceil mode
  checkBoth("SpatialAveragePooling", {2, 2, 2, 2}, {2, 6, 6});
  checkBoth("SpatialAveragePooling", {3, 3, 2, 2, 1, 1, true, true}, {2, 6, 7});
  checkBoth("SpatialAveragePooling", {3, 3, 2, 2, 1, 1, false, false}, {2, 6, 7});
  checkBoth("SpatialZeroPadding", {1, 2, -1, 3}, {2, 4, 5});
  checkBoth("SpatialReplicationPadding", {2, 1, 1, 2}, {2, 3, 4});
}

TEST_CASE("conv modules: batch normalization, training (batch statistics) and evaluate (running ones)") {
  manualSeed(9);
  auto bn = std::make_shared<SpatialBatchNormalization>(3);
  CHECK(bn->running_mean.maxAbs() == 0.0f);
  CHECK(bn->running_var.sum() == 3.0);
  const Tensor x = Tensor::randn({4, 3, 2, 5}).mul(2.0f);
  bn->weight.fill(1.0f);
  const Tensor& y = bn->forward(Value(x)).tensor();
  // Each plane of the output has mean 0 and biased variance 1 (eps aside).
  for (int64_t c = 1; c <= 3; ++c) {
    const Tensor plane = y.select(2, c).contiguous();
    const double mean = plane.sum() / plane.numel();
    double var = 0;
    for (float v : plane.toVector()) var += (v - mean) * (v - mean);
    CHECK(std::fabs(mean) < 1e-5);
    CHECK(std::fabs(var / plane.numel() - 1) < 1e-3);
  }
  // running_mean = 0.9 * 0 + 0.1 * mean; running_var = 0.9 * 1 + 0.1 * unbiased var.
  const Tensor plane1 = x.select(2, 1).contiguous();
  const double mean1 = plane1.sum() / plane1.numel();
  double ss = 0;
  for (float v : plane1.toVector()) ss += (v - mean1) * (v - mean1);
  CHECK(std::fabs(bn->running_mean.data()[0] - 0.1 * mean1) < 1e-5);
  CHECK(std::fabs(bn->running_var.data()[0] - (0.9 + 0.1 * ss / (plane1.numel() - 1))) < 1e-4);

  checkModuleGradients(*bn, Value(Tensor::randn({3, 3, 2, 2})));
  auto flat = std::make_shared<BatchNormalization>(4);
  checkModuleGradients(*flat, Value(Tensor::randn({5, 4})));
  auto noAffine = std::make_shared<BatchNormalization>(4, 1e-5, 0.1, false);
  CHECK(noAffine->parameterList().empty());
  checkModuleGradients(*noAffine, Value(Tensor::randn({5, 4})));

  // evaluate(): the running statistics, and 3-D (unbatched) input is accepted.
  bn->evaluate();
  checkModuleGradients(*bn, Value(Tensor::randn({3, 2, 2})));
  checkModuleGradients(*bn, Value(Tensor::randn({2, 3, 2, 2})));
  const Tensor one = Tensor::randn({3, 2, 2});
  const Tensor out = bn->forward(Value(one)).tensor();
  const float expect = (one.data()[0] - bn->running_mean.data()[0]) / std::sqrt(bn->running_var.data()[0] + 1e-5f) *
                           bn->weight.data()[0] + bn->bias.data()[0];
  CHECK(std::fabs(out.data()[0] - expect) < 1e-5f);
  // Training needs a batch.
  bn->training();
  CHECK_THROWS_WITH_AS(bn->forward(Value(one)), doctest::Contains("accepted only after evaluate()"), Error);
  CHECK_THROWS_WITH_AS(bn->forward(Value(Tensor::randn({2, 4, 2, 2}))), doctest::Contains("expected 3"), Error);
}

TEST_CASE("conv modules: saving and loading keeps weights, options and batch-norm running statistics") {
  manualSeed(4);
  auto bn = std::make_shared<SpatialBatchNormalization>(2);
  bn->forward(Value(Tensor::randn({3, 2, 3, 3})));  // moves the running statistics
  bn->evaluate();
  const Tensor probe = Tensor::randn({2, 2, 3, 3});
  const Tensor before = bn->forward(Value(probe)).tensor().clone();
  ModulePtr back = loadModule(saveModule(*bn));
  auto* loaded = dynamic_cast<SpatialBatchNormalization*>(back.get());
  REQUIRE(loaded);
  CHECK(maxAbsDiff(loaded->running_mean, bn->running_mean) == 0.0f);
  CHECK(maxAbsDiff(loaded->running_var, bn->running_var) == 0.0f);
  CHECK(maxAbsDiff(back->forward(Value(probe)).tensor(), before) == 0.0f);
  // clone() gets its own running statistics.
  ModulePtr copy = bn->clone();
  auto* copied = dynamic_cast<SpatialBatchNormalization*>(copy.get());
  CHECK_FALSE(copied->running_mean.sameStorage(bn->running_mean));
  CHECK(maxAbsDiff(copied->running_var, bn->running_var) == 0.0f);
  // A document with the wrong state is refused with the place named.
  std::string text = saveModule(*bn);
  const auto at = text.find("running_var");
  REQUIRE(at != std::string::npos);
  text.replace(at, 11, "running_std");
  CHECK_THROWS_WITH_AS(loadModule(text), doctest::Contains("is \"running_var\""), Error);

  // ceil mode, count_include_pad and noBias survive a round trip.
  auto pool = std::make_shared<SpatialMaxPooling>(2, 2, 2, 2);
  pool->setCeilMode(true);
  auto avg = std::make_shared<SpatialAveragePooling>(3, 3, 2, 2, 1, 1);
  avg->setCountIncludePad(false);
  auto conv = std::make_shared<SpatialConvolution>(2, 3, 3, 3);
  conv->noBias();
  for (ModulePtr m : {ModulePtr(pool), ModulePtr(avg), ModulePtr(conv)}) {
    const Tensor x = Tensor::randn({2, 5, 5});
    const Tensor want = m->forward(Value(x)).tensor().clone();
    ModulePtr b = loadModule(saveModule(*m));
    CHECK(b->toString() == m->toString());
    CHECK(maxAbsDiff(b->forward(Value(x)).tensor(), want) == 0.0f);
  }
  CHECK(pool->forward(Value(Tensor::randn({1, 5, 5}))).tensor().sizes() == Shape{1, 3, 3});
  CHECK(conv->parameterList().size() == 1);
}

TEST_CASE("conv modules: max pooling routes gradients to the first maximum and keeps Torch's 1-based indices") {
  auto pool = std::make_shared<SpatialMaxPooling>(2, 2, 2, 2);
  const Tensor x = Tensor::fromData({1, 5, 2, 0, 5, 3, 4, 9, 7, 7, 1, 1, 7, 7, 2, 8}, {1, 4, 4});
  const Tensor& y = pool->forward(Value(x)).tensor();
  CHECK(y.toVector() == std::vector<float>{5, 9, 7, 8});
  CHECK(pool->indices().toVector() == std::vector<float>{2, 8, 9, 16});  // first of the tied 5s and 7s
  const Tensor& gx = pool->backward(Value(x), Value(Tensor::fromData({1, 2, 3, 4}, {1, 2, 2}))).tensor();
  CHECK(gx.toVector() == std::vector<float>{0, 1, 0, 0, 0, 0, 0, 2, 3, 0, 0, 0, 0, 0, 0, 4});
}

TEST_CASE("conv modules: SpatialDropout drops whole planes while training, scales by 1 - p in evaluate") {
  manualSeed(21);
  auto drop = std::make_shared<SpatialDropout>(0.5);
  const Tensor x = Tensor::rand({4, 6, 3, 3}).add(Tensor::ones({4, 6, 3, 3}));  // all >= 1
  const Tensor& y = drop->forward(Value(x)).tensor();
  int kept = 0;
  for (int64_t b = 1; b <= 4; ++b)
    for (int64_t c = 1; c <= 6; ++c) {
      const Tensor in = x.select(1, b).select(1, c).contiguous(), out = y.select(1, b).select(1, c).contiguous();
      const bool zero = out.maxAbs() == 0.0f;
      CHECK((zero || maxAbsDiff(in, out) == 0.0f));  // all or nothing, never rescaled
      kept += !zero;
    }
  CHECK(kept > 4);
  CHECK(kept < 20);
  const Tensor g = Tensor::ones({4, 6, 3, 3});
  const Tensor& gx = drop->backward(Value(x), Value(g)).tensor();
  CHECK(maxAbsDiff(gx, drop->output.tensor().clone().mul(0).add(gx)) == 0.0f);
  for (int64_t i = 0; i < gx.numel(); ++i) CHECK((gx.data()[i] == 0.0f) == (y.data()[i] == 0.0f));
  drop->evaluate();
  CHECK(maxAbsDiff(drop->forward(Value(x)).tensor(), x.clone().mul(0.5f)) < 1e-6f);
  checkModuleGradients(*drop, Value(Tensor::randn({2, 3, 3})));
}

TEST_CASE("conv modules: a LeNet-style gModule and Sequential pass the gradient check") {
  manualSeed(12);
  auto x = testing::input();
  auto c1 = testing::call("SpatialConvolution", {1, 3, 3, 3}, x);
  auto p1 = testing::call("SpatialMaxPooling", {2, 2, 2, 2}, testing::call("Tanh", {}, c1));
  auto c2 = testing::call("SpatialConvolution", {3, 4, 2, 2, 1, 1, 1, 1}, p1);
  auto b2 = testing::call("SpatialBatchNormalization", {4}, c2);
  auto p2 = testing::call("SpatialAveragePooling", {2, 2, 2, 2}, testing::call("ReLU", {}, b2));
  auto flat = testing::call("View", {-1, 4 * 2 * 2}, p2);
  auto out = testing::call("LogSoftMax", {}, testing::call("Linear", {16, 5}, flat));
  auto g = std::make_shared<gModule>(std::vector<NodePtr>{x}, std::vector<NodePtr>{out});
  const Tensor images = distinct({3, 1, 8, 8}, 5);
  checkModuleGradients(*g, Value(images), 3e-2);
  ModulePtr back = loadModule(saveModule(*g));
  g->evaluate();
  back->evaluate();
  CHECK(maxAbsDiff(back->forward(Value(images)).tensor(), g->forward(Value(images)).tensor()) < 1e-6f);

  auto seq = std::make_shared<Sequential>();
  seq->add(make("SpatialZeroPadding", {1})).add(make("SpatialConvolutionMM", {2, 2, 3, 3})).add(make("SpatialReplicationPadding", {1, 0, 0, 1}));
  checkModuleGradients(*seq, Value(Tensor::randn({2, 2, 4, 3})));
}

TEST_CASE("conv modules: bad inputs are sentences naming the module and the sizes") {
  auto conv = make("SpatialConvolution", {3, 4, 5, 5});
  CHECK_THROWS_WITH_AS(conv->forward(Value(Tensor::randn({2, 2, 8, 8}))),
                       doctest::Contains("expected 3 input planes (dimension 2 of the input), got size 2x2x8x8"), Error);
  CHECK_THROWS_WITH_AS(conv->forward(Value(Tensor::randn({3, 4, 8}))), doctest::Contains("smaller than the kernel"), Error);
  CHECK_THROWS_WITH_AS(conv->forward(Value(Tensor::randn({3, 8}))), doctest::Contains("expected a 3-D"), Error);
  conv->forward(Value(Tensor::randn({3, 6, 6})));
  CHECK_THROWS_WITH_AS(conv->backward(Value(Tensor::randn({3, 6, 6})), Value(Tensor::randn({4, 3, 2}))),
                       doctest::Contains("gradOutput has size 4x3x2 but the output has size 4x2x2"), Error);
  CHECK(conv->forward(Value(Tensor::randn({3, 6, 6}))).tensor().sizes() == Shape{4, 2, 2});  // still works
  CHECK_THROWS_WITH_AS(make("SpatialMaxPooling", {2, 2, 2, 2, 2, 0}), doctest::Contains("half the kernel"), Error);
  CHECK_THROWS_WITH_AS(make("SpatialZeroPadding", {-3})->forward(Value(Tensor::randn({1, 5, 5}))),
                       doctest::Contains("too small"), Error);
  CHECK_THROWS_WITH_AS(make("SpatialConvolution", {3, 0, 5, 5}), doctest::Contains("must be positive"), Error);
}

TEST_CASE("conv modules: Jacobian of the transposed, upsampling, softmax, LRN and temporal modules") {
  checkBoth("SpatialFullConvolution", {2, 3, 3, 3}, {2, 3, 4});
  checkBoth("SpatialFullConvolution", {2, 2, 3, 2, 2, 2, 1, 0, 1, 1}, {2, 3, 3});  // stride, pad, adj
  checkBoth("SpatialFullConvolution", {2, 2, 2, 2, 1, 1, 0, 0, 0, 0, false}, {2, 3, 3});
  checkBoth("SpatialUpSamplingNearest", {2}, {2, 3, 2});
  checkBoth("SpatialSoftMax", {}, {4, 2, 3});
  checkBoth("SpatialLogSoftMax", {}, {4, 2, 3});
  checkBoth("SpatialCrossMapLRN", {3, 0.5, 0.75, 2}, {5, 2, 2});
  checkBoth("SpatialCrossMapLRN", {2}, {3, 2, 2});
  manualSeed(2);
  // temporal: 2-D (frames x features) and 3-D (batch x frames x features)
  for (const Shape& shape : {Shape{7, 3}, Shape{2, 7, 3}}) {
    checkModuleGradients(*make("TemporalConvolution", {3, 4, 3}), Value(distinct(shape, 3)));
    checkModuleGradients(*make("TemporalConvolution", {3, 2, 2, 3}), Value(distinct(shape, 4)));
    checkModuleGradients(*make("TemporalMaxPooling", {2}), Value(distinct(shape, 5)));
    checkModuleGradients(*make("TemporalMaxPooling", {3, 1}), Value(distinct(shape, 6)));
  }
}

TEST_CASE("conv modules: SpatialFullConvolution is the adjoint of SpatialConvolution with the same weights") {
  manualSeed(31);
  auto conv = make("SpatialConvolution", {3, 2, 3, 3, 2, 2, 1, 1});
  auto full = make("SpatialFullConvolution", {2, 3, 3, 3, 2, 2, 1, 1});
  full->parameterList()[0].value->copy(*conv->parameterList()[0].value);  // [2, 3, 3, 3] both
  const Tensor x = Tensor::randn({3, 7, 7});
  const Tensor y = Tensor::randn({2, 4, 4});
  const Tensor cx = conv->forward(Value(x)).tensor().clone();
  REQUIRE(cx.sizes() == Shape{2, 4, 4});
  // without biases: <conv(x), y> = <x, full(y)>
  auto convNoBias = std::dynamic_pointer_cast<SpatialConvolution>(conv);
  const Tensor convBias = convNoBias->bias.clone();
  const Tensor fy = full->forward(Value(y)).tensor().clone();
  REQUIRE(fy.sizes() == Shape{3, 7, 7});
  double lhs = 0, rhs = 0, biasTerm = 0, fullBias = 0;
  for (int64_t o = 0; o < 2; ++o)
    for (int64_t p = 0; p < 16; ++p) {
      lhs += double(cx.data()[o * 16 + p]) * y.data()[o * 16 + p];
      biasTerm += double(convBias.data()[o]) * y.data()[o * 16 + p];
    }
  const Tensor& fb = *full->parameterList()[1].value;
  for (int64_t c = 0; c < 3; ++c)
    for (int64_t p = 0; p < 49; ++p) {
      rhs += double(x.data()[c * 49 + p]) * fy.data()[c * 49 + p];
      fullBias += double(fb.data()[c]) * x.data()[c * 49 + p];
    }
  CHECK(std::fabs((lhs - biasTerm) - (rhs - fullBias)) < 1e-4 * (1 + std::fabs(lhs)));
  // Torch's output size with adj: (4 - 1) * 2 - 2 + 3 + 1 = 8
  CHECK(make("SpatialFullConvolution", {2, 3, 3, 3, 2, 2, 1, 1, 1, 1})->forward(Value(y)).tensor().sizes() == Shape{3, 8, 8});
  CHECK_THROWS_WITH_AS(make("SpatialFullConvolution", {2, 3, 3, 3, 2, 2, 1, 1, 2, 0}), doctest::Contains("adjW and adjH"),
                       Error);
}

TEST_CASE("conv modules: temporal convolution and pooling compute Torch's frames") {
  manualSeed(8);
  auto conv = make("TemporalConvolution", {2, 3, 2, 2});  // frames of 2 -> 3, window 2, step 2
  const Tensor x = Tensor::randn({5, 2});
  const Tensor& y = conv->forward(Value(x)).tensor();
  REQUIRE(y.sizes() == Shape{2, 3});  // floor((5 - 2) / 2) + 1
  const Tensor& w = *conv->parameterList()[0].value;  // 3 x (2 * 2)
  const Tensor& b = *conv->parameterList()[1].value;
  for (int64_t t = 0; t < 2; ++t)
    for (int64_t o = 0; o < 3; ++o) {
      double want = b.data()[o];
      for (int64_t j = 0; j < 4; ++j) want += double(w.data()[o * 4 + j]) * x.data()[t * 2 * 2 + j];
      CHECK(std::fabs(y.data()[t * 3 + o] - want) < 1e-5);
    }
  auto pool = make("TemporalMaxPooling", {2});
  const Tensor seq = Tensor::fromData({1, 8, 3, 2, 5, 0, 4, 4, 9, 9}, {5, 2});
  CHECK(pool->forward(Value(seq)).tensor().toVector() == std::vector<float>{3, 8, 5, 4});
  CHECK_THROWS_WITH_AS(conv->forward(Value(Tensor::randn({1, 2}))), doctest::Contains("fewer than the kernel width"), Error);
}

TEST_CASE("conv modules: LRN, upsampling and spatial softmax values") {
  auto lrn = make("SpatialCrossMapLRN", {3, 0.3, 0.75, 2});
  const Tensor x = Tensor::fromData({1, 2, 3, 4}, {4, 1, 1});
  const Tensor& y = lrn->forward(Value(x)).tensor();
  // plane 2 (value 2) sees planes 1..3: scale = 2 + 0.3 / 3 * (1 + 4 + 9) = 3.4
  CHECK(std::fabs(y.data()[1] - 2 * std::pow(3.4, -0.75)) < 1e-6);
  auto up = make("SpatialUpSamplingNearest", {2});
  CHECK(up->forward(Value(Tensor::fromData({1, 2, 3, 4}, {1, 2, 2}))).tensor().toVector() ==
        std::vector<float>{1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4});
  auto sm = make("SpatialSoftMax", {});
  const Tensor& p = sm->forward(Value(Tensor::randn({2, 3, 2, 2}))).tensor();
  for (int64_t b = 1; b <= 2; ++b)
    CHECK(std::fabs(p.select(1, b).select(2, 1).select(2, 2).sum() - 1.0) < 1e-6);  // planes sum to 1 at a pixel
}

TEST_CASE("conv criterions: SpatialClassNLLCriterion is ClassNLL at every pixel") {
  manualSeed(17);
  auto crit = createCriterion("SpatialClassNLLCriterion", {});
  auto lsm = make("SpatialLogSoftMax", {});
  const Tensor logp = lsm->forward(Value(Tensor::randn({2, 3, 2, 2}))).tensor().clone();
  const Tensor target = Tensor::fromData({1, 2, 3, 1, 3, 3, 2, 1}, {2, 2, 2});
  double want = 0;
  for (int64_t b = 0; b < 2; ++b)
    for (int64_t p = 0; p < 4; ++p) {
      const int64_t cls = static_cast<int64_t>(target.data()[b * 4 + p]) - 1;
      want -= logp.data()[(b * 3 + cls) * 4 + p];
    }
  CHECK(std::fabs(crit->forward(Value(logp), Value(target)) - want / 8) < 1e-5);
  testing::checkCriterionGradients(*crit, Value(logp), Value(target));
  testing::checkCriterionGradients(*crit, Value(logp.select(1, 1).contiguous()), Value(target.select(1, 1).contiguous()));
  auto weighted = createCriterion("SpatialClassNLLCriterion", {Tensor::vector({1, 2, 0.5f}), false});
  testing::checkCriterionGradients(*weighted, Value(logp), Value(target));
  CHECK_THROWS_WITH_AS(crit->forward(Value(logp), Value(Tensor::fromData({1, 2}, {2}))),
                       doctest::Contains("takes a target of size 2x2x2"), Error);
  CHECK_THROWS_WITH_AS(crit->forward(Value(logp), Value(target.clone().fill(4))), doctest::Contains("from 1 to 3"), Error);
}
