/**
 * `build` and `export` take many inputs in one process, writing into the
 * folder -o names: every good input is written, a bad one is one line on
 * stderr (exit 2) and the rest go on; no input overwrites another's output.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toAccount } from '../../src/domain/account';
import { generateAccount } from '../../src/domain/sample-accounts';
import { readAccountFromGrids, layoutToGrids } from '../../src/domain/read-workbook';
import { workbookLayout } from '../../src/domain/layout';
import { ensureBuilt, runBin, stderrLines } from '../support/cli';

let d: string;
beforeAll(() => {
  ensureBuilt();
  d = mkdtempSync(join(tmpdir(), 'ka-many-'));
});
afterAll(() => rmSync(d, { recursive: true, force: true }));

const canonical = (a: unknown) =>
  JSON.parse(JSON.stringify(readAccountFromGrids(layoutToGrids(workbookLayout(toAccount(a as never)))).account));

test('build A B C -o DIR, then export DIR/*.xlsx -o DIR2: the same accounts; a broken input is one line and the others are written', async () => {
  const accounts = [0, 1, 2].map((i) => generateAccount(i, '2026-11-01'));
  const inputs = accounts.map((a, i) => {
    const f = join(d, `in-${i}.json`);
    writeFileSync(f, JSON.stringify(a));
    return f;
  });
  writeFileSync(join(d, 'broken.json'), '{"schemaVersion": 1, ');
  mkdirSync(join(d, 'xlsx'));
  const b = await runBin(d, ['build', inputs[0], 'broken.json', inputs[1], inputs[2], '-o', 'xlsx'], 60_000);
  expect(b.code).toBe(2);
  expect(stderrLines(b.stderr).filter((l) => l.includes('broken.json'))).toHaveLength(1);
  const built = readdirSync(join(d, 'xlsx')).sort();
  expect(built).toHaveLength(3);

  mkdirSync(join(d, 'json'));
  const e = await runBin(d, ['export', ...built.map((f) => join('xlsx', f)), '-o', 'json'], 60_000);
  expect(e.code).toBe(0);
  const back = readdirSync(join(d, 'json')).map((f) => JSON.parse(readFileSync(join(d, 'json', f), 'utf8')));
  const byName = (xs: Array<{ overview: { customerName?: unknown } }>) =>
    [...xs].sort((x, y) => String(x.overview.customerName).localeCompare(String(y.overview.customerName)));
  expect(byName(back)).toEqual(byName(accounts.map(canonical)));
}, 120_000);

test('two inputs of one customer: the second is not written over the first; many inputs without a folder is a usage error', async () => {
  const a = generateAccount(5, '2026-11-01');
  writeFileSync(join(d, 'same-1.json'), JSON.stringify(a));
  writeFileSync(join(d, 'same-2.json'), JSON.stringify(a));
  mkdirSync(join(d, 'same'));
  const b = await runBin(d, ['build', 'same-1.json', 'same-2.json', '-o', 'same', '--force'], 60_000);
  expect(b.code).toBe(2);
  expect(stderrLines(b.stderr).filter((l) => l.includes('same-2.json') && l.includes('未覆盖'))).toHaveLength(1);
  expect(readdirSync(join(d, 'same'))).toHaveLength(1);
  const u = await runBin(d, ['build', 'same-1.json', 'same-2.json', '-o', 'one.xlsx'], 30_000);
  expect(u.code).toBe(2);
  expect(u.stderr).toMatch(/-o 必须是一个已存在的文件夹/);
  const x = await runBin(d, ['export', 'a.xlsx', 'b.xlsx'], 30_000);
  expect(x.code).toBe(2);
  expect(x.stderr).toMatch(/-o 必须是一个已存在的文件夹/);
}, 120_000);
