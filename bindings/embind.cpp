// Embind layer: the engine's API as plain functions over handles (Tensor, Module, Criterion, Node,
// and the optimizers' Optimizer and OptimState). Forward, backward and the other calls that take
// values (Tensors and tables) are in bindings/embind_call.cpp, optim in bindings/embind_optim.cpp.
// Translation only — values in and out, errors turned into JS Errors; the idiomatic API
// (callable modules, argument checks, dispose bookkeeping) is bindings/*.mjs.
// Other bindings/embind_*.cpp files add EMSCRIPTEN_BINDINGS blocks of their own over the same
// helpers (bindings/embind_support.h).
//
// Every bound function goes through Guarded<>::call, which turns a C++ exception into a JS Error
// carrying the engine's sentence. That needs -fwasm-exceptions at compile and link time: without
// it, or with -fexceptions alone, a C++ throw reaches JS as a bare number (Emscripten 3.1.6).
// Data leaves the heap only as fresh copies: a typed_memory_view would be detached by memory growth.
#include "bindings/embind_support.h"

#include <emscripten/emscripten.h>
#include <malloc.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/check.h"
#include "core/criterion.h"
#include "core/graph.h"
#include "core/inspect.h"
#include "core/optim.h"
#include "core/registry.h"
#include "core/serialize.h"
#if __has_include("core/modules/Container.h")
#include "core/modules/Container.h"
#define NNG_HAVE_CONTAINER 1
#endif

#ifndef NNG_VERSION
#define NNG_VERSION "0.0.0"
#endif

using emscripten::val;
using nn::CriterionPtr;
using nn::ModulePtr;
using nn::NodePtr;
using nn::Tensor;
using nn::Value;

