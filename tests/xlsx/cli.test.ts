/**
 * `ka-sales new`, `build`, `export`, and `score` / `validate` on .xlsx, run as
 * a user runs them (`node bin/ka-sales.js …` in a temporary folder).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXAMPLE_SCORES } from '../fixtures/example-expected';
import { type Run, ROOT, ensureBuilt, runBin } from '../support/cli';
import ExcelJS from 'exceljs';
import { parseAccountJson, toAccount } from '../../src/domain/account';
import { workbookLayout } from '../../src/domain/layout';
import { layoutToGrids, readAccountFromGrids } from '../../src/domain/read-workbook';

const EXAMPLE = join(ROOT, 'tests', 'fixtures', 'example-account.json');
let dir: string;

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'ka-xlsx-cli-'));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const run = (cwd: string, ...args: string[]): Promise<Run> => runBin(cwd, args, 60_000);

let n = 0;
/** A fresh sub-folder per test (tests run concurrently). */
function folder(): string {
  n += 1;
  const d = join(dir, `t${n}`);
  execFileSync('mkdir', ['-p', d]);
  return d;
}

const canonical = (raw: unknown) => JSON.parse(JSON.stringify(readAccountFromGrids(layoutToGrids(workbookLayout(toAccount(raw)))).account));
const exampleRaw = () => JSON.parse(readFileSync(EXAMPLE, 'utf8'));

/** stderr holds whole lines of ours, never a stack trace. */
function cleanErrors(stderr: string): string[] {
  const lines = stderr.split('\n').filter(Boolean);
  for (const l of lines) expect(l).not.toMatch(/^\s+at |Error:|node:internal/);
  return lines;
}

test.concurrent('new NAME writes <NAME>.xlsx; export gives back the empty account; an existing file is kept unless --force', async () => {
  const d = folder();
  const r = await run(d, 'new', '临江市财政局');
  expect(r).toMatchObject({ code: 0, stdout: '' });
  expect(existsSync(join(d, '临江市财政局.xlsx'))).toBe(true);
  const e = await run(d, 'export', '临江市财政局.xlsx');
  expect(e.code).toBe(0);
  expect(JSON.parse(e.stdout)).toEqual(canonical({ schemaVersion: 1, overview: { customerName: '临江市财政局' } }));
  const again = await run(d, 'new', '临江市财政局');
  expect(again.code).toBe(2);
  expect(cleanErrors(again.stderr)).toEqual([expect.stringMatching(/已存在.*--force/)]);
  expect((await run(d, 'new', '临江市财政局', '--force')).code).toBe(0);
});

test.concurrent('new sanitises the file name, takes -o and --lang en', async () => {
  const d = folder();
  expect((await run(d, 'new', 'A/B: "C"?*')).code).toBe(0);
  expect(readdirSync(d)).toEqual(['A_B_ _C___.xlsx']);
  expect((await run(d, 'new', 'Acme', '-o', 'acme-en.xlsx', '--lang', 'en')).code).toBe(0);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(join(d, 'acme-en.xlsx'));
  expect(wb.worksheets.map((w) => w.name)).toEqual([
    'Health',
    'Glossary',
    'Overview',
    'Key people',
    'Role map',
    'Opportunity',
    'Competitiveness',
    'Action plan',
    '_ka_meta',
  ]);
  expect(wb.getWorksheet('_ka_meta')?.state).toBe('hidden');
  expect((await run(d, 'new', '  ')).code).toBe(2);
});

