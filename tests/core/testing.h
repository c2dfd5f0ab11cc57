// Helpers shared by the doctest files.
#pragma once
#include <doctest/doctest.h>

#include <memory>
#include <ostream>  // doctest prints std::shared_ptr operands of failed CHECKs through operator<<

#include "core/check.h"
#include "core/kernels.h"
#include "core/graph.h"
#include "core/registry.h"

namespace testing {

// Gradient check of input (and parameter) gradients against central differences.
inline void checkModuleGradients(nn::Module& m, const nn::Value& input, double tolerance = 2e-2,
                                 bool checkParameters = true) {
  nn::GradCheckOptions options;
  options.checkParameters = checkParameters;
  const nn::GradCheckResult r = nn::checkGradients(m, input, options);
  INFO(m.toString() << "\n" << r.toString());
  CHECK(!r.inputs.empty());
  CHECK(r.maxError() < tolerance);
}

inline void checkCriterionGradients(nn::Criterion& c, const nn::Value& input, const nn::Value& target,
                                    double tolerance = 2e-2) {
  const nn::GradCheckResult r = nn::checkGradients(c, input, target);
  INFO(c.toString() << "\n" << r.toString());
  CHECK(!r.inputs.empty());
  CHECK(r.maxError() < tolerance);
}

// Two backward calls accumulate twice the parameter gradient of one.
inline void checkAccumulation(nn::Module& m, const nn::Value& input, const nn::Value& gradOutput) {
  m.zeroGradParameters();
  m.forward(input);
  m.backward(input, gradOutput);
  std::vector<nn::Tensor> once;
  for (const auto& g : m.parameters().second) once.push_back(g.clone());
  m.backward(input, gradOutput);
  const auto twice = m.parameters().second;
  REQUIRE(once.size() == twice.size());
  for (size_t i = 0; i < once.size(); ++i) {
    nn::Tensor expected = once[i].clone().mul(2.0f);
    CHECK(nn::maxAbsDiff(expected, twice[i]) < 1e-5f * (1 + expected.maxAbs()));
  }
}

// Graph nodes by registry name, as nngraph code reads: input(), call("Tanh", {}, x),
// callTable("CAddTable", {}, {a, b}).
inline nn::NodePtr input() { return nn::Node::input(nn::createModule("Identity", {})); }
inline nn::NodePtr call(const std::string& type, const nn::Args& args, const nn::NodePtr& x) {
  return nn::Node::make(nn::createModule(type, args), {x});
}
inline nn::NodePtr callTable(const std::string& type, const nn::Args& args, const std::vector<nn::NodePtr>& xs) {
  return nn::Node::make(nn::createModule(type, args), xs, true);
}

template <class T, class... A>
std::shared_ptr<T> make(A&&... args) {
  return std::make_shared<T>(std::forward<A>(args)...);
}

}  // namespace testing
