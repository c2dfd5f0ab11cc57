#include "core/modules/Tanh.h"

#include "core/registry.h"
NN_REGISTER_MODULE(Tanh, [](nn::ArgReader&) -> nn::ModulePtr { return std::make_shared<nn::Tanh>(); })
