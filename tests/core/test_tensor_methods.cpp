// Torch's tensor methods (core/tensor_methods.cpp) against values worked out by hand, and the
// kernels they add against their scalar references.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "core/kernels.h"
#include "core/tensor.h"

using nn::Tensor;

static std::vector<float> values(const Tensor& t) { return t.toVector(); }

TEST_CASE("tensor methods: in place on a view writes through to the source and chains") {
  Tensor m = Tensor::matrix({{1, 2, 3}, {4, 5, 6}});
  Tensor column = m.select(2, 2);  // {2, 5}, strided
  column.addScalar(10).mul(2);
  CHECK(values(m) == std::vector<float>{1, 24, 3, 4, 30, 6});
  Tensor tr = m.t();  // 3x2 non-contiguous
  tr.narrow(1, 1, 1).fill(-1);
  CHECK(values(m) == std::vector<float>{-1, 24, 3, -1, 30, 6});
  Tensor a = Tensor::vector({1, 4, 9});
  CHECK(&a.sqrt() == &a);
  CHECK(values(a) == std::vector<float>{1, 2, 3});
  a.pow(2).div(2);
  CHECK(values(a) == std::vector<float>{0.5f, 2, 4.5f});
  Tensor b = Tensor::vector({2, 4, 8});
  a.cmul(b).cdiv(Tensor::vector({1, 2, 4}));
  CHECK(values(a) == std::vector<float>{1, 4, 9});
  CHECK_THROWS_WITH_AS(a.cmul(Tensor::vector({1, 2})), doctest::Contains("cmul: the tensors have different numbers of elements, 3 (size 3) and 2 (size 2)"), nn::Error);
  Tensor l = Tensor::vector({-1.5f, 2.7f, -0.2f});
  l.truncate();
  CHECK(values(l) == std::vector<float>{-1, 2, 0});
  l.abs().exp().log();
  CHECK(values(l)[0] == doctest::Approx(1));
}

TEST_CASE("tensor methods: addmm and torch.mm") {
  Tensor a = Tensor::matrix({{1, 2}, {3, 4}, {5, 6}});   // 3x2
  Tensor b = Tensor::matrix({{1, 0, 2}, {0, 1, 3}});     // 2x3
  Tensor c = Tensor::mm(a, b);
  CHECK(c.sizes() == nn::Shape{3, 3});
  CHECK(values(c) == std::vector<float>{1, 2, 8, 3, 4, 18, 5, 6, 28});
  Tensor r = Tensor::ones({3, 3});
  r.addmm(2, r.clone(), 1, a, b);  // 2 * ones + a x b
  CHECK(values(r)[2] == 10);
  // through a transposed (non-contiguous) operand
  CHECK(values(Tensor::mm(b.t(), a.t())) == values(c.t().contiguous()));
  CHECK_THROWS_WITH_AS(Tensor::mm(a, a), doctest::Contains("cannot multiply a 3x2 matrix by a 3x2 matrix"), nn::Error);
  CHECK_THROWS_WITH_AS(Tensor::mm(a, Tensor::vector({1, 2})), doctest::Contains("must be a 2-D tensor"), nn::Error);
}

TEST_CASE("tensor methods: sub, index, indexCopy") {
  Tensor m = Tensor::matrix({{1, 2, 3}, {4, 5, 6}, {7, 8, 9}});
  Tensor s = m.sub({2, 3, -2, -1});  // rows 2..3, columns 2..3
  CHECK(values(s) == std::vector<float>{5, 6, 8, 9});
  s.zero();
  CHECK(values(m) == std::vector<float>{1, 2, 3, 4, 0, 0, 7, 0, 0});
  CHECK_THROWS_WITH_AS(m.sub({0, 2}), doctest::Contains("out of range for dimension 1 of size 3"), nn::Error);
  Tensor rows = m.index(1, Tensor::vector({3, 1}));
  CHECK(values(rows) == std::vector<float>{7, 0, 0, 1, 2, 3});
  Tensor cols = m.index(2, Tensor::vector({1, 1}));
  CHECK(values(cols) == std::vector<float>{1, 1, 4, 4, 7, 7});
  CHECK_THROWS_WITH_AS(m.index(1, Tensor::vector({4})), doctest::Contains("index(1, index): position 4 is out of range for dimension 1 of size 3"), nn::Error);
  m.indexCopy(2, Tensor::vector({3}), Tensor::matrix({{-1}, {-2}, {-3}}));
  CHECK(values(m) == std::vector<float>{1, 2, -1, 4, 0, -2, 7, 0, -3});
  CHECK_THROWS_WITH_AS(m.indexCopy(1, Tensor::vector({1}), Tensor::vector({1, 2, 3})), doctest::Contains("needs size 1x3"), nn::Error);
}

