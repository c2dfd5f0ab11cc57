// nn.MixtureTable([dim]) (MixtureTable.lua): a mixture of experts. The input is {gater, experts}:
// gater holds n mixing weights (a vector, or batch x n), experts is a table of n tensors of one
// size (batch first when the gater is batched) or one tensor whose dimension `dim` has size n
// (dim defaults to 2 for a batched gater, else 1). The output is sum_i gater[i] * expert_i, per
// sample; gradInput is {d/dgater, d/dexperts} with the experts' structure.
#include "core/kernels.h"
#include "core/module.h"

namespace nn {

class MixtureTable : public Module {
  NN_MODULE(MixtureTable, "nn.MixtureTable")
 public:
  explicit MixtureTable(int64_t dim = 0) : dim_(dim) {
    if (dim < 0) nn::fail("nn.MixtureTable(", dim, "): dim is 1-based (1 is the first dimension)");
    gradInput = Value::table({Tensor(), Tensor()});
  }

  const Value& updateOutput(const Value& input) override {
    read(input);
    Tensor& y = outputTensor();
    y.resize(outputSizes_).zero();
    for (int64_t r = 0; r < rows_; ++r)
      for (int64_t i = 0; i < n_; ++i) kernels::axpy(length_, gate(r, i), expertRow(i, r), y.data() + r * length_);
    return output;
  }
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override {
    read(input);
    const Tensor gy = inputTensor(gradOutput, "gradOutput").contiguous();
    if (gy.sizes() != outputSizes_)
      fail("gradOutput has size ", gy.dim() ? gy.shapeString() : std::string("empty"), " but the output has size ", shapeString(outputSizes_));
    if (!gradInput.isTable() || gradInput.size() != 2) gradInput = Value::table({Tensor(), Tensor()});
    Tensor& gGater = gradInput[0].isTensor() ? gradInput[0].tensor() : (gradInput[0] = Value(Tensor())).tensor();
    gGater.resize(gater_.sizes()).zero();
    Value& gExperts = gradInput[1];
    if (table_) {
      if (!gExperts.isTable()) gExperts = Value::table();
      gExperts.entries().resize(static_cast<size_t>(n_));
      for (int64_t i = 0; i < n_; ++i) {
        Value& g = gExperts[static_cast<size_t>(i)];
        if (!g.isTensor()) g = Value(Tensor());
        g.tensor().resize(experts_[static_cast<size_t>(i)].sizes());
      }
    } else {
      if (!gExperts.isTensor()) gExperts = Value(Tensor());
      gExperts.tensor().resize(experts_[0].sizes());
    }
    for (int64_t r = 0; r < rows_; ++r) {
      const float* g = gy.data() + r * length_;
      for (int64_t i = 0; i < n_; ++i) {
        // d/dgater[b, i] = sum over the sample's rows of gradOutput . expert_i;
        // d/dexpert_i = gater[b, i] * gradOutput
        gGater.data()[batchOf(r) * n_ + i] += static_cast<float>(kernels::dot(length_, g, expertRow(i, r)));
        float* ge = table_ ? gExperts[static_cast<size_t>(i)].tensor().data() + r * length_
                           : gExperts.tensor().data() + (r * n_ + i) * length_;
        kernels::copy(length_, g, ge);
        kernels::scale(length_, gate(r, i), ge);
      }
    }
    return gradInput;
  }
  std::string toString() const override { return dim_ ? cat("nn.MixtureTable(", dim_, ")") : std::string("nn.MixtureTable"); }
  std::string description() const override { return "mixture of experts: the sum of the experts weighted by the gater's outputs"; }
  Args arguments() const override { return dim_ ? Args{dim_} : Args{}; }

 private:
  int64_t dim_;            // as given; 0: Torch's default
  // The last input, read into rows: the experts are viewed as rows_ rows of length_ values each
  // (row r of sample batchOf(r)), expert i's row r at expertRow(i, r).
  Tensor gater_;
  std::vector<Tensor> experts_;  // the table's tensors, or the one experts tensor
  bool table_ = true;
  bool batched_ = false;
  int64_t n_ = 0, rows_ = 0, length_ = 0;
  Shape outputSizes_;

