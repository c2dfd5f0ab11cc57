// What nn.ParallelCriterion and nn.MultiCriterion share: a list of criterions with a weight each,
// filled by add(criterion, weight = 1) as in Torch, the weighted sum of their losses, and a deep
// clone (each criterion cloned, as Torch's clone copies the whole object).
#pragma once
#include <cmath>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/criterion.h"

namespace nn {

class CriterionContainer : public Criterion {
 public:
  CriterionContainer& add(CriterionPtr criterion, double weight = 1.0) {
    if (!criterion) fail("add: no criterion provided");
    if (criterion.get() == this) fail("add: a criterion cannot contain itself");
    if (!std::isfinite(weight)) fail("add: the weight must be a finite number, got ", weight);
    if (contains(*criterion, this)) fail("add: ", criterion->toString(), " already contains this criterion, so adding it would make a cycle");
    criterions_.push_back(std::move(criterion));
    weights_.push_back(weight);
    return *this;
  }
  const std::vector<CriterionPtr>& criterions() const { return criterions_; }
  const std::vector<double>& weights() const { return weights_; }
  // "nn.ParallelCriterion {w1 * c1, w2 * c2}" (Torch prints only the type).
  std::string toString() const override {
    std::string text = typeName() + " {";
    for (size_t i = 0; i < criterions_.size(); ++i)
      text += cat(i ? ", " : "", weights_[i], " * ", criterions_[i]->toString());
    return text + "}";
  }

 private:
  // Whether c is target or holds it, at any depth.
  static bool contains(const Criterion& c, const Criterion* target) {
    if (&c == target) return true;
    if (const auto* container = dynamic_cast<const CriterionContainer*>(&c))
      for (const CriterionPtr& inner : container->criterions_)
        if (contains(*inner, target)) return true;
    return false;
  }

 protected:
  CriterionContainer() = default;
  CriterionContainer(const CriterionContainer&) = default;
  // A member-wise copy made deep: every criterion cloned.
  template <class Derived>
  static std::shared_ptr<Criterion> deepCopy(const Derived& original) {
    auto copy = std::make_shared<Derived>(original);
    for (CriterionPtr& c : copy->criterions_) c = c->clone();
    return copy;
  }
  // gradInput += weight * part, through nested tables (part has gradInput's structure).
  void addScaled(Value& gradInput, const Value& part, double weight, size_t index0) const {
    if (!part.sameStructure(gradInput))
      fail("criterion ", index0 + 1, " returned a gradInput that is ", part.describe(), " but its input is ", gradInput.describe());
    std::vector<Tensor> into, from;
    flattenTensors(gradInput, into);
    flattenTensors(part, from);
    for (size_t k = 0; k < into.size() && k < from.size(); ++k) into[k].add(from[k], static_cast<float>(weight));
  }

  std::vector<CriterionPtr> criterions_;
  std::vector<double> weights_;
};

}  // namespace nn
