// Torch's own methods of the convolutional modules, in JS:
//   nn.SpatialConvolution(3, 8, 5, 5).noBias()       // drops the bias (saved graphs remember it)
//   nn.SpatialMaxPooling(2, 2).ceil()                // or .floor(): how the output size rounds
//   nn.SpatialAveragePooling(3, 3, 2, 2, 1, 1).setCountExcludePad()   // or setCountIncludePad()
//   bn.running_mean, bn.running_var                  // batch normalization's running statistics
// Each returns the module, as in Torch, so calls chain; on another module it throws an Error
// naming it. The engine does the work (bindings/embind_conv.cpp).

export function installConv({ M, Module, rawOf, kKind, wrapTensor }) {
  const define = (name, fn) =>
    Object.defineProperty(Module.prototype, name, { value: fn, writable: true, configurable: true });
  define('noBias', function noBias() {
    M.convNoBias(rawOf(this, 'Module'));
    // The per-module bias / gradBias accessors made when it was wrapped now have nothing to show.
    for (const key of ['bias', 'gradBias']) Object.defineProperty(this, key, { value: undefined, configurable: true });
    return this;
  });
  define('ceil', function ceil() {
    M.poolingSetCeilMode(rawOf(this, 'Module'), true);
    return this;
  });
  define('floor', function floor() {
    M.poolingSetCeilMode(rawOf(this, 'Module'), false);
    return this;
  });
  define('setCountIncludePad', function setCountIncludePad() {
    M.poolingSetCountIncludePad(rawOf(this, 'Module'), true);
    return this;
  });
  define('setCountExcludePad', function setCountExcludePad() {
    M.poolingSetCountIncludePad(rawOf(this, 'Module'), false);
    return this;
  });
  // State tensors (running_mean, running_var): views of the module's own, or undefined.
  for (const name of ['running_mean', 'running_var']) {
    Object.defineProperty(Module.prototype, name, {
      get() {
        if (!this || this[kKind] !== 'Module') return undefined;
        let found;
        for (const entry of M.moduleStateList(rawOf(this, 'Module'))) {
          if (entry.name === name && !found) found = entry.value;
          else entry.value.delete();
        }
        return found ? wrapTensor(found) : undefined;
      },
      configurable: true,
    });
  }
}
