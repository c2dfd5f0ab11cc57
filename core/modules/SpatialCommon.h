// Shared by the spatial modules: reading a Torch image input, planes x height x width (3-D) or
// batch x planes x height x width (4-D), and checking a gradOutput against the output it mirrors.
// Not a module (nothing registers here).
#pragma once
#include "core/error.h"
#include "core/kernels_conv.h"
#include "core/tensor.h"

namespace nn {

struct SpatialInput {
  bool batched = false;  // 4-D
  int64_t batch = 1, planes = 0, height = 0, width = 0;
  int64_t image() const { return planes * height * width; }  // elements of one image
};

// `who` is the module's toString(); planes = 0 accepts any number of planes.
inline SpatialInput readSpatialInput(const std::string& who, const Tensor& x, int64_t planes = 0) {
  if (x.dim() != 3 && x.dim() != 4)
    fail(who, ": expected a 3-D (planes x height x width) or 4-D (batch x planes x height x width) input, got size ",
         x.shapeString());
  SpatialInput s;
  s.batched = x.dim() == 4;
  s.batch = s.batched ? x.size(1) : 1;
  s.planes = x.size(-3);
  s.height = x.size(-2);
  s.width = x.size(-1);
  if (planes > 0 && s.planes != planes)
    fail(who, ": expected ", planes, " input plane", planes == 1 ? "" : "s", " (dimension ", s.batched ? 2 : 1,
         " of the input), got size ", x.shapeString());
  return s;
}

// Sizes of a spatial result for the input's layout: [batch,] planes x height x width.
inline Shape spatialShape(const SpatialInput& s, int64_t planes, int64_t height, int64_t width) {
  return s.batched ? Shape{s.batch, planes, height, width} : Shape{planes, height, width};
}

inline void checkGradOutputShape(const std::string& who, const Tensor& gy, const Shape& expected) {
  if (gy.sizes() != expected)
    fail(who, ": gradOutput has size ", gy.shapeString(), " but the output has size ", shapeString(expected));
}

// The window of a pooling module over one image of s (all planes at once), THNN's checks first:
// padding at most half the kernel, and at least one output position.
inline kernels::Window2d poolingWindow(const std::string& who, const SpatialInput& s, int64_t kW, int64_t kH,
                                       int64_t dW, int64_t dH, int64_t padW, int64_t padH, bool ceilMode) {
  if (padW > kW / 2 || padH > kH / 2)
    fail(who, ": padding must be at most half the kernel size, got padW = ", padW, ", padH = ", padH, " for a ",
         kW, "x", kH, " kernel");
  kernels::Window2d g;
  g.planes = s.planes, g.height = s.height, g.width = s.width;
  g.kH = kH, g.kW = kW, g.dH = dH, g.dW = dW, g.padH = padH, g.padW = padW;
  const bool padded = padW != 0 || padH != 0;
  g.outH = kernels::windowOutputSize(s.height, kH, dH, padH, 1, ceilMode, padded);
  g.outW = kernels::windowOutputSize(s.width, kW, dW, padW, 1, ceilMode, padded);
  if (g.outH < 1 || g.outW < 1)
    fail(who, ": the input image (", s.height, "x", s.width, " with padding ", padH, ",", padW,
         ") is smaller than the pooling window (", kW, "x", kH, ")");
  return g;
}

}  // namespace nn
