// nn.MapTable(module): applies `module` to every entry of the input table, through clones that
// share its weight, bias, gradWeight and gradBias (Torch's module:clone('weight', 'bias',
// 'gradWeight', 'gradBias')), made as longer tables arrive. Output is the table of the results.
// The JS/registry factory takes no argument (a module is not an Arg): use add() or setModule().
#pragma once
#include "core/modules/Container.h"

namespace nn {

class MapTable : public Container {
  NN_MODULE(MapTable, "nn.MapTable")
 public:
  explicit MapTable(ModulePtr module = nullptr);
  // Sets the mapped module; like Torch, only once ('Single module required').
  MapTable& add(ModulePtr module) override;
  // Replaces the mapped module (and forgets the clones of the old one).
  MapTable& setModule(ModulePtr module);
  void replaceChild(size_t index1, ModulePtr module) override { setModule(std::move(module)); }
  const ModulePtr& module() const;

  const Value& updateOutput(const Value& input) override;
  const Value& updateGradInput(const Value& input, const Value& gradOutput) override;
  void accGradParameters(const Value& input, const Value& gradOutput, float scale = 1.0f) override;
  const Value& backwardUnaliased(const Value& input, const Value& gradOutput, float scale) override;
  void training() override;
  void evaluate() override;
  std::string toString() const override;
  std::string description() const override { return "applies one module (shared parameters) to every entry of a table"; }

 protected:
  void deepenCopy() override;

 private:
  // The input table's entries, with a clone ready for each.
  const std::vector<Value>& entries(const Value& value, const char* what, size_t expected = 0);
  std::vector<std::string> sharedNames() const;
  Module& at(size_t index0) { return index0 == 0 ? *modules_[0] : *clones_[index0 - 1]; }
  std::vector<ModulePtr> clones_;  // for entries 2.., sharing the module's parameters
};

}  // namespace nn
