// nn.Identity(): output = input (any value, tensor or table), gradInput = gradOutput.
// Like Torch, both alias their argument: nothing is copied.
#pragma once
#include "core/module.h"

namespace nn {

class Identity : public Module {
  NN_MODULE(Identity, "nn.Identity")
 public:
  Identity() = default;
  const Value& updateOutput(const Value& input) override {
    output = input;
    return output;
  }
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override {
    gradInput = gradOutput;
    return gradInput;
  }
  std::string description() const override { return "passes its input through unchanged"; }
};

}  // namespace nn
