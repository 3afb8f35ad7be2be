// Builds the two deliverables with esbuild:
//   build/ka-sales.cjs  the command line (Node; small dependencies bundled in, for start-up time: one file to
//                       compile instead of a hundred to find; ExcelJS and JSZip, loaded only to write, stay in node_modules,
//                       and so does resvg, a native binary loaded only to draw a PNG)
//   dist/               the Apps Script project for clasp (see scripts/build-gas.mjs)
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

await build({
  entryPoints: [join(root, 'src/cli/main.ts')],
  outfile: join(root, 'build/ka-sales.cjs'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['exceljs', 'jszip', '@resvg/resvg-js'],
  // jsonc-parser's "main" is a UMD build that requires its parts at run time, which a bundle cannot hold; its
  // ES-module build bundles, and saves the start-up the look-up of its five files.
  alias: { 'jsonc-parser': join(root, 'node_modules/jsonc-parser/lib/esm/main.js') },
  sourcemap: 'linked',
  // Whitespace and syntax only (names kept, so a stack trace still reads): a smaller file to read and compile.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
});
// V8's compiled code of the bundle, made by a fresh Node process (the cache fits only the Node that made it).
rmSync(join(root, 'build/ka-sales.cjs.cache'), { force: true });
execFileSync(process.execPath, [join(root, 'scripts/code-cache.cjs'), '--write'], { stdio: 'inherit' });

const gas = join(root, 'scripts/build-gas.mjs');
if (existsSync(gas)) await (await import(gas)).buildGas(root);
