#include "core/modules/SpatialLogSoftMax.h"

#include "core/registry.h"
NN_REGISTER_MODULE(SpatialLogSoftMax,
                   [](nn::ArgReader&) -> nn::ModulePtr { return std::make_shared<nn::SpatialLogSoftMax>(); })
