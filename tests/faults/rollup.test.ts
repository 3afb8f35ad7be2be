/**
 * Fault suite, surface 5: `ka-sales rollup` over a folder mixing everything
 * the other surfaces fuzz — malformed account JSON (50,000-character,
 * formula-like and control-character text included), damaged JSON, workbooks
 * built from malformed accounts, damaged and odd workbooks, odd file names.
 *
 * Every file that can be read has its row, exactly the domain's row for it
 * (problems counted); every other file is listed with a one-line reason; the
 * summary workbook holds no formula with text in it (user text never becomes
 * a formula: formulas only refer to cells); exit 1; nothing is changed.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { UnreadableAccountError, parseAccountJson, toAccount } from '../../src/domain/account';
import { rollupRow } from '../../src/domain/rollup';
import { validateAccount, validateRead } from '../../src/domain/validate';
import { readXlsxBuffer } from '../../src/xlsx/read-workbook';
import { accountWorkbookBuffer } from '../../src/xlsx/render-workbook';
import { damageZip, damagedJson, damagedXlsx, exampleDoc, malformedAccount, oddWorkbooks, zipDamage } from './arbitraries';
import { ensureBuilt, runBin, stderrLines } from '../support/cli';

const SEED = Number(process.env.FAULTS_SEED ?? Math.floor(Math.random() * 2 ** 31));
const AS_OF = '2026-11-01';
const asJson = (v: unknown) => JSON.parse(JSON.stringify(v));

/** The row the domain makes of a file, or null when it cannot be read — as `rollup` reads .json and .xlsx files. */
async function expectedRow(file: string, bytes: Buffer): Promise<unknown | null> {
  try {
    if (file.endsWith('.json')) {
      const { raw, account } = parseAccountJson(bytes.toString('utf8'));
      return asJson(rollupRow(account, file, validateAccount(raw).length, AS_OF));
    }
    // A workbook's problems include its content outside every binding (unbound-content).
    const read = await readXlsxBuffer(bytes);
    return asJson(rollupRow(read.account, file, validateRead(read).length, AS_OF));
  } catch (e) {
    if (e instanceof UnreadableAccountError) return null;
    throw e;
  }
}

