#include "core/modules/LogSoftMax.h"

#include "core/registry.h"
NN_REGISTER_MODULE(LogSoftMax, [](nn::ArgReader&) -> nn::ModulePtr { return std::make_shared<nn::LogSoftMax>(); })
