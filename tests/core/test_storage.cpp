// Storages (core/tensor_storage.cpp): a view over a storage window shares it both ways, its
// geometry is Torch's (offset, sizes, strides, contiguous when a stride is missing or negative),
// and a view that does not fit the window is an Error naming the sizes.
#include <doctest/doctest.h>

#include <functional>
#include <string>
#include <vector>

#include "core/tensor.h"

using nn::Tensor;

static std::string failure(const std::function<void()>& f) {
  try {
    f();
  } catch (const nn::Error& e) {
    return e.what();
  }
  return "";
}

TEST_CASE("storage: a view over a window writes through both ways, with Torch's geometry") {
  Tensor storage = Tensor::vector({1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
  Tensor m = storage.viewOfStorage(2, {2, 3}, {});  // elements 3..8 as 2x3
  CHECK(m.toVector() == std::vector<float>{3, 4, 5, 6, 7, 8});
  CHECK(m.strides() == nn::Shape{3, 1});
  m.at({1, 2}) = 80;  // row 2, column 3: storage element 3 + 5 = 8 (1-based)
  CHECK(storage.toVector()[7] == 80);
  storage.data()[2] = 30;
  CHECK(m.at({0, 0}) == 30);
  Tensor columns = storage.viewOfStorage(0, {3, 2}, {1, 3});  // a transposed view
  CHECK(columns.toVector() == std::vector<float>{1, 4, 2, 5, 30, 6});
  CHECK_FALSE(columns.isContiguous());
  Tensor mixed = storage.viewOfStorage(0, {2, 2}, {-1, 1});  // negative: contiguous, as Torch
  CHECK(mixed.strides() == nn::Shape{2, 1});
  Tensor repeated = storage.viewOfStorage(1, {3}, {0});  // stride 0: the same element 3 times
  CHECK(repeated.toVector() == std::vector<float>{2, 2, 2});
  CHECK(storage.viewOfStorage(10, {0}, {}).numel() == 0);  // empty, at the very end
}

TEST_CASE("storage: t:storage() is all of it; a window inside it bounds the views") {
  Tensor m = Tensor::matrix({{1, 2, 3}, {4, 5, 6}});
  Tensor column = m.select(2, 2);
  Tensor whole = column.wholeStorage();
  CHECK(whole.numel() == 6);
  CHECK(whole.storageOffset() == 0);
  CHECK(whole.sameStorage(m));
  CHECK(column.storageSize() == 6);
  Tensor window = whole.narrow(1, 3, 2);  // elements 3 and 4 (a storage view, Torch's FloatStorage(s, 3, 2))
  Tensor pair = window.viewOfStorage(0, {2}, {});
  pair.fill(0);
  CHECK(m.toVector() == std::vector<float>{1, 2, 0, 0, 5, 6});
  CHECK(failure([&] { window.viewOfStorage(1, {2}, {}); }) ==
        "torch.Tensor(storage, offset, sizes, strides): a view of size 2 (strides 1) from offset 2 reaches element 3 of a storage of size 2");
}

TEST_CASE("storage: views that do not fit are Errors naming the sizes") {
  Tensor storage = Tensor::vector({1, 2, 3, 4, 5, 6});
  CHECK(failure([&] { storage.viewOfStorage(0, {2, 4}, {}); }) ==
        "torch.Tensor(storage, offset, sizes, strides): a view of size 2x4 (strides 4x1) from offset 1 reaches element 8 of a storage of size 6");
  CHECK(failure([&] { storage.viewOfStorage(0, {2, 2}, {1}); }) ==
        "torch.Tensor(storage, offset, sizes, strides): 2 sizes (2x2) but 1 strides (1); give one stride per size");
  CHECK(failure([&] { storage.viewOfStorage(7, {1}, {}); }) ==
        "torch.Tensor(storage, offset, sizes, strides): offset 8 is outside the storage of size 6 (offsets are 1-based)");
  CHECK(failure([&] { storage.viewOfStorage(0, {3}, {2147483647}); }).find("reaches element") != std::string::npos);
  CHECK(failure([&] { storage.viewOfStorage(0, {-1}, {}); }).find("cannot be negative") != std::string::npos);
}
