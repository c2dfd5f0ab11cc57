#include "core/check.h"

#include <algorithm>
#include <cmath>
#include <functional>

namespace nn {

double GradCheckResult::maxError() const {
  double worst = 0;
  for (const auto& e : inputs) worst = std::max(worst, e.maxError);
  for (const auto& e : parameters) worst = std::max(worst, e.maxError);
  return worst;
}

std::string GradCheckResult::toString() const {
  std::string out;
  for (const auto* list : {&inputs, &parameters})
    for (const auto& e : *list)
      out += cat(e.name, ": ", e.elements, " elements, max error ", e.maxError, " (abs ", e.maxAbsError, ")\n");
  return out;
}

// The tensors of a value with names mirroring its structure: "input", "input[1]", ...
static void namedTensors(const Value& v, const std::string& name, std::vector<std::pair<std::string, Tensor>>& out) {
  if (v.isTensor()) out.push_back({name, v.tensor()});
  if (v.isTable())
    for (size_t i = 0; i < v.size(); ++i) namedTensors(v[i], cat(name, "[", i + 1, "]"), out);
}

static double weightedSum(const Value& output, const Value& weights) {
  std::vector<Tensor> outs, ws;
  flattenTensors(output, outs);
  flattenTensors(weights, ws);
  double total = 0;
  for (size_t i = 0; i < outs.size(); ++i) {
    const std::vector<float> o = outs[i].toVector(), w = ws[i].toVector();
    for (size_t k = 0; k < o.size(); ++k) total += static_cast<double>(o[k]) * w[k];
  }
  return total;
}

// Compares `analytic` with central differences of loss() w.r.t. each element of `target`.
static GradCheckEntry compare(const std::string& name, Tensor target, const Tensor& analytic,
                              const std::function<double()>& loss, double eps) {
  GradCheckEntry entry;
  entry.name = name;
  entry.elements = target.numel();
  const std::vector<float> expected = analytic.contiguous().toVector();
  float* data = target.data();  // target is contiguous: cloned inputs or parameters
  for (int64_t i = 0; i < target.numel(); ++i) {
    const float saved = data[i];
    data[i] = static_cast<float>(saved + eps);
    const double plus = loss();
    data[i] = static_cast<float>(saved - eps);
    const double minus = loss();
    data[i] = saved;
    // Divide by the step actually taken in float32, not the nominal eps.
    const double step = static_cast<double>(static_cast<float>(saved + eps)) - static_cast<float>(saved - eps);
    const double numerical = (plus - minus) / step;
    const double diff = std::fabs(numerical - expected[static_cast<size_t>(i)]);
    entry.maxAbsError = std::max(entry.maxAbsError, diff);
    entry.maxError = std::max(entry.maxError, diff / std::max(1.0, std::fabs(numerical)));
  }
  return entry;
}

GradCheckResult checkGradients(Module& module, const Value& inputIn, const GradCheckOptions& options) {
  const Value input = cloneValue(inputIn);
  Value weights;
  {
    Generator gen(options.seed);
    const Value& out = module.forward(input);
    std::vector<Tensor> outs;
    copyValue(weights, out);
    flattenTensors(weights, outs);
    for (Tensor& t : outs) t.copy(Tensor::uniform(t.sizes(), -1, 1, gen));
  }
  module.zeroGradParameters();
  module.forward(input);
  const Value analyticInput = cloneValue(module.backward(input, weights));
  std::vector<Module::Parameter> params = module.parameterList();
  std::vector<Tensor> analyticParams;
  for (const auto& p : params) analyticParams.push_back(p.grad->clone());

  const auto loss = [&]() { return weightedSum(module.forward(input), weights); };
  GradCheckResult result;
  std::vector<std::pair<std::string, Tensor>> inputs, grads;
  namedTensors(input, "input", inputs);
  namedTensors(analyticInput, "input", grads);
  if (inputs.size() != grads.size())
    fail(module.toString(), ": gradInput ", analyticInput.describe(), " does not mirror the input ", input.describe());
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (!grads[i].second.sameShape(inputs[i].second))
      fail(module.toString(), ": gradient of ", inputs[i].first, " has size ", grads[i].second.shapeString(),
           " but the input has size ", inputs[i].second.shapeString());
    result.inputs.push_back(compare(inputs[i].first, inputs[i].second, grads[i].second, loss, options.eps));
  }
  if (options.checkParameters) {
    for (size_t i = 0; i < params.size(); ++i) {
      Tensor& value = *params[i].value;
      if (!value.isContiguous()) continue;
      const std::string& owner = params[i].owner.empty() ? module.toString() : params[i].owner;
      result.parameters.push_back(compare(cat(params[i].name, " of ", owner), value, analyticParams[i], loss, options.eps));
    }
  }
  // Leave the module in the state of the unperturbed input, gradients as backward computed them.
  module.zeroGradParameters();
  module.forward(input);
  module.backward(input, weights);
  return result;
}

GradCheckResult checkGradients(Criterion& criterion, const Value& inputIn, const Value& target,
                               const GradCheckOptions& options) {
  const Value input = cloneValue(inputIn);
  criterion.forward(input, target);
  const Value analytic = cloneValue(criterion.backward(input, target));
  const auto loss = [&]() { return static_cast<double>(criterion.forward(input, target)); };
  GradCheckResult result;
  std::vector<std::pair<std::string, Tensor>> inputs, grads;
  namedTensors(input, "input", inputs);
  namedTensors(analytic, "input", grads);
  for (size_t i = 0; i < inputs.size() && i < grads.size(); ++i)
    result.inputs.push_back(compare(inputs[i].first, inputs[i].second, grads[i].second, loss, options.eps));
  criterion.forward(input, target);
  criterion.backward(input, target);
  return result;
}

}  // namespace nn
