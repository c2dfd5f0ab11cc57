#include "core/modules/Sqrt.h"

#include "core/registry.h"
NN_REGISTER_MODULE(Sqrt, [](nn::ArgReader&) -> nn::ModulePtr { return std::make_shared<nn::Sqrt>(); })
