// Embind layer: the engine's API as plain functions over four handle types (Tensor, Module,
// Criterion, Node). Translation only — values in and out, errors turned into JS Errors; the
// idiomatic API (callable modules, argument checks, dispose bookkeeping) is bindings/index.mjs.
// Other bindings/embind_*.cpp files add EMSCRIPTEN_BINDINGS blocks of their own over the same
// helpers (bindings/embind_support.h).
//
// Every bound function goes through Guarded<>::call, which turns a C++ exception into a JS Error
// carrying the engine's sentence (needs -fwasm-exceptions, see TOOLCHAIN.md). Data leaves the
// heap only as fresh copies: a typed_memory_view would be detached by memory growth.
#include "bindings/embind_support.h"

#include <emscripten/emscripten.h>
#include <malloc.h>

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

nn::Shape toShape(const val& sizes, const char* what) {
  if (!sizes.isArray()) nn::fail(what, ": sizes must be an array of integers");
  nn::Shape shape;
  const unsigned n = sizes["length"].as<unsigned>();
  for (unsigned i = 0; i < n; ++i) {
    const val s = sizes[i];
    if (jsType(s) != "number") nn::fail(what, ": size ", i + 1, " is not a number");
    const double d = s.as<double>();
    if (d != static_cast<double>(static_cast<int64_t>(d)) || d < 0)
      nn::fail(what, ": size ", i + 1, " must be a non-negative integer, got ", d);
    shape.push_back(static_cast<int64_t>(d));
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

// nested JS arrays of Tensor handles (null/undefined = nil) -> Value
Value toValue(const val& v, const std::string& where) {
  if (v.isNull() || v.isUndefined()) return Value();
  if (v.isArray()) {
    std::vector<Value> entries;
    const unsigned n = v["length"].as<unsigned>();
    for (unsigned i = 0; i < n; ++i) entries.push_back(toValue(v[i], nn::cat(where, "[", i + 1, "]")));
    return Value(std::move(entries));
  }
  if (!isTensorHandle(v))
    nn::fail(where, " must be a Tensor or an array (table) of Tensors, got a ", jsType(v));
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

nn::Arg toArg(const val& v, size_t index) {
  const std::string type = jsType(v);
  if (v.isNull() || v.isUndefined()) return nn::Arg();
  if (type == "number") return nn::Arg(v.as<double>());
  if (type == "boolean") return nn::Arg(v.as<bool>());
  if (type == "string") return nn::Arg(v.as<std::string>());
  if (v.isArray()) {
    std::vector<double> numbers;
    const unsigned n = v["length"].as<unsigned>();
    for (unsigned i = 0; i < n; ++i) {
      if (jsType(v[i]) != "number")
        nn::fail("argument ", index + 1, " is an array whose entry ", i + 1, " is not a number");
      numbers.push_back(v[i].as<double>());
    }
    return nn::Arg(std::move(numbers));
  }
  if (isTensorHandle(v)) return nn::Arg(v.as<Tensor>());
  nn::fail("argument ", index + 1, " has a type no constructor takes (", type, ")");
}

nn::Args toArgs(const val& args) {
  nn::Args out;
  if (args.isUndefined() || args.isNull()) return out;
  const unsigned n = args["length"].as<unsigned>();
  for (unsigned i = 0; i < n; ++i) out.push_back(toArg(args[i], i));
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
  const int64_t numel = nn::checkedNumel(shape);
  std::vector<float> values = emscripten::convertJSArrayToNumberVector<float>(data);
  if (static_cast<int64_t>(values.size()) != numel)
    nn::fail("torch.tensor: ", values.size(), " values do not fill a tensor of size ",
             nn::shapeString(shape), " (", numel, " elements)");
  return Tensor::fromData(values, shape);
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
val moduleForward(ModulePtr m, val input) { return fromValue(m->forward(toValue(input))); }
// After a user's backward: a module that does not check gradOutput itself (Identity, an empty
// Sequential) would have handed back a gradInput not shaped like its input. Modules that check
// say it better (their own message comes first); a gModule has checked it, naming the node.
const Value& requireGradOutputShape(const nn::Module& m, const Value& gradOutput, const Value& result) {
  if (!gradOutput.sameStructure(m.output))
    nn::fail(m.errorName(), ": gradOutput must have the structure and sizes of the output, ",
             m.output.describe(), ", but got ", gradOutput.describe());
  return result;
}

val moduleBackward(ModulePtr m, val input, val gradOutput, double scale) {
  const Value gy = toValue(gradOutput, "gradOutput");
  m->checkBackwardCall(gy);
  return fromValue(requireGradOutputShape(*m, gy, m->backward(toValue(input), gy, static_cast<float>(scale))));
}
val moduleUpdateOutput(ModulePtr m, val input) { return fromValue(m->updateOutput(toValue(input))); }
val moduleUpdateGradInput(ModulePtr m, val input, val gradOutput) {
  const Value gy = toValue(gradOutput, "gradOutput");
  m->checkBackwardCall(gy);
  return fromValue(requireGradOutputShape(*m, gy, m->updateGradInput(toValue(input), gy)));
}
void moduleAccGradParameters(ModulePtr m, val input, val gradOutput, double scale) {
  const Value gy = toValue(gradOutput, "gradOutput");
  m->checkBackwardCall(gy);
  m->accGradParameters(toValue(input), gy, static_cast<float>(scale));
  requireGradOutputShape(*m, gy, gy);
}
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
void moduleZeroGradParameters(ModulePtr m) { m->zeroGradParameters(); }
void moduleUpdateParameters(ModulePtr m, double lr) { m->updateParameters(static_cast<float>(lr)); }
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
    n.set("output", plainValue(info.output));
    n.set("gradOutput", plainValue(info.gradOutput));
    val contributions = val::array();
    for (size_t c = 0; c < info.contributions.size(); ++c) {
      val entry = val::object();
      entry.set("from", info.contributions[c].from ? val(info.contributions[c].from) : val::null());
      entry.set("gradient", plainValue(info.contributions[c].gradient));
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
  return out;
}

// ---------------------------------------------------------------------------------------------
// Criterions

CriterionPtr createCriterion(val name, val args) { return nn::createCriterion(toText(name, "criterion name"), toArgs(args)); }
double criterionForward(CriterionPtr c, val input, val target) {
  return c->forward(toValue(input), toValue(target, "target"));
}
val criterionBackward(CriterionPtr c, val input, val target) {
  return fromValue(c->backward(toValue(input), toValue(target, "target")));
}
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
// Gradient check

val gradCheckToJs(const nn::GradCheckResult& r) {
  const auto list = [](const std::vector<nn::GradCheckEntry>& entries) {
    val out = val::array();
    for (size_t i = 0; i < entries.size(); ++i) {
      val e = val::object();
      e.set("name", entries[i].name);
      e.set("elements", static_cast<double>(entries[i].elements));
      e.set("maxError", entries[i].maxError);
      e.set("maxAbsError", entries[i].maxAbsError);
      out.set(i, e);
    }
    return out;
  };
  val out = val::object();
  out.set("inputs", list(r.inputs));
  out.set("parameters", list(r.parameters));
  out.set("maxError", r.maxError());
  return out;
}
val checkModuleGradients(ModulePtr m, val input) { return gradCheckToJs(nn::checkGradients(*m, toValue(input))); }
val checkCriterionGradients(CriterionPtr c, val input, val target) {
  return gradCheckToJs(nn::checkGradients(*c, toValue(input), toValue(target, "target")));
}

// ---------------------------------------------------------------------------------------------
// Optimizers: getParameters, one optim.sgd / optim.adam step (JS runs feval first, as Torch's
// optim does), and the Optimizer object over parameter lists

val moduleGetParameters(ModulePtr m) {
  auto [params, grads] = m->getParameters();
  val out = val::array();
  out.set(0, val(params));
  out.set(1, val(grads));
  return out;
}

struct OptimState {
  nn::optim::SGDState sgd;
  nn::optim::AdamState adam;
};
using OptimStatePtr = std::shared_ptr<OptimState>;

// A config field: a number when given, the default otherwise (the facade has checked types).
double field(const val& config, const char* name, double fallback) {
  const val v = config[name];
  return v.isUndefined() || v.isNull() ? fallback : v.as<double>();
}

nn::optim::SGDConfig sgdConfig(const val& c) {
  nn::optim::SGDConfig config;
  config.learningRate = field(c, "learningRate", config.learningRate);
  config.learningRateDecay = field(c, "learningRateDecay", config.learningRateDecay);
  config.weightDecay = field(c, "weightDecay", config.weightDecay);
  config.momentum = field(c, "momentum", config.momentum);
  config.dampening = field(c, "dampening", config.momentum);
  config.nesterov = !c["nesterov"].isUndefined() && c["nesterov"].as<bool>();
  return config;
}

nn::optim::AdamConfig adamConfig(const val& c) {
  nn::optim::AdamConfig config;
  config.learningRate = field(c, "learningRate", config.learningRate);
  config.learningRateDecay = field(c, "learningRateDecay", config.learningRateDecay);
  config.beta1 = field(c, "beta1", config.beta1);
  config.beta2 = field(c, "beta2", config.beta2);
  config.epsilon = field(c, "epsilon", config.epsilon);
  config.weightDecay = field(c, "weightDecay", config.weightDecay);
  return config;
}

OptimStatePtr optimStateNew() { return std::make_shared<OptimState>(); }
double optimStateCount(OptimStatePtr s, val kind) {
  return static_cast<double>(toText(kind, "optim kind") == "sgd" ? s->sgd.evalCounter : s->adam.t);
}
void optimSgdStep(Tensor& x, Tensor& dfdx, double fx, val config, OptimStatePtr s) {
  nn::optim::sgd([&](const Tensor&) { return std::pair<double, Tensor>(fx, dfdx); }, x, sgdConfig(config), s->sgd);
}
void optimAdamStep(Tensor& x, Tensor& dfdx, double fx, val config, OptimStatePtr s) {
  nn::optim::adam([&](const Tensor&) { return std::pair<double, Tensor>(fx, dfdx); }, x, adamConfig(config), s->adam);
}

using OptimizerPtr = std::shared_ptr<nn::optim::Optimizer>;
std::vector<Tensor> tensorList(const val& list) {
  std::vector<Tensor> out;
  const unsigned n = list["length"].as<unsigned>();
  for (unsigned i = 0; i < n; ++i) out.push_back(list[i].as<Tensor>());
  return out;
}
OptimizerPtr optimizerNew(val kindName, val params, val grads, val config) {
  const std::string kind = toText(kindName, "optim kind");
  if (kind == "sgd") return std::make_shared<nn::optim::Optimizer>(tensorList(params), tensorList(grads), sgdConfig(config));
  return std::make_shared<nn::optim::Optimizer>(tensorList(params), tensorList(grads), adamConfig(config));
}
void optimizerStep(OptimizerPtr o) { o->step(); }
void optimizerZeroGrad(OptimizerPtr o) { o->zeroGrad(); }
double optimizerGetLearningRate(OptimizerPtr o) { return o->learningRate(); }
void optimizerSetLearningRate(OptimizerPtr o, double lr) { o->setLearningRate(lr); }
double optimizerStepCount(OptimizerPtr o) { return static_cast<double>(o->stepCount()); }

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


// ---------------------------------------------------------------------------------------------
// Fast calls: forward/backward of modules and criterions whose input, gradOutput and target are
// a Tensor or a flat table of Tensors, as plain wasm exports over raw pointers (no Embind val
// conversion, no new handles). bindings/index.mjs writes Tensor pointers into fastSlots:
//   [0, 64) input   [64, 128) gradOutput or target   [128, 192) the caller's result handles
// A count argument is -1 for one Tensor, k for a flat table of k. Results are assigned into
// the caller's handles (the module's output tensor, aliased as Torch's m.output is), returning
// -1 or k as the structure written, kFastMismatch when the result is not a Tensor / flat table
// of exactly the handles given (the caller then reads it through moduleOutput etc.), or
// kFastError with the engine's sentence in fastLastError().

constexpr int kFastSlots = 64;
constexpr int kFastMismatch = -2;
constexpr int kFastError = -3;
uint32_t fastSlots[3 * kFastSlots];
std::string fastError;
int fastErrorNode = nn::kNoNode;  // the node fastError is about (nn::Error::nodeId), if any
bool fastFailed = false;

Value fastGather(int count, const uint32_t* p) {
  if (count > kFastSlots) nn::fail("internal: ", count, " fast-call arguments, more than the ", kFastSlots, " slots");
  if (count < 0) return Value(*reinterpret_cast<const Tensor*>(p[0]));
  std::vector<Value> entries;
  entries.reserve(count);
  for (int i = 0; i < count; ++i) entries.emplace_back(*reinterpret_cast<const Tensor*>(p[i]));
  return Value(std::move(entries));
}

int fastScatter(const Value& v, int expected) {
  uint32_t* out = fastSlots + 2 * kFastSlots;
  if (v.isTensor()) {
    if (expected != -1 || !out[0]) return kFastMismatch;
    *reinterpret_cast<Tensor*>(out[0]) = v.tensor();
    return -1;
  }
  // more results than the slot block holds are read the Embind way (moduleOutput etc.)
  if (!v.isTable() || expected > kFastSlots || static_cast<int>(v.size()) != expected) return kFastMismatch;
  for (int i = 0; i < expected; ++i)
    if (!v[i].isTensor() || !out[i]) return kFastMismatch;
  for (int i = 0; i < expected; ++i) *reinterpret_cast<Tensor*>(out[i]) = v[i].tensor();
  return expected;
}

template <class F>
auto fastGuard(F&& f, decltype(f()) onError) {
  try {
    fastFailed = false;
    return f();
  } catch (const std::exception& e) {
    fastError = e.what();
    fastErrorNode = nodeIdOf(e);
    fastFailed = true;
    return onError;
  }
}

std::string fastLastError() { return fastError; }
int fastLastErrorNode() { return fastErrorNode; }  // nn::kNoNode (0) when about no node
// The pointers index.mjs reads from Embind handles ($$.ptr), checked once at load.
double tensorAddress(Tensor& t) { return static_cast<double>(reinterpret_cast<uintptr_t>(&t)); }
double moduleAddress(ModulePtr m) { return static_cast<double>(reinterpret_cast<uintptr_t>(m.get())); }
double criterionAddress(CriterionPtr c) { return static_cast<double>(reinterpret_cast<uintptr_t>(c.get())); }

}  // namespace

extern "C" {
EMSCRIPTEN_KEEPALIVE uint32_t* nng_fast_slots() { return fastSlots; }
EMSCRIPTEN_KEEPALIVE int nng_fast_slot_count() { return kFastSlots; }
EMSCRIPTEN_KEEPALIVE int nng_fast_failed() { return fastFailed; }
EMSCRIPTEN_KEEPALIVE int nng_fast_forward(nn::Module* m, int nInput, int nResult) {
  return fastGuard([&] { return fastScatter(m->forward(fastGather(nInput, fastSlots)), nResult); }, kFastError);
}
EMSCRIPTEN_KEEPALIVE int nng_fast_backward(nn::Module* m, int nInput, int nGradOutput, float scale, int nResult) {
  return fastGuard([&] {
    const Value gradOutput = fastGather(nGradOutput, fastSlots + kFastSlots);
    m->checkBackwardCall(gradOutput);
    return fastScatter(requireGradOutputShape(*m, gradOutput, m->backward(fastGather(nInput, fastSlots), gradOutput, scale)), nResult);
  }, kFastError);
}
EMSCRIPTEN_KEEPALIVE double nng_fast_criterion_forward(nn::Criterion* c, int nInput, int nTarget) {
  return fastGuard([&] {
    return static_cast<double>(c->forward(fastGather(nInput, fastSlots), fastGather(nTarget, fastSlots + kFastSlots)));
  }, 0.0);
}
EMSCRIPTEN_KEEPALIVE int nng_fast_criterion_backward(nn::Criterion* c, int nInput, int nTarget, int nResult) {
  return fastGuard([&] {
    return fastScatter(c->backward(fastGather(nInput, fastSlots), fastGather(nTarget, fastSlots + kFastSlots)), nResult);
  }, kFastError);
}
EMSCRIPTEN_KEEPALIVE int nng_fast_zero_grad(nn::Module* m) {
  return fastGuard([&] { m->zeroGradParameters(); return 0; }, kFastError);
}
EMSCRIPTEN_KEEPALIVE int nng_fast_update_parameters(nn::Module* m, float learningRate) {
  return fastGuard([&] { m->updateParameters(learningRate); return 0; }, kFastError);
}
}  // extern "C"

EMSCRIPTEN_BINDINGS(nngraph) {
  emscripten::class_<Tensor>("Tensor");
  emscripten::class_<nn::Module>("Module").smart_ptr<ModulePtr>("ModulePtr");
  emscripten::class_<nn::Criterion>("Criterion").smart_ptr<CriterionPtr>("CriterionPtr");
  emscripten::class_<nn::Node>("Node").smart_ptr<NodePtr>("NodePtr");

  API(tensorFromData); API(tensorZeros); API(tensorOnes); API(tensorRand); API(tensorRandn);
  API(manualSeed); API(tensorShape); API(tensorNumel); API(tensorSize); API(tensorData);
  API(tensorClone); API(tensorToString); API(tensorItem); API(tensorFill); API(tensorCopy);
  API(tensorAdd); API(tensorMul); API(tensorSame);

  API(createModule); API(moduleForward); API(moduleBackward); API(moduleUpdateOutput);
  API(moduleUpdateGradInput); API(moduleAccGradParameters); API(moduleOutput); API(moduleGradInput);
  API(moduleParameterList); API(moduleZeroGradParameters); API(moduleUpdateParameters);
  API(moduleTraining); API(moduleEvaluate); API(moduleIsTraining); API(moduleClone); API(moduleShare);
  API(moduleTypeName); API(moduleToString); API(moduleDescription); API(moduleArguments);
  API(moduleChildren); API(sameModule);
  API(isContainer); API(containerAdd); API(containerGet); API(containerSize);

  API(nodeInput); API(nodeMake); API(nodeSplit); API(nodeAnnotate); API(nodeId); API(nodeLabel);
  API(nodeName); API(nodeDescription); API(nodeModule); API(nodeInputs);
  API(makeGraph); API(isGraph); API(graphToDot); API(graphNodes); API(graphInspect);
  API(moduleSave); API(moduleLoad);

  API(createCriterion); API(criterionForward); API(criterionBackward); API(criterionOutput);
  API(criterionGradInput); API(criterionTypeName); API(criterionToString); API(criterionDescription);
  API(criterionGetSizeAverage); API(criterionSetSizeAverage); API(criterionClone); API(moduleFromCriterion);

  emscripten::class_<OptimState>("OptimState").smart_ptr<OptimStatePtr>("OptimStatePtr");
  emscripten::class_<nn::optim::Optimizer>("Optimizer").smart_ptr<OptimizerPtr>("OptimizerPtr");
  API(moduleGetParameters); API(optimStateNew); API(optimStateCount); API(optimSgdStep); API(optimAdamStep);
  API(optimizerNew); API(optimizerStep); API(optimizerZeroGrad); API(optimizerGetLearningRate);
  API(optimizerSetLearningRate); API(optimizerStepCount);

  API(checkModuleGradients); API(checkCriterionGradients);
  API(moduleNames); API(criterionNames); API(version); API(simd); API(heapUsedBytes);
  API(fastLastError); API(fastLastErrorNode); API(tensorAddress); API(moduleAddress); API(criterionAddress);
}
