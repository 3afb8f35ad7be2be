/**
 * Fault suite, surface 2: `build` → `export` of malformed accounts.
 *
 * Nothing is lost: the export is the canonical account, and every value of
 * the JSON comes back at its place unless validation reported it. No cell of
 * the built workbook is a formula made from user text: formulas sit only in
 * the layout's score, reference and hidden helper cells and on the health tab,
 * with the text the adapter compiles from the layout alone. Text longer than an .xlsx cell holds (32,767 characters;
 * Excel cuts it when it opens the file) is refused, cell by cell, and nothing
 * is written — never cut short.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { type Account, emptyAccount, parseAccountJson } from '../../src/domain/account';
import { workbookLayout } from '../../src/domain/layout';
import { layoutToGrids, readAccountFromGrids } from '../../src/domain/read-workbook';
import { validateAccount } from '../../src/domain/validate';
import { compileTab, cellKey } from '../../src/xlsx/formulas';
import { keyPeopleHelpers } from '../../src/xlsx/health-formulas';
import { addHealthTab, healthActionPlan } from '../../src/xlsx/render-health';
import { readXlsxBuffer } from '../../src/xlsx/read-workbook';
import { CellTooLongError, accountWorkbookBuffer } from '../../src/xlsx/render-workbook';
import { type Doc, XLSX_CELL_LIMIT, exampleDoc, formulaLike, malformedAccount, runs, silentlyLost } from './arbitraries';
import { ensureBuilt, runAll, runBin, stderrLines, stdoutLines } from '../support/cli';

const SEED = Number(process.env.FAULTS_SEED ?? Math.floor(Math.random() * 2 ** 31));
const asJson = (v: unknown) => JSON.parse(JSON.stringify(v));

/** The account a JSON document is read as, as `build` reads it. */
const accountOf = (doc: Doc): { raw: unknown; account: Account } => parseAccountJson(JSON.stringify(doc));
const canonical = (a: Account, locale: 'zh' | 'en') => asJson(readAccountFromGrids(layoutToGrids(workbookLayout(a, locale))).account);

/** Formula cells of a workbook that are not the layout's own (position and text), as `tab!cell: formula`. */
async function foreignFormulas(bytes: Buffer, account: Account, locale: 'zh' | 'en'): Promise<string[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  const ours = new Map<string, Map<string, string>>();
  const layout = workbookLayout(account, locale);
  for (const tab of layout) {
    const c = compileTab(tab);
    const m = new Map(c.formulas);
    for (const h of c.helpers) m.set(cellKey(h.row, h.col), h.formula);
    ours.set(tab.name, m);
  }
  // The health tab's and the key-people helpers' formulas depend on the layout alone: those of an empty account laid out the same way.
  const kpTab = layout.find((t) => t.form === 'keyPeople') as (typeof layout)[number];
  const kp = keyPeopleHelpers(kpTab);
  const master = kp.rowFormulas(kp.firstRow);
  for (const h of kp.columns) ours.get(kpTab.name)?.set(cellKey(kp.firstRow, h.col), master[h.kind]);
  const ap = healthActionPlan(layout, locale);
  if (ap) {
    const apMaster = ap.rowFormulas(ap.firstRow);
    for (const h of ap.columns) ours.get(ap.sheet)?.set(cellKey(ap.firstRow, h.col), apMaster[h.kind]);
  }
  const blank = new ExcelJS.Workbook();
  const health = addHealthTab(blank, emptyAccount(), layout, kp, locale);
  const hm = new Map<string, string>();
  health.eachRow((row) =>
    row.eachCell((cell) => {
      const f = (cell.value as { formula?: string } | null)?.formula;
      if (f) hm.set(cellKey(Number(cell.row) - 1, Number(cell.col) - 1), f);
    }),
  );
  ours.set(health.name, hm);
  const foreign: string[] = [];
  for (const ws of wb.worksheets) {
    ws.eachRow({ includeEmpty: false }, (row) =>
      row.eachCell({ includeEmpty: false }, (cell) => {
        const v = cell.value as { formula?: string; sharedFormula?: string } | null;
        // A shared formula's other cells name its first cell: theirs is that one's text, moved.
        const f = cell.type === ExcelJS.ValueType.Formula ? (v?.formula ?? v?.sharedFormula ?? '?') : undefined;
        if (f === undefined) return;
        if (!v?.formula && v?.sharedFormula) {
          const m = /^([A-Z]+)(\d+)$/.exec(v.sharedFormula);
          const shared = m && (ws.getCell(v.sharedFormula).value as { formula?: string } | null);
          const first = m ? ours.get(ws.name)?.get(`${Number(m[2]) - 1},${ws.getColumn(m[1]).number - 1}`) : undefined;
          if (first !== undefined && shared?.formula === first) return;
        }
        const want = ours.get(ws.name)?.get(cellKey(Number(cell.row) - 1, Number(cell.col) - 1));
        if (want === undefined || want.replace(/^=/, '') !== f.replace(/^=/, ''))
          foreign.push(`${ws.name}!${cell.address}: ${f.slice(0, 80)}`);
      }),
    );
  }
  return foreign;
}

