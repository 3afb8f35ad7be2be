/**
 * The upgrade's proof in the domain, on plain grids: what an older layout
 * reads as, which values would be kept, and which would be lost (by tab and
 * cell) — the adapters write nothing unless this list is empty.
 */
import { COMP, OPP, type GridValue, tabName, workbookLayout } from '../../src/domain/layout';
import { a1 } from '../../src/domain/a1';
import { layoutToGrids, readAccountFromGrids } from '../../src/domain/read-workbook';
import type { Grids } from '../../src/domain/read-workbook';
import { accountDifferences, lostValueMessage, needsUpgrade, planUpgrade, refusalMessage, workbookLocale } from '../../src/domain/upgrade';
import { TEMPLATE_VERSION } from '../../sheets-templates/forms';
import type { Account } from '../../src/domain/account';
import {
  DEAL_ROWS,
  GONE_COLUMN,
  GONE_ROW,
  KP,
  META_TAB,
  OLD_VERSION,
  OV,
  colOfHeader,
  dealRow,
  fieldLabel,
  oldAccount,
  rowOfLabel,
} from './support';

/** The current grids of an account made into the previous definition: one column and one row deleted, version − 1. */
function oldGrids(account: Account, locale: 'zh' | 'en' = 'zh'): Grids {
  const g = layoutToGrids(workbookLayout(account, locale));
  const kp = tabName('keyPeople', locale);
  const ov = tabName('overview', locale);
  for (const row of g[kp]) row.splice(GONE_COLUMN.col, 1);
  g[ov].splice(rowOfLabel(g[ov], GONE_ROW.label[locale]), 1);
  // Version 1 had no action plan and no decision and outcome.
  delete g[tabName('actionPlan', locale)];
  g[ov].splice(dealRow(g[ov], locale), DEAL_ROWS);
  g[META_TAB][0][1] = OLD_VERSION;
  return g;
}

const clone = (g: Grids): Grids => JSON.parse(JSON.stringify(g));
function put(g: Grids, sheet: string, row: number, col: number, v: GridValue): void {
  const grid = g[sheet];
  while (grid.length <= row) grid.push([]);
  while (grid[row].length <= col) grid[row].push(null);
  grid[row][col] = v;
}

test('needsUpgrade: only versions older than the forms', () => {
  expect(needsUpgrade(TEMPLATE_VERSION - 1)).toBe(true);
  expect(needsUpgrade(TEMPLATE_VERSION)).toBe(false);
  expect(needsUpgrade(TEMPLATE_VERSION + 1)).toBe(false);
});

test('an older layout reads by its labels: the missing column reads as blank, not as the column now at its position', () => {
  const a = oldAccount();
  const g = oldGrids(a);
  // The old tab has no age column: orgTitle sits where age sits in the current layout.
  expect(g[KP][1][GONE_COLUMN.col]).toBe(fieldLabel('orgTitle'));
  const read = readAccountFromGrids(g);
  expect(read.account.keyPeople[0].orgTitle).toBe('临江市财政局 副局长');
  expect(read.account.keyPeople.every((r) => !('age' in r))).toBe(true);
  expect(read.templateVersion).toBe(OLD_VERSION);
  expect(read.locations['keyPeople.0.orgTitle']).toEqual({ sheet: KP, cell: `${'E'}3` });
  expect(read.locations['keyPeople.0.age']).toBeUndefined();
});

test.each(['zh', 'en'] as const)(
  'a filled older workbook (%s): every value kept, the new layout has the column and the row again',
  (locale) => {
    const a = oldAccount();
    const g = oldGrids(a, locale);
    const plan = planUpgrade(g);
    expect(plan.lost).toEqual([]);
    expect(plan.from).toBe(OLD_VERSION);
    expect(plan.to).toBe(TEMPLATE_VERSION);
    expect(plan.locale).toBe(locale);
    expect(plan.otherTabs).toEqual([]);
    expect(plan.kept).toBeGreaterThan(150);
    const next = layoutToGrids(plan.tabs);
    const kp = tabName('keyPeople', locale);
    const ov = tabName('overview', locale);
    expect(colOfHeader(next[kp], fieldLabel('age', locale))).toBe(GONE_COLUMN.col);
    // The new column is empty: the old workbook had no ages (nothing is borrowed from the column beside it).
    expect(next[kp].slice(2).map((r) => r[GONE_COLUMN.col])).toEqual(next[kp].slice(2).map(() => null));
    expect(rowOfLabel(next[ov], GONE_ROW.label[locale])).toBeGreaterThan(0);
    expect(next[META_TAB][0]).toEqual(['templateVersion', TEMPLATE_VERSION]);
    expect(accountDifferences(readAccountFromGrids(next).account, readAccountFromGrids(g).account)).toEqual([]);
  },
);

test('kept counts each non-blank input cell once; a workbook from this version needs nothing', () => {
  const a = oldAccount();
  const g = layoutToGrids(workbookLayout(a, 'zh'));
  const plan = planUpgrade(g);
  expect(plan.lost).toEqual([]);
  expect(needsUpgrade(plan.from)).toBe(false);
  // One more value typed anywhere in a field is one more kept.
  const g2 = clone(g);
  put(g2, KP, 2, colOfHeader(g2[KP], fieldLabel('age')), 52);
  expect(planUpgrade(g2).kept).toBe(plan.kept + 1);
});

