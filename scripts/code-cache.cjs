// Loads build/ka-sales.cjs the way bin/ka-sales.js does and with `--write`
// saves V8's compiled code of it to build/ka-sales.cjs.cache, so that each
// command skips compiling the bundle (a sixth of its start-up). The cache
// belongs to this Node version: another one rejects it and compiles as usual.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');

const BUNDLE = path.join(__dirname, '..', 'build', 'ka-sales.cjs');
const CACHE = `${BUNDLE}.cache`;

/** The bundle's exports, compiled with the saved code when there is one that fits. */
function loadBundle(write = false) {
  let cachedData;
  try {
    cachedData = write ? undefined : fs.readFileSync(CACHE);
  } catch {
    // no cache: compile
  }
  const script = new vm.Script(Module.wrap(fs.readFileSync(BUNDLE, 'utf8')), { filename: BUNDLE, cachedData });
  const m = new Module(BUNDLE, module);
  m.filename = BUNDLE;
  m.paths = Module._nodeModulePaths(path.dirname(BUNDLE));
  script.runInThisContext().call(m.exports, m.exports, Module.createRequire(BUNDLE), m, BUNDLE, path.dirname(BUNDLE));
  if (write) fs.writeFileSync(CACHE, script.createCachedData());
  return m.exports;
}

module.exports = { loadBundle, BUNDLE, CACHE };

if (require.main === module && process.argv[2] === '--write') loadBundle(true);
