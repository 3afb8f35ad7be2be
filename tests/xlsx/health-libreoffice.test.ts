/**
 * @needs libreoffice
 * The account-health tab (概览) of .xlsx workbooks, recalculated by
 * LibreOffice: for every sample account and for fuzzed ones (many of them
 * built to stress the red-flag rules: repeated and space-padded names,
 * decision makers visited several times with dates that are real, text,
 * invalid or numbers, visit numbers typed as text, late stages with odd
 * budgets), the verdict code and the red-flag codes the formulas compute —
 * read through their bindings — are what `assessAccount()` says for the
 * account the reader reads from the same file, and so is the verdict's
 * reason text. One soffice run converts every workbook.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { HEALTH_LABELS, HEALTH_TAB } from '../../sheets-templates/health';
import type { Locale } from '../../sheets-templates/types';
import { type Account, emptyAccount, parseAccountJson, toAccount } from '../../src/domain/account';
import { RED_FLAGS, RED_FLAG_LABELS, assessAccount } from '../../src/domain/assessment';
import { parseRef } from '../../src/domain/bindings';
import { verdictReason } from '../../src/domain/health';
import { type TabLayout, tabName, workbookLayout } from '../../src/domain/layout';
import { keyPeopleHelpers } from '../../src/xlsx/health-formulas';
import { readAccountFromGrids } from '../../src/domain/read-workbook';
import { SAMPLE_EXPECTATIONS, sampleAccounts } from '../../src/domain/sample-accounts';
import { readXlsx } from '../../src/xlsx/read-xlsx';
import { invalidMarkFormula, outsideVocabFormula } from '../../src/xlsx/highlight';
import { isValidMark } from '../../src/domain/marks';
import { vocabOptions, vocabulary } from '../../src/domain/vocab';
import { actionCounts, openActions, unansweredFlags } from '../../src/domain/action-plan';
import { validateAccount } from '../../src/domain/validate';
import { HEALTH } from '../../src/xlsx/render-health';
import { writeAccountWorkbook } from '../../src/xlsx/render-workbook';
import { ERROR_VALUE, type SheetCsv, recalculatedSheets, sofficeBinary } from '../support/libreoffice';
import { isOverdueAction as isOverdue } from '../../src/domain/action-plan';
import { type Raw, rawAccount, withoutLoneSurrogates } from './arbitraries';

const SEED = Number(process.env.KA_TEST_SEED ?? 20261130);
const FUZZED = 36;
const AS_OF = '2026-11-10';

// Key people built to exercise no-coach, no-decision-maker, dm-relationship-down and stale.
const NAMES = ['张局', ' 张局', '张局\u3000', '张 局', '张  局', '李科', 'li', 'LI', '', 7];
const dateOf = fc.oneof(
  fc.constantFrom('2026-10-01', '2026-10-10', '2026-10-11', '2026-11-09', '2026-11-12', '2025-12-31'),
  fc.constantFrom(' 2026-10-20', '2026-02-30', '0099-05-05', '1899-12-31', '2026/10/20', '下周', '', null),
  fc.constantFrom(46000, 46300, 3, 0.5, true),
);
const visitNo = fc.oneof(fc.integer({ min: 1, max: 4 }), fc.constantFrom('2', ' 3 ', '1,5', '2e0', 'x', '', null, 2.5, -1, true));
const vocabish = (values: unknown[]) => fc.constantFrom(...values);
const kpRow = fc.record(
  {
    name: fc.constantFrom(...NAMES),
    visitNo,
    visitDate: dateOf,
    role: vocabish(['关键决策者', ' 关键决策者 ', '关键决策者', '业务把关者', '技术把关者', '关键 决策者', '', null]),
    couldCoach: vocabish(['否', '否', '是', ' 是\t', '', 'yes']),
    closeness: vocabish(['上升', '持平', '下降', ' 下降', '下 降', '', null]),
    trust: vocabish(['上升', '持平', '下降', '', null]),
    orgTitle: vocabish(['', '局长', null]),
  },
  { requiredKeys: [] },
);
const roleMapRow = fc.record(
  { role: vocabish(['教练', ' 教练 ', '关键决策者', '教 练', '']), name: vocabish(['王', '', '   ', 0, null]) },
  { requiredKeys: [] },
);
// Action plans built to exercise open, overdue, due order (ties, undated, odd dates) and which flags an action answers.
const answersValue = (code: string) => vocabOptions('answers')[vocabulary('answers')?.values.findIndex((v) => v.code === code) ?? -1];
const actionRow = fc.record(
  {
    action: vocabish(['约张局', ' 补预算 ', '', '  ', '写方案', 5, '拜访\u3000李科']),
    answers: fc.oneof(
      fc.constantFrom(...RED_FLAGS).map(answersValue),
      fc.constantFrom(...RED_FLAGS).map((f) => ` ${answersValue(f)} `),
      vocabish(['红旗：', '', null, answersValue('opportunity.4'), '没有教练']),
    ),
    owner: vocabish(['王', '', null]),
    dueDate: dateOf,
    status: vocabish(['未开始', '进行中', '已完成', '已取消', ' 已完成 ', '已 完成', '', null, 'done']),
  },
  { requiredKeys: [] },
);
const stressed: fc.Arbitrary<Raw> = fc
  .tuple(
    rawAccount,
    fc.array(kpRow, { maxLength: 9 }),
    fc.array(roleMapRow, { maxLength: 3 }),
    vocabish(['方案', '谈判成交', ' 谈判成交 ', '意向', '潜在', '', '方 案']),
    vocabish([300, 0, '', '  ', '300万元', '300', true, null, -5]),
    fc.array(actionRow, { maxLength: 14 }),
  )
  .map(([raw, keyPeople, roleMap, stage, budget, actionPlan]) => ({
    ...raw,
    keyPeople,
    roleMap,
    overview: { ...(raw.overview as Raw), stage, budget },
    actionPlan,
  }));

interface Case {
  name: string;
  file: string;
  locale: Locale;
  /** The as-of date written into the tab; undefined: blank (today). */
  asOf?: string;
}

