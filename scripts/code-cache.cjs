// Loads build/ka-sales.cjs the way bin/ka-sales.js does and with `--write`
// saves V8's compiled code of it to build/ka-sales.cjs.cache, so that each
// command skips compiling the bundle (a sixth of its start-up). Before saving,
// `--write` runs `score` on the example account (its output thrown away): V8
// compiles a function on its first call, and the cache then holds the code of
// the commands' common path (reading, checking and scoring an account) too.
// The cache belongs to this Node version: another one rejects it and compiles as usual.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');

const BUNDLE = path.join(__dirname, '..', 'build', 'ka-sales.cjs');
const CACHE = `${BUNDLE}.cache`;
const EXAMPLE = path.join(__dirname, '..', 'tests', 'fixtures', 'example-account.json');

/** The compiled bundle and its exports, compiled with the saved code when there is one that fits. */
function compileBundle(write) {
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
  return { script, exports: m.exports };
}

/** The bundle's exports. */
function loadBundle() {
  return compileBundle(false).exports;
}

/** Compiles the bundle, runs `score` on the example account when it is there, and saves the compiled code. */
async function writeCache() {
  const { script, exports } = compileBundle(true);
  if (fs.existsSync(EXAMPLE)) {
    const write = process.stdout.write;
    process.stdout.write = () => true;
    try {
      await exports.main(['score', EXAMPLE, '--as-of', '2026-11-30']);
    } finally {
      process.stdout.write = write;
    }
  }
  fs.writeFileSync(CACHE, script.createCachedData());
}

module.exports = { loadBundle, BUNDLE, CACHE };

if (require.main === module && process.argv[2] === '--write') {
  writeCache().catch((e) => {
    process.stderr.write(`code-cache: ${e.message}\n`);
    process.exitCode = 1;
  });
}
