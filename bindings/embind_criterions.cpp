// Embind glue for criterions built from other criterions (issue 14): nn.ParallelCriterion and
// nn.MultiCriterion's add(criterion, weight), and nn.CriterionTable(criterion). Translation
// only: the engine logic is in core/criterions/CriterionContainer.h and core/modules/CriterionTable.h.
#include "bindings/embind_support.h"

#include <cmath>

#include "core/criterions/CriterionContainer.h"
#include "core/modules/CriterionTable.h"

namespace nngjs {
namespace {

using nn::CriterionPtr;

bool criterionIsContainer(CriterionPtr c) { return dynamic_cast<nn::CriterionContainer*>(c.get()) != nullptr; }

void criterionAdd(CriterionPtr container, CriterionPtr child, double weight) {
  auto* c = dynamic_cast<nn::CriterionContainer*>(container.get());
  if (!c) nn::fail(container->toString(), ": add(criterion, weight) exists on nn.ParallelCriterion and nn.MultiCriterion only");
  c->add(child, weight);
}

nn::ModulePtr criterionTableNew(CriterionPtr criterion) { return std::make_shared<nn::CriterionTable>(criterion); }

}  // namespace
}  // namespace nngjs

using namespace nngjs;

EMSCRIPTEN_BINDINGS(criterions) {
  API(criterionIsContainer);
  API(criterionAdd);
  API(criterionTableNew);
}
