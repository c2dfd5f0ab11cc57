// Argument checks shared by the elementwise table modules (CSubTable, CMulTable, CDivTable,
// CMaxTable, CMinTable): a table of tensors of one size, and a gradOutput of that size.
#pragma once
#include <vector>

#include "core/module.h"

namespace nn {

// The entries of input, contiguous; fails (prefixed by module.toString()) unless input is a
// table of expectedSize (0: any non-zero number of) tensors of one size.
std::vector<Tensor> sameSizeTensors(const Module& module, const Value& input, size_t expectedSize = 0);
// gradOutput as a contiguous tensor of the given size, or an error naming both sizes.
Tensor gradOutputOfSize(const Module& module, const Value& gradOutput, const Tensor& output);
// True when t shares storage with any of xs (an output buffer must not: it would be overwritten
// while still being read).
bool sharesStorage(const Tensor& t, const std::vector<Tensor>& xs);

}  // namespace nn
