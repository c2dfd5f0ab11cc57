#include "core/modules/SoftSign.h"

#include "core/registry.h"
NN_REGISTER_MODULE(SoftSign, [](nn::ArgReader&) -> nn::ModulePtr { return std::make_shared<nn::SoftSign>(); })
