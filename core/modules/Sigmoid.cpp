#include "core/modules/Sigmoid.h"

#include "core/registry.h"
NN_REGISTER_MODULE(Sigmoid, [](nn::ArgReader&) -> nn::ModulePtr { return std::make_shared<nn::Sigmoid>(); })
