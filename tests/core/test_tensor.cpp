#include <doctest/doctest.h>

#include "core/tensor.h"

using nn::Tensor;

TEST_CASE("tensor: creation, sizes are 1-based like Torch") {
  Tensor t = Tensor::zeros({2, 3});
  CHECK(t.dim() == 2);
  CHECK(t.size(1) == 2);
  CHECK(t.size(2) == 3);
  CHECK(t.size(-1) == 3);
  CHECK(t.numel() == 6);
  CHECK(t.sum() == 0);
  CHECK(Tensor::ones({4}).sum() == 4);
  CHECK_THROWS_WITH_AS(t.size(3), doctest::Contains("dimension 3 is out of range"), nn::Error);
}

TEST_CASE("tensor: seeded generator gives the same numbers every time") {
  nn::Generator a(7), b(7);
  Tensor x = Tensor::rand({5}, a), y = Tensor::rand({5}, b);
  CHECK(nn::maxAbsDiff(x, y) == 0);
  // mt19937 is fixed by the standard; our mapping uses 53 bits of two draws.
  nn::Generator g(5489);
  std::mt19937 reference(5489);
  const double expected = ((reference() >> 5) * 67108864.0 + (reference() >> 6)) / 9007199254740992.0;
  CHECK(g.uniform() == expected);
}

TEST_CASE("tensor: views share storage (narrow, select, transpose, view)") {
  Tensor m = Tensor::matrix({{1, 2, 3}, {4, 5, 6}});
  Tensor row2 = m.select(1, 2);
  CHECK(row2.dim() == 1);
  CHECK(row2.at({0}) == 4);
  row2.fill(0);
  CHECK(m.at({1, 2}) == 0);
  Tensor col = m.narrow(2, 2, 2);
  CHECK(col.shapeString() == "2x2");
  CHECK(col.at({0, 0}) == 2);
  CHECK_FALSE(col.isContiguous());
  Tensor tr = m.t();
  CHECK(tr.shapeString() == "3x2");
  CHECK(tr.at({2, 0}) == 3);
  CHECK(tr.contiguous().toVector() == std::vector<float>{1, 0, 2, 0, 3, 0});
  CHECK(m.view({3, -1}).shapeString() == "3x2");
  CHECK_THROWS_WITH_AS(tr.view({6}), doctest::Contains("non-contiguous"), nn::Error);
  CHECK(tr.reshape({6}).toVector() == std::vector<float>{1, 0, 2, 0, 3, 0});
  CHECK(m.select(2, -1).toVector() == std::vector<float>{3, 0});
  CHECK_THROWS_WITH_AS(m.narrow(1, 2, 2), doctest::Contains("out of range"), nn::Error);
  // Torch: "cannot select on a vector" (the result would have no dimension)
  CHECK_THROWS_WITH_AS(row2.select(1, 2), doctest::Contains("cannot select on a 1-D tensor (size 3)"), nn::Error);
}

TEST_CASE("tensor: 4-D tensors, squeeze/unsqueeze") {
  Tensor t = Tensor::ones({2, 1, 3, 1});
  CHECK(t.squeeze().shapeString() == "2x3");
  CHECK(t.squeeze(2).shapeString() == "2x3x1");
  CHECK(Tensor::ones({2, 3}).unsqueeze(1).shapeString() == "1x2x3");
  CHECK(Tensor::ones({2, 3}).unsqueeze(3).shapeString() == "2x3x1");
}

TEST_CASE("tensor: absurd sizes are errors, not aborts") {
  CHECK_THROWS_WITH_AS(Tensor({-1, 3}), doctest::Contains("negative"), nn::Error);
  CHECK_THROWS_WITH_AS(Tensor({1 << 20, 1 << 20, 1 << 20}), doctest::Contains("too large"), nn::Error);
  CHECK_THROWS_WITH_AS(Tensor::fromData({1, 2, 3}, {2, 2}), doctest::Contains("3 values"), nn::Error);
}

TEST_CASE("tensor: resize reuses storage when it is large enough") {
  Tensor t({4, 4});
  const float* before = t.data();
  t.resize({2, 3});
  CHECK(t.data() == before);
  t.resize({4, 4});
  CHECK(t.data() == before);
}

TEST_CASE("tensor: prints like Torch") {
  Tensor m = Tensor::matrix({{1, 2}, {3, 4}});
  const std::string s = m.toString();
  CHECK(s.find("[torch.FloatTensor of size 2x2]") != std::string::npos);
  CHECK(s.find("1.0000") != std::string::npos);
}
