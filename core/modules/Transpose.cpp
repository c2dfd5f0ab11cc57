#include "core/modules/Transpose.h"

namespace nn {

Transpose::Transpose(std::vector<std::pair<int64_t, int64_t>> permutations)
    : permutations_(std::move(permutations)) {
  for (const auto& [a, b] : permutations_)
    if (a == 0 || b == 0) nn::fail(toString(), ": dimensions are 1-based and may not be 0");
}

std::vector<std::pair<int64_t, int64_t>> Transpose::pairs(const std::vector<int64_t>& flat) {
  if (flat.size() % 2 != 0)
    nn::fail("nn.Transpose: expected pairs of dimensions, e.g. nn.Transpose(1, 2) or nn.Transpose({1, 4}, {1, 3}), "
             "but got ", flat.size(), " numbers");
  std::vector<std::pair<int64_t, int64_t>> result;
  for (size_t i = 0; i < flat.size(); i += 2) result.emplace_back(flat[i], flat[i + 1]);
  return result;
}

void Transpose::check(const Tensor& x) const {
  for (const auto& [a, b] : permutations_)
    for (int64_t d : {a, b})
      if (d < -x.dim() || d > x.dim())
        fail("dimension ", d, " is out of range for an input of size ",
             x.dim() ? x.shapeString() : std::string("empty"));
}

const Value& Transpose::updateOutput(const Value& input) {
  const Tensor& x = inputTensor(input);
  check(x);
  Tensor view = x;
  for (const auto& [a, b] : permutations_) view = view.transpose(static_cast<int>(a), static_cast<int>(b));
  Tensor& y = outputTensor();
  if (y.sameStorage(x)) y = Tensor();
  y.resize(view.sizes()).copy(view);
  return output;
}

const Value& Transpose::updateGradInput(const Value& input, const Value& gradOutput) {
  const Tensor& x = inputTensor(input);
  const Tensor& gy = inputTensor(gradOutput, "gradOutput");
  check(x);
  Tensor forward = x;
  for (const auto& [a, b] : permutations_) forward = forward.transpose(static_cast<int>(a), static_cast<int>(b));
  if (!gy.sameShape(forward))
    fail("gradOutput has size ", gy.shapeString(), " but the output has size ", forward.shapeString());
  Tensor back = gy;
  for (auto it = permutations_.rbegin(); it != permutations_.rend(); ++it)
    back = back.transpose(static_cast<int>(it->first), static_cast<int>(it->second));
  gradInputTensor().resize(x.sizes()).copy(back);
  return gradInput;
}

std::string Transpose::toString() const {
  std::string s = "nn.Transpose(";
  for (size_t i = 0; i < permutations_.size(); ++i)
    s += cat(i ? ", " : "", "{", permutations_[i].first, ", ", permutations_[i].second, "}");
  return s + ")";
}

Args Transpose::arguments() const {
  Args args;
  for (const auto& [a, b] : permutations_) {
    args.emplace_back(a);
    args.emplace_back(b);
  }
  return args;
}

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(Transpose, [](nn::ArgReader& args) -> nn::ModulePtr {
  // Consecutive numbers, or one list per pair ({1, 4}, {1, 3}) as Torch writes them.
  std::vector<int64_t> flat;
  while (args.hasMore()) {
    const std::vector<int64_t> some = args.integers("dimensions");
    if (some.empty()) break;  // not a number: done() reports it
    flat.insert(flat.end(), some.begin(), some.end());
  }
  return std::make_shared<nn::Transpose>(nn::Transpose::pairs(flat));
})