let dir: string;
const cases: Case[] = [];
let csv: Record<string, SheetCsv>;
let lastRunMs = 0;
let probeFile: string;

/** Values a rep might type into a mark or a vocabulary cell. */
const PROBES: unknown[] = [
  '+',
  '-',
  '?',
  '',
  '  ',
  '＋',
  ' － ',
  '？\t',
  '\u3000+\u3000',
  '√',
  'x',
  '++',
  '+ +',
  '＋＋',
  '- ',
  '–',
  5,
  0,
  true,
  false,
  '是',
  ' 是 ',
  '是\n',
  '否',
  '是是',
  '是|否',
  '|是|',
  '|',
  'yes',
  '下降',
  '关键决策者',
  ' 关键决策者',
  '关键 决策者',
  '*',
  '~',
  '是?',
];

/** A sheet with each probe value in column A, the mark rule in B and the yes/no vocabulary rule in C, on the same row. */
async function highlightProbe(into: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  wb.calcProperties = { fullCalcOnLoad: true };
  const ws = wb.addWorksheet('probe');
  PROBES.forEach((v, i) => {
    const r = i + 1;
    ws.getCell(r, 1).value = v as ExcelJS.CellValue;
    ws.getCell(r, 2).value = { formula: `IF(${invalidMarkFormula(`A${r}`)},"bad","ok")` } as ExcelJS.CellFormulaValue;
    ws.getCell(r, 3).value = {
      formula: `IF(${outsideVocabFormula(`A${r}`, vocabOptions('yesNo'))},"bad","ok")`,
    } as ExcelJS.CellFormulaValue;
  });
  const file = join(into, 'highlight-probe.xlsx');
  await wb.xlsx.writeFile(file);
  return file;
}

