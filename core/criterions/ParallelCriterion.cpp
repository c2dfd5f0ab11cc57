// nn.ParallelCriterion([repeatTarget = false]) (ParallelCriterion.lua): criterion i, added with
// add(criterion, weight), scores input[i] against target[i] (or against the whole target when
// repeatTarget); the loss is the weighted sum. gradInput has the input's structure: weight_i
// times criterion i's gradInput in entry i, zeros in entries no criterion reads.
#include "core/criterions/CriterionContainer.h"

namespace nn {

class ParallelCriterion : public CriterionContainer {
 public:
  explicit ParallelCriterion(bool repeatTarget = false) : repeatTarget_(repeatTarget) { gradInput = Value::table(); }
  std::string typeName() const override { return "nn.ParallelCriterion"; }
  std::shared_ptr<Criterion> clone() const override { return deepCopy(*this); }

  float updateOutput(const Value& input, const Value& target) override {
    check(input, target);
    double loss = 0;
    for (size_t i = 0; i < criterions_.size(); ++i)
      loss += weights_[i] * criterions_[i]->updateOutput(input[i], targetFor(target, i));
    output = static_cast<float>(loss);
    return output;
  }
  const Value& updateGradInput(const Value& input, const Value& target) override {
    check(input, target);
    zeroLike(gradInput, input);
    for (size_t i = 0; i < criterions_.size(); ++i)
      addScaled(gradInput[i], criterions_[i]->updateGradInput(input[i], targetFor(target, i)), weights_[i], i);
    return gradInput;
  }
  std::string description() const override { return "weighted sum of criterion i on input[i] and target[i]"; }
  Args arguments() const override { return repeatTarget_ ? Args{true} : Args{}; }

 private:
  bool repeatTarget_;
  const Value& targetFor(const Value& target, size_t i) const { return repeatTarget_ ? target : target[i]; }
  void check(const Value& input, const Value& target) const {
    if (!input.isTable()) fail("expected a table input (one entry per criterion), got ", input.describe());
    if (input.size() < criterions_.size())
      fail("the input has ", input.size(), " entries but there are ", criterions_.size(), " criterions");
    if (repeatTarget_) return;
    if (!target.isTable())
      fail("expected a table target (one entry per criterion), got ", target.describe(), "; use nn.ParallelCriterion(true) to give every criterion the same target");
    if (target.size() < criterions_.size())
      fail("the target has ", target.size(), " entries but there are ", criterions_.size(), " criterions");
  }
};

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_CRITERION(ParallelCriterion, [](nn::ArgReader& args) -> nn::CriterionPtr {
  return std::make_shared<nn::ParallelCriterion>(args.optBool("repeatTarget", false));
})
