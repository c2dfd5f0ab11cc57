// nn.BatchNormalization(nOutput[, eps = 1e-5, momentum = 0.1, affine = true]) and
// nn.SpatialBatchNormalization(nPlanes, ...): y = (x - mean) / sqrt(var + eps) * weight + bias per
// feature (per plane for the spatial one). While training, mean and var are the batch's (biased
// var), and running_mean / running_var (unbiased var) move by momentum towards them; in evaluate()
// they replace the batch statistics. Input: batch x nOutput (BatchNormalization) or batch x planes
// x h x w (spatial); without the batch dimension (1-D / 3-D) only in evaluate(), as Torch.
// weight starts U(0, 1) and bias 0, Torch's reset(). The running statistics are the module's
// state (stateList): saved, loaded and cloned with it.
#pragma once
#include <vector>

#include "core/module.h"

namespace nn {

class BatchNormalization : public Module {
  NN_MODULE(BatchNormalization, "nn.BatchNormalization")
 public:
  Tensor weight, bias, gradWeight, gradBias;
  Tensor running_mean, running_var;  // Torch's names

  BatchNormalization(int64_t nOutput, double eps = 1e-5, double momentum = 0.1, bool affine = true);
  void reset();
  int64_t features() const { return running_mean.numel(); }

  const Value& updateOutput(const Value& input) override;
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override;
  void accGradParameters(const Value& input, const Value& gradOutput, float scale) override;
  std::vector<Parameter> parameterList() override;
  std::vector<StateTensor> stateList() override;
  std::string toString() const override;
  std::string description() const override { return "normalizes each feature by batch statistics, then scales and shifts"; }
  Args arguments() const override { return {features(), eps_, momentum_, affine_}; }

 protected:
  virtual int batchedDim() const { return 2; }  // dimensions of a batched input
  double eps_, momentum_;
  bool affine_;

 private:
  Buffer mean_, invstd_, zeros_;  // statistics the last forward used
  bool forwardTrained_ = false;   // they were the batch's (training) rather than the running ones
  std::vector<double> sumGy_, dotp_;

  struct Layout {
    int64_t outer, inner;
  };
  Layout layout(const Tensor& x) const;
  void gradSums(const Tensor& x, const Tensor& gy);
};

class SpatialBatchNormalization : public BatchNormalization {
  NN_MODULE(SpatialBatchNormalization, "nn.SpatialBatchNormalization")
 public:
  using BatchNormalization::BatchNormalization;
  std::string description() const override { return "normalizes each image plane by batch statistics, then scales and shifts"; }

 protected:
  int batchedDim() const override { return 4; }
};

}  // namespace nn
