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
  // jsonc-parser: its UMD build requires its parts at run time, which a bundle cannot hold.
  external: ['exceljs', 'jszip', '@resvg/resvg-js', 'jsonc-parser'],
  sourcemap: 'linked',
  logLevel: 'warning',
});
// V8's compiled code of the bundle, made by a fresh Node process (the cache fits only the Node that made it).
rmSync(join(root, 'build/ka-sales.cjs.cache'), { force: true });
execFileSync(process.execPath, [join(root, 'scripts/code-cache.cjs'), '--write'], { stdio: 'inherit' });

const gas = join(root, 'scripts/build-gas.mjs');
if (existsSync(gas)) await (await import(gas)).buildGas(root);
