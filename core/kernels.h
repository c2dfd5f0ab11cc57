// Every hot loop of the engine, in one place (like ggml): modules call these and contain no
// loops of their own over tensor data. kernels.cpp implements them with xsimd (AVX2+FMA natively,
// SSE4.1 -> wasm SIMD128 under Emscripten); kernels_ref.cpp holds the plain scalar reference that
// the tests compare against. All pointers are to dense row-major float arrays; sizes are counts.
// Elementwise, softmax and backward kernels may run in place (an output pointer equal to an
// input pointer); other overlaps, and outputs of gemm/gemv/ger/sumAxis/maxAxis overlapping their
// inputs, are not allowed.
// The SIMD versions keep the reference's comparisons, ties and NaN behaviour exactly; only
// rounding differs (float lanes accumulate where the reference accumulates in double).
#pragma once
#include <cstdint>

namespace nn::kernels {

// C = alpha * op(A) * op(B) + beta * C, row-major.
// op(A) is M x K (A is M x K, or K x M when transA); op(B) is K x N (B is K x N, or N x K when
// transB). lda/ldb/ldc are row strides. beta == 0 overwrites C (its old contents may be NaN);
// K == 0 gives C = beta * C. Packing buffers are thread_local and reused, so steady-state calls
// do not allocate.
void gemm(bool transA, bool transB, int64_t M, int64_t N, int64_t K, float alpha,
          const float* A, int64_t lda, const float* B, int64_t ldb, float beta, float* C,
          int64_t ldc);

// A gemm whose B operand (K x N) is never stored: C = alpha * A * B + beta * C with A M x K
// row-major. B arrives one micro-panel at a time from pack(context, k0, kc, j0, nr, dst), which
// writes B[k0 + k][j0 + j] to dst[k * gemmPanelWidth() + j] for k < kc, j < nr, and 0 for
// nr <= j < gemmPanelWidth(). Used by the implicit-gemm convolution (core/kernels_conv.h), whose
// B is the im2col of an image, packed straight from the image.
struct PanelSource {
  void (*pack)(const void* context, int64_t k0, int64_t kc, int64_t j0, int64_t nr, float* dst);
  const void* context;
};
int64_t gemmPanelWidth();
void gemmPanels(int64_t M, int64_t N, int64_t K, float alpha, const float* A, int64_t lda,
                const PanelSource& B, float beta, float* C, int64_t ldc);

// y = alpha * op(A) * x + beta * y, A is M x N row-major (op(A) = A^T when transA): x has N
// elements and y M, or x M and y N when transA. beta == 0 overwrites y.
void gemv(bool transA, int64_t M, int64_t N, float alpha, const float* A, int64_t lda,
          const float* x, float beta, float* y);

// A += alpha * x * y^T (A is M x N row-major).
void ger(int64_t M, int64_t N, float alpha, const float* x, const float* y, float* A, int64_t lda);

void fill(int64_t n, float value, float* y);
void copy(int64_t n, const float* x, float* y);
void axpy(int64_t n, float alpha, const float* x, float* y);   // y += alpha * x
void scale(int64_t n, float alpha, float* y);                 // y *= alpha
void addScalar(int64_t n, float value, float* y);             // y += value

enum class Binary { Add, Sub, Mul, Div, Max, Min };
void binary(Binary op, int64_t n, const float* x, const float* y, float* z);  // z = x op y
// z += value * x * y   and   z += value * x / y
void addcmul(int64_t n, float value, const float* x, const float* y, float* z);
void addcdiv(int64_t n, float value, const float* x, const float* y, float* z);
// CMaxTable/CMinTable backward: gradX[i] = g[i] where x[i] was selected (x >= y for Max,
// x <= y for Min, so ties go to x) and 0 elsewhere; gradY gets the rest. Both are overwritten.
void maxMinBackward(bool isMax, int64_t n, const float* x, const float* y, const float* g,
                    float* gradX, float* gradY);

// Elementwise functions with their parameters (a, b): y = f(x).
enum class Unary {
  Exp, Log, Abs, Square, Sqrt, Tanh, Sigmoid, ReLU,
  LeakyReLU,   // a = negative slope
  ELU,         // a = alpha
  HardTanh,    // a = min, b = max
  SoftPlus,    // a = beta, b = threshold (linear above it, as Torch)
  SoftSign,
  Power,       // a = exponent
  Clamp,       // a = min, b = max
  Affine,      // y = a * x + b   (MulConstant, AddConstant)
};
void unary(Unary op, int64_t n, const float* x, float* y, float a = 0, float b = 0);
// gx = gy * f'(x), given x and y = f(x) (each op uses whichever is cheaper/stabler).
void unaryBackward(Unary op, int64_t n, const float* x, const float* y, const float* gy,
                   float* gx, float a = 0, float b = 0);

// Reductions.
double sum(int64_t n, const float* x);
double dot(int64_t n, const float* x, const float* y);
// Reduce the middle axis of an [outer, dim, inner] array: y[o, i] = sum_d x[o, d, i].
void sumAxis(int64_t outer, int64_t dim, int64_t inner, const float* x, float* y);
// Max/min over the middle axis, writing 0-based argmax/argmin positions into index. The scan is
// strict: the first of equal values wins, and a NaN wins only in first position. dim must be
// >= 1: an empty axis has no maximum, the caller reports it (nothing is written).
void maxAxis(bool isMax, int64_t outer, int64_t dim, int64_t inner, const float* x, float* y,
             int64_t* index);

// Row-wise (last axis) softmax and log-softmax of a rows x cols array, and their backward
// (given the forward output y). The row maximum is subtracted before exp.
void softmaxRows(int64_t rows, int64_t cols, const float* x, float* y);
void logSoftmaxRows(int64_t rows, int64_t cols, const float* x, float* y);
void softmaxBackwardRows(int64_t rows, int64_t cols, const float* y, const float* gy, float* gx);
void logSoftmaxBackwardRows(int64_t rows, int64_t cols, const float* y, const float* gy, float* gx);

// ---- Tensor methods (t:index, t:indexCopy, torch.range/linspace, t:long()) ----
// Over an [outer, dim, inner] array: y[o, k, i] = x[o, index[k], i] for k < count (indexSelect,
// x's middle axis has srcDim entries) and y[o, index[k], i] = x[o, k, i] (indexCopy, y's middle
// axis has dstDim entries). index holds 0-based positions the caller has checked.
void indexSelect(int64_t outer, int64_t srcDim, int64_t inner, const float* x, int64_t count,
                 const int64_t* index, float* y);
void indexCopy(int64_t outer, int64_t dstDim, int64_t inner, const float* x, int64_t count,
               const int64_t* index, float* y);
void ramp(int64_t n, double start, double step, float* y);   // y[i] = start + i * step
void truncate(int64_t n, float* y);                          // toward zero, as a C cast to long

// Plain scalar versions of everything above, the reference the kernel tests compare against.
namespace ref {
void gemm(bool transA, bool transB, int64_t M, int64_t N, int64_t K, float alpha,
          const float* A, int64_t lda, const float* B, int64_t ldb, float beta, float* C,
          int64_t ldc);
void gemv(bool transA, int64_t M, int64_t N, float alpha, const float* A, int64_t lda,
          const float* x, float beta, float* y);
void ger(int64_t M, int64_t N, float alpha, const float* x, const float* y, float* A, int64_t lda);
void fill(int64_t n, float value, float* y);
void copy(int64_t n, const float* x, float* y);
void axpy(int64_t n, float alpha, const float* x, float* y);
void scale(int64_t n, float alpha, float* y);
void addScalar(int64_t n, float value, float* y);
void binary(Binary op, int64_t n, const float* x, const float* y, float* z);
void addcmul(int64_t n, float value, const float* x, const float* y, float* z);
void addcdiv(int64_t n, float value, const float* x, const float* y, float* z);
void maxMinBackward(bool isMax, int64_t n, const float* x, const float* y, const float* g,
                    float* gradX, float* gradY);
void unary(Unary op, int64_t n, const float* x, float* y, float a = 0, float b = 0);
void unaryBackward(Unary op, int64_t n, const float* x, const float* y, const float* gy,
                   float* gx, float a = 0, float b = 0);
double sum(int64_t n, const float* x);
double dot(int64_t n, const float* x, const float* y);
void sumAxis(int64_t outer, int64_t dim, int64_t inner, const float* x, float* y);
void maxAxis(bool isMax, int64_t outer, int64_t dim, int64_t inner, const float* x, float* y,
             int64_t* index);
void softmaxRows(int64_t rows, int64_t cols, const float* x, float* y);
void logSoftmaxRows(int64_t rows, int64_t cols, const float* x, float* y);
void softmaxBackwardRows(int64_t rows, int64_t cols, const float* y, const float* gy, float* gx);
void logSoftmaxBackwardRows(int64_t rows, int64_t cols, const float* y, const float* gy, float* gx);
void indexSelect(int64_t outer, int64_t srcDim, int64_t inner, const float* x, int64_t count,
                 const int64_t* index, float* y);
void indexCopy(int64_t outer, int64_t dstDim, int64_t inner, const float* x, int64_t count,
               const int64_t* index, float* y);
void ramp(int64_t n, double start, double step, float* y);
void truncate(int64_t n, float* y);
}  // namespace ref

}  // namespace nn::kernels
