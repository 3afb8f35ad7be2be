/**
 * @needs libreoffice
 * The roll-up workbook recalculated by LibreOffice (forced recalculation on
 * load, CSV export): no error value anywhere, user text still literal text,
 * forecasts and pipeline totals equal to the domain's, and a stage
 * probability edited in the file moves the forecasts. With the manager's
 * opt-in, the next action's text and owner — formula-looking ones too — are
 * the literal text after recalculation.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { ROLLUP_TABS, type RollupRow, pipelineTotals, stageForecast } from '../../src/domain/rollup';
import { generateAccount, sampleAccounts } from '../../src/domain/sample-accounts';
import { STAGE_PROBABILITY } from '../../sheets-templates/vocabularies';
import { ERROR_VALUE, type SheetCsv, recalculatedSheets } from '../support/libreoffice';
import { readXlsx, runCli } from './support';
import { SUMMARY_COLUMNS as ROLLUP_COLUMNS, SUMMARY_ROWS } from '../../src/xlsx/render-rollup';

const AS_OF = '2026-11-01';
const TRICKY = ['=HYPERLINK("http://x","y")', '=1+1', '+cmd', '@SUM(A1)', '-2+3', '#N/A'];
let root: string;
const files = { zh: '', en: '', edited: '', actions: '' };
let rows: RollupRow[] = [];
let csv: Record<string, SheetCsv>;

const col = (id: (typeof ROLLUP_COLUMNS)[number]['id']) => ROLLUP_COLUMNS.findIndex((c) => c.id === id);

/** A row's line on the summary tab (rows are in the review order there), found by its link text: the file's name. */
function lineOf(summary: string[][], row: RollupRow): string[] {
  const lines = summary.slice(SUMMARY_ROWS.first - 1).filter((l) => l[col('link')] === basename(row.file));
  expect([row.file, lines.length]).toEqual([row.file, 1]);
  return lines[0];
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'ka-sales-rollup-lo-'));
  const dir = join(root, 'accounts');
  mkdirSync(dir);
  const accounts = [...sampleAccounts(AS_OF), ...Array.from({ length: 40 }, (_, i) => generateAccount(i, AS_OF))];
  TRICKY.forEach((name, i) => {
    const a = generateAccount(100 + i, AS_OF);
    a.overview.customerName = name;
    if (i === 1) a.overview.salesManager = '=A1';
    if (i === 2) delete a.overview.stage;
    if (i === 3) a.overview.stage = '=1';
    if (i === 4) a.overview.budget = 12.345;
    // The next open action and its owner, as a rep could type them.
    a.actionPlan = [{ action: name, owner: TRICKY[(i + 1) % TRICKY.length], dueDate: '2026-11-03', status: '进行中' }];
    accounts.push(a);
  });
  accounts.forEach((a, i) => writeFileSync(join(dir, `${String(i).padStart(3, '0')}.json`), JSON.stringify(a)));
  writeFileSync(join(dir, 'broken.json'), '{');

  files.zh = join(root, 'summary.xlsx');
  files.en = join(root, 'summary-en.xlsx');
  files.edited = join(root, 'summary-edited.xlsx');
  files.actions = join(root, 'summary-actions.xlsx');
  expect((await runCli('rollup', dir, '-o', files.actions, '--as-of', AS_OF, '--show-actions')).code).toBe(1);
  const run = await runCli('rollup', dir, '-o', files.zh, '--json', '--as-of', AS_OF);
  expect(run.code).toBe(1);
  rows = JSON.parse(run.stdout).rows;
  expect((await runCli('rollup', dir, '-o', files.en, '--as-of', AS_OF, '--lang', 'en')).code).toBe(1);

  // A manager lowers the 方案 probability from 60 % to 50 % (the cached results are left stale on purpose).
  const wb = await readXlsx(files.zh);
  const pipe = wb.getWorksheet(ROLLUP_TABS.pipeline.zh)!;
  let r = 1;
  while (pipe.getCell(r, 1).value !== '方案') r++;
  pipe.getCell(r, 2).value = 0.5;
  await wb.xlsx.writeFile(files.edited);

  const names = (f: string) => (f === files.en ? Object.values(ROLLUP_TABS).map((t) => t.en) : Object.values(ROLLUP_TABS).map((t) => t.zh));
  csv = recalculatedSheets([files.zh, files.en, files.edited, files.actions], names);
}, 300_000);

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

/** The text cells written from accounts (these may look like anything, e.g. "#N/A"). */
async function userTextCells(file: string): Promise<Set<string>> {
  const wb = await readXlsx(file);
  const texts = new Set<string>();
  wb.eachSheet((ws) =>
    ws.eachRow((row) => row.eachCell((c) => void (typeof c.value === 'string' && texts.add(`${ws.name}!${c.address}`)))),
  );
  return texts;
}

