// nn::Module — the torch/nn contract every module follows.
//
//   output    = updateOutput(input)                        -- forward
//   gradInput = updateGradInput(input, gradOutput)         -- d loss / d input
//   accGradParameters(input, gradOutput, scale)            -- gradParams += scale * d loss / d params
//   backward  = updateGradInput + accGradParameters
//
// Modules own their output, gradInput and scratch buffers and reuse them call after call, so a
// steady training loop allocates nothing. input and gradOutput are never modified.
#pragma once
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/args.h"
#include "core/value.h"

namespace nn {

// A scratch tensor owned by a module. Copying a module (clone) must not make two modules write
// into one scratch storage, so copying a Buffer yields a fresh empty tensor.
struct Buffer : Tensor {
  Buffer() = default;
  Buffer(const Buffer&) : Tensor() {}
  Buffer& operator=(const Buffer&) { return *this; }
  using Tensor::operator=;
};

class Module : public std::enable_shared_from_this<Module> {
 public:
  Value output;
  Value gradInput;

  virtual ~Module() = default;

  virtual const Value& updateOutput(const Value& input) = 0;
  virtual const Value& updateGradInput(const Value& input, const Value& gradOutput) = 0;
  virtual void accGradParameters(const Value& input, const Value& gradOutput, float scale = 1.0f) {}
  virtual const Value& forward(const Value& input) { return updateOutput(input); }
  virtual const Value& backward(const Value& input, const Value& gradOutput, float scale = 1.0f);

  // A learnable tensor and its gradient, with Torch's field names ("weight", "gradWeight").
  struct Parameter {
    std::string name;
    std::string gradName;
    Tensor* value;
    Tensor* grad;
    // Which module holds it, for reports such as the gradient check: empty from the module
    // itself; a container fills in the child ("nn.Linear(3 -> 5) (module 2)"), a graph the node
    // ("nn.Linear #3"), so two identical layers stay distinguishable.
    std::string owner = {};
  };
  // This module's parameters; containers list their children's, depth-first in order.
  virtual std::vector<Parameter> parameterList();
  // Torch's parameters(): {weights}, {gradWeights} (handles aliasing the module's tensors).
  std::pair<std::vector<Tensor>, std::vector<Tensor>> parameters();
  // Torch's getParameters(): copies every parameter into one flat vector and every gradient into
  // another, and makes each module's tensors views into them, so an optimizer can update the flat
  // vector in place. Tensors that already shared storage (clone('weight', 'bias', 'gradWeight',
  // 'gradBias')) map to one region and stay shared. Call it once, before making clones that must
  // share with this module: it re-points this module's tensors, not those of clones outside it.
  std::pair<Tensor, Tensor> getParameters();
  // Non-learnable state that belongs to the module's value, like Torch's running_mean/running_var
  // of batch normalization: saved and loaded with the parameters ("state" in a saved graph) and
  // deep-copied by clone(), but never touched by optimizers or getParameters().
  struct StateTensor {
    std::string name;
    Tensor* value;
  };
  virtual std::vector<StateTensor> stateList() { return {}; }
  virtual void zeroGradParameters();
  virtual void updateParameters(float learningRate);

  virtual void training() { train_ = true; }
  virtual void evaluate() { train_ = false; }
  bool isTraining() const { return train_; }

  // Deep copy: new parameters with the same values, fresh buffers, cloned children.
  std::shared_ptr<Module> clone() const;
  // Deep copy whose listed tensors ("weight", "bias", "gradWeight", "gradBias") alias this
  // module's, like Torch's m:clone('weight', 'bias', 'gradWeight', 'gradBias').
  std::shared_ptr<Module> clone(const std::vector<std::string>& sharedNames) const;
  // Make the listed tensors of this module alias other's (Torch's m:share(other, ...)).
  void share(Module& other, const std::vector<std::string>& names);

  // "nn.Linear", the Torch name.
  virtual std::string typeName() const = 0;
  // "nn.Linear(3 -> 5)", as Torch's __tostring__.
  virtual std::string toString() const { return typeName(); }
  // One line saying what the module computes (shown in the playground and the docs).
  virtual std::string description() const = 0;
  // The constructor arguments that rebuild this module (saving, the JS factories).
  virtual Args arguments() const { return {}; }
  // Submodules of containers and graphs, in order.
  virtual std::vector<std::shared_ptr<Module>> children() const { return {}; }

 protected:
  Module() { output = Value(Tensor()); gradInput = Value(Tensor()); }
  // A copied module keeps its configuration but none of its results.
  Module(const Module& other) : enable_shared_from_this(), train_(other.train_) {
    output = other.output.isTable() ? Value::table() : Value(Tensor());
    gradInput = other.gradInput.isTable() ? Value::table() : Value(Tensor());
  }
  Module& operator=(const Module&) = delete;

  // A member-wise copy (NN_MODULE implements it); clone() then deepens it.
  virtual std::shared_ptr<Module> copyModule() const = 0;
  // Turns a member-wise copy into an independent one: parameters are deep-copied here;
  // containers override it to clone their children.
  virtual void deepenCopy();

  // Argument checks with Torch-like messages prefixed by toString().
  template <class... Parts>
  [[noreturn]] void fail(const Parts&... parts) const {
    nn::fail(toString(), ": ", parts...);
  }
  const Tensor& inputTensor(const Value& input, const char* what = "input") const;
  const std::vector<Value>& inputTable(const Value& input, size_t expectedSize = 0,
                                       const char* what = "input") const;
  Tensor& outputTensor();     // output as a Tensor (made one if it was not)
  Tensor& gradInputTensor();  // gradInput as a Tensor
  std::vector<Value>& outputTable();
  std::vector<Value>& gradInputTable();

  bool train_ = true;
};

using ModulePtr = std::shared_ptr<Module>;

}  // namespace nn

// Boilerplate every concrete module has: its Torch name and member-wise copy.
#define NN_MODULE(Class, TorchName)                                       \
 public:                                                                  \
  std::string typeName() const override { return TorchName; }             \
                                                                          \
 protected:                                                               \
  std::shared_ptr<Module> copyModule() const override {                   \
    return std::make_shared<Class>(*this);                                \
  }                                                                       \
                                                                          \
 public:
