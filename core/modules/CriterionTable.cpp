#include "core/modules/CriterionTable.h"

#include "core/registry.h"

// The registry builds modules from numbers, booleans, strings and tensors, not criterions.
NN_REGISTER_MODULE(CriterionTable, [](nn::ArgReader&) -> nn::ModulePtr {
  nn::fail("nn.CriterionTable(criterion) takes a criterion, which a list of constructor arguments cannot hold: "
           "in JS call nn.CriterionTable(nn.MSECriterion()), in C++ std::make_shared<nn::CriterionTable>(criterion)");
})