test.concurrent('build writes <customer>.xlsx; export prints exactly the canonical account; score equals score of the JSON', async () => {
  const d = folder();
  const b = await run(d, 'build', EXAMPLE);
  expect(b).toMatchObject({ code: 0, stdout: '' });
  const xlsx = join(d, '临江市财政局.xlsx');
  expect(existsSync(xlsx)).toBe(true);
  const e = await run(d, 'export', xlsx);
  expect(e.code).toBe(0);
  expect(JSON.parse(e.stdout)).toEqual(canonical(exampleRaw()));
  const s1 = await run(d, 'score', '--json', '--as-of', '2026-11-01', xlsx);
  const s2 = await run(d, 'score', '--json', '--as-of', '2026-11-01', EXAMPLE);
  expect(s1.code).toBe(0);
  const { file: f1, ...score1 } = JSON.parse(s1.stdout);
  const { file: f2, ...score2 } = JSON.parse(s2.stdout);
  expect([f1, f2]).toEqual([xlsx, EXAMPLE]);
  expect(score1).toEqual(score2);
  expect(score1).toMatchObject(EXAMPLE_SCORES);
  const v = await run(d, 'validate', xlsx);
  expect(v.code).toBe(0);
});

test.concurrent('build writes bad values as they are, reports them with tab and cell, exits 1; validate/score of the .xlsx agree', async () => {
  const d = folder();
  const raw = exampleRaw();
  raw.overview.customerName = '=HYPERLINK("http://evil.example","点我")';
  raw.opportunity.items[2].mark = 'x';
  raw.opportunity.items[6].mark = '＋';
  raw.keyPeople[1].age = '四十一';
  raw.competitiveness.items[0].us = '?？';
  const json = join(d, 'bad.json');
  writeFileSync(json, JSON.stringify(raw));
  const b = await run(d, 'build', json, '-o', 'bad.xlsx');
  expect(b.code).toBe(1);
  const lines = b.stdout.split('\n').filter(Boolean);
  expect(lines).toEqual([
    expect.stringMatching(/^bad\.xlsx: 关键人物!E4 \[type\] keyPeople\.1\.age: .*四十一/),
    expect.stringMatching(/^bad\.xlsx: 机会评估!E8 \[mark\] opportunity\.items\.2\.mark: .*"x"/),
    expect.stringMatching(/^bad\.xlsx: 竞争力评估!D7 \[mark\] competitiveness\.items\.0\.us: .*\?？/),
  ]);
  // Nothing dropped: the bad values are in the workbook, the formula-looking name is text.
  const e = await run(d, 'export', 'bad.xlsx');
  const back = JSON.parse(e.stdout);
  expect(back.overview.customerName).toBe(raw.overview.customerName);
  expect(back.opportunity.items[2].mark).toBe('x');
  expect(back.opportunity.items[6].mark).toBe('+');
  expect(back.keyPeople[1].age).toBe('四十一');
  expect(e.code).toBe(0);
  expect(cleanErrors(e.stderr)).toEqual([expect.stringContaining('3')]);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(join(d, 'bad.xlsx'));
  const name = wb.getWorksheet('客户全貌')?.getCell('B5');
  expect(name?.type).toBe(ExcelJS.ValueType.String);

  const v = await run(d, 'validate', '--json', 'bad.xlsx');
  expect(v.code).toBe(1);
  const report = JSON.parse(v.stdout);
  expect(report.file).toBe('bad.xlsx');
  expect(report.problems).toHaveLength(3);
  for (const p of report.problems) expect(Object.keys(p)).toEqual(['path', 'rule', 'message', 'sheet', 'cell']);
  expect(report.problems[1]).toMatchObject({ path: 'opportunity.items.2.mark', rule: 'mark', sheet: '机会评估', cell: 'E8' });

  const s1 = JSON.parse((await run(d, 'score', '--json', '--as-of', '2026-11-01', 'bad.xlsx')).stdout);
  const s2 = JSON.parse((await run(d, 'score', '--json', '--as-of', '2026-11-01', json)).stdout);
  expect({ ...s1, file: '' }).toEqual({ ...s2, file: '' });

  const j = await run(d, 'build', json, '-o', 'bad2.xlsx', '--json', '--lang', 'en');
  expect(j.code).toBe(1);
  expect(JSON.parse(j.stdout).problems[1]).toMatchObject({ sheet: 'Opportunity', cell: 'E8' });
});

