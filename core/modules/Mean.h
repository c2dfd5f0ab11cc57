// nn.Mean([dimension = 1[, nInputDims]]): the average over one dimension; as in Torch, it is
// nn.Sum with sizeAverage = true (same dimension rules, the averaged dimension is dropped unless
// the input is 1-D).
#pragma once
#include "core/modules/Sum.h"

namespace nn {

class Mean : public Sum {
  NN_MODULE(Mean, "nn.Mean")
 public:
  explicit Mean(int64_t dimension = 1, int64_t nInputDims = 0) : Sum(dimension, nInputDims, true, true) {}
  std::string description() const override { return "average over one dimension"; }
  Args arguments() const override {
    if (nInputDims_) return {dimension_, nInputDims_};
    return {dimension_};
  }
};

}  // namespace nn