namespace nngjs {

// ---------------------------------------------------------------------------------------------
// Conversions

std::string jsType(const val& v) { return v.typeOf().as<std::string>(); }

bool isTensorHandle(const val& v) {
  return jsType(v) == "object" && !v.isNull() && v.instanceof(val::module_property("Tensor"));
}

// bindings/tensor.mjs has checked the sizes (non-negative 32-bit integers, each named in its
// sentence); anything else becomes -1 here, which the engine's size check refuses.
nn::Shape toShape(const val& sizes, const char* what) {
  if (!sizes.isArray()) nn::fail(what, ": sizes must be an array of integers");
  nn::Shape shape;
  const unsigned n = sizes["length"].as<unsigned>();
  if (n > nn::kMaxDims) nn::fail(what, ": a tensor has at most ", nn::kMaxDims, " dimensions, got ", n, " sizes");
  for (unsigned i = 0; i < n; ++i) {
    const double d = sizes[i].as<double>();
    shape.push_back(d >= 0 && d <= 2147483647.0 ? static_cast<int64_t>(d) : -1);
  }
  return shape;
}

val shapeToJs(const nn::Shape& shape) {
  val out = val::array();
  for (size_t i = 0; i < shape.size(); ++i) out.set(i, static_cast<double>(shape[i]));
  return out;
}

// A fresh Float32Array holding a copy of the tensor's elements (row-major).
val tensorToFloat32Array(const Tensor& t) {
  if (!t.defined() || t.numel() == 0) return val::global("Float32Array").new_(0);
  const Tensor dense = t.contiguous();
  const size_t n = static_cast<size_t>(dense.numel());
  return val::global("Float32Array").new_(emscripten::typed_memory_view(n, dense.data()));
}

// nested JS arrays of Tensor handles (null/undefined = nil) -> Value: what a module written in JS
// returns (bindings/embind_define.cpp); calls from JS take bindings/embind_call.cpp's words instead.
Value toValue(const val& v, const std::string& where) {
  if (v.isNull() || v.isUndefined()) return Value();
  if (v.isArray()) {
    std::vector<Value> entries;
    const unsigned n = v["length"].as<unsigned>();
    for (unsigned i = 0; i < n; ++i) entries.push_back(toValue(v[i], nn::cat(where, "[", i + 1, "]")));
    return Value(std::move(entries));
  }
  // The JS side has checked that values are Tensors or tables (bindings/values.mjs's readValue,
  // define_module.mjs's resultHandles): anything else is a bug there, not a user's mistake.
  if (!isTensorHandle(v)) nn::fail("internal: ", where, " is not a Tensor handle (", jsType(v), ")");
  return Value(v.as<Tensor>());
}

// Value -> Tensor handle, nested arrays, or null
val fromValue(const Value& v) {
  if (v.isNil()) return val::null();
  if (v.isTensor()) return val(v.tensor());
  val out = val::array();
  for (size_t i = 0; i < v.size(); ++i) out.set(i, fromValue(v[i]));
  return out;
}

// Value -> plain data: { shape, data: number[] } or nested arrays or null (for the playground,
// structured-clone friendly).
val plainTensor(const Tensor& t) {
  val out = val::object();
  out.set("shape", shapeToJs(t.sizes()));
  out.set("data", val::global("Array").call<val>("from", tensorToFloat32Array(t)));
  return out;
}

val plainValue(const Value& v) {
  if (v.isNil()) return val::null();
  if (v.isTensor()) return v.tensor().defined() ? plainTensor(v.tensor()) : val::null();
  val out = val::array();
  for (size_t i = 0; i < v.size(); ++i) out.set(i, plainValue(v[i]));
  return out;
}

// bindings/module.mjs's factoryArgs has checked the types (numbers, booleans, strings, arrays of
// numbers, Tensors; nil); the engine checks what they mean.
nn::Arg toArg(const val& v) {
  const std::string type = jsType(v);
  if (type == "number") return nn::Arg(v.as<double>());
  if (type == "boolean") return nn::Arg(v.as<bool>());
  if (type == "string") return nn::Arg(v.as<std::string>());
  if (v.isArray()) return nn::Arg(emscripten::convertJSArrayToNumberVector<double>(v));
  if (isTensorHandle(v)) return nn::Arg(v.as<Tensor>());
  return nn::Arg();
}

nn::Args toArgs(const val& args) {
  nn::Args out;
  if (args.isUndefined() || args.isNull()) return out;
  const unsigned n = args["length"].as<unsigned>();
  for (unsigned i = 0; i < n; ++i) out.push_back(toArg(args[i]));
  return out;
}

val fromArg(const nn::Arg& a) {
  switch (a.kind) {
    case nn::Arg::Kind::Nil: return val::null();
    case nn::Arg::Kind::Number: return val(a.number);
    case nn::Arg::Kind::Bool: return val(a.flag);
    case nn::Arg::Kind::String: return val(a.text);
    case nn::Arg::Kind::Tensor: return val(a.tensor);
    case nn::Arg::Kind::Numbers: {
      val out = val::array();
      for (size_t i = 0; i < a.numbers.size(); ++i) out.set(i, a.numbers[i]);
      return out;
    }
  }
  return val::null();
}

// Strings come in as JS values, converted here: a std::string parameter would be copied into
// the heap by Embind's glue, which frees it only when the call returns normally, so every
// call that fails (a bad nn.load document) would keep the string's bytes.
std::string toText(const val& v, const char* what) {
  if (jsType(v) != "string") nn::fail(what, " must be a string, got a ", jsType(v));
  return v.as<std::string>();
}

std::vector<std::string> toStrings(const val& v, const char* what) {
  std::vector<std::string> out;
  if (v.isUndefined() || v.isNull()) return out;
  const unsigned n = v["length"].as<unsigned>();
  for (unsigned i = 0; i < n; ++i) {
    if (jsType(v[i]) != "string") nn::fail(what, ": entry ", i + 1, " is not a string");
    out.push_back(v[i].as<std::string>());
  }
  return out;
}

std::vector<NodePtr> toNodes(const val& v, const char* what) {
  std::vector<NodePtr> nodes;
  const unsigned n = v["length"].as<unsigned>();
  for (unsigned i = 0; i < n; ++i) nodes.push_back(v[i].as<NodePtr>());
  return nodes;
}

nn::gModule& asGraph(const ModulePtr& m) {
  auto* g = dynamic_cast<nn::gModule*>(m.get());
  if (!g) nn::fail(m->errorName(), " is not a gModule");
  return *g;
}

}  // namespace nngjs

