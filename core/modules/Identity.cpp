#include "core/modules/Identity.h"

#include "core/registry.h"
NN_REGISTER_MODULE(Identity, [](nn::ArgReader&) -> nn::ModulePtr { return std::make_shared<nn::Identity>(); })