TEST_CASE("tensor methods: reductions along a dim keep it, with 1-based positions") {
  Tensor m = Tensor::matrix({{1, 5, 3}, {4, 2, 6}});
  CHECK(m.sum(1).sizes() == nn::Shape{1, 3});
  CHECK(values(m.sum(1)) == std::vector<float>{5, 7, 9});
  CHECK(values(m.sum(2)) == std::vector<float>{9, 12});
  CHECK(values(m.mean(2)) == std::vector<float>{3, 4});
  CHECK(m.mean() == doctest::Approx(3.5));
  auto [mx, at] = m.max(2);
  CHECK(values(mx) == std::vector<float>{5, 6});
  CHECK(values(at) == std::vector<float>{2, 3});
  auto [mn, atMin] = m.min(1);
  CHECK(values(mn) == std::vector<float>{1, 2, 3});
  CHECK(values(atMin) == std::vector<float>{1, 2, 1});
  CHECK(m.max() == 6);
  CHECK(m.min() == 1);
  CHECK_THROWS_WITH_AS(m.sum(3), doctest::Contains("sum: dimension 3 is out of range"), nn::Error);
  CHECK_THROWS_WITH_AS(Tensor().max(), doctest::Contains("no elements"), nn::Error);
}

TEST_CASE("tensor methods: eye, cat, range, linspace") {
  CHECK(values(Tensor::eye(2, 3)) == std::vector<float>{1, 0, 0, 0, 1, 0});
  Tensor c = Tensor::cat({Tensor::matrix({{1, 2}}), Tensor::matrix({{3, 4}, {5, 6}})}, 1);
  CHECK(c.sizes() == nn::Shape{3, 2});
  CHECK(values(c) == std::vector<float>{1, 2, 3, 4, 5, 6});
  CHECK(values(Tensor::cat({Tensor::vector({1}), Tensor::vector({2, 3})}, 1)) == std::vector<float>{1, 2, 3});
  CHECK_THROWS_WITH_AS(Tensor::cat({Tensor::matrix({{1, 2}}), Tensor::matrix({{3, 4, 5}})}, 1),
                       doctest::Contains("tensor 2 has size 1x3 but tensor 1 has size 1x2"), nn::Error);
  CHECK(values(Tensor::range(1, 4, 1)) == std::vector<float>{1, 2, 3, 4});
  CHECK(values(Tensor::range(2, 0, -0.5)) == std::vector<float>{2, 1.5f, 1, 0.5f, 0});
  CHECK(values(Tensor::range(0, 1, 0.3)).size() == 4);
  CHECK_THROWS_WITH_AS(Tensor::range(1, 0, 1), doctest::Contains("sign"), nn::Error);
  CHECK(values(Tensor::linspace(0, 1, 5)) == std::vector<float>{0, 0.25f, 0.5f, 0.75f, 1});
}

TEST_CASE("tensor methods: uniform and normal fill in place with the seeded generator") {
  nn::Generator g(3);
  Tensor t = Tensor::zeros({2, 500});
  t.select(1, 1).fillUniform(2, 3, g);
  CHECK(t.select(1, 1).min() >= 2);
  CHECK(t.select(1, 1).max() < 3);
  CHECK(t.select(1, 2).maxAbs() == 0);
  t.fillNormal(10, 0.5f, g);
  CHECK(t.mean() == doctest::Approx(10).epsilon(0.01));
}

TEST_CASE("kernels: index gather/scatter, ramp, truncate match their references") {
  const std::vector<float> x{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};  // 2 x 3 x 2
  const std::vector<int64_t> idx{2, 0};
  std::vector<float> y(8), yr(8);
  nn::kernels::indexSelect(2, 3, 2, x.data(), 2, idx.data(), y.data());
  nn::kernels::ref::indexSelect(2, 3, 2, x.data(), 2, idx.data(), yr.data());
  CHECK(y == yr);
  CHECK(y == std::vector<float>{5, 6, 1, 2, 11, 12, 7, 8});
  std::vector<float> z(12, 0), zr(12, 0);
  nn::kernels::indexCopy(2, 3, 2, y.data(), 2, idx.data(), z.data());
  nn::kernels::ref::indexCopy(2, 3, 2, y.data(), 2, idx.data(), zr.data());
  CHECK(z == zr);
  CHECK(z == std::vector<float>{1, 2, 0, 0, 5, 6, 7, 8, 0, 0, 11, 12});
  std::vector<float> r(5), rr(5);
  nn::kernels::ramp(5, -1, 0.5, r.data());
  nn::kernels::ref::ramp(5, -1, 0.5, rr.data());
  CHECK(r == rr);
  std::vector<float> t{-2.5f, -0.5f, 0.5f, 3.9f}, tr = t;
  nn::kernels::truncate(4, t.data());
  nn::kernels::ref::truncate(4, tr.data());
  CHECK(t == tr);
  CHECK(t == std::vector<float>{-2, -0, 0, 3});
}