beforeAll(async () => {
  sofficeBinary();
  dir = mkdtempSync(join(tmpdir(), 'ka-health-'));
  const add = async (name: string, account: Account, locale: Locale, asOf?: string) => {
    const file = join(dir, `${name}.xlsx`);
    await writeAccountWorkbook(account, file, locale, { asOf });
    cases.push({ name, file, locale, asOf });
  };
  for (const [i, a] of sampleAccounts(AS_OF).entries()) await add(`sample-${i}`, a, i % 4 === 3 ? 'en' : 'zh', AS_OF);
  const example = parseAccountJson(readFileSync(join(__dirname, '..', 'fixtures', 'example-account.json'), 'utf8')).account;
  await add('example-today', example, 'zh');
  await add('example-en', example, 'en', '2026-11-11');
  await add('empty', emptyAccount('新客户'), 'zh');
  // More open actions than the tab lists, with ties, undated and closed ones among them.
  const dues = ['2026-12-01', '', '2026-10-01', '2026-12-01', '下周', '2026-11-09', '2026-11-10', '2026-10-01', '', '2027-01-05'];
  const many = [...dues, ...dues].map((dueDate, i) => ({
    action: `行动${i + 1}`,
    answers: i % 3 === 0 ? '红旗：没有教练' : '',
    dueDate,
    status: i % 7 === 6 ? '已完成' : i % 2 ? '进行中' : '',
  }));
  await add('many-actions', { ...example, actionPlan: many }, 'zh', AS_OF);
  const raws = [...fc.sample(stressed, { numRuns: FUZZED - 8, seed: SEED }), ...fc.sample(rawAccount, { numRuns: 8, seed: SEED + 1 })];
  for (const [i, raw] of raws.entries())
    await add(`fuzzed-${i}`, toAccount(withoutLoneSurrogates(raw)), i % 5 === 4 ? 'en' : 'zh', i % 3 === 2 ? undefined : AS_OF);
  // A row inside the key-people table without its helper formulas (as a row inserted by hand has none).
  const gap = join(dir, 'missing-helper.xlsx');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(cases[0].file);
  const kpTab = workbookLayout(emptyAccount(), 'zh').find((t) => t.form === 'keyPeople') as TabLayout;
  const helpers = keyPeopleHelpers(kpTab);
  const ws = wb.getWorksheet(tabName('keyPeople', 'zh')) as ExcelJS.Worksheet;
  for (const h of helpers.columns) ws.getCell(helpers.firstRow + 100, h.col + 1).value = null; // an empty row: the flags stay the engine’s
  await wb.xlsx.writeFile(gap);
  cases.push({ name: 'missing-helper', file: gap, locale: 'zh', asOf: AS_OF });
  probeFile = await highlightProbe(dir);
  const started = Date.now();
  csv = recalculatedSheets([...cases.map((c) => c.file), probeFile], (f) => {
    if (f === probeFile) return ['probe'];
    const c = cases.find((x) => x.file === f) as Case;
    return [HEALTH_TAB[c.locale], tabName('keyPeople', c.locale)];
  });
  lastRunMs = Date.now() - started;
}, 300_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const readBack = new Map<string, ReturnType<typeof readXlsx>>();
/** The written file as ka-sales's reader reads it (once per file). */
function read(c: Case): ReturnType<typeof readXlsx> {
  if (!readBack.has(c.file)) readBack.set(c.file, readXlsx(readFileSync(c.file)));
  return readBack.get(c.file) as ReturnType<typeof readXlsx>;
}

/** The cell a binding of the written file names, in LibreOffice's recalculated sheet. */
function bound(c: Case, name: string): string {
  const { definedNames } = read(c);
  const n = definedNames.find((d) => d.name === name);
  if (!n) throw new Error(`${c.name}: no defined name ${name}`);
  const r = parseRef(n.ref);
  if (!r || n.sheet !== HEALTH_TAB[c.locale]) throw new Error(`${c.name}: ${name} is ${n.sheet}!${n.ref}`);
  return csv[c.file][n.sheet]?.[r.row1]?.[r.col1] ?? '';
}

/** The engine's assessment of what the reader reads from the file, as of the tab's date. */
function engine(c: Case) {
  const { grids, definedNames } = read(c);
  const { account } = readAccountFromGrids(grids, definedNames);
  // A blank as-of is today as LibreOffice's clock has it: the tab shows the date it used.
  const asOf = c.asOf ?? csv[c.file][HEALTH_TAB[c.locale]][HEALTH.asOfRow][HEALTH.cols.meaning];
  return { account, asOf, a: assessAccount(account, asOf) };
}

test('every workbook was recalculated, in one LibreOffice run', () => {
  expect(cases.length).toBeGreaterThanOrEqual(FUZZED + 8);
  for (const c of cases)
    expect({ case: c.name, has: Boolean(csv[c.file][HEALTH_TAB[c.locale]]?.length) }).toEqual({ case: c.name, has: true });
  console.log(`health tab: ${cases.length} workbooks recalculated by LibreOffice in ${(lastRunMs / 1000).toFixed(1)} s`);
});

test('the verdict code and red-flag codes are the engine’s, for every sample and fuzzed account', () => {
  const flagsSeen = new Set<string>();
  const verdictsSeen = new Set<string>();
  for (const c of cases) {
    const { a } = engine(c);
    const got = { verdict: bound(c, 'ka_health_out_verdict'), flags: bound(c, 'ka_health_out_flags') };
    expect({ case: c.name, ...got }).toEqual({ case: c.name, verdict: a.verdict, flags: a.redFlags.join(',') });
    for (const f of a.redFlags) flagsSeen.add(f);
    verdictsSeen.add(a.verdict);
  }
  // The cases cover every verdict and every red flag (else they prove less than they claim).
  expect([...verdictsSeen].sort()).toEqual(['not-real', 'pursue', 'unassessed', 'watch']);
  expect([...flagsSeen].sort()).toEqual([...RED_FLAGS].sort());
});

test('open and overdue action counts, unanswered flags and the listed open actions are the engine’s', () => {
  const seen = { open: 0, overdue: 0, unanswered: 0, answered: 0, over: 0 };
  for (const c of cases) {
    const { account, asOf, a } = engine(c);
    const counts = actionCounts(account, asOf);
    const unanswered = unansweredFlags(account, a.redFlags);
    const got = {
      case: c.name,
      unanswered: bound(c, 'ka_health_out_unanswered'),
      open: bound(c, 'ka_health_out_openActions'),
      overdue: bound(c, 'ka_health_out_overdueActions'),
    };
    expect(got).toEqual({ case: c.name, unanswered: unanswered.join(','), open: String(counts.open), overdue: String(counts.overdue) });
    // The list: the open actions in byDueDate order, the first HEALTH.listedActions of them, overdue ones marked.
    const grid = csv[c.file][HEALTH_TAB[c.locale]];
    const top = grid.findIndex((r) => r[0] === HEALTH_LABELS.actions[c.locale]);
    expect({ case: c.name, top: top > 0 }).toEqual({ case: c.name, top: true });
    const listed = grid
      .slice(top + 4, top + 4 + HEALTH.listedActions)
      .map((r) => [(r[HEALTH.cols.meaning] ?? '').trim(), r[HEALTH.cols.value] ?? '']);
    const open = openActions(account);
    const want = Array.from({ length: HEALTH.listedActions }, (_, i) => {
      const r = open[i];
      if (!r) return ['', ''];
      return [String(r.action).trim(), asOf && isOverdue(r, asOf) ? HEALTH_LABELS.overdue[c.locale] : ''];
    });
    expect({ case: c.name, listed }).toEqual({ case: c.name, listed: want });
    const more = grid[top + 4 + HEALTH.listedActions]?.[0] ?? '';
    expect({ case: c.name, more: more.includes(String(counts.open - HEALTH.listedActions)) }).toEqual({
      case: c.name,
      more: counts.open > HEALTH.listedActions,
    });
    seen.open += counts.open > 0 ? 1 : 0;
    seen.overdue += counts.overdue > 0 ? 1 : 0;
    seen.over += counts.open > HEALTH.listedActions ? 1 : 0;
    seen.unanswered += unanswered.length > 0 ? 1 : 0;
    seen.answered += unanswered.length < a.redFlags.length ? 1 : 0;
  }
  // The cases prove something: some have open, overdue, more than listed, unanswered and answered flags.
  for (const [k, n] of Object.entries(seen)) expect({ k, some: n > 0 }).toEqual({ k, some: true });
});

test('the sample accounts show in the workbook what each was made to show (SAMPLE_EXPECTATIONS)', () => {
  const samples = cases.filter((x) => x.name.startsWith('sample-'));
  expect(samples).toHaveLength(SAMPLE_EXPECTATIONS.length);
  samples.forEach((c, i) => {
    const want = SAMPLE_EXPECTATIONS[i];
    const got = { verdict: bound(c, 'ka_health_out_verdict'), flags: bound(c, 'ka_health_out_flags') };
    expect({ customer: want.customerName, ...got }).toEqual({
      customer: want.customerName,
      verdict: want.verdict,
      flags: want.redFlags.join(','),
    });
  });
});

test('the verdict, its reason and each flag row read as the engine says, in the workbook’s language', () => {
  for (const c of cases) {
    const { account, a } = engine(c);
    const grid = csv[c.file][HEALTH_TAB[c.locale]];
    const row = (r: number) => grid[r] ?? [];
    const reason = verdictReason(
      a,
      account.opportunity.items.map((i) => i.mark),
      c.locale,
    );
    expect({ case: c.name, reason: row(HEALTH.verdictRow)[HEALTH.cols.meaning] }).toEqual({ case: c.name, reason });
    RED_FLAGS.forEach((f, i) => {
      const r = row(HEALTH.firstFlagRow + i);
      const want = a.redFlags.includes(f) ? HEALTH_LABELS.yes[c.locale] : HEALTH_LABELS.no[c.locale];
      expect({ case: c.name, flag: f, label: r[0], raised: r[HEALTH.cols.value] }).toEqual({
        case: c.name,
        flag: f,
        label: RED_FLAG_LABELS[f][c.locale],
        raised: want,
      });
    });
  }
});

test('no formula on the tab or in the key-people helpers shows an error value', () => {
  const kpTab = workbookLayout(emptyAccount()).find((t) => t.form === 'keyPeople');
  const firstHelper = Math.min(...keyPeopleHelpers(kpTab as NonNullable<typeof kpTab>).columns.map((h) => h.col));
  expect(firstHelper).toBeGreaterThan(20);
  const errors: string[] = [];
  for (const c of cases)
    for (const [sheet, grid] of Object.entries(csv[c.file]))
      grid.forEach((r, i) =>
        r.forEach((v, j) => {
          // The key-people tab holds the account's own text too: only the helper columns are formulas.
          if (ERROR_VALUE.test(v) && (sheet === HEALTH_TAB[c.locale] || j >= firstHelper))
            errors.push(`${c.name} ${sheet}!${i + 1},${j + 1}: ${v}`);
        }),
      );
  expect(errors).toEqual([]);
});

test('the highlight rules flag exactly the marks the reader rejects and the values validation calls outside the vocabulary', () => {
  const grid = csv[probeFile].probe;
  PROBES.forEach((v, i) => {
    const markBad = !isValidMark(v);
    // What validation says of the value in a yes/no field (couldCoach): a problem of rule `vocabulary`, or none.
    const problems = validateAccount({
      schemaVersion: 1,
      overview: { customerName: 'x' },
      keyPeople: [{ name: 'a', visitNo: 1, visitDate: '2026-10-01', couldCoach: v }],
    });
    const vocabBad = problems.some((p) => p.rule === 'vocabulary' && p.path === 'keyPeople.0.couldCoach');
    expect({ v, mark: grid[i][1], vocab: grid[i][2] }).toEqual({ v, mark: markBad ? 'bad' : 'ok', vocab: vocabBad ? 'bad' : 'ok' });
  });
});

test('every input tab carries the rules, over every mark and vocabulary input; LibreOffice opened them all', async () => {
  const c = cases.find((x) => x.name === 'example-today') as Case;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(c.file);
  const layout = workbookLayout(engine(c).account, c.locale);
  for (const tab of layout.filter((t) => t.form !== 'glossary' && t.form !== 'meta')) {
    const ws = wb.getWorksheet(tab.name) as ExcelJS.Worksheet;
    const rules = (ws as unknown as { conditionalFormattings: Array<{ ref: string; rules: Array<{ formulae: string[] }> }> })
      .conditionalFormattings;
    const covered = (row: number, col: number) =>
      rules.some((cf) =>
        cf.ref.split(' ').some((ref) => {
          const r = parseRef(ref);
          return r && row >= r.row1 && row <= r.row2 && col >= r.col1 && col <= r.col2;
        }),
      );
    const inputs = tab.cells.filter((x) => x.kind === 'input' && (x.type === 'mark' || x.type === 'vocab'));
    for (const rule of tab.columnRules.filter((r) => r.type === 'vocab'))
      for (const row of [rule.fromRow, rule.toRow]) inputs.push({ row, col: rule.col, kind: 'input', value: null, type: 'vocab' });
    expect(inputs.length).toBeGreaterThan(0);
    for (const x of inputs)
      expect({ tab: tab.name, row: x.row, col: x.col, covered: covered(x.row, x.col) }).toEqual({
        tab: tab.name,
        row: x.row,
        col: x.col,
        covered: true,
      });
  }
  // LibreOffice read every workbook carrying them and computed every tab.
  expect(Object.keys(csv)).toHaveLength(cases.length + 1);
});

test('a key-people row without its helper formulas is said on the tab; complete workbooks say nothing', () => {
  const warning = (c: Case) => csv[c.file][HEALTH_TAB[c.locale]][HEALTH.warningRow]?.[0] ?? '';
  const gap = cases.find((c) => c.name === 'missing-helper') as Case;
  expect(warning(gap)).toContain('ka-sales upgrade');
  for (const c of cases.filter((x) => x !== gap)) expect({ case: c.name, warning: warning(c) }).toEqual({ case: c.name, warning: '' });
});
