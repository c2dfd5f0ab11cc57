// nn.MultiCriterion() (MultiCriterion.lua): every criterion, added with add(criterion, weight),
// scores the same input against the same target; the loss is the weighted sum, and gradInput
// (the input's structure) the weighted sum of their gradInputs.
#include "core/criterions/CriterionContainer.h"

namespace nn {

class MultiCriterion : public CriterionContainer {
 public:
  MultiCriterion() = default;
  std::string typeName() const override { return "nn.MultiCriterion"; }
  std::shared_ptr<Criterion> clone() const override { return deepCopy(*this); }

  float updateOutput(const Value& input, const Value& target) override {
    double loss = 0;
    for (size_t i = 0; i < criterions_.size(); ++i) loss += weights_[i] * criterions_[i]->updateOutput(input, target);
    output = static_cast<float>(loss);
    return output;
  }
  const Value& updateGradInput(const Value& input, const Value& target) override {
    zeroLike(gradInput, input);
    for (size_t i = 0; i < criterions_.size(); ++i)
      addScaled(gradInput, criterions_[i]->updateGradInput(input, target), weights_[i], i);
    return gradInput;
  }
  std::string description() const override { return "weighted sum of criterions on the same input and target"; }
};

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_CRITERION(MultiCriterion, [](nn::ArgReader&) -> nn::CriterionPtr { return std::make_shared<nn::MultiCriterion>(); })
