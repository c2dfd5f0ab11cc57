// The cost of one Lua -> engine call through nngraph-wasm/lua (t:add(1), t:size(1), m:forward(t)),
// next to a bare Lua -> JS call of the same VM (wasmoon), measured with os.clock in Lua.
// Run: node bench/lua-call-cost.mjs   (a measurement, not a test: no assertions)
import { LuaFactory } from 'wasmoon';
import { createLua } from 'nngraph-wasm/lua';

const n = 20000;
const bare = await new LuaFactory().createEngine();
bare.global.set('noop', () => undefined);
bare.global.set('report', (us) => console.log(`bare Lua -> JS call (wasmoon): ${us.toFixed(2)} us`));
await bare.doString(`for i = 1, 2000 do noop() end
local c0 = os.clock()
for i = 1, ${n} do noop() end
report((os.clock() - c0) / ${n} * 1e6)`);
bare.global.close();

const lua = await createLua({ print: (line) => console.log(line) });
await lua.run(`
local t, m = torch.zeros(4), nn.Linear(4, 4)
local function per(f)
  for i = 1, 2000 do f() end
  local c0 = os.clock()
  for i = 1, ${n} do f() end
  return (os.clock() - c0) / ${n} * 1e6
end
print(string.format('t:add(1) %.2f us, t:size(1) %.2f us, m:forward(t) %.2f us per call',
  per(function() t:add(1) end), per(function() return t:size(1) end), per(function() return m:forward(t) end)))
`, 'cost.lua');
lua.close();
process.exit(0);
