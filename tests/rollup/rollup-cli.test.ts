/**
 * `ka-sales rollup` over a folder of good, invalid, empty, corrupt and
 * foreign files: rows for the accounts, the rest listed with a reason, exit 1,
 * no user text ever evaluated, no personal data anywhere, totals that add up.
 */
import ExcelJS from 'exceljs';
import { mkdtempSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Account } from '../../src/domain/account';
import { ROLLUP_TABS, type RollupRow } from '../../src/domain/rollup';
import { sampleAccounts } from '../../src/domain/sample-accounts';
import { writeAccountWorkbook } from '../../src/xlsx/render-workbook';
import { SUMMARY_COLUMNS as ROLLUP_COLUMNS, SUMMARY_ROWS } from '../../src/xlsx/render-rollup';
import { STAGE_PROBABILITY } from '../../sheets-templates/vocabularies';

/** The test's own copy of the stage codes (the oracle does not use the code under test). */
const STAGE_CODE: Record<string, string> = { 潜在: 'potential', 意向: 'intention', 方案: 'solution', 谈判成交: 'negotiation' };
import { type CellInfo, allCells, junkBytes, readXlsx, recalc, runCli } from './support';

const AS_OF = '2026-11-01';
let root: string;
let dir: string;

/** Texts that a spreadsheet would evaluate if they were written as formulas. */
const FORMULA_NAMES = ['=HYPERLINK("http://x","y")', '=1+1', '+cmd', '@SUM(A1)', '-2+3'];
/** A name with a control character and a literal OOXML escape sequence. */
const CONTROL_NAME = 'A\u0001B_x0041_C';
/** Unique markers planted in personal fields, intel texts and names of people. */
const planted: string[] = [];

function plant(tag: string): string {
  const m = `ZZ${tag}${planted.length}QQ`;
  planted.push(m);
  return m;
}

/** An account with every personal field, intel text and person's name replaced by a marker. */
function withMarkers(a: Account): Account {
  const copy: Account = JSON.parse(JSON.stringify(a));
  const names = new Map<string, string>();
  const nameOf = (n: unknown) => {
    const k = String(n);
    if (!names.has(k)) names.set(k, plant('name'));
    return names.get(k)!;
  };
  for (const r of copy.keyPeople) {
    r.name = nameOf(r.name);
    for (const f of [
      'family',
      'hobbies',
      'birthplace',
      'othersView',
      'introducer',
      'education',
      'background',
      'orgTitle',
      'policyInfo',
      'peopleInfo',
      'businessNeeds',
      'activityInfo',
    ]) {
      r[f] = plant(f);
    }
  }
  for (const r of copy.roleMap) {
    if (r.name) r.name = nameOf(r.name);
    for (const f of ['title', 'influencedBy', 'influences', 'focus', 'relations', 'preferences']) r[f] = plant(f);
  }
  const contacts = copy.overview.keyContacts as Array<Record<string, unknown>>;
  for (const c of contacts ?? []) c.name = nameOf(c.name);
  // The action plan's texts and owners, and why a deal was won or lost: the account's own.
  for (const r of copy.actionPlan ?? []) {
    r.owner = nameOf(r.owner);
    for (const f of ['action', 'result']) r[f] = plant(f);
  }
  if (copy.overview.outcomeReason) copy.overview.outcomeReason = plant('outcomeReason');
  return copy;
}

