#include "core/modules/Log.h"

#include "core/registry.h"
NN_REGISTER_MODULE(Log, [](nn::ArgReader&) -> nn::ModulePtr { return std::make_shared<nn::Log>(); })
