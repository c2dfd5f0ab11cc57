#include "core/modules/Square.h"

#include "core/registry.h"
NN_REGISTER_MODULE(Square, [](nn::ArgReader&) -> nn::ModulePtr { return std::make_shared<nn::Square>(); })
