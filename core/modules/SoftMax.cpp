#include "core/modules/SoftMax.h"

#include "core/registry.h"
NN_REGISTER_MODULE(SoftMax, [](nn::ArgReader&) -> nn::ModulePtr { return std::make_shared<nn::SoftMax>(); })
