#include "core/modules/MM.h"

#include "core/kernels.h"

namespace nn {

MM::MM(bool transA, bool transB) : transA_(transA), transB_(transB) { gradInput = Value::table(); }

MM::Operands MM::operands(const Value& input) const {
  const std::vector<Value>& xs = inputTable(input, 2);
  const Tensor& a = inputTensor(xs[0], "as table entry 1");
  const Tensor& b = inputTensor(xs[1], "as table entry 2");
  if ((a.dim() != 2 && a.dim() != 3) || b.dim() != a.dim())
    fail("expected two matrices or two batches of matrices (both 2-D or both 3-D) but got ", input.describe());
  const bool batched = a.dim() == 3;
  if (batched && a.size(1) != b.size(1))
    fail("the two batches have different sizes: ", a.shapeString(), " and ", b.shapeString());
  const int r = batched ? 2 : 1;  // the row dimension
  const int64_t M = transA_ ? a.size(r + 1) : a.size(r), K = transA_ ? a.size(r) : a.size(r + 1);
  const int64_t Kb = transB_ ? b.size(r + 1) : b.size(r), N = transB_ ? b.size(r) : b.size(r + 1);
  if (K != Kb)
    fail("matrix sizes do not match: op(A) is ", M, "x", K, " and op(B) is ", Kb, "x", N, " (inputs ",
         a.shapeString(), " and ", b.shapeString(), toString() == "nn.MM" ? ")" : ", with transposes)");
  return {a.contiguous(), b.contiguous(), batched ? a.size(1) : 1, M, K, N, batched};
}

const Value& MM::updateOutput(const Value& input) {
  const Operands o = operands(input);
  Tensor& y = outputTensor();
  if (o.batched) y.resize({o.batch, o.M, o.N});
  else y.resize({o.M, o.N});
  const int64_t lda = transA_ ? o.M : o.K, ldb = transB_ ? o.K : o.N;
  for (int64_t i = 0; i < o.batch; ++i)
    kernels::gemm(transA_, transB_, o.M, o.N, o.K, 1.0f, o.a.data() + i * o.M * o.K, lda,
                  o.b.data() + i * o.K * o.N, ldb, 0.0f, y.data() + i * o.M * o.N, o.N);
  return output;
}

const Value& MM::updateGradInput(const Value& input, const Value& gradOutput) {
  const Operands o = operands(input);
  const Tensor gy = inputTensor(gradOutput, "gradOutput").contiguous();
  const Shape expected = o.batched ? Shape{o.batch, o.M, o.N} : Shape{o.M, o.N};
  if (gy.sizes() != expected)
    fail("gradOutput has size ", gy.dim() ? gy.shapeString() : "empty", " but the output has size ",
         shapeString(expected));
  std::vector<Value>& gx = gradInputTable();
  gx.resize(2);
  for (Value& g : gx)
    if (!g.isTensor()) g = Value(Tensor());
  Tensor& ga = gx[0].tensor();
  Tensor& gb = gx[1].tensor();
  ga.resize(o.a.sizes());
  gb.resize(o.b.sizes());
  const int64_t lda = transA_ ? o.M : o.K, ldb = transB_ ? o.K : o.N;
  for (int64_t i = 0; i < o.batch; ++i) {
    const float* A = o.a.data() + i * o.M * o.K;
    const float* B = o.b.data() + i * o.K * o.N;
    const float* G = gy.data() + i * o.M * o.N;
    float* dA = ga.data() + i * o.M * o.K;
    float* dB = gb.data() + i * o.K * o.N;
    // With C = op(A) op(B): d op(A) = G op(B)^T and d op(B) = op(A)^T G; a transposed operand
    // receives the transpose of those.
    if (!transA_) kernels::gemm(false, !transB_, o.M, o.K, o.N, 1.0f, G, o.N, B, ldb, 0.0f, dA, o.K);
    else kernels::gemm(transB_, true, o.K, o.M, o.N, 1.0f, B, ldb, G, o.N, 0.0f, dA, o.M);
    if (!transB_) kernels::gemm(!transA_, false, o.K, o.N, o.M, 1.0f, A, lda, G, o.N, 0.0f, dB, o.N);
    else kernels::gemm(true, transA_, o.N, o.K, o.M, 1.0f, G, o.N, A, lda, 0.0f, dB, o.K);
  }
  return gradInput;
}

std::string MM::toString() const {
  if (!transA_ && !transB_) return "nn.MM";
  return cat("nn.MM(", transA_ ? "true" : "false", ", ", transB_ ? "true" : "false", ")");
}

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(MM, [](nn::ArgReader& args) -> nn::ModulePtr {
  const bool transA = args.optBool("transA", false);
  return std::make_shared<nn::MM>(transA, args.optBool("transB", false));
})
