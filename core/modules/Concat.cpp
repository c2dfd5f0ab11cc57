#include "core/modules/Concat.h"

namespace nn {

Concat::Concat(int64_t dimension) : Concat("nn.Concat", dimension) {}

Concat::Concat(const char* torchName, int64_t dimension) : dimension_(dimension) {
  if (dimension == 0) nn::fail(torchName, "(0): dimensions are 1-based (1 is the first)");
}

void Concat::join(Shape& sizes, const Tensor& t, size_t index0) {
  Shape expected = sizes;
  expected[dim0_] = t.dim() == static_cast<int>(sizes.size()) ? t.sizes()[dim0_] : 0;
  if (t.sizes() != expected)
    fail("module ", index0 + 1, " output has size ", t.shapeString(), " but module 1 output has size ",
         modules_[0]->output.tensor().shapeString(), "; all sizes except dimension ", dim0_ + 1, " must match");
}

Tensor Concat::window(const Tensor& whole, size_t index0) const {
  return whole.narrow(dim0_ + 1, offsets_[index0], widths_[index0]);
}

const Value& Concat::updateOutput(const Value& input) {
  requireChildren();
  const size_t n = modules_.size();
  Shape sizes;
  offsets_.assign(n, 0);
  widths_.assign(n, 0);
  for (size_t i = 0; i < n; ++i) {
    const Value& y = inChild(i, [&]() -> const Value& { return modules_[i]->updateOutput(input); });
    if (!y.isTensor()) fail("module ", i + 1, " returned ", y.describe(), " but Concat needs tensors");
    const Tensor& t = y.tensor();
    if (i == 0) {
      const int d = t.dim();
      if (dimension_ > d || dimension_ < -d)
        fail("dimension ", dimension_, " is out of range for the output of module 1, of size ",
             t.shapeString());
      dim0_ = dimension_ < 0 ? static_cast<int>(d + dimension_) : static_cast<int>(dimension_ - 1);
      sizes = t.sizes();
      sizes[dim0_] = 0;
    }
    join(sizes, t, i);
    offsets_[i] = sizes[dim0_] + 1;
    widths_[i] = t.size(dim0_ + 1);
    sizes[dim0_] += widths_[i];
  }
  Tensor& out = outputTensor();
  out.resize(sizes);
  if (zeroFill_) out.zero();
  for (size_t i = 0; i < n; ++i) window(out, i).copy(modules_[i]->output.tensor());
  return output;
}

const Tensor& Concat::checkedGradOutput(const Value& gradOutput) const {
  if (!output.isTensor() || offsets_.size() != modules_.size())
    fail("backward called before forward");
  if (!gradOutput.isTensor() || !gradOutput.tensor().sameShape(output.tensor()))
    fail("gradOutput must have the size of the output, ", output.tensor().shapeString(), ", but got ",
         gradOutput.describe());
  return gradOutput.tensor();
}

Tensor Concat::gradSlice(size_t index0, const Tensor& gradOutput) {
  Tensor view = window(gradOutput, index0);
  if (view.isContiguous()) return view;
  // Children may read gradOutput densely, so a strided slice is handed over as a copy.
  slices_.resize(modules_.size());
  slices_[index0].resizeAs(view).copy(view);
  return slices_[index0];
}

void Concat::accumulate(size_t index0, const Value& childGradInput, const Value& input) {
  if (!childGradInput.sameStructure(input))
    fail("module ", index0 + 1, " returned a gradInput that is ", childGradInput.describe(),
         " but the input is ", input.describe());
  if (index0 == 0) copyValue(gradInput, childGradInput);
  else addValue(gradInput, childGradInput);
}

const Value& Concat::updateGradInput(const Value& input, const Value& gradOutput) {
  const Tensor& gy = checkedGradOutput(gradOutput);
  for (size_t i = 0; i < modules_.size(); ++i) {
    const Tensor slice = gradSlice(i, gy);
    accumulate(i, inChild(i, [&]() -> const Value& { return modules_[i]->updateGradInput(input, slice); }), input);
  }
  return gradInput;
}

void Concat::accGradParameters(const Value& input, const Value& gradOutput, float scale) {
  const Tensor& gy = checkedGradOutput(gradOutput);
  for (size_t i = 0; i < modules_.size(); ++i) {
    const Tensor slice = gradSlice(i, gy);
    inChild(i, [&]() { modules_[i]->accGradParameters(input, slice, scale); });
  }
}

const Value& Concat::backwardUnaliased(const Value& input, const Value& gradOutput, float scale) {
  const Tensor& gy = checkedGradOutput(gradOutput);
  for (size_t i = 0; i < modules_.size(); ++i) {
    const Tensor slice = gradSlice(i, gy);
    accumulate(i, inChild(i, [&]() -> const Value& { return modules_[i]->backward(input, slice, scale); }), input);
  }
  return gradInput;
}

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(Concat, [](nn::ArgReader& args) -> nn::ModulePtr {
  return std::make_shared<nn::Concat>(args.integer("dimension"));
})
