// Temporary: forwards to the scalar reference until the xsimd kernels land.
#include "core/kernels.h"

namespace nn::kernels {

void gemm(bool transA, bool transB, int64_t M, int64_t N, int64_t K, float alpha,
          const float* A, int64_t lda, const float* B, int64_t ldb, float beta, float* C,
          int64_t ldc) { ref::gemm(transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc); }
void gemv(bool transA, int64_t M, int64_t N, float alpha, const float* A, int64_t lda,
          const float* x, float beta, float* y) { ref::gemv(transA, M, N, alpha, A, lda, x, beta, y); }
void ger(int64_t M, int64_t N, float alpha, const float* x, const float* y, float* A, int64_t lda) { ref::ger(M, N, alpha, x, y, A, lda); }
void fill(int64_t n, float value, float* y) { ref::fill(n, value, y); }
void copy(int64_t n, const float* x, float* y) { ref::copy(n, x, y); }
void axpy(int64_t n, float alpha, const float* x, float* y) { ref::axpy(n, alpha, x, y); }
void scale(int64_t n, float alpha, float* y) { ref::scale(n, alpha, y); }
void addScalar(int64_t n, float value, float* y) { ref::addScalar(n, value, y); }
void binary(Binary op, int64_t n, const float* x, const float* y, float* z) { ref::binary(op, n, x, y, z); }
void addcmul(int64_t n, float value, const float* x, const float* y, float* z) { ref::addcmul(n, value, x, y, z); }
void addcdiv(int64_t n, float value, const float* x, const float* y, float* z) { ref::addcdiv(n, value, x, y, z); }
void maxMinBackward(bool isMax, int64_t n, const float* x, const float* y, const float* g,
                    float* gradX, float* gradY) { ref::maxMinBackward(isMax, n, x, y, g, gradX, gradY); }
void unary(Unary op, int64_t n, const float* x, float* y, float a, float b) { ref::unary(op, n, x, y, a, b); }
void unaryBackward(Unary op, int64_t n, const float* x, const float* y, const float* gy,
                   float* gx, float a, float b) { ref::unaryBackward(op, n, x, y, gy, gx, a, b); }
double sum(int64_t n, const float* x) { return ref::sum(n, x); }
double dot(int64_t n, const float* x, const float* y) { return ref::dot(n, x, y); }
void sumAxis(int64_t outer, int64_t dim, int64_t inner, const float* x, float* y) { ref::sumAxis(outer, dim, inner, x, y); }
void maxAxis(bool isMax, int64_t outer, int64_t dim, int64_t inner, const float* x, float* y,
             int64_t* index) { ref::maxAxis(isMax, outer, dim, inner, x, y, index); }
void softmaxRows(int64_t rows, int64_t cols, const float* x, float* y) { ref::softmaxRows(rows, cols, x, y); }
void logSoftmaxRows(int64_t rows, int64_t cols, const float* x, float* y) { ref::logSoftmaxRows(rows, cols, x, y); }
void softmaxBackwardRows(int64_t rows, int64_t cols, const float* y, const float* gy, float* gx) { ref::softmaxBackwardRows(rows, cols, y, gy, gx); }
void logSoftmaxBackwardRows(int64_t rows, int64_t cols, const float* y, const float* gy, float* gx) { ref::logSoftmaxBackwardRows(rows, cols, y, gy, gx); }

}  // namespace nn::kernels