namespace {

using namespace nngjs;

// ---------------------------------------------------------------------------------------------
// Tensors

Tensor tensorFromData(val data, val sizes) {
  const nn::Shape shape = toShape(sizes, "torch.tensor");
  nn::checkedNumel(shape);  // before copying the data: a size too large is refused first
  return Tensor::fromData(emscripten::convertJSArrayToNumberVector<float>(data), shape);
}
Tensor tensorZeros(val sizes) { return Tensor::zeros(toShape(sizes, "torch.zeros")); }
Tensor tensorOnes(val sizes) { return Tensor::ones(toShape(sizes, "torch.ones")); }
Tensor tensorRand(val sizes) { return Tensor::rand(toShape(sizes, "torch.rand")); }
Tensor tensorRandn(val sizes) { return Tensor::randn(toShape(sizes, "torch.randn")); }
void manualSeed(double seed) { nn::manualSeed(static_cast<uint64_t>(seed)); }

val tensorShape(Tensor& t) { return shapeToJs(t.sizes()); }
double tensorNumel(Tensor& t) { return static_cast<double>(t.numel()); }
double tensorSize(Tensor& t, int dim) { return static_cast<double>(t.size(dim)); }
val tensorData(Tensor& t) { return tensorToFloat32Array(t); }
Tensor tensorClone(Tensor& t) { return t.clone(); }
std::string tensorToString(Tensor& t) { return t.toString(); }
double tensorItem(Tensor& t) { return t.item(); }
void tensorFill(Tensor& t, double v) { t.fill(static_cast<float>(v)); }
void tensorCopy(Tensor& t, Tensor& src) { t.copy(src); }
void tensorAdd(Tensor& t, Tensor& other, double alpha) { t.add(other, static_cast<float>(alpha)); }
void tensorMul(Tensor& t, double f) { t.mul(static_cast<float>(f)); }
bool tensorSame(Tensor& a, Tensor& b) { return a.isSameTensor(b); }

// ---------------------------------------------------------------------------------------------
// Modules

ModulePtr createModule(val name, val args) { return nn::createModule(toText(name, "module name"), toArgs(args)); }
val moduleOutput(ModulePtr m) { return fromValue(m->output); }
val moduleGradInput(ModulePtr m) { return fromValue(m->gradInput); }
val moduleParameterList(ModulePtr m) {
  val out = val::array();
  const auto list = m->parameterList();
  for (size_t i = 0; i < list.size(); ++i) {
    val p = val::object();
    p.set("name", list[i].name);
    p.set("gradName", list[i].gradName);
    p.set("value", *list[i].value);
    p.set("grad", *list[i].grad);
    out.set(i, p);
  }
  return out;
}
void moduleTraining(ModulePtr m) { m->training(); }
void moduleEvaluate(ModulePtr m) { m->evaluate(); }
bool moduleIsTraining(ModulePtr m) { return m->isTraining(); }
ModulePtr moduleClone(ModulePtr m, val names) {
  const auto shared = toStrings(names, "clone");
  return shared.empty() ? m->clone() : m->clone(shared);
}
void moduleShare(ModulePtr m, ModulePtr other, val names) { m->share(*other, toStrings(names, "share")); }
std::string moduleTypeName(ModulePtr m) { return m->typeName(); }
std::string moduleToString(ModulePtr m) { return m->toString(); }
std::string moduleDescription(ModulePtr m) { return m->description(); }
val moduleArguments(ModulePtr m) {
  val out = val::array();
  const nn::Args args = m->arguments();
  for (size_t i = 0; i < args.size(); ++i) out.set(i, fromArg(args[i]));
  return out;
}
val moduleChildren(ModulePtr m) {
  val out = val::array();
  const auto children = m->children();
  for (size_t i = 0; i < children.size(); ++i) out.set(i, children[i]);
  return out;
}
bool sameModule(ModulePtr a, ModulePtr b) { return a == b; }

// Containers (Sequential, ParallelTable, ConcatTable, ...): add() / get() / size()
#ifdef NNG_HAVE_CONTAINER
nn::Container& asContainer(const ModulePtr& m) {
  auto* c = dynamic_cast<nn::Container*>(m.get());
  if (!c) nn::fail(m->errorName(), " is not a container: add() exists on nn.Sequential, nn.ParallelTable, nn.ConcatTable, ...");
  return *c;
}
bool isContainer(ModulePtr m) { return dynamic_cast<nn::Container*>(m.get()) != nullptr; }
void containerAdd(ModulePtr m, ModulePtr child) { asContainer(m).add(child); }
ModulePtr containerGet(ModulePtr m, double index) {
  if (!(index >= -2147483648.0 && index <= 2147483647.0)) nn::fail("get(", index, "): index out of range");
  return asContainer(m).get(static_cast<int64_t>(index));
}
double containerSize(ModulePtr m) { return static_cast<double>(asContainer(m).size()); }
#else
bool isContainer(ModulePtr) { return false; }
void containerAdd(ModulePtr m, ModulePtr) { nn::fail(m->errorName(), " is not a container"); }
ModulePtr containerGet(ModulePtr m, double) { nn::fail(m->errorName(), " is not a container"); }
double containerSize(ModulePtr m) { nn::fail(m->errorName(), " is not a container"); }
#endif

// ---------------------------------------------------------------------------------------------
// Graphs

NodePtr nodeInput(ModulePtr m) { return nn::Node::input(m); }
NodePtr nodeMake(ModulePtr m, val inputs, bool asTable) { return nn::Node::make(m, toNodes(inputs, "inputs"), asTable); }
val nodeSplit(NodePtr n, int count) {
  val out = val::array();
  const auto parts = n->split(count);
  for (size_t i = 0; i < parts.size(); ++i) out.set(i, parts[i]);
  return out;
}
void nodeAnnotate(NodePtr n, val name, val description) {
  n->annotate(toText(name, "annotate: name"), toText(description, "annotate: description"));
}
int nodeId(NodePtr n) { return n->id(); }
std::string nodeLabel(NodePtr n) { return n->label(); }
std::string nodeName(NodePtr n) { return n->name(); }
std::string nodeDescription(NodePtr n) { return n->description(); }
ModulePtr nodeModule(NodePtr n) { return n->module(); }
val nodeInputs(NodePtr n) {
  val out = val::array();
  for (size_t i = 0; i < n->inputs().size(); ++i) out.set(i, n->inputs()[i]);
  return out;
}

ModulePtr makeGraph(val inputs, val outputs) {
  return std::make_shared<nn::gModule>(toNodes(inputs, "inputs"), toNodes(outputs, "outputs"));
}
bool isGraph(ModulePtr m) { return dynamic_cast<nn::gModule*>(m.get()) != nullptr; }
std::string moduleSave(ModulePtr m) { return nn::saveModule(*m); }
ModulePtr moduleLoad(val text) { return nn::loadModule(toText(text, "nn.load(text)")); }
std::string graphToDot(ModulePtr m, bool backward) { return asGraph(m).toDot(backward); }
val graphNodes(ModulePtr m) {
  val out = val::array();
  const auto& nodes = asGraph(m).nodes();
  for (size_t i = 0; i < nodes.size(); ++i) out.set(i, nodes[i]);
  return out;
}
val graphInspect(ModulePtr m) {
  const nn::gModule& g = asGraph(m);
  val nodes = val::array();
  const auto infos = nn::inspectGraph(g);
  for (size_t i = 0; i < infos.size(); ++i) {
    const nn::NodeInspection& info = infos[i];
    val n = val::object();
    n.set("id", info.id);
    n.set("label", info.label);
    n.set("name", info.name);
    n.set("description", info.description);
    n.set("type", info.type);
    n.set("toString", info.module);
    n.set("isInput", info.inputIndex > 0);
    n.set("inputIndex", info.inputIndex > 0 ? val(info.inputIndex) : val::null());
    n.set("isOutput", info.outputIndex > 0);
    n.set("outputIndex", info.outputIndex > 0 ? val(info.outputIndex) : val::null());
    n.set("splitIndex", info.splitIndex > 0 ? val(info.splitIndex) : val::null());
    n.set("inputs", stringArray(info.inputs));
    n.set("input", plainValue(info.input));
    n.set("output", plainValue(info.output));
    n.set("gradOutput", plainValue(info.gradOutput));
    val contributions = val::array();
    for (size_t c = 0; c < info.contributions.size(); ++c) {
      val entry = val::object();
      entry.set("from", info.contributions[c].from ? val(info.contributions[c].from) : val::null());
      entry.set("gradient", plainValue(info.contributions[c].gradient));
      entry.set("runningSum", plainValue(info.contributions[c].runningSum));
      contributions.set(c, entry);
    }
    n.set("contributions", contributions);
    val params = val::array();
    for (size_t p = 0; p < info.parameters.size(); ++p) {
      val entry = val::object();
      entry.set("name", info.parameters[p].name);
      entry.set("gradName", info.parameters[p].gradName);
      entry.set("value", plainTensor(info.parameters[p].value));
      entry.set("grad", plainTensor(info.parameters[p].grad));
      params.set(p, entry);
    }
    n.set("parameters", params);
    nodes.set(i, n);
  }
  val out = val::object();
  out.set("nodes", nodes);
  out.set("hasForward", g.hasForward());
  out.set("hasBackward", g.hasBackward());
  const nn::ExecutionOrder order = nn::executionOrder(g);
  out.set("forwardOrder", stringArray(order.forward));
  out.set("backwardOrder", stringArray(order.backward));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Criterions

CriterionPtr createCriterion(val name, val args) { return nn::createCriterion(toText(name, "criterion name"), toArgs(args)); }
double criterionOutput(CriterionPtr c) { return c->output; }
val criterionGradInput(CriterionPtr c) { return fromValue(c->gradInput); }
std::string criterionTypeName(CriterionPtr c) { return c->typeName(); }
std::string criterionToString(CriterionPtr c) { return c->toString(); }
std::string criterionDescription(CriterionPtr c) { return c->description(); }
bool criterionGetSizeAverage(CriterionPtr c) { return c->sizeAverage; }
void criterionSetSizeAverage(CriterionPtr c, bool v) { c->sizeAverage = v; }
CriterionPtr criterionClone(CriterionPtr c) { return c->clone(); }
ModulePtr moduleFromCriterion(CriterionPtr c) { return std::make_shared<nn::ModuleFromCriterion>(c); }

// ---------------------------------------------------------------------------------------------
// Runtime information

val moduleNames() { return stringArray(nn::moduleNames()); }
val criterionNames() { return stringArray(nn::criterionNames()); }
std::string version() { return NNG_VERSION; }
bool simd() {
#ifdef __wasm_simd128__
  return true;
#else
  return false;
#endif
}
// Bytes currently allocated by malloc: flat across training iterations once buffers exist.
double heapUsedBytes() { return static_cast<double>(mallinfo().uordblks); }

// The engine object a handle points at, for the calls that take addresses
// (bindings/embind_call.cpp, bindings/module_api.mjs's wrapper table).
double tensorAddress(Tensor& t) { return static_cast<double>(reinterpret_cast<uintptr_t>(&t)); }
double moduleAddress(ModulePtr m) { return static_cast<double>(reinterpret_cast<uintptr_t>(m.get())); }
double criterionAddress(CriterionPtr c) { return static_cast<double>(reinterpret_cast<uintptr_t>(c.get())); }

}  // namespace


EMSCRIPTEN_BINDINGS(nngraph) {
  emscripten::class_<Tensor>("Tensor");
  emscripten::class_<nn::Module>("Module").smart_ptr<ModulePtr>("ModulePtr");
  emscripten::class_<nn::Criterion>("Criterion").smart_ptr<CriterionPtr>("CriterionPtr");
  emscripten::class_<nn::Node>("Node").smart_ptr<NodePtr>("NodePtr");

  API(tensorFromData); API(tensorZeros); API(tensorOnes); API(tensorRand); API(tensorRandn);
  API(manualSeed); API(tensorShape); API(tensorNumel); API(tensorSize); API(tensorData);
  API(tensorClone); API(tensorToString); API(tensorItem); API(tensorFill); API(tensorCopy);
  API(tensorAdd); API(tensorMul); API(tensorSame);

  API(createModule); API(moduleOutput); API(moduleGradInput); API(moduleParameterList);
  API(moduleTraining); API(moduleEvaluate); API(moduleIsTraining); API(moduleClone); API(moduleShare);
  API(moduleTypeName); API(moduleToString); API(moduleDescription); API(moduleArguments);
  API(moduleChildren); API(sameModule);
  API(isContainer); API(containerAdd); API(containerGet); API(containerSize);

  API(nodeInput); API(nodeMake); API(nodeSplit); API(nodeAnnotate); API(nodeId); API(nodeLabel);
  API(nodeName); API(nodeDescription); API(nodeModule); API(nodeInputs);
  API(makeGraph); API(isGraph); API(graphToDot); API(graphNodes); API(graphInspect);
  API(moduleSave); API(moduleLoad);

  API(createCriterion); API(criterionOutput);
  API(criterionGradInput); API(criterionTypeName); API(criterionToString); API(criterionDescription);
  API(criterionGetSizeAverage); API(criterionSetSizeAverage); API(criterionClone); API(moduleFromCriterion);

  API(moduleNames); API(criterionNames); API(version); API(simd); API(heapUsedBytes);
  API(tensorAddress); API(moduleAddress); API(criterionAddress);
}
