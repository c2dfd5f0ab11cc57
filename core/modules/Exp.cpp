#include "core/modules/Exp.h"

#include "core/registry.h"
NN_REGISTER_MODULE(Exp, [](nn::ArgReader&) -> nn::ModulePtr { return std::make_shared<nn::Exp>(); })
