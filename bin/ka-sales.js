#!/usr/bin/env node

// The command line. `npm ci` builds build/ka-sales.cjs (the prepare script) and its compiled-code cache.
const path = require('node:path');
const fs = require('node:fs');
const built = path.join(__dirname, '..', 'build', 'ka-sales.cjs');
if (!fs.existsSync(built)) {
  process.stderr.write('ka-sales: not built yet: run `npm ci` (or `npm run build`) in the project folder\n');
  process.exit(2);
}
require('../scripts/code-cache.cjs')
  .loadBundle()
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
