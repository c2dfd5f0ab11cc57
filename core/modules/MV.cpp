// nn.MV([trans = false]) (MV.lua): the product of a matrix and a vector from a table {M, v}:
// M (m x n) and v (n) give M v (m); a batch M (b x m x n) and v (b x n) give b x m. With trans,
// M is transposed first. gradInput is {gradOutput v^T, M^T gradOutput} per batch entry.
#include "core/kernels.h"
#include "core/module.h"

namespace nn {

class MV : public Module {
  NN_MODULE(MV, "nn.MV")
 public:
  explicit MV(bool trans) : trans_(trans) { gradInput = Value::table(); }

  const Value& updateOutput(const Value& input) override {
    const Operands o = operands(input);
    Tensor& y = outputTensor();
    if (o.batch == 0) y.resize({o.rows});
    else y.resize({o.batch, o.rows});
    const int64_t b = std::max<int64_t>(o.batch, 1);
    for (int64_t k = 0; k < b; ++k)
      kernels::gemv(trans_, o.M.size(-2), o.M.size(-1), 1.0f, o.M.data() + k * o.rows * o.cols, o.M.size(-1),
                    o.v.data() + k * o.cols, 0.0f, y.data() + k * o.rows);
    return output;
  }
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override {
    const Operands o = operands(input);
    const Tensor gy = inputTensor(gradOutput, "gradOutput").contiguous();
    const Shape want = o.batch ? Shape{o.batch, o.rows} : Shape{o.rows};
    if (gy.sizes() != want) fail("gradOutput has size ", gy.shapeString(), " but the output has size ", shapeString(want));
    std::vector<Value>& g = gradInputTable();
    g.resize(2);
    if (!g[0].isTensor()) g[0] = Value(Tensor());
    if (!g[1].isTensor()) g[1] = Value(Tensor());
    Tensor& gM = g[0].tensor();
    Tensor& gv = g[1].tensor();
    gM.resize(o.M.sizes()).zero();
    gv.resize(o.v.sizes());
    const int64_t b = std::max<int64_t>(o.batch, 1), mr = o.M.size(-2), mc = o.M.size(-1);
    for (int64_t k = 0; k < b; ++k) {
      const float* gyk = gy.data() + k * o.rows;
      const float* vk = o.v.data() + k * o.cols;
      float* gMk = gM.data() + k * mr * mc;
      // y = op(M) v: dM = gy v^T (or v gy^T when transposed), dv = op(M)^T gy
      if (trans_) kernels::ger(mr, mc, 1.0f, vk, gyk, gMk, mc);
      else kernels::ger(mr, mc, 1.0f, gyk, vk, gMk, mc);
      kernels::gemv(!trans_, mr, mc, 1.0f, o.M.data() + k * mr * mc, mc, gyk, 0.0f, gv.data() + k * o.cols);
    }
    return gradInput;
  }
  std::string toString() const override { return trans_ ? "nn.MV(true)" : "nn.MV"; }
  std::string description() const override { return "matrix-vector product of a table {M, v}"; }
  Args arguments() const override { return trans_ ? Args{true} : Args{}; }

 private:
  bool trans_;
  struct Operands {
    Tensor M, v;
    int64_t batch, rows, cols;  // batch 0: no batch dimension; op(M) is rows x cols
  };
  Operands operands(const Value& input) const {
    const auto& t = inputTable(input, 2);
    const Tensor M = inputTensor(t[0], "matrix (input[1])").contiguous();
    const Tensor v = inputTensor(t[1], "vector (input[2])").contiguous();
    if (M.dim() == 2) {
      if (v.dim() != 1) fail("a 2-D matrix takes a 1-D vector, got size ", v.shapeString());
    } else if (M.dim() == 3) {
      if (v.dim() != 2 || v.size(1) != M.size(1))
        fail("a batch of matrices (size ", M.shapeString(), ") takes a batch of as many vectors, got size ", v.shapeString());
    } else {
      fail("input matrix must be 2D or 3D, got ", M.dim() ? "size " + M.shapeString() : std::string("an empty tensor"));
    }
    const int64_t rows = trans_ ? M.size(-1) : M.size(-2), cols = trans_ ? M.size(-2) : M.size(-1);
    if (v.size(-1) != cols)
      fail("matrix row count and vector length do not match: op(M) is ", rows, "x", cols, " and v has ", v.size(-1), " elements");
    return {M, v, M.dim() == 3 ? M.size(1) : 0, rows, cols};
  }
};

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(MV, [](nn::ArgReader& args) -> nn::ModulePtr {
  return std::make_shared<nn::MV>(args.optBool("trans", false));
})
