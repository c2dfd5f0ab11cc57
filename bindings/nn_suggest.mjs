// "Did you mean nn.Linear?": reading a name that is not in nn, spelled like a factory (a capital
// first letter, as every module and criterion is), throws an Error naming the nearest factory,
// instead of leaving `nn.Lienar(4, 8)` to fail as "nn.Lienar is not a function". Other keys
// (lower case, symbols) read as usual, so `'Linear' in nn`, `nn.then` and inspection still work.
// Installed after define_module.mjs: it wraps the nn that parts.freezeNn returns in a Proxy whose
// target is that same table, so names nn.defineModule adds later are found (and suggested).

// Optimal string alignment distance: Levenshtein plus the swap of two neighbours ("Lienar").
export function editDistance(a, b) {
  const rows = a.length + 1, cols = b.length + 1;
  const d = Array.from({ length: rows }, (_, i) => [i, ...new Array(cols - 1).fill(0)]);
  for (let j = 1; j < cols; ++j) d[0][j] = j;
  for (let i = 1; i < rows; ++i) {
    for (let j = 1; j < cols; ++j) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[rows - 1][cols - 1];
}

// The candidate nearest to name (case does not count), or null when none is close: at most a
// third of the name's letters wrong (at least one), as a typo is.
export function nearestName(name, candidates) {
  const wanted = name.toLowerCase();
  let best = null, bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(wanted, candidate.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return bestDistance <= Math.max(1, Math.floor(name.length / 3)) ? best : null;
}

const looksLikeFactory = (key) => typeof key === 'string' && /^[A-Z]/.test(key);

export function unknownNameMessage(name, candidates) {
  const near = nearestName(name, candidates);
  return near
    ? `nn.${name} does not exist: did you mean nn.${near}?`
    : `nn.${name} does not exist: it is not a module or criterion of nngraph-wasm (info.modules and info.criterions list them; nn.defineModule adds your own)`;
}

export function installNnSuggest(parts) {
  const freeze = parts.freezeNn ?? Object.freeze;
  parts.freezeNn = (table) => {
    const frozen = freeze(table);
    const factories = () => Object.keys(frozen).filter((k) => looksLikeFactory(k) && typeof frozen[k] === 'function');
    return new Proxy(frozen, {
      get(target, key, receiver) {
        if (!looksLikeFactory(key) || Reflect.has(target, key)) return Reflect.get(target, key, receiver);
        throw new Error(unknownNameMessage(key, factories()));
      },
    });
  };
}
