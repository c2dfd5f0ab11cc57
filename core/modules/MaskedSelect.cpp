// nn.MaskedSelect() (MaskedSelect.lua): for a table {t, mask}, the 1-D tensor of t's elements
// where mask is 1, in row-major order (t:maskedSelect(mask)). mask has t's number of elements and
// holds only 0 and 1 (Torch's ByteTensor mask; anything else is an error, as in TH). gradInput is
// {gradOutput scattered back to the selected positions, zeros elsewhere; zeros for the mask}.
#include <vector>

#include "core/module.h"

namespace nn {

class MaskedSelect : public Module {
  NN_MODULE(MaskedSelect, "nn.MaskedSelect")
 public:
  MaskedSelect() { gradInput = Value::table({Tensor(), Tensor()}); }

  const Value& updateOutput(const Value& input) override {
    const Tensor t = read(input);
    Tensor& y = outputTensor();
    y.resize({static_cast<int64_t>(selected_.size())});
    for (size_t k = 0; k < selected_.size(); ++k) y.data()[k] = t.data()[selected_[k]];
    return output;
  }
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override {
    const Tensor t = read(input);
    const Tensor gy = inputTensor(gradOutput, "gradOutput").contiguous();
    if (gy.dim() != 1 || gy.numel() != static_cast<int64_t>(selected_.size()))
      fail("gradOutput has size ", gy.dim() ? gy.shapeString() : std::string("empty"), " but the output has size ",
           selected_.size(), " (the number of ones in the mask)");
    if (!gradInput.isTable() || gradInput.size() != 2) gradInput = Value::table({Tensor(), Tensor()});
    Tensor& gt = gradInput[0].tensor();
    gt.resize(t.sizes()).zero();
    for (size_t k = 0; k < selected_.size(); ++k) gt.data()[selected_[k]] = gy.data()[k];
    gradInput[1].tensor().resize(input[1].tensor().sizes()).zero();  // the mask gets no gradient
    return gradInput;
  }
  void clearState() override {
    Module::clearState();
    selected_.clear();
  }
  std::string description() const override { return "the elements of a tensor where a 0/1 mask is 1, as a vector"; }

 private:
  std::vector<int64_t> selected_;  // row-major offsets of the selected elements

  // The input tensor, contiguous, after filling selected_ from the mask.
  Tensor read(const Value& input) {
    const auto& parts = inputTable(input, 2, "{tensor, mask}");
    const Tensor t = inputTensor(parts[0], "tensor (input[1])").contiguous();
    const Tensor mask = inputTensor(parts[1], "mask (input[2])").contiguous();
    if (mask.numel() != t.numel())
      fail("the mask (input[2], size ", mask.dim() ? mask.shapeString() : std::string("empty"),
           ") must have as many elements as the tensor (input[1], size ", t.dim() ? t.shapeString() : std::string("empty"), ")");
    selected_.clear();
    for (int64_t i = 0; i < mask.numel(); ++i) {
      const float m = mask.data()[i];
      if (m != 0.0f && m != 1.0f) fail("the mask (input[2]) may hold only 0 and 1, but element ", i + 1, " is ", m);
      if (m == 1.0f) selected_.push_back(i);
    }
    return t;
  }
};

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(MaskedSelect, [](nn::ArgReader&) -> nn::ModulePtr { return std::make_shared<nn::MaskedSelect>(); })
