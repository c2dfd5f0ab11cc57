// Factories for every module and criterion by Torch name ("nn.Linear" or "Linear"), used by the
// JS API (nn.Linear(3, 5)) and by saved graphs. Each module's .cpp registers itself:
//
//   NN_REGISTER_MODULE(Linear, [](ArgReader& args) {
//     auto in = args.integer("inputSize"); auto out = args.integer("outputSize");
//     return std::make_shared<Linear>(in, out, args.optBool("bias", true));
//   })
//
// (the engine library is a CMake OBJECT library, so no registration is dropped by the linker).
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "core/args.h"
#include "core/criterion.h"
#include "core/module.h"

namespace nn {

using ModuleFactory = std::function<ModulePtr(ArgReader&)>;
using CriterionFactory = std::function<CriterionPtr(ArgReader&)>;

bool registerModule(const std::string& name, ModuleFactory factory);
bool registerCriterion(const std::string& name, CriterionFactory factory);

// Builds a module from its constructor arguments; unknown names and bad arguments are Errors.
ModulePtr createModule(const std::string& name, const Args& args);
CriterionPtr createCriterion(const std::string& name, const Args& args);
std::vector<std::string> moduleNames();     // sorted, without the "nn." prefix
std::vector<std::string> criterionNames();

}  // namespace nn

#define NN_REGISTER_MODULE(Class, ...) \
  static const bool nn_registered_##Class = ::nn::registerModule(#Class, __VA_ARGS__);
#define NN_REGISTER_CRITERION(Class, ...) \
  static const bool nn_registered_##Class = ::nn::registerCriterion(#Class, __VA_ARGS__);
