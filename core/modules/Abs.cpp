#include "core/modules/Abs.h"

#include "core/registry.h"
NN_REGISTER_MODULE(Abs, [](nn::ArgReader&) -> nn::ModulePtr { return std::make_shared<nn::Abs>(); })
