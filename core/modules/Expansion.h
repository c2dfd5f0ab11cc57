// How CAdd's bias and CMul's weight meet an input (CAdd.lua / CMul.lua): element by element when
// the input has as many elements as the parameter; else, when both have the same number of
// dimensions, the parameter is expanded over its size-1 dimensions (a 3x1x1 bias is per channel of
// a 3xHxW input); else the input is a batch (first dimension) of parameter-sized examples.
#pragma once
#include <string>

#include "core/tensor.h"

namespace nn {

struct Expansion {
  bool expand = false;   // true: broadcast over size-1 dimensions with bStrides
  int64_t rows = 1;      // otherwise: how many parameter-sized rows the input holds
  Shape bStrides;        // the parameter's strides, 0 along its size-1 (expanded) dimensions

  // Fails (naming `who` and `what`, "bias" or "weight") when the input fits none of the three.
  static Expansion of(const Tensor& param, const Tensor& x, const std::string& who, const char* what) {
    Expansion e;
    const int64_t n = param.numel();
    if (x.dim() > 0 && x.numel() == n) return e;
    if (x.dim() == param.dim()) {
      bool fits = true;
      e.bStrides = contiguousStrides(param.sizes());
      for (int d = 1; d <= x.dim(); ++d) {
        if (param.size(d) == 1) e.bStrides[static_cast<size_t>(d - 1)] = 0;
        else fits = fits && param.size(d) == x.size(d);
      }
      if (fits) {
        e.expand = true;
        return e;
      }
      fail(who, ": the ", what, " (size ", param.shapeString(), ") cannot be expanded to the input's size ",
           x.shapeString(), ": each of its sizes must be the input's or 1");
    }
    if (x.dim() >= 2 && x.numel() == x.size(1) * n) {
      e.rows = x.size(1);
      return e;
    }
    fail(who, ": expected an input of size ", param.shapeString(), " (or ", n, " elements), one it expands to (",
         "same number of dimensions, its size-1 dimensions broadcast), or a batch of them (batch x ",
         param.shapeString(), "), got ", x.dim() ? x.shapeString() : std::string("an empty tensor"));
  }
};

}  // namespace nn
