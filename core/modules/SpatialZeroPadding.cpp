#include "core/modules/SpatialZeroPadding.h"

#include "core/kernels.h"

namespace nn {

kernels::Pad2d SpatialPadding2d::geometry(const SpatialInput& s) const {
  const kernels::Pad2d p{s.planes, s.height, s.width, left_, right_, top_, bottom_};
  if (p.outH() < 1 || p.outW() < 1)
    fail("the input image (", s.height, "x", s.width, ") is too small: cropping leaves ", p.outH(), "x", p.outW());
  if (mode_ == kernels::Padding::Replicate && (s.height < 1 || s.width < 1))
    fail("cannot replicate the edges of an empty image (", s.height, "x", s.width, ")");
  return p;
}

const Value& SpatialPadding2d::updateOutput(const Value& input) {
  const Tensor x = inputTensor(input).contiguous();
  const SpatialInput s = readSpatialInput(toString(), x);
  const kernels::Pad2d p = geometry(s);
  Tensor& y = outputTensor();
  y.resize(spatialShape(s, s.planes, p.outH(), p.outW()));
  const int64_t outImage = s.planes * p.outH() * p.outW();
  for (int64_t b = 0; b < s.batch; ++b) kernels::pad2d(mode_, p, x.data() + b * s.image(), y.data() + b * outImage);
  return output;
}

const Value& SpatialPadding2d::updateGradInput(const Value& input, const Value& gradOutput) {
  const Tensor& x = inputTensor(input);
  const SpatialInput s = readSpatialInput(toString(), x);
  const kernels::Pad2d p = geometry(s);
  const Tensor gy = inputTensor(gradOutput, "gradOutput").contiguous();
  checkGradOutputShape(toString(), gy, spatialShape(s, s.planes, p.outH(), p.outW()));
  Tensor& gx = gradInputTensor();
  gx.resizeAs(x);
  kernels::fill(gx.numel(), 0.0f, gx.data());
  const int64_t outImage = s.planes * p.outH() * p.outW();
  for (int64_t b = 0; b < s.batch; ++b)
    kernels::pad2dBackward(mode_, p, gy.data() + b * outImage, gx.data() + b * s.image());
  return gradInput;
}

std::string SpatialPadding2d::toString() const {
  return cat(typeName(), "(l=", left_, ", r=", right_, ", t=", top_, ", b=", bottom_, ")");
}

}  // namespace nn

#include "core/registry.h"
NN_REGISTER_MODULE(SpatialZeroPadding, [](nn::ArgReader& args) -> nn::ModulePtr {
  const int64_t l = args.integer("pad_l");
  const int64_t r = args.optInteger("pad_r", l);
  const int64_t t = args.optInteger("pad_t", l);
  return std::make_shared<nn::SpatialZeroPadding>(l, r, t, args.optInteger("pad_b", l));
})
