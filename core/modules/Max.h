// nn.Max([dimension = 1[, nInputDims]]): the largest element along one dimension, which is dropped
// (core/modules/Extremum.h has the rules); gradient flows to the argmax, the first on ties.
#pragma once
#include "core/modules/Extremum.h"

namespace nn {

class Max : public Extremum {
  NN_MODULE(Max, "nn.Max")
 public:
  explicit Max(int64_t dimension = 1, int64_t nInputDims = 0) : Extremum(true, dimension, nInputDims) {}
  std::string description() const override { return "largest element along one dimension"; }
};

}  // namespace nn