async function validXlsxBytes(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Sheet1').getCell('A1').value = 'hello';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const samples = sampleAccounts(AS_OF);

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'ka-sales-rollup-'));
  dir = join(root, 'accounts');
  mkdirSync(dir);
  const json = (name: string, v: unknown) => writeFileSync(join(dir, name), typeof v === 'string' ? v : JSON.stringify(v, null, 2));
  json('01-good.json', withMarkers(samples[0]));
  json('02-good.json', withMarkers(samples[1]));
  json('03-problems.json', withMarkers(samples[6]));
  FORMULA_NAMES.forEach((name, i) => {
    const a = withMarkers(samples[2 + (i % 4)]);
    a.overview.customerName = name;
    a.overview.salesManager = i === 0 ? '=A1' : a.overview.salesManager;
    if (i === 1) a.competitiveness.competitors = ['=1+2', ...a.competitiveness.competitors.slice(1)];
    if (i === 2) delete a.overview.stage;
    if (i === 3) a.overview.stage = '=1';
    if (i === 4) delete a.overview.salesManager;
    json(`04-formula-${i}.json`, a);
  });
  const odd = withMarkers(samples[1]);
  odd.overview.customerName = CONTROL_NAME;
  json('05-control.json', odd);
  await writeAccountWorkbook(withMarkers(samples[3]), join(dir, '06-workbook.xlsx'));
  // Another customer than 03-problems.json (the same customer twice would be one row: see tests/faults/rollup-safety.test.ts).
  await writeAccountWorkbook(
    { ...withMarkers(samples[6]), overview: { ...samples[6].overview, customerName: '另一客户（工作簿）' } },
    join(dir, '07-workbook-problems.xlsx'),
  );
  json('empty.json', '');
  writeFileSync(join(dir, 'empty.xlsx'), '');
  writeFileSync(join(dir, 'random.xlsx'), junkBytes(4096));
  const valid = await validXlsxBytes();
  writeFileSync(join(dir, 'truncated.xlsx'), valid.subarray(0, Math.floor(valid.length / 2)));
  writeFileSync(join(dir, 'other-workbook.xlsx'), valid);
  json('not-account.json', { hello: 'world' });
  json('list.json', [1, 2, 3]);
  json('newer.json', { ...samples[0], schemaVersion: 99 });
  writeFileSync(join(dir, 'notes.txt'), 'not an account');
  writeFileSync(join(dir, '~$01-good.xlsx'), junkBytes(165));
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

const GOOD = [
  '01-good.json',
  '02-good.json',
  '03-problems.json',
  ...FORMULA_NAMES.map((_, i) => `04-formula-${i}.json`),
  '05-control.json',
  '06-workbook.xlsx',
  '07-workbook-problems.xlsx',
];
const BAD = [
  'empty.json',
  'empty.xlsx',
  'list.json',
  'newer.json',
  'not-account.json',
  'other-workbook.xlsx',
  'random.xlsx',
  'truncated.xlsx',
];

