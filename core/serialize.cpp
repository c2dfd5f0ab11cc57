#include "core/serialize.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <set>

#include "core/json.h"
#include "core/criterions/CriterionContainer.h"
#include "core/modules/Container.h"
#include "core/modules/CriterionTable.h"
#include "core/modules/ScriptModule.h"
#include "core/modules/View.h"
#include "core/registry.h"

namespace nn {

// ---------------------------------------------------------------------------------------------
// base64

static const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string base64Encode(const std::vector<uint8_t>& bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (size_t i = 0; i < bytes.size(); i += 3) {
    const size_t n = std::min<size_t>(3, bytes.size() - i);
    uint32_t chunk = uint32_t(bytes[i]) << 16;
    if (n > 1) chunk |= uint32_t(bytes[i + 1]) << 8;
    if (n > 2) chunk |= uint32_t(bytes[i + 2]);
    out += kAlphabet[(chunk >> 18) & 63];
    out += kAlphabet[(chunk >> 12) & 63];
    out += n > 1 ? kAlphabet[(chunk >> 6) & 63] : '=';
    out += n > 2 ? kAlphabet[chunk & 63] : '=';
  }
  return out;
}

static int base64Digit(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

std::vector<uint8_t> base64Decode(const std::string& text) {
  if (text.size() % 4 != 0)
    fail("base64 text has ", text.size(), " characters, not a multiple of 4 (truncated?)");
  std::vector<uint8_t> out;
  out.reserve(text.size() / 4 * 3);
  for (size_t i = 0; i < text.size(); i += 4) {
    const bool last = i + 4 == text.size();
    int d[4];
    int padding = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = text[i + k];
      if (c == '=' && last && k >= 2) {
        d[k] = 0;
        ++padding;
        continue;
      }
      if (padding > 0 || (d[k] = base64Digit(c)) < 0)
        fail("invalid base64 character '", c == '=' ? std::string("=") : std::string(1, c), "' at offset ", i + k);
    }
    const uint32_t chunk = uint32_t(d[0]) << 18 | uint32_t(d[1]) << 12 | uint32_t(d[2]) << 6 | uint32_t(d[3]);
    out.push_back(static_cast<uint8_t>(chunk >> 16));
    if (padding < 2) out.push_back(static_cast<uint8_t>(chunk >> 8));
    if (padding < 1) out.push_back(static_cast<uint8_t>(chunk));
  }
  return out;
}

// float32 little-endian, whatever the host order.
static std::string encodeFloats(const Tensor& t) {
  const std::vector<float> values = t.toVector();
  std::vector<uint8_t> bytes(values.size() * 4);
  for (size_t i = 0; i < values.size(); ++i) {
    uint32_t bits;
    std::memcpy(&bits, &values[i], 4);
    for (int b = 0; b < 4; ++b) bytes[i * 4 + b] = static_cast<uint8_t>(bits >> (8 * b));
  }
  return base64Encode(bytes);
}

// ---------------------------------------------------------------------------------------------
// Saving

namespace {

using Json = json::Value;

Json shapeJson(const Shape& sizes) {
  Json out = Json::array();
  for (int64_t s : sizes) out.push(Json::number(static_cast<double>(s)));
  return out;
}

Json numberJson(double v) {
  if (std::isfinite(v)) return Json::number(v);
  Json out = Json::object();
  out.set("number", Json::string(std::isnan(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity"));
  return out;
}

Json tensorJson(const Tensor& t) {
  Json body = Json::object();
  body.set("shape", shapeJson(t.defined() ? t.sizes() : Shape{}));
  body.set("data", Json::string(t.defined() ? encodeFloats(t) : ""));
  return body;
}

Json argJson(const Arg& arg) {
  switch (arg.kind) {
    case Arg::Kind::Nil: return Json::null();
    case Arg::Kind::Number: return numberJson(arg.number);
    case Arg::Kind::Bool: return Json::boolean(arg.flag);
    case Arg::Kind::String: return Json::string(arg.text);
    case Arg::Kind::Numbers: {
      Json out = Json::array();
      for (double v : arg.numbers) out.push(numberJson(v));
      return out;
    }
    case Arg::Kind::Tensor: {
      Json out = Json::object();
      out.set("tensor", tensorJson(arg.tensor));
      return out;
    }
  }
  return Json::null();
}

Json argsJson(const Args& args) {
  Json out = Json::array();
  for (const Arg& a : args) out.push(argJson(a));
  return out;
}

class Saver {
 public:
  Json module(const Module& constModule) {
    Module& m = const_cast<Module&>(constModule);  // parameterList() is non-const
    // Its code is JS or Lua that a saved document could not bring back.
    if (dynamic_cast<ScriptModule*>(&m))
      fail("cannot save ", m.typeName(), ": it is defined by a script (nn.defineModule or torch.class), and a saved "
           "graph holds only the engine's own modules; define it again after loading, or save its parameters");
    Json out = Json::object();
    out.set("type", Json::string(m.typeName()));
    out.set("args", argsJson(m.arguments()));
    out.set("training", Json::boolean(m.isTraining()));
    if (auto* graph = dynamic_cast<gModule*>(&m)) {
      graphMembers(*graph, out);
    } else if (auto* wrapper = dynamic_cast<ModuleFromCriterion*>(&m)) {
      Json criterion = Json::object();
      criterion.set("type", Json::string(wrapper->criterion()->typeName()));
      criterion.set("args", argsJson(wrapper->criterion()->arguments()));
      // sizeAverage is a field Torch sets after construction for most criterions: saved when
      // the arguments alone would not restore it.
      const CriterionPtr& c = wrapper->criterion();
      // Its criterions were added after construction, which "args" cannot say.
      if (auto* holder = dynamic_cast<const CriterionContainer*>(c.get()); holder && !holder->criterions().empty())
        fail("cannot save ", m.toString(), ": ", c->typeName(), " holds criterions added with add(), which this format "
             "does not record; save the modules and build the criterion again after loading");
      if (createCriterion(c->typeName(), c->arguments())->sizeAverage != c->sizeAverage)
        criterion.set("sizeAverage", Json::boolean(c->sizeAverage));
      out.set("criterion", std::move(criterion));
    } else if (dynamic_cast<Container*>(&m)) {
      Json children = Json::array();
      for (const ModulePtr& child : m.children()) children.push(module(*child));
      out.set("children", std::move(children));
    } else {
      if (!m.children().empty())
        fail("cannot save ", m.typeName(), ": it has children but is not a container this format knows");
      // State Torch sets after construction: View's setNumInputDims.
      if (auto* view = dynamic_cast<View*>(&m); view && view->numInputDims() > 0)
        out.set("numInputDims", Json::number(static_cast<double>(view->numInputDims())));
      const auto params = m.parameterList();
      if (!params.empty()) {
        Json list = Json::array();
        for (const Module::Parameter& p : params) list.push(parameter(p));
        out.set("parameters", std::move(list));
      }
      // Non-learnable state (running statistics): {"name", "shape", "data"} each, in order.
      const auto state = m.stateList();
      if (!state.empty()) {
        Json list = Json::array();
        for (const Module::StateTensor& t : state) {
          Json entry = Json::object();
          entry.set("name", Json::string(t.name));
          entry.set("shape", shapeJson(t.value->sizes()));
          entry.set("data", Json::string(encodeFloats(*t.value)));
          list.push(std::move(entry));
        }
        out.set("state", std::move(list));
      }
    }
    return out;
  }

 private:
  // A parameter whose tensor is the very tensor of one saved before (clone('weight', ...)) is
  // saved as a reference, so sharing survives the round trip.
  Json parameter(const Module::Parameter& p) {
    Json out = Json::object();
    out.set("name", Json::string(p.name));
    for (size_t k = 0; k < saved_.size(); ++k) {
      if (saved_[k].first.isSameTensor(*p.value)) {
        out.set("sharedWith", Json::number(static_cast<double>(k)));
        out.set("gradShared", Json::boolean(saved_[k].second.isSameTensor(*p.grad)));
        saved_.emplace_back(*p.value, *p.grad);
        return out;
      }
    }
    out.set("shape", shapeJson(p.value->sizes()));
    out.set("data", Json::string(encodeFloats(*p.value)));
    saved_.emplace_back(*p.value, *p.grad);
    return out;
  }

  void graphMembers(const gModule& g, Json& out) {
    std::map<const Node*, int> ids;
    for (const NodePtr& node : g.nodes()) ids[node.get()] = static_cast<int>(ids.size()) + 1;
    Json nodes = Json::array();
    for (const NodePtr& node : g.nodes()) {
      Json n = Json::object();
      n.set("id", Json::number(ids.at(node.get())));
      if (node->splitIndex() > 0) {
        n.set("splitOf", Json::number(ids.at(node->inputs()[0].get())));
        n.set("splitIndex", Json::number(node->splitIndex()));
      } else {
        n.set("module", module(*node->module()));
        Json inputs = Json::array();
        for (const NodePtr& in : node->inputs()) inputs.push(Json::number(ids.at(in.get())));
        n.set("inputs", std::move(inputs));
        if (node->inputs().size() == 1 && node->receivesTable()) n.set("asTable", Json::boolean(true));
      }
      if (node->splitCount() > 0) n.set("split", Json::number(node->splitCount()));
      if (!node->name().empty()) n.set("name", Json::string(node->name()));
      if (!node->description().empty()) n.set("description", Json::string(node->description()));
      nodes.push(std::move(n));
    }
    out.set("nodes", std::move(nodes));
    Json inputs = Json::array(), outputs = Json::array();
    for (const NodePtr& node : g.inputNodes()) inputs.push(Json::number(ids.at(node.get())));
    for (const NodePtr& node : g.outputNodes()) outputs.push(Json::number(ids.at(node.get())));
    out.set("inputs", std::move(inputs));
    out.set("outputs", std::move(outputs));
  }

  std::vector<std::pair<Tensor, Tensor>> saved_;  // every parameter saved so far: value, grad
};

std::string document(const Module& m) {
  Json body = Saver().module(m);
  Json doc = Json::object();
  doc.set("format", Json::string(kSaveFormat));
  doc.set("version", Json::number(kSaveVersion));
  for (const auto& [key, value] : body.members()) doc.set(key, value);
  return json::write(doc);
}

// ---------------------------------------------------------------------------------------------
// Loading

std::string member(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}
std::string item(const std::string& path, size_t index) { return cat(path, "[", index, "]"); }

// Names and keys from the document appear in messages: oneLine keeps a "\n" in them escaped.
template <class... Parts>
[[noreturn]] void failAt(const std::string& path, const Parts&... parts) {
  fail(oneLine(cat("cannot load the saved graph: at ", path.empty() ? std::string("the top level") : path, ": ",
                   parts...)));
}

class Loader {
 public:
  ModulePtr top(const Json& doc) {
    if (!doc.isObject()) failAt("", "expected a JSON object, got ", doc.typeName());
    const Json* format = doc.find("format");
    if (!format) failAt("", "missing \"format\" (expected \"", kSaveFormat, "\"): this is not a saved graph");
    if (!format->isString() || format->asString() != kSaveFormat)
      failAt("format", "expected \"", kSaveFormat, "\", got ", describe(*format));
    const Json* version = doc.find("version");
    if (!version) failAt("", "missing \"version\"");
    if (!version->isNumber() || version->asNumber() != std::floor(version->asNumber()) || version->asNumber() < 1)
      failAt("version", "expected a positive integer, got ", describe(*version));
    if (version->asNumber() != kSaveVersion)
      failAt("version", "version ", version->asNumber(), " is not one this engine reads (it reads version ",
             kSaveVersion, ")");
    ModulePtr m = module(doc, "", {"format", "version"}, 0);
    // Training flags top-down: a container's evaluate() reaches its children, whose own saved
    // flags then apply.
    for (const auto& [target, training] : trainingFlags_) {
      if (training) target->training();
      else target->evaluate();
    }
    return m;
  }

 private:
  static std::string describe(const Json& v) {
    if (v.isString()) return "\"" + v.asString().substr(0, 60) + (v.asString().size() > 60 ? "...\"" : "\"");
    if (v.isNumber()) return cat(v.asNumber());
    if (v.isBool()) return v.asBool() ? "true" : "false";
    return v.typeName();
  }

  static void checkKeys(const Json& obj, const std::string& path, std::initializer_list<const char*> allowed,
                        const std::vector<std::string>& extra = {}) {
    for (const auto& [key, value] : obj.members()) {
      bool ok = std::find(extra.begin(), extra.end(), key) != extra.end();
      for (const char* a : allowed) ok = ok || key == a;
      if (!ok) failAt(member(path, key), "unknown member \"", key.substr(0, 60), "\" here");
    }
  }

  static const Json& require(const Json& obj, const std::string& path, const char* key, Json::Type type,
                             const char* expected) {
    const Json* v = obj.find(key);
    if (!v) failAt(path, "missing \"", key, "\" (", expected, ")");
    if (v->type() != type) failAt(member(path, key), "expected ", expected, ", got ", describe(*v));
    return *v;
  }

  static int64_t integer(const Json& v, const std::string& path, int64_t low, int64_t high, const char* what) {
    if (!v.isNumber() || v.asNumber() != std::floor(v.asNumber()) || v.asNumber() < static_cast<double>(low) ||
        v.asNumber() > static_cast<double>(high))
      failAt(path, "expected ", what, " (an integer from ", low, " to ", high, "), got ", describe(v));
    return static_cast<int64_t>(v.asNumber());
  }

  static double number(const Json& v, const std::string& path) {
    if (v.isNumber()) return v.asNumber();
    if (v.isObject()) {
      checkKeys(v, path, {"number"});
      const Json& text = require(v, path, "number", Json::Type::String, "\"Infinity\", \"-Infinity\" or \"NaN\"");
      if (text.asString() == "Infinity") return INFINITY;
      if (text.asString() == "-Infinity") return -INFINITY;
      if (text.asString() == "NaN") return NAN;
      failAt(member(path, "number"), "expected \"Infinity\", \"-Infinity\" or \"NaN\", got ", describe(text));
    }
    failAt(path, "expected a number, got ", describe(v));
  }

  static Shape shape(const Json& v, const std::string& path) {
    if (!v.isArray()) failAt(path, "expected an array of sizes, got ", describe(v));
    if (v.items().size() > 32) failAt(path, "a tensor cannot have ", v.items().size(), " dimensions (at most 32)");
    Shape sizes;
    for (size_t i = 0; i < v.items().size(); ++i)
      sizes.push_back(integer(v.items()[i], item(path, i), 0, kMaxTensorElements, "a size"));
    try {
      checkedNumel(sizes);
    } catch (const Error& e) {
      failAt(path, e.what());
    }
    return sizes;
  }

  // Decodes base64 float32 data for `count` elements into dst (contiguous).
  static void readFloats(const Json& v, const std::string& path, int64_t count, float* dst) {
    if (!v.isString()) failAt(path, "expected base64 float32 data in a string, got ", describe(v));
    const std::string& text = v.asString();
    const size_t expected = static_cast<size_t>((count * 4 + 2) / 3 * 4);
    if (text.size() != expected)
      failAt(path, "expected ", count, " float32 values (", expected, " base64 characters) but got ",
             text.size(), " characters");
    std::vector<uint8_t> bytes;
    try {
      bytes = base64Decode(text);
    } catch (const Error& e) {
      failAt(path, e.what());
    }
    if (bytes.size() != static_cast<size_t>(count) * 4)
      failAt(path, "expected ", count * 4, " bytes of float32 data but got ", bytes.size());
    for (int64_t i = 0; i < count; ++i) {
      uint32_t bits = 0;
      for (int b = 0; b < 4; ++b) bits |= uint32_t(bytes[static_cast<size_t>(i * 4 + b)]) << (8 * b);
      std::memcpy(dst + i, &bits, 4);
    }
  }

  static Tensor tensor(const Json& v, const std::string& path) {
    if (!v.isObject()) failAt(path, "expected {\"shape\": [...], \"data\": base64}, got ", describe(v));
    checkKeys(v, path, {"shape", "data"});
    const Json* shapeJson = v.find("shape");
    const Json* data = v.find("data");
    if (!shapeJson || !data) failAt(path, "a tensor needs \"shape\" and \"data\"");
    const Shape sizes = shape(*shapeJson, member(path, "shape"));
    if (sizes.empty()) {
      if (!data->isString() || !data->asString().empty()) failAt(member(path, "data"), "a tensor without sizes has no data");
      return Tensor();
    }
    Tensor t(sizes);
    readFloats(*data, member(path, "data"), t.numel(), t.data());
    return t;
  }

  static Arg arg(const Json& v, const std::string& path) {
    switch (v.type()) {
      case Json::Type::Null: return Arg();
      case Json::Type::Bool: return Arg(v.asBool());
      case Json::Type::Number: return Arg(v.asNumber());
      case Json::Type::String: return Arg(v.asString());
      case Json::Type::Array: {
        std::vector<double> numbers;
        for (size_t i = 0; i < v.items().size(); ++i) numbers.push_back(number(v.items()[i], item(path, i)));
        return Arg(std::move(numbers));
      }
      case Json::Type::Object:
        if (v.find("tensor")) {
          checkKeys(v, path, {"tensor"});
          return Arg(tensor(*v.find("tensor"), member(path, "tensor")));
        }
        if (v.find("number")) return Arg(number(v, path));
        failAt(path, "expected a number, boolean, null, string, array of numbers, {\"number\": ...} or "
               "{\"tensor\": ...}, got an object with neither \"number\" nor \"tensor\"");
    }
    failAt(path, "unreadable argument");
  }

  static Args args(const Json& obj, const std::string& path) {
    const Json* list = obj.find("args");
    if (!list) return {};
    if (!list->isArray()) failAt(member(path, "args"), "expected an array of constructor arguments, got ", describe(*list));
    Args out;
    for (size_t i = 0; i < list->items().size(); ++i) out.push_back(arg(list->items()[i], item(member(path, "args"), i)));
    return out;
  }

  static bool known(const std::vector<std::string>& names, const std::string& type) {
    const std::string bare = type.rfind("nn.", 0) == 0 ? type.substr(3) : type;
    return std::binary_search(names.begin(), names.end(), bare);
  }

  ModulePtr module(const Json& v, const std::string& path, std::initializer_list<const char*> extraKeys, int depth) {
    if (!v.isObject()) failAt(path, "expected a module object, got ", describe(v));
    const std::string& type = require(v, path, "type", Json::Type::String, "a module type such as \"nn.Linear\"").asString();
    const std::vector<std::string> extra(extraKeys.begin(), extraKeys.end());
    const Json* trainingJson = v.find("training");
    if (trainingJson && !trainingJson->isBool())
      failAt(member(path, "training"), "expected true or false, got ", describe(*trainingJson));
    const size_t flagSlot = trainingFlags_.size();
    trainingFlags_.emplace_back(nullptr, trainingJson ? trainingJson->asBool() : true);

    ModulePtr m;
    if (type == "nn.gModule") {
      checkKeys(v, path, {"type", "args", "training", "nodes", "inputs", "outputs"}, extra);
      if (!args(v, path).empty()) failAt(member(path, "args"), "nn.gModule takes no constructor arguments");
      m = graph(v, path, depth);
    } else if (type == "nn.ModuleFromCriterion" || type == "nn.CriterionTable") {
      checkKeys(v, path, {"type", "args", "training", "criterion"}, extra);
      if (!args(v, path).empty()) failAt(member(path, "args"), type, " takes its criterion in \"criterion\", not in \"args\"");
      const std::string cpath = member(path, "criterion");
      const Json& c = require(v, path, "criterion", Json::Type::Object, "the criterion object");
      checkKeys(c, cpath, {"type", "args", "sizeAverage"});
      const std::string& ctype = require(c, cpath, "type", Json::Type::String, "a criterion type such as \"nn.MSECriterion\"").asString();
      if (!known(criterionNames(), ctype)) failAt(member(cpath, "type"), "unknown criterion type \"", ctype.substr(0, 60), "\"");
      const Args cargs = args(c, cpath);
      CriterionPtr criterion;
      try {
        criterion = createCriterion(ctype, cargs);
      } catch (const Error& e) {
        failAt(member(cpath, "args"), e.what());
      }
      if (const Json* sizeAverage = c.find("sizeAverage")) {
        if (!sizeAverage->isBool()) failAt(member(cpath, "sizeAverage"), "expected true or false, got ", describe(*sizeAverage));
        criterion->sizeAverage = sizeAverage->asBool();
      }
      if (type == "nn.CriterionTable") m = std::make_shared<CriterionTable>(criterion);
      else m = std::make_shared<ModuleFromCriterion>(criterion);
    } else {
      checkKeys(v, path, {"type", "args", "training", "parameters", "children", "numInputDims", "state"}, extra);
      if (!known(moduleNames(), type)) failAt(member(path, "type"), "unknown module type \"", type.substr(0, 60), "\"");
      const Args margs = args(v, path);
      try {
        m = createModule(type, margs);
      } catch (const Error& e) {
        failAt(member(path, "args"), e.what());
      }
      if (auto* container = dynamic_cast<Container*>(m.get())) {
        if (v.find("parameters")) failAt(member(path, "parameters"), "a container's parameters are its children's");
        children(v, path, *container, depth);
      } else if (v.find("children")) {
        failAt(member(path, "children"), m->typeName(), " is not a container and has no children");
      } else {
        parameters(v, path, *m);
        state(v, path, *m);
      }
      if (const Json* dims = v.find("numInputDims")) {
        auto* view = dynamic_cast<View*>(m.get());
        if (!view) failAt(member(path, "numInputDims"), "only nn.View has numInputDims, not ", m->typeName());
        view->setNumInputDims(integer(*dims, member(path, "numInputDims"), 1, 32, "a number of input dimensions"));
      }
    }
    trainingFlags_[flagSlot].first = m;
    return m;
  }

  void children(const Json& v, const std::string& path, Container& container, int depth) {
    const Json* list = v.find("children");
    if (!list) return;
    const std::string lpath = member(path, "children");
    if (!list->isArray()) failAt(lpath, "expected an array of modules, got ", describe(*list));
    for (size_t i = 0; i < list->items().size(); ++i) {
      ModulePtr child = module(list->items()[i], item(lpath, i), {}, depth + 1);
      try {
        container.add(child);  // virtual: MapTable's add() sets its one module
      } catch (const Error& e) {
        failAt(item(lpath, i), e.what());
      }
    }
  }

  // The module's non-learnable state, by name and shape as stateList() gives it. A document
  // without "state" keeps the freshly constructed values (documents written before it existed).
  void state(const Json& v, const std::string& path, Module& m) {
    const auto expected = m.stateList();
    const Json* list = v.find("state");
    if (!list) return;
    const std::string lpath = member(path, "state");
    if (!list->isArray()) failAt(lpath, "expected an array of state tensors, got ", describe(*list));
    if (list->items().size() != expected.size())
      failAt(lpath, m.toString(), " has ", expected.size(), " state tensor", expected.size() == 1 ? "" : "s",
             " but the document gives ", list->items().size());
    for (size_t i = 0; i < expected.size(); ++i) {
      const Json& t = list->items()[i];
      const std::string tpath = item(lpath, i);
      if (!t.isObject()) failAt(tpath, "expected a state object, got ", describe(t));
      checkKeys(t, tpath, {"name", "shape", "data"});
      const Json& name = require(t, tpath, "name", Json::Type::String, "the state tensor's name");
      if (name.asString() != expected[i].name)
        failAt(member(tpath, "name"), "state tensor ", i + 1, " of ", m.toString(), " is \"", expected[i].name,
               "\", not ", describe(name));
      const Json* shapeJson = t.find("shape");
      if (!shapeJson) failAt(tpath, "missing \"shape\"");
      const Shape sizes = shape(*shapeJson, member(tpath, "shape"));
      if (sizes != expected[i].value->sizes())
        failAt(member(tpath, "shape"), m.toString(), "'s ", expected[i].name, " has size ",
               expected[i].value->shapeString(), " but the document gives ", shapeString(sizes));
      const Json* data = t.find("data");
      if (!data) failAt(tpath, "missing \"data\"");
      Tensor values(sizes);
      readFloats(*data, member(tpath, "data"), values.numel(), values.data());
      expected[i].value->copy(values);
    }
  }

  void parameters(const Json& v, const std::string& path, Module& m) {
    const auto params = m.parameterList();
    const Json* list = v.find("parameters");
    const std::string lpath = member(path, "parameters");
    if (list && !list->isArray()) failAt(lpath, "expected an array of parameters, got ", describe(*list));
    const size_t given = list ? list->items().size() : 0;
    if (given != params.size()) {
      std::string names;
      for (const auto& p : params) names += (names.empty() ? "" : ", ") + p.name;
      failAt(list ? lpath : path, m.toString(), " has ", params.size(), " parameter", params.size() == 1 ? "" : "s",
             params.empty() ? "" : cat(" (", names, ")"), " but the document gives ", given);
    }
    for (size_t i = 0; i < params.size(); ++i) {
      const Json& p = list->items()[i];
      const std::string ppath = item(lpath, i);
      if (!p.isObject()) failAt(ppath, "expected a parameter object, got ", describe(p));
      checkKeys(p, ppath, {"name", "shape", "data", "sharedWith", "gradShared"});
      const Json& name = require(p, ppath, "name", Json::Type::String, "the parameter's name");
      if (name.asString() != params[i].name)
        failAt(member(ppath, "name"), "parameter ", i + 1, " of ", m.toString(), " is \"", params[i].name, "\", not ",
               describe(name));
      if (const Json* shared = p.find("sharedWith")) {
        if (p.find("shape") || p.find("data")) failAt(ppath, "a shared parameter has no \"shape\" or \"data\" of its own");
        const int64_t k = integer(*shared, member(ppath, "sharedWith"), 0,
                                  static_cast<int64_t>(loaded_.size()) - 1, "the index of a parameter saved earlier");
        const auto& [value, grad] = loaded_[static_cast<size_t>(k)];
        if (!value.sameShape(*params[i].value))
          failAt(member(ppath, "sharedWith"), "parameter ", k, " has size ", value.shapeString(), " but ", m.toString(),
                 "'s ", params[i].name, " has size ", params[i].value->shapeString());
        params[i].value->set(value);
        const Json* gradShared = p.find("gradShared");
        if (gradShared && !gradShared->isBool()) failAt(member(ppath, "gradShared"), "expected true or false, got ", describe(*gradShared));
        if (gradShared && gradShared->asBool()) params[i].grad->set(grad);
      } else {
        if (p.find("gradShared")) failAt(member(ppath, "gradShared"), "only a shared parameter (\"sharedWith\") can share its gradient");
        const Json* shapeJson = p.find("shape");
        if (!shapeJson) failAt(ppath, "missing \"shape\"");
        const Shape sizes = shape(*shapeJson, member(ppath, "shape"));
        if (sizes != params[i].value->sizes())
          failAt(member(ppath, "shape"), m.toString(), "'s ", params[i].name, " has size ", params[i].value->shapeString(),
                 " but the document gives ", shapeString(sizes));
        const Json* data = p.find("data");
        if (!data) failAt(ppath, "missing \"data\"");
        Tensor values(sizes);
        readFloats(*data, member(ppath, "data"), values.numel(), values.data());
        params[i].value->copy(values);
      }
      loaded_.emplace_back(*params[i].value, *params[i].grad);
    }
  }

  struct NodeDoc {
    const Json* json = nullptr;
    std::string path;
    int64_t id = 0;
    std::vector<int64_t> inputs;
    std::vector<std::string> inputPaths;
    int64_t splitOf = 0, splitIndex = 0, split = 0;
    bool asTable = false;
    NodePtr node;
  };

  std::shared_ptr<gModule> graph(const Json& v, const std::string& path, int depth) {
    const std::string npath = member(path, "nodes");
    const Json& list = require(v, path, "nodes", Json::Type::Array, "an array of nodes");
    const size_t count = list.items().size();
    totalNodes_ += count;
    if (totalNodes_ > kMaxSavedNodes)
      failAt(npath, "the document has more than ", kMaxSavedNodes, " graph nodes");
    std::vector<NodeDoc> docs(count);
    std::map<int64_t, size_t> byId;
    const int64_t maxId = 2147483647;
    for (size_t i = 0; i < count; ++i) {
      NodeDoc& d = docs[i];
      d.json = &list.items()[i];
      d.path = item(npath, i);
      if (!d.json->isObject()) failAt(d.path, "expected a node object, got ", describe(*d.json));
      checkKeys(*d.json, d.path, {"id", "module", "inputs", "asTable", "name", "description", "split", "splitOf", "splitIndex"});
      const Json* id = d.json->find("id");
      if (!id) failAt(d.path, "missing \"id\"");
      d.id = integer(*id, member(d.path, "id"), 0, maxId, "a node id");
      const auto [it, fresh] = byId.emplace(d.id, i);
      if (!fresh) failAt(member(d.path, "id"), "id ", d.id, " is already used by ", docs[it->second].path);
      for (const char* key : {"name", "description"})
        if (const Json* s = d.json->find(key); s && !s->isString())
          failAt(member(d.path, key), "expected a string, got ", describe(*s));
      if (const Json* split = d.json->find("split"))
        d.split = integer(*split, member(d.path, "split"), 1, static_cast<int64_t>(count), "a split count no larger than the number of nodes");
      if (const Json* splitOf = d.json->find("splitOf")) {
        for (const char* key : {"module", "inputs", "asTable"})
          if (d.json->find(key)) failAt(member(d.path, key), "a split part (\"splitOf\") has no \"", key, "\": it selects an entry of its node's output");
        d.splitOf = integer(*splitOf, member(d.path, "splitOf"), 0, maxId, "a node id");
        const Json* index = d.json->find("splitIndex");
        if (!index) failAt(d.path, "missing \"splitIndex\" for a split part");
        d.splitIndex = integer(*index, member(d.path, "splitIndex"), 1, static_cast<int64_t>(count), "a split part index");
        d.inputs = {d.splitOf};
        d.inputPaths = {member(d.path, "splitOf")};
      } else {
        if (d.json->find("splitIndex")) failAt(member(d.path, "splitIndex"), "\"splitIndex\" without \"splitOf\"");
        if (!d.json->find("module")) failAt(d.path, "missing \"module\"");
        const Json& inputs = require(*d.json, d.path, "inputs", Json::Type::Array, "an array of node ids");
        for (size_t j = 0; j < inputs.items().size(); ++j) {
          d.inputPaths.push_back(item(member(d.path, "inputs"), j));
          d.inputs.push_back(integer(inputs.items()[j], d.inputPaths.back(), 0, maxId, "a node id"));
        }
        if (const Json* asTable = d.json->find("asTable")) {
          if (!asTable->isBool()) failAt(member(d.path, "asTable"), "expected true or false, got ", describe(*asTable));
          d.asTable = asTable->asBool();
        }
      }
    }
    // References: every input names a node; split parts name a split node, once per index.
    std::set<std::pair<int64_t, int64_t>> parts;
    for (NodeDoc& d : docs) {
      for (size_t j = 0; j < d.inputs.size(); ++j)
        if (!byId.count(d.inputs[j])) failAt(d.inputPaths[j], "no node has id ", d.inputs[j]);
      if (d.splitOf) {
        const NodeDoc& parent = docs[byId.at(d.splitOf)];
        if (parent.split == 0) failAt(member(d.path, "splitOf"), "node ", d.splitOf, " (", parent.path, ") is not split (it has no \"split\")");
        if (d.splitIndex > parent.split)
          failAt(member(d.path, "splitIndex"), "part ", d.splitIndex, " of a split into ", parent.split, " parts");
        if (!parts.emplace(d.splitOf, d.splitIndex).second)
          failAt(member(d.path, "splitIndex"), "part ", d.splitIndex, " of node ", d.splitOf, " appears twice");
      }
    }
    std::vector<int64_t> inputIds = idList(v, path, "inputs", byId), outputIds = idList(v, path, "outputs", byId);

    // Order: every node after its inputs, refusing cycles (iteratively: chains may be long).
    std::vector<size_t> order;
    std::vector<int> state(count, 0);  // 0 new, 1 on the current path, 2 placed
    for (size_t start = 0; start < count; ++start) {
      if (state[start]) continue;
      std::vector<std::pair<size_t, size_t>> stack{{start, 0}};
      state[start] = 1;
      while (!stack.empty()) {
        auto& [at, next] = stack.back();
        if (next < docs[at].inputs.size()) {
          const size_t in = byId.at(docs[at].inputs[next]);
          const std::string inPath = docs[at].inputPaths[next];
          ++next;
          if (state[in] == 1) {
            std::string cycle = cat(docs[in].id);
            bool inCycle = false;
            for (const auto& frame : stack) {
              if (frame.first == in) inCycle = true;
              else if (inCycle) cycle += cat(" -> ", docs[frame.first].id);
            }
            failAt(inPath, "the nodes form a cycle (ids ", cycle, " -> ", docs[in].id, "): a graph must be acyclic");
          }
          if (state[in] == 0) {
            state[in] = 1;
            stack.emplace_back(in, 0);
          }
        } else {
          state[at] = 2;
          order.push_back(at);
          stack.pop_back();
        }
      }
    }
    // Every node must lead to an output (gModule's rule), said here with the document path.
    std::vector<bool> used(count, false);
    std::vector<size_t> work;
    for (int64_t id : outputIds) work.push_back(byId.at(id));
    while (!work.empty()) {
      const size_t at = work.back();
      work.pop_back();
      if (used[at]) continue;
      used[at] = true;
      for (int64_t id : docs[at].inputs) work.push_back(byId.at(id));
    }
    for (size_t i = 0; i < count; ++i)
      if (!used[i]) failAt(docs[i].path, "node ", docs[i].id, " does not lead to any of the graph's outputs");

    // Build the nodes in order.
    std::map<int64_t, std::vector<NodePtr>> splits;
    for (size_t at : order) {
      NodeDoc& d = docs[at];
      if (d.splitOf) {
        d.node = splits.at(d.splitOf)[static_cast<size_t>(d.splitIndex - 1)];
      } else {
        ModulePtr m = module(*d.json->find("module"), member(d.path, "module"), {}, depth + 1);
        std::vector<NodePtr> inputs;
        for (int64_t id : d.inputs) inputs.push_back(docs[byId.at(id)].node);
        d.node = inputs.empty() ? Node::input(m) : Node::make(m, inputs, d.asTable);
      }
      if (d.split) splits[d.id] = d.node->split(static_cast<int>(d.split));
      const Json* name = d.json->find("name");
      const Json* description = d.json->find("description");
      if (name || description)
        d.node->annotate(name ? name->asString() : "", description ? description->asString() : "");
    }
    std::vector<NodePtr> inputs, outputs;
    for (int64_t id : inputIds) inputs.push_back(docs[byId.at(id)].node);
    for (int64_t id : outputIds) outputs.push_back(docs[byId.at(id)].node);
    try {
      return std::make_shared<gModule>(inputs, outputs);
    } catch (const Error& e) {
      failAt(path, "the graph does not build: ", e.what());
    }
  }

  static std::vector<int64_t> idList(const Json& v, const std::string& path, const char* key,
                                     const std::map<int64_t, size_t>& byId) {
    const std::string lpath = member(path, key);
    const Json& list = require(v, path, key, Json::Type::Array, "an array of node ids");
    if (list.items().empty()) failAt(lpath, "a graph needs at least one ", key == std::string("inputs") ? "input" : "output");
    std::vector<int64_t> ids;
    for (size_t i = 0; i < list.items().size(); ++i) {
      ids.push_back(integer(list.items()[i], item(lpath, i), 0, 2147483647, "a node id"));
      if (!byId.count(ids.back())) failAt(item(lpath, i), "no node has id ", ids.back());
    }
    return ids;
  }

  std::vector<std::pair<ModulePtr, bool>> trainingFlags_;  // preorder
  std::vector<std::pair<Tensor, Tensor>> loaded_;           // parameters in document order
  size_t totalNodes_ = 0;
};

ModulePtr load(const std::string& text) {
  json::Value doc;
  try {
    json::Limits limits;
    doc = json::parse(text, limits);
  } catch (const Error& e) {
    fail("cannot load the saved graph: it is not valid JSON: ", e.what());
  }
  return Loader().top(doc);
}

}  // namespace

std::string saveModule(const Module& module) { return document(module); }
std::string saveGraph(const gModule& graph) { return document(graph); }

ModulePtr loadModule(const std::string& text) { return load(text); }

std::shared_ptr<gModule> loadGraph(const std::string& text) {
  ModulePtr m = load(text);
  auto graph = std::dynamic_pointer_cast<gModule>(m);
  if (!graph) fail("cannot load the saved graph: at type: expected \"nn.gModule\", got \"", m->typeName(), "\" (use loadModule for other modules)");
  return graph;
}

}  // namespace nn