test('a column the forms do not know, holding data, is named by tab, cell and header', () => {
  const g = oldGrids(oldAccount());
  const col = g[KP][1].length + 1; // a gap, then the rep's own column
  put(g, KP, 1, col, '备注');
  put(g, KP, 3, col, '周末约了打球');
  const plan = planUpgrade(g);
  expect(plan.lost).toEqual([{ sheet: KP, cell: a1(3, col), value: '周末约了打球', under: '备注' }]);
  expect(lostValueMessage(plan.lost[0], 'zh')).toBe(`${KP}!${a1(3, col)}：值 "周末约了打球"（"备注"下）在新模板中没有字段，会丢失`);
  expect(refusalMessage(plan.lost, 'en')).toMatch(
    new RegExp(
      `^Not upgraded, the workbook is unchanged: 1 value\\(s\\)[^\\n]*\\n${KP}!${a1(3, col)}: the value "周末约了打球" \\(under "备注"\\) has no field`,
    ),
  );
  // A header alone (no data under it) loses nothing.
  const g2 = oldGrids(oldAccount());
  put(g2, KP, 1, col, '备注');
  expect(planUpgrade(g2).lost).toEqual([]);
});

test('overview: a row whose label is no field, a value beside a merged field, a second row of one field, a value outside any section', () => {
  const g0 = oldGrids(oldAccount());
  const date = rowOfLabel(g0[OV], '时间');
  // Beside the merged B:D input of a field, in column E.
  const g1 = clone(g0);
  put(g1, OV, date, 4, '旁注');
  expect(planUpgrade(g1).lost).toEqual([{ sheet: OV, cell: a1(date, 4), value: '旁注', under: '时间' }]);
  // An old field's row the current forms do not have: insert a labelled row in the header block.
  const g = clone(g0);
  g[OV].splice(date + 1, 0, ['客户级别', 'A 类']);
  const lost = planUpgrade(g).lost;
  expect(lost).toEqual([{ sheet: OV, cell: a1(date + 1, 1), value: 'A 类', under: '客户级别' }]);
  // The same label twice: the reader keeps the last; the first would be lost.
  const g2 = clone(g0);
  g2[OV].splice(date + 1, 0, ['时间', '2026-10-01']);
  expect(planUpgrade(g2).lost).toEqual([{ sheet: OV, cell: a1(date, 1), value: '下周二', under: '时间' }]);
  // Text typed in the blank row under the title, outside every section.
  const g3 = clone(g0);
  put(g3, OV, 1, 0, '备忘：先打电话');
  expect(planUpgrade(g3).lost.map((l) => l.cell)).toEqual(['A2']);
});

test('role map: an empty slot of a fixed role is template; a role alone that is not one of them is a value', () => {
  const g = oldGrids(oldAccount());
  const rm = tabName('roleMap', 'zh');
  const next = g[rm].length;
  put(g, rm, next, 0, '教练');
  expect(planUpgrade(g).lost).toEqual([]);
  put(g, rm, next + 1, 0, '财务把关者');
  expect(planUpgrade(g).lost).toEqual([{ sheet: rm, cell: a1(next + 1, 0), value: '财务把关者', under: '角色' }]);
});

test('assessment tabs: inputs are kept; a note beside the form is named; columns past the form (adapter helpers) are not inputs', () => {
  const g = oldGrids(oldAccount());
  const opp = tabName('opportunity', 'zh');
  const comp = tabName('competitiveness', 'zh');
  const base = planUpgrade(g);
  put(g, opp, OPP.firstItemRow, 9, '+'); // a helper column of the .xlsx adapter
  put(g, opp, OPP.firstItemRow, 8, 'TRUE');
  expect(planUpgrade(g).lost).toEqual([]);
  put(g, comp, COMP.scoreRows.lead + 2, 2, '下次带上演示环境');
  put(g, opp, OPP.scoreRows.opp, 6, '看权重');
  expect(planUpgrade(g).lost.map((l) => `${l.sheet}!${l.cell}`)).toEqual([
    `${opp}!${a1(OPP.scoreRows.opp, 6)}`,
    `${comp}!${a1(COMP.scoreRows.lead + 2, 2)}`,
  ]);
  expect(base.kept).toBe(planUpgrade(g).kept);
});

test('tabs that are not the account’s are listed when they hold something; the glossary and the meta tab are template', () => {
  const g = oldGrids(oldAccount());
  g['我的笔记'] = [['周五前回电话']];
  g['空表'] = [[null, '  ']];
  g[tabName('glossary', 'zh')][5] = ['改过的术语'];
  const plan = planUpgrade(g);
  expect(plan.otherTabs).toEqual(['我的笔记']);
  expect(plan.lost).toEqual([]);
});

test('workbookLocale: the meta tab says; else the overview tab’s name', () => {
  const g = oldGrids(oldAccount(), 'en');
  expect(workbookLocale(g)).toBe('en');
  delete g[META_TAB];
  expect(workbookLocale(g)).toBe('en');
  expect(workbookLocale(oldGrids(oldAccount()))).toBe('zh');
});