function a1(r: number, c: number): string {
  let s = '';
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return `${s}${r + 1}`;
}

describe('the roll-up workbook in LibreOffice', () => {
  it('shows no error value in any formula cell, in either locale or after an edit', async () => {
    for (const f of [files.zh, files.en, files.edited, files.actions]) {
      const texts = await userTextCells(f);
      const errors: string[] = [];
      for (const [sheet, grid] of Object.entries(csv[f])) {
        grid.forEach((line, r) =>
          line.forEach((v, c) => {
            if (ERROR_VALUE.test(v) && !texts.has(`${sheet}!${a1(r, c)}`)) errors.push(`${sheet}!${a1(r, c)}=${v}`);
          }),
        );
      }
      expect([f, errors]).toEqual([f, []]);
      expect(Object.keys(csv[f])).toHaveLength(Object.keys(ROLLUP_TABS).length);
    }
  });

  it('keeps formula-looking customer names as the literal text', () => {
    const summary = csv[files.zh][ROLLUP_TABS.summary.zh];
    const names = rows.map((r) => lineOf(summary, r)[col('customerName')]);
    expect(names).toEqual(rows.map((r) => r.customerName));
    for (const t of TRICKY) expect(names).toContain(t);
    expect(summary.map((l) => l[col('salesManager')])).toContain('=A1');
  });

  it('with the manager’s opt-in, shows each next action and its owner as the literal text (formula-looking ones too)', () => {
    const summary = csv[files.actions][ROLLUP_TABS.summary.zh];
    const header = summary[SUMMARY_ROWS.header - 1];
    const [text, owner] = [header.indexOf('下一行动（原文）'), header.indexOf('行动负责人')];
    expect([text, owner]).toEqual([ROLLUP_COLUMNS.length, ROLLUP_COLUMNS.length + 1]);
    TRICKY.forEach((name, i) => {
      const line = summary.find((l) => l[col('customerName')] === name) as string[];
      expect([name, line[text], line[owner]]).toEqual([name, name, TRICKY[(i + 1) % TRICKY.length]]);
    });
  });

  it('computes every forecast and the pipeline totals as the domain does', () => {
    const summary = csv[files.zh][ROLLUP_TABS.summary.zh];
    rows.forEach((row) => {
      const got = lineOf(summary, row)[col('forecast')];
      const want = stageForecast(row);
      if (want === null) expect(got).toBe('');
      else expect([row.customerName, Number(got)]).toEqual([row.customerName, expect.closeTo(want, 6)]);
    });
    const pipe = csv[files.zh][ROLLUP_TABS.pipeline.zh];
    const totals = pipelineTotals(rows);
    const section = (title: string) => {
      const start = pipe.findIndex((l) => l[0] === title);
      const out = new Map<string, number[]>();
      for (let r = start + 2; pipe[r][0] !== '合计'; r++) out.set(pipe[r][0], pipe[r].slice(1, 4).map(Number));
      return out;
    };
    for (const [title, list] of [
      ['按阶段', totals.byStage],
      ['按销售经理', totals.byManager],
    ] as const) {
      const got = section(title);
      expect(got.size).toBe(list.length);
      for (const t of list) {
        const g = got.get(t.key || '（未填）')!;
        expect([t.key, g[0], g[1], g[2]]).toEqual([t.key, t.count, expect.closeTo(t.budget, 1), expect.closeTo(t.forecast, 1)]);
      }
    }
  });

  it('follows a stage probability edited in the file', () => {
    const summary = csv[files.edited][ROLLUP_TABS.summary.zh];
    const solution = rows.map((r) => ({ r })).filter(({ r }) => r.stage === '方案' && r.budget !== null);
    expect(solution.length).toBeGreaterThan(3);
    for (const { r } of solution) expect(Number(lineOf(summary, r)[col('forecast')])).toBeCloseTo((r.budget as number) * 0.5, 6);
    const pipe = csv[files.edited][ROLLUP_TABS.pipeline.zh];
    const stageRow = pipe.findIndex((l, k) => l[0] === '方案' && k > pipe.findIndex((x) => x[0] === '按阶段'));
    const want = solution.reduce((s, { r }) => s + Math.round((r.budget as number) * 0.5 * 100) / 100, 0);
    expect(Number(pipe[stageRow][3])).toBeCloseTo(want, 6);
    expect(STAGE_PROBABILITY.solution).toBe(0.6);
  });

  it('reads the English workbook’s stages against its English probability table', () => {
    const summary = csv[files.en].Summary;
    rows.forEach((row) => {
      const want = stageForecast(row);
      if (want !== null) expect(Number(lineOf(summary, row)[col('forecast')])).toBeCloseTo(want, 6);
    });
  });
});
