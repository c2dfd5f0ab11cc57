// nn.Sequential(): feeds the input through its children in order, each one's output the next
// one's input; with no children the output is the input.
#pragma once
#include "core/modules/Container.h"

namespace nn {

class Sequential : public Container {
  NN_MODULE(Sequential, "nn.Sequential")
 public:
  Sequential() = default;
  Sequential& add(ModulePtr module) override { Container::add(std::move(module)); return *this; }

  const Value& updateOutput(const Value& input) override;
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override;
  void accGradParameters(const Value& input, const Value& gradOutput, float scale = 1.0f) override;
  const Value& backwardUnaliased(const Value& input, const Value& gradOutput, float scale) override;
  std::string toString() const override { return chainString(); }
  std::string description() const override { return "a chain of modules, applied in order"; }

 private:
  // The input child index0 saw in the last forward.
  const Value& childInput(size_t index0, const Value& input) const {
    return index0 == 0 ? input : modules_[index0 - 1]->output;
  }
};

}  // namespace nn
