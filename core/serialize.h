// Saved graphs: a versioned JSON format for a gModule (or any module) — structure, module types
// and constructor arguments, annotations, training flags and parameters as base64 float32.
//
//   std::string text = nn::saveGraph(g);
//   std::shared_ptr<nn::gModule> g2 = nn::loadGraph(text);   // same outputs and gradients
//
// The document is one JSON object: {"format": "nngraph-wasm", "version": 1, "type": "nn.gModule",
// "args": [], "training": true, "nodes": [...], "inputs": [ids], "outputs": [ids]}. A module
// object has "type", "args", "training", and by kind "parameters" (leaf modules:
// [{"name", "shape", "data"}] or [{"name", "sharedWith": k, "gradShared": bool}] for tensors
// shared with the k-th parameter saved before), "children" (containers), "criterion"
// (nn.ModuleFromCriterion) or "nodes"/"inputs"/"outputs" (nested gModules); a leaf module with
// non-learnable state (Module::stateList, e.g. batch normalization's running_mean/running_var)
// also has "state": [{"name", "shape", "data"}]. A node is
// {"id", "module", "inputs": [ids], "asTable", "name", "description", "split": n}, or for the
// i-th part of a split {"id", "splitOf": id, "splitIndex": i}. Argument encoding: numbers,
// booleans, null, strings, arrays of numbers, {"number": "Infinity" | "-Infinity" | "NaN"} and
// {"tensor": {"shape": [...], "data": base64}}.
//
// Loading trusts nothing: every problem is an nn::Error saying where in the document it is,
// e.g. "cannot load the saved graph: at nodes[3].module.args[1]: nn.Linear: argument 2
// (outputSize) must be an integer, got 'x'".
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/graph.h"

namespace nn {

constexpr const char* kSaveFormat = "nngraph-wasm";
constexpr int kSaveVersion = 1;
// A graph with more nodes than this is refused: real graphs are far smaller, and the engine's
// graph building recurses once per node of the longest chain.
constexpr size_t kMaxSavedNodes = 10000;

std::string saveModule(const Module& module);
std::string saveGraph(const gModule& graph);
ModulePtr loadModule(const std::string& text);
// As loadModule, and the saved module must be a gModule.
std::shared_ptr<gModule> loadGraph(const std::string& text);

// Standard base64 with padding; decoding rejects anything else, naming the offending position.
std::string base64Encode(const std::vector<uint8_t>& bytes);
std::vector<uint8_t> base64Decode(const std::string& text);

}  // namespace nn
