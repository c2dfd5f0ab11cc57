// Numerical gradient check for any module, graph or criterion.
//
// The loss is L = sum(output .* R) for a fixed random R (so every output element matters), the
// analytic gradients come from backward(input, R), and the numerical ones from central
// differences (L(x + eps) - L(x - eps)) / 2 eps, with the sums taken in double precision. The
// forward passes themselves are float32, so errors around 1e-3 are normal for eps = 1e-3.
#pragma once
#include <string>
#include <vector>

#include "core/criterion.h"
#include "core/module.h"

namespace nn {

struct GradCheckEntry {
  std::string name;        // "input", "input[2]", "input[2][1]"; "weight of nn.Linear #3"
  int64_t elements = 0;
  double maxAbsError = 0;  // max |analytic - numerical|
  double maxError = 0;     // max |analytic - numerical| / max(1, |numerical|)
};

struct GradCheckResult {
  std::vector<GradCheckEntry> inputs;
  std::vector<GradCheckEntry> parameters;
  double maxError() const;  // over every entry
  std::string toString() const;
};

struct GradCheckOptions {
  double eps = 1e-3;
  bool checkParameters = true;
  uint64_t seed = 1234;  // for R
};

// The module's input is not modified (it is copied first); its parameters are restored.
// Afterwards the module holds the forward/backward of the unperturbed input.
GradCheckResult checkGradients(Module& module, const Value& input, const GradCheckOptions& options = {});
GradCheckResult checkGradients(Criterion& criterion, const Value& input, const Value& target,
                               const GradCheckOptions& options = {});

}  // namespace nn
