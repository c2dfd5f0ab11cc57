// What the criterions on a pair {x1, x2} share (MarginRanking, CosineEmbedding, L1HingeEmbedding):
// reading the pair and the target y (one +-1 per pair: a one-element tensor, or in JS a plain
// number, for unbatched input; a vector of batch values otherwise), and a two-entry gradInput.
#pragma once
#include <string>

#include "core/criterion.h"

namespace nn {

struct PairInput {
  Tensor x1, x2, y;  // contiguous
  int64_t pairs;     // rows of the pair (1 when unbatched)
};

// rowsDim: the dimension whose size is the batch when the input is batched (MarginRanking's
// inputs are vectors of scores: a 1-D input of n is n pairs; CosineEmbedding's rows are pairs).
inline PairInput readPair(const std::string& who, const Value& input, const Value& target, bool vectorsAreBatches) {
  if (!input.isTable() || input.size() != 2)
    fail(who, ": expected a table {x1, x2} as input, got ", input.describe());
  if (!input[0].isTensor() || !input[1].isTensor()) fail(who, ": expected a table of two tensors, got ", input.describe());
  if (!target.isTensor()) fail(who, ": expected a tensor target y (a number in JS), got ", target.describe());
  PairInput p{input[0].tensor().contiguous(), input[1].tensor().contiguous(), target.tensor().contiguous(), 0};
  if (!p.x1.sameShape(p.x2) || p.x1.dim() == 0)
    fail(who, ": x1 and x2 must be non-empty and of the same size, got ", input.describe());
  if (vectorsAreBatches) {
    p.pairs = p.x1.numel();
  } else {
    if (p.x1.dim() > 2) fail(who, ": expected 1-D or 2-D (batch x n) inputs, got ", input.describe());
    p.pairs = p.x1.dim() == 1 ? 1 : p.x1.size(1);
  }
  if (p.y.numel() != p.pairs)
    fail(who, ": the target y must have one value (1 or -1) per pair: ", p.pairs, " expected, got ",
         p.y.dim() ? "size " + p.y.shapeString() : std::string("an empty tensor"));
  return p;
}

inline void pairGradInput(Value& gradInput, const PairInput& p, Tensor*& g1, Tensor*& g2) {
  if (!gradInput.isTable() || gradInput.size() != 2) gradInput = Value::table({Tensor(), Tensor()});
  g1 = &gradInput[0].tensor();
  g2 = &gradInput[1].tensor();
  g1->resize(p.x1.sizes());
  g2->resize(p.x2.sizes());
}

}  // namespace nn
