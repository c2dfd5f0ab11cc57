#include "core/modules/CMinTable.h"

#include "core/registry.h"
NN_REGISTER_MODULE(CMinTable, [](nn::ArgReader&) -> nn::ModulePtr { return std::make_shared<nn::CMinTable>(); })