describe('in process: render and read back', () => {
  test('the export is the canonical account, nothing is lost without a problem, and no formula holds user text', async () => {
    await fc.assert(
      fc.asyncProperty(malformedAccount({ long: false }), fc.constantFrom<'zh' | 'en'>('zh', 'en'), async (m, locale) => {
        fc.pre(m.readable);
        const { raw, account } = accountOf(m.doc);
        const bytes = await accountWorkbookBuffer(account, locale);
        const back = asJson((await readXlsxBuffer(bytes)).account);
        expect(back).toEqual(canonical(account, locale));
        expect(silentlyLost(raw, back, validateAccount(raw, locale))).toEqual([]);
        expect(await foreignFormulas(bytes, account, locale)).toEqual([]);
      }),
      { numRuns: runs(25) },
    );
  });

  test('text at the limit of a cell is kept whole; one character more is refused, naming every such cell', async () => {
    const doc = exampleDoc() as Record<string, any>;
    const atLimit = `=${'长'.repeat(XLSX_CELL_LIMIT - 1)}`;
    doc.overview.keyConcerns = atLimit;
    doc.keyPeople[1].hobbies = `@${'x'.repeat(XLSX_CELL_LIMIT - 1)}`;
    const { account } = accountOf(doc);
    const back = (await readXlsxBuffer(await accountWorkbookBuffer(account))).account;
    expect(back.overview.keyConcerns).toBe(atLimit);
    expect(back.keyPeople[1].hobbies).toBe(doc.keyPeople[1].hobbies);

    doc.overview.keyConcerns = `${atLimit}!`;
    doc.competitiveness.items[4].comment = { note: 'n'.repeat(XLSX_CELL_LIMIT) };
    const err = await accountWorkbookBuffer(accountOf(doc).account).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CellTooLongError);
    expect((err as CellTooLongError).cells.map((c) => [c.sheet, c.length])).toEqual([
      ['客户全貌', XLSX_CELL_LIMIT + 1],
      ['竞争力评估', XLSX_CELL_LIMIT + 11],
    ]);
    expect((err as Error).message).not.toMatch(/\n/);
  });
});

