// npm run deploy: nothing reaches Google unless the type-check, every test and the build pass; then
//   1. the test project (.clasp-dev.json) gets the new code — open a copy of a workbook bound to it and try it;
//   2. after a "yes", the production library (.clasp.json) gets it and a numbered version is made;
//   3. that number goes to .ka-library-version and dist-shim/ is built again, pinned to it (push it to the
//      template with `npx clasp -P .clasp-shim.json push --force`; see the README's update step).
// With --addon the production project is .clasp-addon.json (the Editor add-on, dist-addon/) instead.
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const addon = process.argv.includes('--addon');
const prodFile = addon ? '.clasp-addon.json' : '.clasp.json';
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });
const clasp = (project, ...args) =>
  execFileSync('npx', ['clasp', '-P', project, ...args], { cwd: root, stdio: ['inherit', 'pipe', 'inherit'] }).toString();

for (const f of ['.clasp-dev.json', prodFile]) {
  if (!existsSync(join(root, f))) {
    console.error(`${f} is missing: create it as the README's deployment section says (a script id and "rootDir").`);
    process.exit(2);
  }
}
run('npx', ['tsc', '--noEmit', '-p', '.']);
run('npx', ['jest', '--maxWorkers=2']);
run(process.execPath, ['scripts/build.mjs']);

console.log(clasp('.clasp-dev.json', 'push', '--force'));
console.log('Pushed to the test project (.clasp-dev.json). Try it there before production.');
const rl = createInterface({ input: process.stdin, output: process.stdout });
const yes = process.argv.includes('--yes') || /^y/i.test(await rl.question(`Push to production (${prodFile}) and make a version? [y/N] `));
rl.close();
if (!yes) process.exit(0);

console.log(clasp(prodFile, 'push', '--force'));
const description = execFileSync('git', ['describe', '--always', '--dirty'], { cwd: root }).toString().trim();
const out = clasp(prodFile, '--json', 'create-version', `ka-sales ${description}`);
const version = /"?versionNumber"?\s*[:=]\s*(\d+)/.exec(out)?.[1] ?? /(\d+)\s*$/.exec(out.trim())?.[1];
if (!version) {
  console.error(`clasp printed no version number:\n${out}`);
  process.exit(1);
}
if (!addon) {
  writeFileSync(join(root, '.ka-library-version'), `${version}\n`);
  run(process.execPath, ['scripts/build.mjs']);
  console.log(`Library version ${version}. dist-shim/ now pins it: npx clasp -P .clasp-shim.json push --force`);
} else {
  console.log(`Add-on version ${version}: select it in the Google Workspace Marketplace SDK (App configuration) to publish it.`);
}
