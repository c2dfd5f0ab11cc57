// Kernels of the convolutional modules (SpatialConvolution & co, pooling, batch normalization).
// Convolution is lowered onto the packed gemm of core/kernels.h: im2col unrolls every receptive
// field of one image into a column, so a convolution of one image is one gemm
// (weight [nOut, C*kH*kW] x columns [C*kH*kW, oH*oW]); col2im is its adjoint (scatter-add), used
// by the input gradient and by the transposed ("full") convolution.
// Layouts are Torch's: one image is planes x height x width, row-major. Plane indices in pooling
// results are 0-based positions inside a plane (y * width + x). Scalar references of everything
// here live in namespace ref (core/kernels_ref.cpp), written the direct way THNN states them.
#pragma once
#include <cstdint>

namespace nn::kernels {

// The geometry of a 2-D sliding window over one image of `planes` planes of height x width:
// window kH x kW, step dH x dW, zero padding padH x padW on both sides, dilation dilH x dilW
// (1 = dense), giving outH x outW positions. The modules compute outH/outW (floor or ceil mode).
struct Window2d {
  int64_t planes = 1, height = 1, width = 1;
  int64_t kH = 1, kW = 1, dH = 1, dW = 1, padH = 0, padW = 0, dilH = 1, dilW = 1;
  int64_t outH = 1, outW = 1;
  int64_t inPlane() const { return height * width; }
  int64_t outPlane() const { return outH * outW; }
  int64_t columnRows() const { return planes * kH * kW; }  // rows of the im2col matrix
};

// Output positions along one axis: floor((in + 2 pad - (dil (k - 1) + 1)) / step) + 1, or ceil
// in ceil mode, where (as THNN) when the pooling is padded on either axis (anyPadding) a last
// window that would start inside the right padding only (start >= in + pad) is dropped.
// Returns 0 for inputs smaller than the window: the caller reports that.
int64_t windowOutputSize(int64_t in, int64_t k, int64_t step, int64_t pad, int64_t dil, bool ceilMode,
                         bool anyPadding);

// columns[(c * kH + i) * kW + j][oy * outW + ox] = image[c][oy*dH - padH + i*dilH][ox*dW - padW + j*dilW]
// (0 outside the image). columns is columnRows() x outPlane().
void im2col(const Window2d& g, const float* image, float* columns);
// The adjoint: image[c][y][x] += every column entry that im2col would read from there.
void col2im(const Window2d& g, const float* columns, float* image);

// The convolution of one image (cross-correlation, as Torch): y [nOut, outH, outW] =
// w [nOut, planes, kH, kW] * x + b (b may be null), as an implicit gemm: the im2col matrix is
// packed panel by panel straight from the image (kernels::gemmPanels), never stored.
void conv2d(const Window2d& g, int64_t nOut, const float* x, const float* w, const float* b, float* y);

// y (rows x count) += bias[r] along each row r (the per-plane bias of a convolution).
void addRowBias(int64_t rows, int64_t count, const float* bias, float* y);

// Max pooling of every plane (padding never wins: windows are clipped to the image, as THNN):
// y[c][oy][ox] = max over the window, index = position of the first maximum (y * width + x);
// a NaN is taken when met (it propagates). A window with no pixel inside the image gives -inf
// and index -1 (the modules' geometry checks make that impossible).
void maxPool2d(const Window2d& g, const float* x, float* y, int64_t* index);
// gx[c][index] += gy[c][o] for every output o (gx is not cleared first).
void maxPool2dBackward(const Window2d& g, const float* gy, const int64_t* index, float* gx);

// Average pooling (THNN's divisor): the window is clipped to the padded image for the
// count_include_pad divisor, or to the image itself otherwise; the sum is over image pixels.
void avgPool2d(const Window2d& g, bool countIncludePad, const float* x, float* y);
void avgPool2dBackward(const Window2d& g, bool countIncludePad, const float* gy, float* gx);  // gx +=

// Batch normalization over an [outer, C, inner] array (outer = batch, inner = pixels per plane):
// per channel c, mean[c] and the biased variance var[c] over the outer x inner values.
void channelMeanVar(int64_t outer, int64_t C, int64_t inner, const float* x, double* mean, double* var);
// y = (x - mean[c]) * invstd[c] * w[c] + b[c]  (w, b may be null: 1 and 0).
void channelAffine(int64_t outer, int64_t C, int64_t inner, const float* x, const float* mean,
                   const float* invstd, const float* w, const float* b, float* y);
// Per channel: sumGy[c] = sum gy, dotp[c] = sum (x - mean[c]) gy.
void channelGradSums(int64_t outer, int64_t C, int64_t inner, const float* x, const float* mean,
                     const float* gy, double* sumGy, double* dotp);
// Training-mode input gradient of batch normalization (THNN's formula, n = outer * inner):
// gx = (gy - sumGy/n - (x - mean) * dotp * invstd^2 / n) * invstd * w.
void batchNormBackward(int64_t outer, int64_t C, int64_t inner, const float* x, const float* gy,
                       const float* mean, const float* invstd, const float* w, const double* sumGy,
                       const double* dotp, float* gx);

// Padding of every plane (planes x h x w -> planes x (h+top+bottom) x (w+left+right)): output
// (y, x) reads input (y - top, x - left), which is 0 outside the image for Zero and the nearest
// edge pixel for Replicate. Negative amounts crop. Backward adds each gradient to the pixel read.
enum class Padding { Zero, Replicate };
struct Pad2d {
  int64_t planes, height, width, left, right, top, bottom;
  int64_t outH() const { return height + top + bottom; }
  int64_t outW() const { return width + left + right; }
};
void pad2d(Padding mode, const Pad2d& p, const float* x, float* y);
void pad2dBackward(Padding mode, const Pad2d& p, const float* gy, float* gx);  // gx +=

// Softmax (or log-softmax) over the planes at every pixel of an [outer, C, inner] array
// (SpatialSoftMax: outer = batch, inner = h * w), and its backward given the forward output y.
void softmaxPlanes(bool log, int64_t outer, int64_t C, int64_t inner, const float* x, float* y);
void softmaxPlanesBackward(bool log, int64_t outer, int64_t C, int64_t inner, const float* y, const float* gy,
                           float* gx);

// Local response normalization across planes (SpatialCrossMapLRN), per pixel of [outer, C, inner]:
// scale[c] = k + alpha / size * sum of x[c']^2 over c' in [c - (size-1)/2, c - (size-1)/2 + size - 1]
// (clipped to the planes), y = x * scale^-beta. Backward, given x, y and scale:
// gx[c] = gy[c] scale[c]^-beta - 2 alpha beta / size * x[c] * sum over the c' whose window holds c
// of gy[c'] y[c'] / scale[c'].
void crossMapLRN(int64_t outer, int64_t C, int64_t inner, int64_t size, float alpha, float beta, float k,
                 const float* x, float* scale, float* y);
void crossMapLRNBackward(int64_t outer, int64_t C, int64_t inner, int64_t size, float alpha, float beta,
                         const float* x, const float* y, const float* scale, const float* gy, float* gx);

// Nearest-neighbour upsampling of planes x h x w by an integer factor: y[c][Y][X] = x[c][Y/f][X/f];
// backward sums each f x f block of gy into its source pixel (gx is overwritten).
void upsampleNearest(int64_t planes, int64_t h, int64_t w, int64_t factor, const float* x, float* y);
void upsampleNearestBackward(int64_t planes, int64_t h, int64_t w, int64_t factor, const float* gy, float* gx);

namespace ref {
int64_t windowOutputSize(int64_t in, int64_t k, int64_t step, int64_t pad, int64_t dil, bool ceilMode,
                         bool anyPadding);
// Direct convolution of one image: y[o][oy][ox] = b[o] + sum_{c,i,j} w[o][c][i][j] * x(...) with
// zero padding; w is nOut x planes x kH x kW; b may be null. The reference for im2col + gemm.
void conv2d(const Window2d& g, int64_t nOut, const float* x, const float* w, const float* b, float* y);
void im2col(const Window2d& g, const float* image, float* columns);
void col2im(const Window2d& g, const float* columns, float* image);
void maxPool2d(const Window2d& g, const float* x, float* y, int64_t* index);
void maxPool2dBackward(const Window2d& g, const float* gy, const int64_t* index, float* gx);
void avgPool2d(const Window2d& g, bool countIncludePad, const float* x, float* y);
void avgPool2dBackward(const Window2d& g, bool countIncludePad, const float* gy, float* gx);
void channelMeanVar(int64_t outer, int64_t C, int64_t inner, const float* x, double* mean, double* var);
void channelAffine(int64_t outer, int64_t C, int64_t inner, const float* x, const float* mean,
                   const float* invstd, const float* w, const float* b, float* y);
void channelGradSums(int64_t outer, int64_t C, int64_t inner, const float* x, const float* mean,
                     const float* gy, double* sumGy, double* dotp);
void batchNormBackward(int64_t outer, int64_t C, int64_t inner, const float* x, const float* gy,
                       const float* mean, const float* invstd, const float* w, const double* sumGy,
                       const double* dotp, float* gx);
void pad2d(Padding mode, const Pad2d& p, const float* x, float* y);
void pad2dBackward(Padding mode, const Pad2d& p, const float* gy, float* gx);
void softmaxPlanes(bool log, int64_t outer, int64_t C, int64_t inner, const float* x, float* y);
void softmaxPlanesBackward(bool log, int64_t outer, int64_t C, int64_t inner, const float* y, const float* gy,
                           float* gx);
void crossMapLRN(int64_t outer, int64_t C, int64_t inner, int64_t size, float alpha, float beta, float k,
                 const float* x, float* scale, float* y);
void crossMapLRNBackward(int64_t outer, int64_t C, int64_t inner, int64_t size, float alpha, float beta,
                         const float* x, const float* y, const float* scale, const float* gy, float* gx);
void upsampleNearest(int64_t planes, int64_t h, int64_t w, int64_t factor, const float* x, float* y);
void upsampleNearestBackward(int64_t planes, int64_t h, int64_t w, int64_t factor, const float* gy, float* gx);
}  // namespace ref

}  // namespace nn::kernels