describe(`build → export on files (seed ${SEED})`, () => {
  let dir: string;
  beforeAll(() => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'ka-faults-be-'));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('every value given comes back, bad values included; problems name their tab and cell; input unchanged', async () => {
    const docs = fc
      .sample(malformedAccount({ long: false }), { numRuns: 12, seed: SEED })
      .filter((m) => m.readable)
      .slice(0, 6);
    const names = docs.map((_, i) => `acct ${i}.json`);
    const bytes = docs.map((m) => Buffer.from(JSON.stringify(m.doc)));
    names.forEach((n, i) => writeFileSync(join(dir, n), bytes[i]));
    const builds = await runAll(
      dir,
      names.map((n, i) => ['build', n, '-o', `wb ${i}.xlsx`, ...(i % 2 ? ['--lang', 'en'] : [])]),
    );
    const exports = await runAll(
      dir,
      names.map((_, i) => ['export', `wb ${i}.xlsx`]),
    );
    docs.forEach((m, i) => {
      const locale = i % 2 ? 'en' : 'zh';
      const { raw, account } = accountOf(m.doc);
      const problems = validateAccount(raw, locale);
      const b = builds[i];
      expect([names[i], b.code]).toEqual([names[i], problems.length ? 1 : 0]);
      stderrLines(b.stderr);
      const lines = stdoutLines(b.stdout);
      expect(lines).toHaveLength(problems.length);
      // Every problem of a value that has a cell names the tab and the cell.
      lines.forEach((l, k) =>
        expect(l.startsWith(`wb ${i}.xlsx: `) && l.includes(`[${problems[k].rule}] ${problems[k].path}: `)).toBe(true),
      );
      const e = exports[i];
      expect([names[i], e.code]).toEqual([names[i], 0]);
      stderrLines(e.stderr);
      const back = JSON.parse(e.stdout);
      expect(back).toEqual(canonical(account, locale));
      expect(silentlyLost(raw, back, problems)).toEqual([]);
      expect(readFileSync(join(dir, names[i])).equals(bytes[i])).toBe(true);
    });
    for (let i = 0; i < docs.length; i++) {
      expect(await foreignFormulas(readFileSync(join(dir, `wb ${i}.xlsx`)), accountOf(docs[i].doc).account, i % 2 ? 'en' : 'zh')).toEqual(
        [],
      );
    }
  });

  test('formula-like text everywhere is written as text cells and exported unchanged', async () => {
    const texts = fc.sample(formulaLike, { numRuns: 40, seed: SEED });
    const doc = exampleDoc() as Record<string, any>;
    doc.overview.customerName = texts[0];
    doc.overview.salesManager = texts[1];
    doc.keyPeople.forEach((r: Record<string, unknown>, i: number) =>
      Object.assign(r, { orgTitle: texts[2 + i], hobbies: texts[4 + i], policyInfo: texts[6 + i] }),
    );
    doc.opportunity.items.forEach((it: Record<string, unknown>, i: number) => (it.comment = texts[10 + i]));
    doc.competitiveness.competitors = texts.slice(20, 23);
    doc.competitiveness.items.forEach((it: Record<string, unknown>, i: number) => (it.comment = texts[23 + i]));
    doc.competitiveness.conclusions = texts.slice(33, 35);
    writeFileSync(join(dir, 'formulas.json'), JSON.stringify(doc));
    const b = await runBin(dir, ['build', 'formulas.json', '-o', 'formulas.xlsx']);
    expect(b.code === 0 || b.code === 1).toBe(true);
    const { raw, account } = accountOf(doc);
    const e = await runBin(dir, ['export', 'formulas.xlsx']);
    const back = JSON.parse(e.stdout);
    expect(back).toEqual(canonical(account, 'zh'));
    expect(silentlyLost(raw, back, validateAccount(raw))).toEqual([]);
    expect(await foreignFormulas(readFileSync(join(dir, 'formulas.xlsx')), account, 'zh')).toEqual([]);
  });

  test('a 50,000-character value: build writes nothing, names each cell too long for .xlsx, exit 2; `new` with such a name too', async () => {
    const doc = exampleDoc() as Record<string, any>;
    doc.keyPeople[0].hobbies = '爱'.repeat(50_000);
    doc.opportunity.items[3].comment = `=${'1+'.repeat(24_999)}1`;
    doc.competitiveness.competitors[1] = 'c'.repeat(XLSX_CELL_LIMIT + 1);
    writeFileSync(join(dir, 'long.json'), JSON.stringify(doc));
    // A 50,000-character customer name is also the default file name: cut to 200 bytes there, quickly.
    const named0 = exampleDoc() as Record<string, any>;
    named0.overview.customerName = '名'.repeat(50_000);
    writeFileSync(join(dir, 'long-name.json'), JSON.stringify(named0));
    const [text, json, fresh, named] = await runAll(dir, [
      ['build', 'long.json', '-o', 'long.xlsx'],
      ['build', 'long.json', '-o', 'long-en.xlsx', '--json', '--lang', 'en'],
      ['new', `客户${'名'.repeat(XLSX_CELL_LIMIT)}`],
      ['build', 'long-name.json'],
    ]);
    expect(named.code).toBe(2);
    expect(stdoutLines(named.stdout)).toEqual([expect.stringMatching(/^名{66}\.xlsx: 客户全貌!B5 \[too-long\] overview\.customerName: /)]);
    expect(Math.max(text.ms, json.ms, fresh.ms, named.ms)).toBeLessThan(10_000);
    expect(text.code).toBe(2);
    expect(stdoutLines(text.stdout)).toEqual([
      expect.stringMatching(/^long\.xlsx: 关键人物!H3 \[too-long\] keyPeople\.0\.hobbies: 文本长 50000 字，超过单元格上限 32767 字/),
      expect.stringMatching(/^long\.xlsx: 机会评估!F9 \[too-long\] opportunity\.items\.3\.comment: /),
      expect.stringMatching(/^long\.xlsx: 竞争力评估!F5 \[too-long\] competitiveness\.competitors\.1: /),
    ]);
    expect(stderrLines(text.stderr)).toEqual([
      expect.stringMatching(/^ka-sales: long\.json: 未写入 long\.xlsx：3 个值超过 \.xlsx 单元格上限 32767 个字符/),
    ]);
    expect(json.code).toBe(2);
    const report = JSON.parse(json.stdout);
    expect(report.file).toBeNull();
    expect(report.problems.map((p: Record<string, string>) => [p.sheet, p.cell, p.rule])).toEqual([
      ['Key people', 'H3', 'too-long'],
      ['Opportunity', 'F9', 'too-long'],
      ['Competitiveness', 'F5', 'too-long'],
    ]);
    expect(fresh.code).toBe(2);
    expect(stderrLines(fresh.stderr)).toEqual([expect.stringMatching(/^ka-sales: .*longer than an \.xlsx cell holds.*客户全貌!B5/)]);
    for (const f of ['long.xlsx', 'long-en.xlsx', `客户${'名'.repeat(65)}.xlsx`, `${'名'.repeat(66)}.xlsx`])
      expect([f, existsSync(join(dir, f))]).toEqual([f, false]);
  });
});
