// nn.Min([dimension = 1[, nInputDims]]): the smallest element along one dimension, which is dropped
// (core/modules/Extremum.h has the rules); gradient flows to the argmin, the first on ties.
#pragma once
#include "core/modules/Extremum.h"

namespace nn {

class Min : public Extremum {
  NN_MODULE(Min, "nn.Min")
 public:
  explicit Min(int64_t dimension = 1, int64_t nInputDims = 0) : Extremum(false, dimension, nInputDims) {}
  std::string description() const override { return "smallest element along one dimension"; }
};

}  // namespace nn
