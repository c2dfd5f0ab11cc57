// nn::Criterion — Torch's loss contract:
//   loss      = updateOutput(input, target)       -- a number
//   gradInput = updateGradInput(input, target)    -- d loss / d input
// sizeAverage (default true) divides by the number of elements or samples, as in Torch.
#pragma once
#include <memory>
#include <string>

#include "core/args.h"
#include "core/module.h"
#include "core/value.h"

namespace nn {

class Criterion : public std::enable_shared_from_this<Criterion> {
 public:
  float output = 0;
  Value gradInput = Value(Tensor());
  bool sizeAverage = true;

  virtual ~Criterion() = default;
  virtual float updateOutput(const Value& input, const Value& target) = 0;
  virtual const Value& updateGradInput(const Value& input, const Value& target) = 0;
  float forward(const Value& input, const Value& target) { return updateOutput(input, target); }
  const Value& backward(const Value& input, const Value& target) { return updateGradInput(input, target); }

  virtual std::string typeName() const = 0;                 // "nn.MSECriterion"
  virtual std::string toString() const { return typeName(); }
  virtual std::string description() const = 0;
  virtual Args arguments() const { return {}; }
  virtual std::shared_ptr<Criterion> clone() const = 0;

 protected:
  Criterion() = default;
  Criterion(const Criterion& other) : enable_shared_from_this(), sizeAverage(other.sizeAverage) {}
  Criterion& operator=(const Criterion&) = delete;

  template <class... Parts>
  [[noreturn]] void fail(const Parts&... parts) const {
    nn::fail(toString(), ": ", parts...);
  }
  // Input and target as tensors, with a message naming which one was wrong.
  const Tensor& inputTensor(const Value& input) const;
  const Tensor& targetTensor(const Value& target) const;
  // Input and target must have the same number of elements (MSE, BCE, Abs, SmoothL1, DistKLDiv).
  void checkSameSize(const Tensor& input, const Tensor& target) const;
  Tensor& gradInputTensor();
};

using CriterionPtr = std::shared_ptr<Criterion>;

// A criterion used as a graph node, like nngraph's nn.ModuleFromCriterion: its input is the
// table {prediction, target}; its output is a one-element tensor holding the loss; gradInput is
// {dloss/dprediction, zeros like target} (targets get no gradient). gradOutput scales the loss.
class ModuleFromCriterion : public Module {
  NN_MODULE(ModuleFromCriterion, "nn.ModuleFromCriterion")
 public:
  explicit ModuleFromCriterion(CriterionPtr criterion);
  const Value& updateOutput(const Value& input) override;
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override;
  std::string toString() const override { return "nn.ModuleFromCriterion(" + criterion_->toString() + ")"; }
  std::string description() const override;
  const CriterionPtr& criterion() const { return criterion_; }

 protected:
  void deepenCopy() override { criterion_ = criterion_->clone(); }

 private:
  CriterionPtr criterion_;
};

}  // namespace nn

// Boilerplate every concrete criterion has: its Torch name and copy.
#define NN_CRITERION(Class, TorchName)                                              \
 public:                                                                            \
  std::string typeName() const override { return TorchName; }                       \
  std::shared_ptr<Criterion> clone() const override {                               \
    return std::make_shared<Class>(*this);                                          \
  }
