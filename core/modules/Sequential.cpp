#include "core/modules/Sequential.h"

namespace nn {

const Value& Sequential::updateOutput(const Value& input) {
  const Value* current = &input;
  for (size_t i = 0; i < modules_.size(); ++i)
    current = &inChild(i, [&]() -> const Value& { return modules_[i]->updateOutput(*current); });
  // Like Torch, output aliases the last child's output rather than copying it.
  output = *current;
  return output;
}

const Value& Sequential::updateGradInput(const Value& input, const Value& gradOutput) {
  const Value* current = &gradOutput;
  for (size_t i = modules_.size(); i-- > 0;)
    current = &inChild(i, [&]() -> const Value& {
      return modules_[i]->updateGradInput(childInput(i, input), *current);
    });
  gradInput = *current;
  return gradInput;
}

void Sequential::accGradParameters(const Value& input, const Value& gradOutput, float scale) {
  // Child i's gradOutput is child i+1's gradInput, left there by updateGradInput.
  for (size_t i = modules_.size(); i-- > 0;) {
    const Value& childGradOutput = i + 1 == modules_.size() ? gradOutput : modules_[i + 1]->gradInput;
    inChild(i, [&]() { modules_[i]->accGradParameters(childInput(i, input), childGradOutput, scale); });
  }
}

const Value& Sequential::backwardUnaliased(const Value& input, const Value& gradOutput, float scale) {
  const Value* current = &gradOutput;
  for (size_t i = modules_.size(); i-- > 0;)
    current = &inChild(i, [&]() -> const Value& {
      return modules_[i]->backward(childInput(i, input), *current, scale);
    });
  gradInput = *current;
  return gradInput;
}

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(Sequential, [](nn::ArgReader&) -> nn::ModulePtr { return std::make_shared<nn::Sequential>(); })
