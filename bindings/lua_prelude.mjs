// The Lua side of nngraph-wasm/lua (bindings/lua.mjs): Torch's API in Lua over the JS API.
// Lua values hold JS objects as handles (a tensor is a table { __h = <JS Tensor> } with Torch's
// methods in its metatable); every call goes through the bridge B (lua.mjs), which answers
// (kind, value) pairs, or ('error', message). The prelude keeps its own references to every
// library function it uses, so a script that assigns `error = torch.rand(...)` (the seed does)
// or `print = ...` does not break the runtime.
export const luaPrelude = String.raw`
local bridge, bridgeNames = ...
-- The bridge's functions as Lua values once: indexing the JS object on every call would cost a
-- round trip into JS (and a fresh Lua closure) per call.
local B = {}
for name in string.gmatch(bridgeNames, '[^,]+') do B[name] = bridge[name] end
local type, setmetatable, getmetatable, rawget, rawset, rawequal = type, setmetatable, getmetatable, rawget, rawset, rawequal
local select, tostring, tonumber, pairs, ipairs, next = select, tostring, tonumber, pairs, ipairs, next
local raw_error, pcall, xpcall, load, collectgarbage = error, pcall, xpcall, load, collectgarbage
local string_format, string_rep, string_find, string_sub, string_gsub = string.format, string.rep, string.find, string.sub, string.gsub
local table_concat, table_unpack, table_insert, table_sort = table.concat, table.unpack, table.insert, table.sort
local math_floor, math_huge = math.floor, math.huge
local getinfo, sethook, traceback = debug.getinfo, debug.sethook, debug.traceback
local PRELUDE = '=[nngraph]'

-- What Torch-era (Lua 5.1) scripts use and Lua 5.4 dropped.
unpack = unpack or table.unpack
math.pow = math.pow or function(a, b) return a ^ b end
table.maxn = table.maxn or function(t) local n = 0 for k in pairs(t) do if type(k) == 'number' and k > n then n = k end end return n end
loadstring = loadstring or load

-- An error at the user's line: the first frame outside this prelude gets the position.
local function userLevel()
  local level = 3
  while true do
    local info = getinfo(level, 'S')
    if not info then return 0 end
    if info.source ~= PRELUDE and info.what ~= 'C' then return level - 1 end
    level = level + 1
  end
end
local function raise(message)
  local level = userLevel()
  raw_error(message, level > 0 and level or 0)
end

-- ---------------------------------------------------------------------------------------------
-- handles

local TensorMeta, ModuleMeta, NodeMeta, CriterionMeta, StorageMeta, GraphViewMeta = {}, {}, {}, {}, {}, {}
local FloatStorageMeta, FloatStorageMethods = {}, {}
local TensorMethods, ModuleMethods, NodeMethods, CriterionMethods = {}, {}, {}, {}
local luaObjects = {}   -- id -> Lua object of a torch.class module (engine ScriptModule)
local wrap

local function wrapArray(arr)
  local out = {}
  for i = 1, B.len(arr) do out[i] = wrap(B.at(arr, i)) end
  return out
end

local function newStorage(values)
  return setmetatable(values, StorageMeta)
end

-- own: nil when JS owns the value; else Lua does, and own is the wrapper's id, which its __gc
-- gives back to the bridge. kb > 0 is how many KB of engine memory came with it, which Lua's
-- collector cannot see: a step of that size keeps large temporaries from outrunning it.
wrap = function(kind, v, own, kb)
  if kb ~= nil and kb > 0 then collectgarbage('step', kb) end
  if kind == 'T' then return setmetatable({ __h = v, __own = own }, TensorMeta)
  elseif kind == 'M' then return setmetatable({ __m = v, __own = own }, ModuleMeta)
  elseif kind == 'L' then return luaObjects[v]
  elseif kind == 'N' then return setmetatable({ __n = v, __own = own }, NodeMeta)
  elseif kind == 'C' then return setmetatable({ __c = v, __own = own }, CriterionMeta)
  elseif kind == 'St' then return setmetatable({ __s = v, __own = own }, FloatStorageMeta)
  elseif kind == 'A' then return wrapArray(v)
  elseif kind == 'S' then return newStorage(wrapArray(v))
  elseif kind == 'error' then raise(v)
  end
  return v  -- numbers, strings, booleans, nil, plain JS objects
end

-- Lua value -> what the bridge passes to JS (handles; sequences as arrays of them)
local function unwrap(v)
  if type(v) ~= 'table' then return v end
  local h = rawget(v, '__h') or rawget(v, '__m') or rawget(v, '__n') or rawget(v, '__c') or rawget(v, '__s')
  if h ~= nil then return h end
  local out = {}
  for i = 1, #v do out[i] = unwrap(v[i]) end
  return out
end

local function unwrapAll(...)
  local n = select('#', ...)
  if n == 0 then return end
  local args = { ... }
  for i = 1, n do args[i] = unwrap(args[i]) end
  return table_unpack(args, 1, n)
end

local function isTensor(v) return type(v) == 'table' and getmetatable(v) == TensorMeta end

-- Lua's collector frees what only Lua held (lua.mjs: state.collectable), so a long loop of
-- temporaries keeps the engine's memory bounded. Off once the state closes: lua_close runs
-- every pending __gc, and the bridge is gone by then.
-- The wrappers' ids go to the bridge in batches: one call per 256 objects rather than one each.
local collecting, garbage, garbageCount = true, {}, 0
local function flushGarbage()
  if garbageCount == 0 then return end
  local batch = garbage
  garbage, garbageCount = {}, 0
  B.collect(batch)
end
local function finalize(self)
  local id = rawget(self, '__own')
  if collecting and id then
    garbageCount = garbageCount + 1
    garbage[garbageCount] = id
    if garbageCount >= 256 then flushGarbage() end
  end
end
TensorMeta.__gc, ModuleMeta.__gc, NodeMeta.__gc, CriterionMeta.__gc, FloatStorageMeta.__gc = finalize, finalize, finalize, finalize, finalize
function NNGRAPH_CLOSE() collecting = false end

-- ---------------------------------------------------------------------------------------------
-- tensors

-- self:name(...) through a bridge call: the handle in self[field], the arguments unwrapped, the
-- answer wrapped (self itself when the method returned it, so calls chain).
local function methodCaller(field, call, noun, letter)
  return function(self, name, ...)
    local h = rawget(self, field)
    if h == nil then raise(name .. ': expected a ' .. noun .. ' as self (call it as ' .. letter .. ':' .. name .. '(...))') end
    local kind, v, own, kb = call(h, name, unwrapAll(...))
    if kind == 'self' then return self end
    return wrap(kind, v, own, kb)
  end
end
local tcall = methodCaller('__h', B.tcall, 'tensor', 't')

for _, name in ipairs({ 'dim', 'nElement', 'numel', 'resize', 'resizeAs', 'zero', 'fill', 'copy', 'add',
    'csub', 'mul', 'div', 'cmul', 'cdiv', 'addmm', 't', 'transpose', 'narrow', 'select', 'sub', 'view',
    'index', 'indexCopy', 'clone', 'contiguous', 'sum', 'mean', 'abs', 'exp', 'log', 'tanh', 'sigmoid',
    'pow', 'sqrt', 'uniform', 'normal', 'float', 'double', 'long', 'isContiguous', 'isSetTo', 'item',
    'storage', 'storageOffset' }) do
  TensorMethods[name] = function(self, ...) return tcall(self, name, ...) end
end
TensorMethods.nDimension = TensorMethods.dim
TensorMethods.size = function(self, d) return tcall(self, 'size', d) end
TensorMethods.stride = function(self, d) return tcall(self, 'stride', d) end
TensorMethods.max = function(self, d)
  local r = tcall(self, 'max', d)
  if d == nil then return r end
  return r[1], r[2]
end
TensorMethods.min = function(self, d)
  local r = tcall(self, 'min', d)
  if d == nil then return r end
  return r[1], r[2]
end
TensorMethods.type = function() return 'torch.FloatTensor' end
TensorMethods.typeAs = function(self) return self end
TensorMethods.totable = function(self) return wrap(B.tcall(rawget(self, '__h'), 'toArray')) end
TensorMethods.apply = function(self, f)
  local n = self:nElement()
  local flat = self:view(n)
  for i = 1, n do
    local r = f(flat[i])
    if r ~= nil then flat[i] = r end
  end
  return self
end

TensorMeta.__index = function(self, k)
  if type(k) == 'number' then
    return wrap(B.tget(rawget(self, '__h'), k))
  end
  return TensorMethods[k]
end
TensorMeta.__newindex = function(self, k, v)
  if type(k) ~= 'number' then raise('cannot set field ' .. tostring(k) .. ' of a tensor (t[i] = v sets an element or a slice)') end
  local kind, r = B.tset(rawget(self, '__h'), k, unwrap(v))
  if kind == 'error' then raise(r) end
end
TensorMeta.__tostring = function(self) return wrap(B.tcall(rawget(self, '__h'), 'toString')) end
TensorMeta.__len = function(self) return self:size(1) end
local function arith(op) return function(a, b) return wrap(B.arith(op, unwrap(a), unwrap(b))) end end
TensorMeta.__add, TensorMeta.__sub, TensorMeta.__mul, TensorMeta.__div = arith('add'), arith('sub'), arith('mul'), arith('div')
TensorMeta.__unm = function(a) return wrap(B.arith('mul', unwrap(a), -1)) end
TensorMeta.__name = 'torch.FloatTensor'

StorageMeta.__index = { size = function(self) return #self end }
StorageMeta.__tostring = function(self)
  local lines = {}
  for i = 1, #self do lines[i] = ' ' .. tostring(math_floor(self[i])) end
  lines[#lines + 1] = '[torch.LongStorage of size ' .. #self .. ']'
  return table_concat(lines, '\n')
end

-- torch.FloatStorage: an engine storage shared with the tensors over it (bindings/storage.mjs)
local function isFloatStorage(v) return type(v) == 'table' and getmetatable(v) == FloatStorageMeta end
local scall = methodCaller('__s', B.scall, 'storage', 's')
for _, name in ipairs({ 'size', 'fill', 'copy' }) do
  FloatStorageMethods[name] = function(self, ...) return scall(self, name, ...) end
end
FloatStorageMethods.totable = function(self) return scall(self, 'toArray') end
FloatStorageMeta.__index = function(self, k)
  if type(k) == 'number' then return scall(self, 'get', k) end
  return FloatStorageMethods[k]
end
FloatStorageMeta.__newindex = function(self, k, v)
  if type(k) ~= 'number' then raise('cannot set field ' .. tostring(k) .. ' of a storage (s[i] = v sets an element)') end
  scall(self, 'set', k, v)
end
FloatStorageMeta.__len = function(self) return scall(self, 'size') end
FloatStorageMeta.__tostring = function(self) return scall(self, 'toString') end
FloatStorageMeta.__name = 'torch.FloatStorage'

-- ---------------------------------------------------------------------------------------------
-- torch

torch = torch or {}
local function tfun(name) return function(...) return wrap(B.torch(name, unwrapAll(...))) end end
for _, name in ipairs({ 'rand', 'randn', 'zeros', 'ones', 'eye', 'mm', 'range', 'linspace' }) do torch[name] = tfun(name) end
torch.manualSeed = function(seed) local k, v = B.torch('manualSeed', seed) if k == 'error' then raise(v) end end
torch.seed = function() return 0 end
torch.cat = function(a, b, dim)
  if isTensor(a) then return wrap(B.torch('cat', unwrap({ a, b }), dim)) end
  return wrap(B.torch('cat', unwrap(a), b))
end
torch.Tensor = function(a, ...)
  if a == nil then return wrap(B.torch('Tensor')) end
  if getmetatable(a) == StorageMeta then return wrap(B.torch('zeros', unwrap(a))) end
  if isFloatStorage(a) then return wrap(B.torch('Tensor', unwrap(a), unwrapAll(...))) end
  if isTensor(a) then return wrap(B.torch('Tensor', unwrap(a))) end
  if type(a) == 'table' then
    local data = a
    if #data == 0 then return wrap(B.torch('Tensor')) end
    return wrap(B.torch('tensor', data))
  end
  return wrap(B.torch('zeros', a, ...))
end
torch.FloatTensor, torch.DoubleTensor, torch.LongTensor = torch.Tensor, torch.Tensor, torch.Tensor
torch.LongStorage = function(a)
  if type(a) == 'table' then local s = {} for i = 1, #a do s[i] = a[i] end return newStorage(s) end
  local s = {}
  for i = 1, (a or 0) do s[i] = 0 end
  return newStorage(s)
end
torch.FloatStorage = function(...) return wrap(B.torch('FloatStorage', unwrapAll(...))) end
torch.Storage, torch.DoubleStorage = torch.FloatStorage, torch.FloatStorage
torch.isTensor = isTensor
torch.isStorage = function(v) return isFloatStorage(v) or (type(v) == 'table' and getmetatable(v) == StorageMeta) end
torch.typename = function(v)
  if isTensor(v) then return 'torch.FloatTensor' end
  if isFloatStorage(v) then return 'torch.FloatStorage' end
  local mt = type(v) == 'table' and getmetatable(v)
  if mt == StorageMeta then return 'torch.LongStorage' end
  if mt and rawget(mt, '__typename') then return rawget(mt, '__typename') end
  if type(v) == 'table' and rawget(v, '__m') then return v:typeName() end
  return nil
end
torch.type = function(v) return torch.typename(v) or type(v) end
torch.setdefaulttensortype = function() end
torch.getdefaulttensortype = function() return 'torch.FloatTensor' end

-- ---------------------------------------------------------------------------------------------
-- modules, nodes, criterions

local mcall = methodCaller('__m', B.mcall, 'module', 'm')

-- m(), m(node), m({a, b}): a graph node; x - m and {a, b} - m as nngraph's operator syntax
local function callNode(self, ...)
  local n = select('#', ...)
  if n > 1 then raise(tostring(self) .. ' was called with ' .. n .. ' arguments; to read several nodes pass one table, m({a, b})') end
  local arg = ...
  return wrap(B.node(rawget(self, '__m'), unwrap(arg), n == 0))
end

for _, name in ipairs({ 'forward', 'backward', 'zeroGradParameters', 'updateParameters', 'training',
    'evaluate', 'share', 'add', 'get', 'size', 'save', 'toDot' }) do
  ModuleMethods[name] = function(self, ...) return mcall(self, name, ...) end
end
ModuleMethods.clone = function(self, ...) return mcall(self, 'clone', ...) end
ModuleMethods.parameters = function(self) local r = mcall(self, 'parameters') return r[1], r[2] end
ModuleMethods.getParameters = function(self) local r = mcall(self, 'getParameters') return r[1], r[2] end
ModuleMethods.type = function(self) return self end
ModuleMethods.float = ModuleMethods.type
ModuleMethods.double = ModuleMethods.type
ModuleMethods.reset = function(self) return self end
ModuleMethods.typeName = function(self) return wrap(B.mget(rawget(self, '__m'), 'typeName')) end
-- The contract methods: the engine's for its own modules; Torch's nn.Module defaults for a Lua
-- class that does not define them (reaching the engine from there would call the class again).
ModuleMethods.updateOutput = function(self, input)
  if rawget(self, '__lua') then return self.output end
  return mcall(self, 'updateOutput', input)
end
ModuleMethods.updateGradInput = function(self, input, gradOutput)
  if rawget(self, '__lua') then return self.gradInput end
  return mcall(self, 'updateGradInput', input, gradOutput)
end
ModuleMethods.accGradParameters = function(self, input, gradOutput, scale)
  if rawget(self, '__lua') then return end
  return mcall(self, 'accGradParameters', input, gradOutput, scale)
end

local function moduleField(self, k)
  if k == 'fg' or k == 'bg' then return setmetatable({ graph = self, backward = (k == 'bg') }, GraphViewMeta) end
  return wrap(B.mget(rawget(self, '__m'), k))
end
ModuleMeta.__index = function(self, k)
  local method = ModuleMethods[k]
  if method ~= nil then return method end
  return moduleField(self, k)
end
ModuleMeta.__call = callNode
ModuleMeta.__tostring = function(self) return wrap(B.mget(rawget(self, '__m'), 'toString')) end
ModuleMeta.__unm = function(self) return callNode(self) end
local function subNode(a, b)
  -- x - m: m(x), {a, b} - m: m({a, b})
  return callNode(b, a)
end
ModuleMeta.__sub = subNode

NodeMethods.split = function(self, n)
  local r = wrap(B.ncall(rawget(self, '__n'), 'split', n))
  return table_unpack(r, 1, #r)
end
NodeMethods.annotate = function(self, t)
  local kind, v = B.ncall(rawget(self, '__n'), 'annotate', t)
  if kind == 'error' then raise(v) end
  return self
end
NodeMeta.__index = function(self, k)
  local method = NodeMethods[k]
  if method ~= nil then return method end
  return wrap(B.nget(rawget(self, '__n'), k))
end
NodeMeta.__sub = function(a, b) return callNode(b, a) end
NodeMeta.__tostring = function(self) return wrap(B.nget(rawget(self, '__n'), 'toString')) end

for _, name in ipairs({ 'forward', 'backward', 'updateOutput', 'updateGradInput', 'clone', 'add' }) do
  CriterionMethods[name] = function(self, ...)
    return wrap(B.ccall(rawget(self, '__c'), name, unwrapAll(...)))
  end
end
CriterionMeta.__index = function(self, k)
  local method = CriterionMethods[k]
  if method ~= nil then return method end
  return wrap(B.cget(rawget(self, '__c'), k))
end
CriterionMeta.__call = function(self, arg) return wrap(B.node(rawget(self, '__c'), unwrap(arg), arg == nil)) end
CriterionMeta.__tostring = function(self) return wrap(B.cget(rawget(self, '__c'), 'toString')) end

nn = nn or {}
setmetatable(nn, { __index = function(t, name)
  if type(name) ~= 'string' or not B.hasFactory(name) then return nil end
  local factory = function(...) return wrap(B.nn(name, unwrapAll(...))) end
  rawset(t, name, factory)
  return factory
end })
nn.gModule = function(inputs, outputs)
  if type(inputs) ~= 'table' or rawget(inputs, '__n') then raise('nn.gModule(inputs, outputs): inputs must be a table of nodes, e.g. nn.gModule({x}, {y})') end
  if type(outputs) ~= 'table' or rawget(outputs, '__n') then raise('nn.gModule(inputs, outputs): outputs must be a table of nodes, e.g. nn.gModule({x}, {y})') end
  return wrap(B.nn('gModule', unwrap(inputs), unwrap(outputs)))
end

-- ---------------------------------------------------------------------------------------------
-- torch.class, with Lua subclasses of nn.Module as engine modules

local classes = {}
local FIELDS = { output = true, gradInput = true, weight = true, bias = true, gradWeight = true, gradBias = true }
local nextId = 0

local function isModuleClass(cls)
  while cls do
    if cls == nn.Module then return true end
    cls = rawget(cls, '__parent')
  end
  return false
end
local function defines(cls, name)
  while cls and cls ~= nn.Module do
    if rawget(cls, name) ~= nil then return true end
    cls = rawget(cls, '__parent')
  end
  return false
end

-- The metatable of a class's instances: the tensors of the engine module are fields of the JS
-- state (B.sget/B.sset); everything else is the Lua object's own.
local function instanceMeta(cls)
  local meta = rawget(cls, '__instanceMeta')
  if meta then return meta end
  meta = {
    __typename = rawget(cls, '__typename'),
    __index = function(self, k)
      if FIELDS[k] and rawget(self, '__self') ~= nil then return wrap(B.sget(rawget(self, '__self'), k)) end
      local v = cls[k]
      if v ~= nil then return v end
      if rawget(self, '__m') ~= nil and (k == 'modules' or k == 'train') then return moduleField(self, k) end
      return nil
    end,
    __newindex = function(self, k, v)
      if FIELDS[k] and rawget(self, '__self') ~= nil then
        if not isTensor(v) then raise('self.' .. k .. ' must be a tensor, got ' .. type(v)) end
        local kind, r = B.sset(rawget(self, '__self'), k, unwrap(v))
        if kind == 'error' then raise(r) end
        return
      end
      rawset(self, k, v)
    end,
    __tostring = function(self)
      local f = cls.__tostring__
      if f then return f(self) end
      return rawget(cls, '__typename')
    end,
  }
  if isModuleClass(cls) then
    meta.__call = callNode
    meta.__unm = function(self) return callNode(self) end
    meta.__sub = subNode
  end
  rawset(cls, '__instanceMeta', meta)
  return meta
end

local function registerLuaObject(obj)
  nextId = nextId + 1
  luaObjects[nextId] = obj
  rawset(obj, '__id', nextId)
  return nextId
end

local function construct(cls, ...)
  local obj = setmetatable({}, instanceMeta(cls))
  if not isModuleClass(cls) then
    local init = cls.__init
    if init then init(obj, ...) end
    return obj
  end
  rawset(obj, '__lua', true)
  local id = registerLuaObject(obj)
  local name = string_gsub(rawget(cls, '__typename'), '^nn%.', '')
  local kind, m = B.newLuaModule(name, id, defines(cls, 'updateGradInput'), defines(cls, 'accGradParameters'), unwrapAll(...))
  if kind == 'error' then luaObjects[id] = nil raise(m) end
  rawset(obj, '__m', m)
  return obj
end

-- Called by the engine through lua.mjs: kind is 'init', 'updateOutput', 'updateGradInput',
-- 'accGradParameters', 'clone' or 'release'.
function NNGRAPH_HOOK(kind, id, jsSelf, ki, vi, kg, vg, scale, ...)
  local obj = luaObjects[id]
  if kind == 'release' then luaObjects[id] = nil return nil end
  if kind == 'init' then
    rawset(obj, '__self', jsSelf)
    local init = getmetatable(obj).__index(obj, '__init')
    if init then init(obj, ...) end
    return nil
  end
  if kind == 'clone' then
    local copy = {}
    for k, v in pairs(obj) do
      if k ~= '__id' and k ~= '__m' and k ~= '__self' then copy[k] = isTensor(v) and v:clone() or v end
    end
    setmetatable(copy, getmetatable(obj))
    rawset(copy, '__self', jsSelf)
    return registerLuaObject(copy)
  end
  if kind == 'bind' then rawset(obj, '__m', jsSelf) return nil end
  local f = obj[kind]
  local r = f(obj, wrap(ki, vi), wrap(kg, vg), scale)
  if kind == 'accGradParameters' then return nil end
  if r == nil then raw_error(rawget(getmetatable(obj), '__typename') .. ':' .. kind .. ' returned nothing; it must return a tensor or a table of tensors (usually self.output / self.gradInput)', 0) end
  if type(r) ~= 'table' then raw_error(rawget(getmetatable(obj), '__typename') .. ':' .. kind .. ' returned a ' .. type(r) .. '; it must return a tensor or a table of tensors (usually self.output / self.gradInput)', 0) end
  return unwrap(r)
end

local function moduleBase()
  local base = { __typename = 'nn.Module' }
  for k, v in pairs(ModuleMethods) do base[k] = v end
  base.__init = function(self)
    self.output = torch.Tensor()
    self.gradInput = torch.Tensor()
    rawset(self, 'train', true)
  end
  return base
end
nn.Module = moduleBase()
classes['nn.Module'] = nn.Module

function torch.class(name, parentName)
  if type(name) ~= 'string' then raise('torch.class(name, parent): name must be a string like \'nn.MyModule\'') end
  local parent = nil
  if parentName ~= nil then
    parent = classes[parentName]
    if parent == nil then
      raise('torch.class(\'' .. name .. '\', \'' .. tostring(parentName) .. '\'): unknown parent class; a Lua class can extend nn.Module or another torch.class')
    end
  end
  local cls = { __typename = name, __parent = parent }
  setmetatable(cls, { __index = parent, __call = construct, __tostring = function() return name end })
  classes[name] = cls
  -- 'nn.Foo' -> nn.Foo(...), 'Foo' -> Foo(...)
  local dot = string_find(name, '.', 1, true)
  if dot then
    local ns, short = string_sub(name, 1, dot - 1), string_sub(name, dot + 1)
    local space = ns == 'nn' and nn or rawget(_G, ns)
    if space == nil then space = {} rawset(_G, ns, space) end
    rawset(space, short, cls)
  else
    rawset(_G, name, cls)
  end
  return cls, parent
end

-- ---------------------------------------------------------------------------------------------
-- optim, graph, nngraph

optim = optim or {}
local function optimStep(kind)
  return function(feval, x, config, state)
    config = config or {}
    state = state or config
    local js = rawget(state, '__optimState')
    if js == nil then js = B.newObject() rawset(state, '__optimState', js) end
    local settings = {}
    for k, v in pairs(config) do if k ~= '__optimState' then settings[k] = v end end
    local fx
    local jsFeval = function(xh)
      local loss, grad = feval(x)
      fx = loss
      return { loss, unwrap(grad) }
    end
    local kind2, r = B.optim(kind, jsFeval, unwrap(x), settings, js)
    if kind2 == 'error' then raise(r) end
    return x, { fx }
  end
end
optim.sgd, optim.adam = optimStep('sgd'), optimStep('adam')

graph = graph or {}
GraphViewMeta.__tostring = function(v) return 'graph (' .. (v.backward and 'backward' or 'forward') .. ') of ' .. tostring(v.graph) end
function graph.dot(view, title, filename)
  if getmetatable(view) ~= GraphViewMeta then raise('graph.dot(g.fg, title): expected g.fg or g.bg of a gModule') end
  return wrap(B.dot(rawget(view.graph, '__m'), view.backward, title))
end
nngraph = nngraph or {}
nngraph.annotateNodes = function() end
nngraph.setDebug = function() end

-- ---------------------------------------------------------------------------------------------
-- print, as Torch's REPL (trepl) prints

local function describe(v, indent, seen)
  if isTensor(v) or isFloatStorage(v) then return tostring(v) end
  if type(v) == 'table' and getmetatable(v) == StorageMeta then return tostring(v) end
  if type(v) ~= 'table' or getmetatable(v) ~= nil then
    if type(v) == 'string' then return v end
    return tostring(v)
  end
  return nil
end
local function short(v)
  if isTensor(v) then
    local size = v:size()
    local parts = {}
    for i = 1, #size do parts[i] = tostring(math_floor(size[i])) end
    return 'FloatTensor - size: ' .. (#parts > 0 and table_concat(parts, 'x') or 'empty')
  end
  if isFloatStorage(v) then return 'FloatStorage - size: ' .. tostring(math_floor(v:size())) end
  if type(v) == 'string' then return '"' .. v .. '"' end
  return tostring(v)
end
local function keyText(k)
  if type(k) == 'string' then return k end
  return tostring(k)
end
local function tableText(t, indent, seen)
  if seen[t] then return '<cycle>' end
  seen[t] = true
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  table_sort(keys, function(a, b)
    local ta, tb = type(a), type(b)
    if ta ~= tb then return ta == 'number' end
    if ta == 'number' or ta == 'string' then return a < b end
    return tostring(a) < tostring(b)
  end)
  if #keys == 0 then return '{}' end
  local pad = string_rep('  ', indent + 1)
  local lines = { '{' }
  for _, k in ipairs(keys) do
    local v = t[k]
    local text
    if type(v) == 'table' and getmetatable(v) == nil then text = tableText(v, indent + 1, seen)
    else text = short(v) end
    lines[#lines + 1] = pad .. keyText(k) .. ' : ' .. text
  end
  lines[#lines + 1] = string_rep('  ', indent) .. '}'
  seen[t] = nil
  return table_concat(lines, '\n')
end
local function show(v)
  local d = describe(v)
  if d ~= nil then return d end
  return tableText(v, 0, {})
end
local function printLine(...)
  local n = select('#', ...)
  local parts = {}
  for i = 1, n do
    local v = select(i, ...)
    local text = show(v)
    -- a tensor's text ends with a newline (as Torch's): print adds its own
    if string_sub(text, -1) == '\n' then text = string_sub(text, 1, -2) end
    parts[i] = text
  end
  B.print(table_concat(parts, '\t'))
end
print = printLine

-- ---------------------------------------------------------------------------------------------
-- require over the files option, and running a chunk

package.loaded.torch, package.loaded.nn, package.loaded.nngraph = torch, nn, nngraph
package.loaded.optim, package.loaded.graph = optim, graph
package.loaded.paths = { dofile = dofile }
table_insert(package.searchers, 2, function(name)
  local path, text = B.findFile(name)
  if path == nil then return '\n\tno file ' .. text end
  local chunk, err = load(text, '@' .. path, 't')
  if not chunk then raw_error(err, 0) end
  return chunk, path
end)

local function hint(message)
  if string_find(message, "near '#'", 1, true) then
    return message .. " (Lua comments start with --, not #)"
  end
  return message
end

local function messageOf(e)
  if type(e) == 'string' then return e end
  if type(e) == 'table' then return tostring(e) end
  if type(e) == 'userdata' then
    local ok, m = pcall(function() return e.message end)
    if ok and m then return m end
  end
  return tostring(e)
end

-- (source, name, instruction limit or 0, time limit in ms or 0) -> ok; the results or the
-- message go to the bridge (a Lua function called from JS returns only its first value)
function NNGRAPH_RUN(source, name, instructionLimit, timeLimit)
  local chunk, err = load(source, '@' .. name, 't')
  if not chunk then B.setError(hint(err)) return false end
  if instructionLimit > 0 or timeLimit > 0 then
    local count, started = 0, B.now()
    sethook(function()
      count = count + 10000
      if instructionLimit > 0 and count > instructionLimit then
        raw_error('stopped after ' .. instructionLimit .. ' instructions (the run\'s instruction limit)', 2)
      end
      if timeLimit > 0 and B.now() - started > timeLimit then
        raw_error('stopped after ' .. timeLimit .. ' ms (the run\'s time limit)', 2)
      end
    end, '', 10000)
  end
  local results = table.pack(xpcall(chunk, function(e)
    local m = messageOf(e)
    return m
  end))
  sethook()
  flushGarbage()  -- so that memory() after a run counts only what is still in use
  if not results[1] then B.setError(results[2]) return false end
  local out = {}
  for i = 2, results.n do out[i - 1] = unwrap(results[i]) end
  B.setResults(out, results.n - 1)
  return true, nil
end
`;