  int64_t batchOf(int64_t r) const { return batched_ ? r / (rows_ / gater_.size(1)) : 0; }
  float gate(int64_t r, int64_t i) const { return gater_.data()[batchOf(r) * n_ + i]; }
  const float* expertRow(int64_t i, int64_t r) const {
    return table_ ? experts_[static_cast<size_t>(i)].data() + r * length_ : experts_[0].data() + (r * n_ + i) * length_;
  }

  void read(const Value& input) {
    const auto& parts = inputTable(input, 2, "{gater, experts}");
    gater_ = inputTensor(parts[0], "gater output (input[1])").contiguous();
    if (gater_.dim() != 1 && gater_.dim() != 2)
      fail("the gater output (input[1]) must be a vector or batch x experts, got ", gater_.dim() ? "size " + gater_.shapeString() : std::string("an empty tensor"));
    batched_ = gater_.dim() == 2;
    n_ = gater_.size(-1);
    const int64_t batch = batched_ ? gater_.size(1) : 1;
    if (n_ == 0 || batch == 0) fail("the gater output (input[1]) is empty (size ", gater_.shapeString(), ")");
    const int64_t dim = dim_ ? dim_ : (batched_ ? 2 : 1);
    experts_.clear();
    table_ = parts[1].isTable();
    if (table_) {
      const auto& list = parts[1].entries();
      if (static_cast<int64_t>(list.size()) != n_)
        fail("one gater output per expert: the gater has ", n_, " but the experts table (input[2]) has ", list.size(), " entries");
      for (size_t i = 0; i < list.size(); ++i) {
        if (!list[i].isTensor()) fail("expert ", i + 1, " (input[2][", i + 1, "]) is ", list[i].describe(), ", not a tensor");
        experts_.push_back(list[i].tensor().contiguous());
        if (experts_[i].numel() == 0) fail("expert ", i + 1, " (input[2][", i + 1, "]) is an empty tensor");
        if (i > 0 && experts_[i].sizes() != experts_[0].sizes())
          fail("expert ", i + 1, " has size ", experts_[i].shapeString(), " but expert 1 has size ", experts_[0].shapeString());
      }
      const Tensor& first = experts_[0];
      if (dim < (batched_ ? 2 : 1) || dim > first.dim() + 1)
        fail("dim ", dim, " is out of range for experts of size ", first.shapeString(), batched_ ? " with a batched gater" : "");
      if (batched_ && first.size(1) != batch)
        fail("the gater has a batch of ", batch, " but the experts have size ", first.shapeString(), " (batch first)");
      rows_ = batch;
      length_ = first.numel() / batch;
      outputSizes_ = first.sizes();
    } else {
      const Tensor& e = experts_.emplace_back(inputTensor(parts[1], "experts (input[2])").contiguous());
      if (dim < (batched_ ? 2 : 1) || dim > e.dim())
        fail("dim ", dim, " is out of range for experts of size ", e.dim() ? e.shapeString() : std::string("empty"),
             batched_ ? " with a batched gater (dimension 1 is the batch)" : "");
      if (e.size(static_cast<int>(dim)) != n_)
        fail("one gater output per expert: the gater has ", n_, " but dimension ", dim, " of the experts (input[2], size ",
             e.shapeString(), ") has ", e.size(static_cast<int>(dim)));
      if (batched_ && e.size(1) != batch)
        fail("the gater has a batch of ", batch, " but the experts have size ", e.shapeString(), " (batch first)");
      if (e.numel() == 0) fail("the experts (input[2], size ", e.shapeString(), ") are empty");
      rows_ = 1;
      for (int d = 1; d < dim; ++d) rows_ *= e.size(d);
      length_ = e.numel() / (rows_ * n_);
      outputSizes_ = e.sizes();
      outputSizes_.erase(outputSizes_.begin() + (dim - 1));
      if (outputSizes_.empty()) outputSizes_ = {1};  // n scalar experts: a one-element output
    }
  }
};

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(MixtureTable, [](nn::ArgReader& args) -> nn::ModulePtr {
  return std::make_shared<nn::MixtureTable>(args.optInteger("dim", 0));
})