test.concurrent('export -o writes the file and keeps stdout empty; a folder as -o gets <workbook>.json', async () => {
  const d = folder();
  expect((await run(d, 'build', EXAMPLE, '-o', 'ex.xlsx')).code).toBe(0);
  const e = await run(d, 'export', 'ex.xlsx', '-o', 'ex.json');
  expect(e).toMatchObject({ code: 0, stdout: '' });
  expect(parseAccountJson(readFileSync(join(d, 'ex.json'), 'utf8')).raw).toEqual(canonical(exampleRaw()));
  execFileSync('mkdir', [join(d, 'out')]);
  expect((await run(d, 'export', 'ex.xlsx', '-o', 'out')).code).toBe(0);
  expect(existsSync(join(d, 'out', 'ex.json'))).toBe(true);
  expect((await run(d, 'export', 'ex.xlsx', '-o', 'ex.json')).code).toBe(2);
});

test.concurrent('unreadable files: one clear line on stderr, exit 2, and an entry {file, error} in --json, for score, validate and export', async () => {
  const d = folder();
  writeFileSync(join(d, 'empty.xlsx'), '');
  writeFileSync(join(d, 'text.xlsx'), 'name,stage\n');
  writeFileSync(join(d, 'old.xlsx'), Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(1024)]));
  expect((await run(d, 'build', EXAMPLE, '-o', 'good.xlsx')).code).toBe(0);
  writeFileSync(join(d, 'truncated.xlsx'), readFileSync(join(d, 'good.xlsx')).subarray(0, 3000));
  const other = new ExcelJS.Workbook();
  other.addWorksheet('Sheet1').getCell('A1').value = 42;
  await other.xlsx.writeFile(join(d, 'other.xlsx'));
  const bad = ['empty.xlsx', 'text.xlsx', 'old.xlsx', 'truncated.xlsx', 'other.xlsx', 'missing.xlsx'];
  const oneLineEach = (stderr: string) => {
    const lines = cleanErrors(stderr);
    expect(lines).toHaveLength(bad.length);
    bad.forEach((f, i) => expect(lines[i]).toMatch(new RegExp(`^ka-sales: ${f.replace('.', '\\.')}: \\S`)));
    return lines;
  };
  for (const cmd of ['score', 'validate']) {
    const r = await run(d, cmd, '--json', '--lang', 'en', ...bad);
    expect({ cmd, code: r.code }).toEqual({ cmd, code: 2 });
    // One entry per input, in order, each naming its file (issue #9: 118 results for 120 files).
    expect(JSON.parse(r.stdout)).toEqual(
      bad.map((file) => ({
        file,
        error: expect.stringMatching(new RegExp(`^${file.replace('.', '\\.')}: \\S`)),
        code: expect.any(String),
      })),
    );
    oneLineEach(r.stderr);
    // A single unreadable file is its entry, not an empty list.
    const one = await run(d, cmd, '--json', 'empty.xlsx');
    expect(JSON.parse(one.stdout)).toEqual({ file: 'empty.xlsx', error: 'empty.xlsx: 无法读取：文件是空的', code: 'account.unreadable' });
  }
  const exports = await Promise.all(bad.map((f) => run(d, 'export', f, '--lang', 'en')));
  expect(exports.map((r) => [r.code, r.stdout])).toEqual(bad.map(() => [2, '']));
  const lines = oneLineEach(exports.map((r) => r.stderr).join(''));
  expect(lines[0]).toBe('ka-sales: empty.xlsx: cannot be read: the file is empty');
  expect(lines[2]).toMatch(/old \.xls/);
  expect(lines[4]).toMatch(/not a ka-sales account workbook/);
  expect(lines[5]).toBe('ka-sales: missing.xlsx: no such file or folder; check the path');
  // The good one among them still scores.
  const mixed = await run(d, 'score', '--json', 'good.xlsx', 'empty.xlsx');
  expect(mixed.code).toBe(2);
  expect(JSON.parse(mixed.stdout)).toEqual([
    expect.objectContaining({ file: 'good.xlsx', opp: expect.any(Number) }),
    expect.objectContaining({ file: 'empty.xlsx', error: expect.any(String) }),
  ]);
});
