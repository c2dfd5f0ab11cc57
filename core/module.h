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
#include <optional>
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
  // forward and backward compute correctly even when the input (or gradOutput) shares storage
  // with this module's own output (gradInput) buffer, as in l:forward(l:forward(x)): the
  // aliasing part is copied first, since the module overwrites that buffer while reading.
  virtual const Value& forward(const Value& input);
  virtual const Value& backward(const Value& input, const Value& gradOutput, float scale = 1.0f);
  // What a user's backward / updateGradInput / accGradParameters call needs (the bindings check
  // it where users call in): forward has run, and gradOutput has the output's structure and
  // sizes. A gModule checks this itself with its nodes' names.
  virtual void checkBackwardCall(const Value& gradOutput) const;
  // toString() when it is one line, else typeName(): how error messages name a module (a
  // container prints as a whole tree).
  std::string errorName() const;

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

  // --- torch/nn's module-tree API (issue 14) ---------------------------------------------------
  // Torch's m:listModules(): this module first, then each child's list, depth-first.
  std::vector<std::shared_ptr<Module>> listModules();
  // Torch's m:findModules(typename): every module of the listing whose typeName() is typeName
  // ("nn.Linear"; the bare "Linear" is accepted too).
  std::vector<std::shared_ptr<Module>> findModules(const std::string& typeName);
  // Torch's m:clearState(): forgets output and gradInput (and, in modules that have them, the
  // buffers of the last call), recursively; parameters and gradients stay.
  virtual void clearState();
  // Torch's m:reset(stdv): re-initialises the parameters in place (shared ones stay shared).
  // Without stdv each module uses its own default; with stdv, the modules Torch gives a uniform
  // initialisation draw uniform(-stdv * sqrt(3), stdv * sqrt(3)) (standard deviation stdv) and
  // LookupTable draws normal(0, stdv). Containers and graphs reset every child.
  virtual void resetParameters(std::optional<double> stdv = std::nullopt);

 protected:
  Module() { output = Value(Tensor()); gradInput = Value(Tensor()); }
  // A copied module keeps its configuration but none of its results.
  Module(const Module& other) : enable_shared_from_this(), train_(other.train_) {
    output = other.output.isTable() ? Value::table() : Value(Tensor());
    gradInput = other.gradInput.isTable() ? Value::table() : Value(Tensor());
  }
  Module& operator=(const Module&) = delete;

  // The work of forward / backward once aliasing has been dealt with (containers override
  // these; most modules keep Torch's updateOutput, updateGradInput + accGradParameters).
  virtual const Value& forwardUnaliased(const Value& input) { return updateOutput(input); }
  virtual const Value& backwardUnaliased(const Value& input, const Value& gradOutput, float scale);

  // A member-wise copy (NN_MODULE implements it); clone() then deepens it.
  virtual std::shared_ptr<Module> copyModule() const = 0;
  // Turns a member-wise copy into an independent one: parameters are deep-copied here;
  // containers override it to clone their children.
  virtual void deepenCopy();

  // Argument checks with Torch-like messages prefixed by toString().
  template <class... Parts>
  [[noreturn]] void fail(const Parts&... parts) const {
    nn::fail(errorName(), ": ", parts...);
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