describe(`rollup of a folder mixing malformed, damaged and odd files (seed ${SEED})`, () => {
  let root: string;
  let dir: string;
  const files = new Map<string, Buffer>();

  beforeAll(async () => {
    ensureBuilt();
    root = mkdtempSync(join(tmpdir(), 'ka-faults-rollup-'));
    dir = join(root, 'accounts');
    mkdirSync(dir);
    const add = (name: string, bytes: Buffer) => {
      files.set(name, bytes);
      writeFileSync(join(dir, name), bytes);
    };
    const good = await accountWorkbookBuffer(toAccount(exampleDoc()));
    const docs = fc.sample(malformedAccount(), { numRuns: 16, seed: SEED });
    docs.forEach((m, i) => add(`a${String(i).padStart(2, '0')} 客户.json`, Buffer.from(JSON.stringify(m.doc))));
    // Formula-like and control-character customer names and managers: they are what the summary shows first.
    const named = exampleDoc() as Record<string, any>;
    named.overview.customerName = '=HYPERLINK("http://evil.example","点我")';
    named.overview.salesManager = '@SUM(A1)\u001b[31m';
    named.competitiveness.competitors[0] = `+${'长'.repeat(50_000)}`;
    add('b =1+1 "quoted" name.json', Buffer.from(JSON.stringify(named)));
    // A file name with a line break and an escape character (a folder can hold one): still one line per message.
    named.overview.customerName = 'x';
    add(
      'b2 new\nline\u001b[2J.json',
      Buffer.from(JSON.stringify({ ...named, keyPeople: [{ name: 'x', visitNo: 'one', visitDate: '2026-02-30' }] })),
    );
    fc.sample(damagedJson, { numRuns: 5, seed: SEED + 1 }).forEach((d, i) => add(`c${i}.json`, d.bytes));
    const built = fc
      .sample(malformedAccount({ long: false }), { numRuns: 8, seed: SEED + 2 })
      .filter((m) => m.readable)
      .slice(0, 4);
    for (const [i, m] of built.entries())
      add(`d${i}.xlsx`, await accountWorkbookBuffer(parseAccountJson(JSON.stringify(m.doc)).account, i % 2 ? 'en' : 'zh'));
    fc.sample(damagedXlsx(good), { numRuns: 5, seed: SEED + 3 }).forEach((d, i) => add(`e${i}.xlsx`, d.bytes));
    for (const [i, d] of fc.sample(zipDamage, { numRuns: 3, seed: SEED + 4 }).entries()) add(`f${i}.xlsx`, await damageZip(good, d));
    for (const w of await oddWorkbooks(good)) if (w.name !== '3000-visits') add(`g-${w.name}.xlsx`, w.bytes);
  });

  afterAll(() => {
    for (const [name, bytes] of files) expect([name, readFileSync(join(dir, name)).equals(bytes)]).toEqual([name, true]);
    if (root) rmSync(root, { recursive: true, force: true });
  });

  test('a row for every readable file (the domain’s row), an error line for every other one, exit 1, no formula with text in the summary', async () => {
    const summary = join(root, 'summary.xlsx');
    const r = await runBin(root, ['rollup', 'accounts', '-o', summary, '--json', '--as-of', AS_OF], 60_000);
    expect(r.code).toBe(1);
    expect(r.ms).toBeLessThan(30_000);

    const names = [...files.keys()].sort();
    const expected = new Map<string, unknown | null>();
    for (const n of names) expected.set(n, await expectedRow(join('accounts', n), files.get(n) as Buffer));
    const out = JSON.parse(r.stdout) as { rows: Array<{ file: string }>; errors: Array<{ file: string; message: string; kind?: string }> };
    // One row per customer (name NFKC-normalised, trimmed, spaces collapsed, lower case; a blank name is no one's): the first file's.
    const keyOf = (n: string) =>
      String((expected.get(n) as { customerName: string }).customerName)
        .normalize('NFKC')
        .trim()
        .replace(/\s+/g, ' ')
        .toLowerCase();
    const firstOf = new Map<string, string>();
    const dups: string[] = [];
    for (const n of names.filter((x) => expected.get(x) !== null)) {
      const k = keyOf(n);
      if (k && firstOf.has(k)) dups.push(n);
      else if (k) firstOf.set(k, n);
    }
    expect(out.rows.map((x) => x.file)).toEqual(
      names.filter((n) => expected.get(n) !== null && !dups.includes(n)).map((n) => join('accounts', n)),
    );
    for (const row of out.rows) expect(row).toEqual(expected.get(row.file.slice('accounts/'.length)));
    expect(out.errors.filter((e) => e.kind !== 'duplicate').map((e) => e.file)).toEqual(
      names.filter((n) => expected.get(n) === null).map((n) => join('accounts', n)),
    );
    expect(out.errors.filter((e) => e.kind === 'duplicate').map((e) => e.file)).toEqual(dups.map((n) => join('accounts', n)));
    for (const e of out.errors.filter((x) => x.kind === 'duplicate'))
      expect(e.message).toContain(join('accounts', firstOf.get(keyOf(e.file.slice('accounts/'.length)))!));
    for (const e of out.errors) expect(e.message).toMatch(/^\S[^\r\n]*$/);

    // stderr: one line per unreadable file and per account with problems, nothing else.
    const lines = stderrLines(r.stderr);
    expect(lines.filter((l) => !/^ka-sales: /.test(l))).toEqual([`已写入 ${summary}`]);
    expect(lines.filter((l) => /^ka-sales: /.test(l))).toHaveLength(
      out.errors.length + out.rows.filter((x) => (x as { problems?: number }).problems).length,
    );

    // The summary: a row per account, the unreadable files listed, formulas that refer to cells only.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(summary);
    const sheetNames = new Set(wb.worksheets.map((w) => w.name));
    let formulas = 0;
    const strings: string[] = [];
    for (const ws of wb.worksheets) {
      ws.eachRow({ includeEmpty: false }, (row) =>
        row.eachCell({ includeEmpty: false }, (cell) => {
          if (cell.type === ExcelJS.ValueType.Formula) {
            formulas++;
            const f = (cell.value as ExcelJS.CellFormulaValue).formula ?? '';
            // Quoted sheet names are ours; after them, no text literal but "" may remain.
            for (const m of f.matchAll(/'((?:[^']|'')*)'!/g)) expect(sheetNames.has(m[1].replace(/''/g, "'"))).toBe(true);
            expect([
              `${ws.name}!${cell.address}`,
              f
                .replace(/'(?:[^']|'')*'!/g, '')
                .replace(/""/g, '')
                .includes('"'),
            ]).toEqual([`${ws.name}!${cell.address}`, false]);
          } else if (typeof cell.value === 'string') strings.push(cell.value);
          else if (cell.type === ExcelJS.ValueType.Hyperlink) strings.push(String((cell.value as ExcelJS.CellHyperlinkValue).text));
        }),
      );
    }
    expect(formulas).toBeGreaterThan(0);
    expect(strings).toContain('=HYPERLINK("http://evil.example","点我")');
    for (const e of out.errors) expect(strings.some((s) => s.includes(e.file.slice('accounts/'.length)))).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(names);
  });
});