describe('rollup of a folder with good, invalid, empty, corrupt and foreign files', () => {
  let run: Awaited<ReturnType<typeof runCli>>;
  let result: { rows: RollupRow[]; errors: Array<{ file: string; message: string }> };
  let summaryFile: string;
  let wb: ExcelJS.Workbook;
  let cells: CellInfo[];

  beforeAll(async () => {
    summaryFile = join(root, 'summary.xlsx');
    run = await runCli('rollup', dir, '-o', summaryFile, '--json', '--as-of', AS_OF);
    result = JSON.parse(run.stdout);
    wb = await readXlsx(summaryFile);
    cells = allCells(wb);
  });

  it('exits 1 and prints exactly one JSON object {rows, errors} on stdout', () => {
    expect(run.code).toBe(1);
    expect(Object.keys(result)).toEqual(['rows', 'errors']);
    expect(run.stdout.trim().startsWith('{')).toBe(true);
  });

  it('gives a row to every account that reads, in file order, with its problem count', () => {
    expect(result.rows.map((r) => basename(r.file))).toEqual(GOOD);
    const byFile = Object.fromEntries(result.rows.map((r) => [basename(r.file), r]));
    expect(byFile['01-good.json'].problems).toBe(0);
    expect(byFile['03-problems.json'].problems).toBe(2);
    // A stage "=1" is not a vocabulary value: counted, not evaluated.
    expect(byFile['04-formula-3.json']).toMatchObject({ stage: '=1', problems: 1 });
    // Workbooks are read like JSON: the same scores, flags and problem count.
    expect(byFile['07-workbook-problems.xlsx'].problems).toBe(2);
    expect({ ...byFile['07-workbook-problems.xlsx'], file: '', customerName: '' }).toEqual({
      ...byFile['03-problems.json'],
      file: '',
      customerName: '',
    });
    expect(byFile['06-workbook.xlsx']).toMatchObject({
      customerName: '北岗市财政局',
      verdict: 'not-real',
      redFlags: ['no-budget', 'not-real-late-stage', 'dm-relationship-down', 'overdue-decision'],
      outcome: 'open',
      decisionDate: '2026-10-22',
      ourQuote: 210,
      openActions: 2,
      overdueActions: 1,
    });
    expect(byFile['01-good.json']).toMatchObject({
      customerName: '临江市财政局',
      opp: 80,
      real: 100,
      worth: 60,
      win: 70,
      lead: 20,
      verdict: 'pursue',
      budget: 380,
      salesManager: '王磊',
      hasCoach: true,
      visitCount: 2,
    });
  });

  it('lists every unreadable file with a reason, skips lock files, other file types and its own output', () => {
    expect(result.errors.map((e) => basename(e.file)).sort()).toEqual(BAD);
    for (const e of result.errors) {
      expect(e.message.length).toBeGreaterThan(5);
      expect(e.message).not.toMatch(/\n|at .*\(.*:\d+:\d+\)/);
    }
    const all = [...result.rows.map((r) => r.file), ...result.errors.map((e) => e.file)].map((f) => basename(f));
    expect(all).not.toContain('~$01-good.xlsx');
    expect(all).not.toContain('notes.txt');
    // Messages name the file, one line each, on stderr only.
    for (const f of BAD) expect(run.stderr).toContain(f);
  });

  it('uses the field names of `score --json`, plus the roll-up fields', async () => {
    const score = await runCli('score', '--json', '--as-of', AS_OF, join(dir, '02-good.json'));
    const scoreKeys = Object.keys(JSON.parse(score.stdout));
    const rowKeys = Object.keys(result.rows[1]);
    for (const k of scoreKeys) expect(rowKeys).toContain(k);
    for (const k of ['file', 'salesManager', 'budget', 'latestVisit', 'visitCount', 'hasCoach', 'problems']) expect(rowKeys).toContain(k);
    const s = JSON.parse(score.stdout);
    for (const k of scoreKeys) if (k !== 'file') expect([k, result.rows[1][k as keyof RollupRow]]).toEqual([k, s[k]]);
  });

  it('writes one summary row per account and lists the unreadable files on their tab', () => {
    const summary = wb.getWorksheet(ROLLUP_TABS.summary.zh)!;
    const unreadable = wb.getWorksheet(ROLLUP_TABS.unreadable.zh)!;
    expect(wb.worksheets.filter((w) => w.state === 'visible').map((w) => w.name)).toEqual(Object.values(ROLLUP_TABS).map((t) => t.zh));
    expect(summary.getRow(SUMMARY_ROWS.header).values).toEqual([undefined, ...ROLLUP_COLUMNS.map((c) => c.label.zh)]);
    const names = result.rows.map((_, i) => summary.getCell(SUMMARY_ROWS.first + i, 1).value);
    expect([...names].sort()).toEqual(result.rows.map((r) => r.customerName).sort());
    expect(summary.getCell(SUMMARY_ROWS.first + result.rows.length, 1).value).toBeNull();
    const listed = Array.from({ length: result.errors.length }, (_, i) => [
      unreadable.getCell(2 + i, 1).value,
      unreadable.getCell(2 + i, 3).value,
    ]);
    expect(listed).toEqual(result.errors.map((e) => [e.file, e.message]));
    // The reason a manager reads, in Chinese, by kind of file.
    const reason = Object.fromEntries(result.errors.map((e, i) => [basename(e.file), unreadable.getCell(2 + i, 2).value]));
    expect(reason).toEqual({
      'empty.json': '不是有效的 JSON',
      'empty.xlsx': '文件为空',
      'list.json': '不是客户文件',
      'newer.json': '文件格式版本不受支持',
      'not-account.json': '不是客户文件',
      'other-workbook.xlsx': '不是客户文件',
      'random.xlsx': '不是可读取的 .xlsx 工作簿（文件已损坏？）',
      'truncated.xlsx': '不是可读取的 .xlsx 工作簿（文件已损坏？）',
    });
  });

  it('keeps text from accounts as text: no formula holds user text, formula-like names stay strings', () => {
    const summary = wb.getWorksheet(ROLLUP_TABS.summary.zh)!;
    for (const name of [...FORMULA_NAMES, '=A1', '=1+2', '=1', CONTROL_NAME]) {
      const hits = cells.filter((c) => c.text === name);
      expect([name, hits.length > 0]).toEqual([name, true]);
      for (const h of hits) expect(typeof h.value).toBe('string');
    }
    const formulas = cells.filter((c) => c.formula !== undefined);
    expect(formulas.length).toBeGreaterThan(10);
    const userTexts = result.rows
      .flatMap((r) => [r.customerName, r.salesManager, r.stage, ...r.competitors.map((c) => c.name)])
      .filter((t) => t.length > 1);
    for (const f of formulas) {
      // Our formulas hold references, numbers and at most the empty string "".
      expect([f.address, f.formula]).toEqual([f.address, expect.not.stringMatching(/"[^"]+"/)]);
      for (const t of userTexts) expect([f.address, f.formula!.includes(t)]).toEqual([f.address, false]);
    }
    // Every customer-name cell is a plain string cell.
    result.rows.forEach((_, i) => expect(summary.getCell(SUMMARY_ROWS.first + i, 1).type).toBe(ExcelJS.ValueType.String));
    // HyperFormula, given the cells as typed, does not evaluate them either.
    const hf = recalc(wb);
    const shown = result.rows.map((_, i) => hf.get(ROLLUP_TABS.summary.zh, `A${SUMMARY_ROWS.first + i}`));
    expect(shown.sort()).toEqual(result.rows.map((r) => r.customerName).sort());
  });

  it('carries no personal field, intel text or name of a key person, in the JSON or the workbook', () => {
    expect(planted.length).toBeGreaterThan(40);
    const everything = run.stdout + run.stderr + JSON.stringify(cells);
    const leaked = planted.filter((m) => everything.includes(m));
    expect(leaked).toEqual([]);
  });

  it('links each row to its file, relative to the summary', () => {
    const links = cells.filter((c) => c.hyperlink);
    expect(links.map((l) => l.text).sort()).toEqual([...GOOD].sort());
    expect(links.find((l) => l.text === '01-good.json')?.hyperlink).toBe('./accounts/01-good.json');
  });

  it('adds up the pipeline by stage and by sales manager, as cached values and recalculated', () => {
    const pipe = wb.getWorksheet(ROLLUP_TABS.pipeline.zh)!;
    const hf = recalc(wb);
    const tableAt = (title: string) => {
      let r = 1;
      while (pipe.getCell(r, 1).value !== title) r++;
      const out: Array<{ key: string; count: number; budget: number; forecast: number; hf: number[] }> = [];
      for (r += 2; pipe.getCell(r, 1).value !== '合计'; r++) {
        // ExcelJS's reader drops a cached result of 0 (the file holds <v>0</v>), hence `?? 0`.
        const num = (c: number) => Number((pipe.getCell(r, c).value as ExcelJS.CellFormulaValue).result ?? 0);
        out.push({
          key: String(pipe.getCell(r, 1).value),
          count: num(2),
          budget: num(3),
          forecast: num(4),
          hf: [2, 3, 4].map((c) => Number(hf.get(ROLLUP_TABS.pipeline.zh, `${'ABCD'[c - 1]}${r}`))),
        });
      }
      const totals = [2, 3, 4].map((c) => Number(hf.get(ROLLUP_TABS.pipeline.zh, `${'ABCD'[c - 1]}${r}`)));
      return { rows: out, totals };
    };
    const expected = (keyOf: (r: RollupRow) => string) => {
      const m = new Map<string, { count: number; budget: number; forecast: number }>();
      // The pipeline counts open deals only (the samples hold a won and a lost one).
      for (const r of result.rows.filter((x) => x.outcome === 'open')) {
        const k = keyOf(r) || '（未填）';
        const t = m.get(k) ?? { count: 0, budget: 0, forecast: 0 };
        t.count++;
        t.budget += r.budget ?? 0;
        t.forecast += (r.budget ?? 0) * (STAGE_PROBABILITY[STAGE_CODE[r.stage]] ?? 0);
        m.set(k, t);
      }
      return m;
    };
    for (const [title, keyOf] of [
      ['按阶段', (r: RollupRow) => r.stage],
      ['按销售经理', (r: RollupRow) => r.salesManager],
    ] as const) {
      const table = tableAt(title);
      const want = expected(keyOf);
      for (const row of table.rows) {
        const w = want.get(row.key) ?? { count: 0, budget: 0, forecast: 0 };
        expect([row.key, row.count, row.budget, row.forecast]).toEqual([row.key, w.count, w.budget, expect.closeTo(w.forecast, 2)]);
        expect([row.key, ...row.hf]).toEqual([row.key, w.count, w.budget, expect.closeTo(w.forecast, 2)]);
      }
      for (const k of want.keys()) expect(table.rows.map((r) => r.key)).toContain(k);
      const all = [...want.values()];
      expect(table.totals).toEqual([
        all.reduce((s, t) => s + t.count, 0),
        all.reduce((s, t) => s + t.budget, 0),
        expect.closeTo(
          all.reduce((s, t) => s + t.forecast, 0),
          2,
        ),
      ]);
    }
  });

  it('recomputes the forecast when a manager edits a stage probability', () => {
    const pipe = wb.getWorksheet(ROLLUP_TABS.pipeline.zh)!;
    const hf = recalc(wb);
    let probRow = 1;
    while (pipe.getCell(probRow, 1).value !== '方案') probRow++;
    expect(pipe.getCell(probRow, 2).value).toBe(0.6);
    expect(pipe.getCell(probRow, 2).protection?.locked).toBe(false);
    const summary = wb.getWorksheet(ROLLUP_TABS.summary.zh)!;
    const stageCol = 1 + ROLLUP_COLUMNS.findIndex((c) => c.id === 'stage');
    let summaryRow = SUMMARY_ROWS.first;
    while (summary.getCell(summaryRow, stageCol).value !== '方案') summaryRow++;
    const forecastCol = String.fromCharCode(65 + ROLLUP_COLUMNS.findIndex((c) => c.id === 'forecast'));
    expect(hf.get(ROLLUP_TABS.summary.zh, `${forecastCol}${summaryRow}`)).toBeCloseTo(380 * 0.6, 6);
    hf.set(ROLLUP_TABS.pipeline.zh, `B${probRow}`, 0.5);
    expect(hf.get(ROLLUP_TABS.summary.zh, `${forecastCol}${summaryRow}`)).toBeCloseTo(380 * 0.5, 6);
  });

  it('skips its own output when the summary is written into the folder it rolls up', async () => {
    const inside = join(dir, 'summary.xlsx');
    const first = await runCli('rollup', dir, '-o', inside, '--json', '--as-of', AS_OF);
    const second = await runCli('rollup', dir, '-o', inside, '--json', '--as-of', AS_OF);
    expect(JSON.parse(second.stdout)).toEqual(JSON.parse(first.stdout));
    expect(JSON.parse(second.stdout).errors.map((e: { file: string }) => basename(e.file))).not.toContain('summary.xlsx');
    rmSync(inside);
  });
});

describe('rollup inputs and outputs', () => {
  let good: string;
  beforeAll(() => {
    good = join(root, 'good');
    mkdirSync(good);
    samples.slice(0, 6).forEach((a, i) => writeFileSync(join(good, `${i}.json`), JSON.stringify(a)));
  });

  it('exits 0 when every file reads without problems, and says what it wrote', async () => {
    const out = join(root, 'good-summary.xlsx');
    const r = await runCli('rollup', good, '-o', out, '--as-of', AS_OF);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(out);
    expect(r.stdout).toContain('6 个客户');
    expect(r.stderr).toBe('');
    expect(readdirSync(root)).toContain('good-summary.xlsx');
  });

  it('takes files and folders together, once each, and lists a missing path instead of stopping', async () => {
    const r = await runCli('rollup', join(good, '1.json'), good, join(root, 'nope.json'), '--json', '--as-of', AS_OF);
    const out = JSON.parse(r.stdout);
    expect(out.rows.map((x: RollupRow) => basename(x.file))).toEqual(['1.json', '0.json', '2.json', '3.json', '4.json', '5.json']);
    expect(out.errors).toEqual([{ file: join(root, 'nope.json'), message: expect.stringContaining('不存在'), reason: '无法打开文件' }]);
    expect(r.code).toBe(1);
  });

  it('writes no workbook with --json unless -o is given', async () => {
    const before = readdirSync(process.cwd());
    const r = await runCli('rollup', good, '--json', '--as-of', AS_OF);
    expect(r.code).toBe(0);
    expect(readdirSync(process.cwd())).toEqual(before);
  });

  it('speaks English with --lang en: tab names, headers, verdicts', async () => {
    const out = join(root, 'en.xlsx');
    const r = await runCli('rollup', good, '-o', out, '--as-of', AS_OF, '--lang', 'en');
    expect(r.code).toBe(0);
    const wb = await readXlsx(out);
    expect(wb.worksheets.filter((w) => w.state === 'visible').map((w) => w.name)).toEqual([
      'Summary',
      'Pipeline',
      'Changes',
      'Snapshots',
      'Unreadable',
    ]);
    const s = wb.getWorksheet('Summary')!;
    expect(s.getCell(SUMMARY_ROWS.header, 1).value).toBe('Customer');
    expect(String(s.getCell(SUMMARY_ROWS.title, 1).value)).toMatch(/^Manager summary · as of 2026-11-01/);
    let r0 = SUMMARY_ROWS.first;
    while (s.getCell(r0, 1).value !== samples[0].overview.customerName) r0++;
    const verdictCol = 1 + ROLLUP_COLUMNS.findIndex((c) => c.id === 'verdict');
    expect(s.getCell(r0, verdictCol).value).toBe('Pursue');
    // The English stage labels still find their probabilities.
    const hf = recalc(wb);
    const forecastCol = String.fromCharCode(65 + ROLLUP_COLUMNS.findIndex((c) => c.id === 'forecast'));
    expect(hf.get('Summary', `${forecastCol}${r0}`)).toBeCloseTo(380 * 0.6, 6);
  });

  it('shows text longer than a cell holds cut with an ellipsis, and keeps it whole in the JSON', async () => {
    const long = join(root, 'long');
    mkdirSync(long);
    const a = JSON.parse(JSON.stringify(samples[0]));
    a.overview.customerName = '长'.repeat(50_000);
    writeFileSync(join(long, 'a.json'), JSON.stringify(a));
    const out = join(root, 'long.xlsx');
    const r = await runCli('rollup', long, '-o', out, '--json', '--as-of', AS_OF);
    expect(JSON.parse(r.stdout).rows[0].customerName).toHaveLength(50_000);
    const cell = (await readXlsx(out)).getWorksheet(ROLLUP_TABS.summary.zh)!.getCell(SUMMARY_ROWS.first, 1).value as string;
    expect(cell).toHaveLength(32_767);
    expect(cell.endsWith('长…')).toBe(true);
  });

  it('is a usage error (exit 2) when there is nothing to roll up, or -o is not .xlsx', async () => {
    const empty = join(root, 'empty-dir');
    mkdirSync(empty);
    expect((await runCli('rollup', empty)).code).toBe(2);
    expect((await runCli('rollup', good, '-o', join(root, 'x.csv'))).code).toBe(2);
    expect((await runCli('rollup', good, '--as-of', '2026-02-30')).code).toBe(2);
  });
});

describe('the manager’s opt-in to the next action’s text and owner (issue #12 item 7)', () => {
  let folder: string;
  /** Every row's next open action as planted: file → [text, owner]. */
  const next = new Map<string, [string, string]>();
  const summaryOf = (name: string) => join(root, name);
  const TRICKY_ACTION = '=HYPERLINK("http://x","y")';
  const TRICKY_OWNER = '=A1';

  beforeAll(() => {
    folder = join(root, 'actions');
    mkdirSync(folder);
    samples.forEach((a, i) => {
      const m = withMarkers(a);
      if (i === 1) {
        // Formula-looking text in the next action and its owner: written as text, never evaluated.
        m.actionPlan = [{ action: TRICKY_ACTION, owner: TRICKY_OWNER, dueDate: '2026-11-03', status: '进行中' }, ...(m.actionPlan ?? [])];
      }
      const file = `${i}.json`;
      writeFileSync(join(folder, file), JSON.stringify(m));
      const open = (m.actionPlan ?? [])
        .filter((r) => !['完成', '取消'].includes(String(r.status ?? '')))
        .sort((x, y) => String(x.dueDate).localeCompare(String(y.dueDate)));
      next.set(file, open.length ? [String(open[0].action), String(open[0].owner)] : ['', '']);
    });
  });

  /** The two opt-in columns' cells of 汇总 by file (link text), and every cell holding a planted marker or a tricky text. */
  async function look(file: string) {
    const wb = await readXlsx(file);
    const cells = allCells(wb);
    const summary = wb.getWorksheet(ROLLUP_TABS.summary.zh)!;
    const header = (summary.getRow(SUMMARY_ROWS.header).values as unknown[]).slice(1).map(String);
    const linkCol = 1 + ROLLUP_COLUMNS.findIndex((c) => c.id === 'link');
    const textCol = 1 + header.indexOf('下一行动（原文）');
    const ownerCol = 1 + header.indexOf('行动负责人');
    const shown = new Map<string, [unknown, unknown]>();
    const value = (r: number, c: number) => (c > 0 ? (summary.getCell(r, c).value ?? '') : undefined);
    for (let r = SUMMARY_ROWS.first; summary.getCell(r, linkCol).text; r++)
      shown.set(summary.getCell(r, linkCol).text, [value(r, textCol), value(r, ownerCol)]);
    const isPlanted = (c: CellInfo) =>
      planted.some((m) => (c.text ?? String(c.value ?? '')).includes(m)) || [TRICKY_ACTION, TRICKY_OWNER].includes(c.text ?? '');
    const pipe = wb.getWorksheet(ROLLUP_TABS.pipeline.zh)!;
    return { wb, cells, header, textCol, ownerCol, shown, leaks: cells.filter(isPlanted), setting: pipe.getCell(2, 4).value };
  }

  it('by default: counts and due dates only, nothing of an action’s text or owner anywhere, the setting 否', async () => {
    const out = summaryOf('actions-default.xlsx');
    expect((await runCli('rollup', folder, '-o', out, '--as-of', AS_OF)).code).toBeLessThan(2); // 1: a sample has problems
    const l = await look(out);
    expect(l.header).not.toContain('下一行动（原文）');
    expect(l.header).not.toContain('行动负责人');
    expect(l.leaks).toEqual([]);
    expect(l.setting).toBe('否');
  });

  it('--show-actions: the next open action’s text and owner in two columns, as text; nowhere else; kept by the next roll-up', async () => {
    const out = summaryOf('actions.xlsx');
    const first = await runCli('rollup', folder, '-o', out, '--as-of', AS_OF, '--show-actions');
    expect(first.code).toBeLessThan(2); // 1: a sample has problems
    const l = await look(out);
    expect(l.textCol).toBeGreaterThan(0);
    expect(l.ownerCol).toBe(l.textCol + 1);
    expect(l.setting).toBe('是');
    for (const [file, [text, owner]] of next) expect([file, l.shown.get(file)]).toEqual([file, [text, owner]]);
    // Every planted text that appears is in those two columns of 汇总, and it is the next action's: nothing else leaks.
    expect(l.leaks.length).toBeGreaterThan(0);
    for (const c of l.leaks) expect([c.sheet, c.col === l.textCol || c.col === l.ownerCol]).toEqual([ROLLUP_TABS.summary.zh, true]);
    const expected = new Set([...next.values()].flat().filter(Boolean));
    for (const c of l.leaks) expect(expected.has(c.text ?? '')).toBe(true);
    // Formula-looking text stays a string cell, never a formula.
    const tricky = l.cells.filter((c) => c.text === TRICKY_ACTION || c.text === TRICKY_OWNER);
    expect(tricky).toHaveLength(2);
    for (const c of tricky) expect([c.address, typeof c.value, c.formula]).toEqual([c.address, 'string', undefined]);

    // A week later, no flag: the manager's choice is kept; 历史 and 变化 still hold none of it.
    const later = await runCli('rollup', folder, '-o', out, '--as-of', '2026-11-08');
    expect(later.code).toBeLessThan(2); // 1: a sample has problems
    const l2 = await look(out);
    expect(l2.setting).toBe('是');
    expect(l2.shown.get('1.json')).toEqual([TRICKY_ACTION, TRICKY_OWNER]);
    for (const c of l2.leaks) expect([c.sheet, c.col === l2.textCol || c.col === l2.ownerCol]).toEqual([ROLLUP_TABS.summary.zh, true]);
    const history = l2.wb.getWorksheet(ROLLUP_TABS.history.zh)!;
    expect(history.rowCount).toBeGreaterThan(samples.length * 2);
  });

  it('--hide-actions takes them away everywhere, and that is kept too; both flags at once is a usage error', async () => {
    const out = summaryOf('actions.xlsx');
    expect((await runCli('rollup', folder, '-o', out, '--as-of', '2026-11-09', '--hide-actions')).code).toBeLessThan(2); // 1: a sample has problems
    let l = await look(out);
    expect([l.setting, l.leaks, l.header.includes('行动负责人')]).toEqual(['否', [], false]);
    expect((await runCli('rollup', folder, '-o', out, '--as-of', '2026-11-10')).code).toBeLessThan(2); // 1: a sample has problems
    l = await look(out);
    expect([l.setting, l.leaks]).toEqual(['否', []]);
    const both = await runCli('rollup', folder, '-o', out, '--show-actions', '--hide-actions');
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--show-actions 与 --hide-actions 只能选一个/);
  });

  it('a manager who types 是 into the setting in the file gets the columns at the next roll-up', async () => {
    const out = summaryOf('actions.xlsx');
    const wb = await readXlsx(out);
    wb.getWorksheet(ROLLUP_TABS.pipeline.zh)!.getCell(2, 4).value = 'yes';
    await wb.xlsx.writeFile(out);
    expect((await runCli('rollup', folder, '-o', out, '--as-of', '2026-11-11')).code).toBeLessThan(2); // 1: a sample has problems
    const l = await look(out);
    expect(l.setting).toBe('是');
    expect(l.shown.get('1.json')).toEqual([TRICKY_ACTION, TRICKY_OWNER]);
  });

  it('--json rows carry the next action only with --show-actions', async () => {
    const on = JSON.parse((await runCli('rollup', folder, '--json', '--show-actions', '--as-of', AS_OF)).stdout);
    const row = on.rows.find((r: RollupRow) => basename(r.file) === '1.json');
    expect(row.nextAction).toEqual({ text: TRICKY_ACTION, owner: TRICKY_OWNER });
    const off = await runCli('rollup', folder, '--json', '--as-of', AS_OF);
    for (const r of JSON.parse(off.stdout).rows) expect(Object.keys(r)).not.toContain('nextAction');
    expect(off.stdout).not.toContain(TRICKY_ACTION);
  });

  it('explains both flags in Chinese and English', async () => {
    const zh = await runCli('rollup', '--help');
    expect(zh.stdout).toMatch(/--show-actions\s+经理选择/);
    expect(zh.stdout).toMatch(/--hide-actions\s+只显示行动的数量和截止日期/);
    const en = await runCli('rollup', '--help', '--lang', 'en');
    expect(en.stdout).toMatch(/--show-actions\s+the manager's choice/);
  });
});
