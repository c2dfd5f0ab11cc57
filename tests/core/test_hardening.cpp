// Sizes that overflow or exceed the element limit are Errors naming the size, never an int64
// overflow, a failed allocation or an abort: tensors, views, and the modules that compute sizes
// from their arguments or inputs.
#include "tests/core/testing.h"

#include "core/modules/Identity.h"

using namespace nn;

namespace {
constexpr int64_t kHuge = int64_t(1) << 40;

// Restores the element limit when a test lowered it.
struct ElementLimit {
  explicit ElementLimit(int64_t limit) : previous(setTensorElementLimit(limit)) {}
  ~ElementLimit() { setTensorElementLimit(previous); }
  int64_t previous;
};
}  // namespace

TEST_CASE("hardening tensor: absurd and overflowing sizes are errors") {
  CHECK_THROWS_WITH_AS(Tensor({kHuge}), doctest::Contains("a tensor of size 1099511627776 is too large (at most 536870912 elements)"), Error);
  // 2^31 cubed overflows int64: checked before multiplying.
  CHECK_THROWS_WITH_AS(Tensor({int64_t(1) << 31, int64_t(1) << 31, int64_t(1) << 31}), doctest::Contains("too large"), Error);
  CHECK_THROWS_WITH_AS(Tensor({INT64_MAX, INT64_MAX}), doctest::Contains("too large"), Error);
  CHECK_THROWS_WITH_AS(Tensor({3, -2}), doctest::Contains("a tensor size cannot be negative, got 3x-2"), Error);
  CHECK(checkedNumel({0, kHuge}) == 0);  // an empty tensor is fine however long its other sides
  CHECK_THROWS_WITH_AS(Tensor::fromData({1, 2}, {kHuge, kHuge}), doctest::Contains("too large"), Error);
}

TEST_CASE("hardening tensor: a failed resize leaves the tensor as it was") {
  Tensor t = Tensor::ones({2, 3});
  CHECK_THROWS_WITH_AS(t.resize({kHuge, 2}), doctest::Contains("too large"), Error);
  CHECK(t.shapeString() == "2x3");
  CHECK(t.sum() == 6.0);
}

TEST_CASE("hardening tensor: views with overflowing sizes are errors") {
  Tensor t = Tensor::ones({4});
  CHECK_THROWS_WITH_AS(t.view({kHuge, kHuge, -1}), doctest::Contains("cannot view a tensor of size 4"), Error);
  CHECK_THROWS_WITH_AS(t.view({kHuge, kHuge}), doctest::Contains("cannot view a tensor of size 4"), Error);
  CHECK_THROWS_WITH_AS(t.reshape({INT64_MAX, 2}), doctest::Contains("cannot view"), Error);
}

TEST_CASE("hardening tensor: a lowered element limit applies everywhere and can be restored") {
  {
    ElementLimit limit(1000);
    CHECK(tensorElementLimit() == 1000);
    CHECK_NOTHROW(Tensor({10, 100}));
    CHECK_THROWS_WITH_AS(Tensor({10, 101}), doctest::Contains("a tensor of size 10x101 is too large (at most 1000 elements)"), Error);
    CHECK_THROWS_WITH_AS(createModule("Linear", {100, 100}), doctest::Contains("too large (at most 1000 elements)"), Error);
  }
  CHECK(tensorElementLimit() == kMaxTensorElements);
  CHECK(setTensorElementLimit(kHuge) == kMaxTensorElements);  // clamped to the built-in limit
  CHECK(tensorElementLimit() == kMaxTensorElements);
}

TEST_CASE("hardening modules: constructors with absurd sizes are errors") {
  const struct {
    const char* type;
    Args args;
    const char* message;
  } cases[] = {
      {"Linear", {1 << 20, 1 << 20}, "is too large"},
      {"Linear", {4e15, 4e15}, "is too large"},
      {"LookupTable", {1 << 30, 1 << 30}, "is too large"},
      {"Bilinear", {100000, 100000, 100000}, "is too large"},
      {"CMul", {1 << 20, 1 << 20}, "is too large"},
      {"CAdd", {1 << 20, 1 << 20}, "is too large"},
      {"Add", {kHuge}, "is too large"},
      {"Reshape", {1 << 30, 1 << 30, 1 << 30}, "more than 536870912 elements"},
      {"View", {1 << 30, -1, 1 << 30, 1 << 30}, "more than 536870912 elements"},
      {"Linear", {-3, 2}, "sizes must be positive"},
  };
  for (const auto& c : cases) {
    INFO(c.type);
    CHECK_THROWS_WITH_AS(createModule(c.type, c.args), doctest::Contains(c.message), Error);
  }
}

TEST_CASE("hardening modules: outputs that would be too large are errors") {
  const Tensor x = Tensor::ones({1 << 10, 1 << 10});
  CHECK_THROWS_WITH_AS(createModule("Replicate", {kHuge})->forward(x), doctest::Contains("is too large"), Error);
  CHECK_THROWS_WITH_AS(createModule("Replicate", {4e15, 2})->forward(x), doctest::Contains("is too large"), Error);
  CHECK_THROWS_WITH_AS(createModule("Reshape", {1 << 14, 1 << 14})->forward(x), doctest::Contains("cannot be seen as"), Error);
  CHECK_THROWS_WITH_AS(createModule("View", {1 << 14, 1 << 14})->forward(x), doctest::Contains("does not match the view"), Error);
  CHECK_THROWS_WITH_AS(createModule("Narrow", {1, 1, 4e15})->forward(x), doctest::Contains("cannot take elements 1..4000000000000000"), Error);
  CHECK_THROWS_WITH_AS(createModule("Select", {1, -4e15})->forward(x), doctest::Contains("out of range"), Error);
  {
    ElementLimit limit(1 << 20);
    const Value table = Value::table({x, x});
    CHECK_THROWS_WITH_AS(createModule("JoinTable", {1})->forward(table), doctest::Contains("is too large"), Error);
  }
  // The modules still work afterwards.
  CHECK(createModule("Replicate", {2})->forward(Tensor::ones({3})).tensor().shapeString() == "2x3");
}
