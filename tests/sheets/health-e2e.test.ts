/**
 * The health tab (概览) and its custom functions on what ships: dist/Code.js
 * as the library, the template's dist-shim over it (gas-world.ts), workbooks
 * made by the bundle's import, the formulas evaluated by the fake's formula
 * engine with the arguments Sheets passes. =KA_VERDICT() and =KA_FLAGS() must
 * say what the engine (assessAccount) says, for the sample accounts and for
 * generated ones.
 */
import fc from 'fast-check';
import { HEALTH_LABELS, HEALTH_TAB } from '../../sheets-templates/health';
import { type Account, text, toAccount } from '../../src/domain/account';
import { RED_FLAG_LABELS, VERDICT_LABELS, assessAccount } from '../../src/domain/assessment';
import { sampleAccounts } from '../../src/domain/sample-accounts';
import { actionCounts, isOverdueAction, openActions, unansweredFlags } from '../../src/domain/action-plan';
import { a1 } from '../../src/domain/a1';
import { workbookLayout } from '../../src/domain/layout';
import { vocabLabel, vocabOptions } from '../../src/domain/vocab';
import { ACTION_LIST_COLUMNS, LISTED_ACTIONS } from '../../src/sheets/custom-functions';
import { HEALTH } from '../../src/sheets/health-tab';
import { INVALID_BACKGROUND } from '../../src/sheets/render-workbook';
import type { SpreadsheetModel } from '../fakes/spreadsheet-app';
import { rawAccount } from '../xlsx/arbitraries';
import { GasWorld } from './gas-world';

const AS_OF = '2026-11-01';

/** Action-plan rows: open, closed, overdue, undated, answering a red flag (padded or not) or something else. */
const flagValue = (f: string) => vocabOptions('answers')[Object.keys(RED_FLAG_LABELS).indexOf(f)];
const actionRow = fc.record(
  {
    action: fc.constantFrom('约张局', ' 补预算 ', '', '写方案'),
    answers: fc.oneof(
      fc.constantFrom(...Object.keys(RED_FLAG_LABELS)).map(flagValue),
      fc.constantFrom(...Object.keys(RED_FLAG_LABELS)).map((f) => ` ${flagValue(f)} `),
      fc.constantFrom('', '没有教练'),
    ),
    dueDate: fc.constantFrom('2026-10-01', '2026-11-01', '2026-12-01', '', '下周'),
    status: fc.constantFrom('未开始', '进行中', '已完成', '已取消', '', ' 已完成 '),
  },
  { requiredKeys: [] },
);
const ADMIN = 'admin@example.com';

/** A world with a template whose imports make account workbooks through the bundle. */
function world(locale = 'zh_CN') {
  const w = new GasWorld({ locale });
  const template = w.fake.createSpreadsheet('ka-sales 模板', { boundScript: 'shim', owner: ADMIN });
  w.fake.answer({ button: 'OK' });
  w.run(template, 'kaUseAsTemplate', [], { user: ADMIN });
  return { w, template };
}

/** The account imported through the bundle (null when the import refuses it), with the health tab's as-of date set. */
function imported(w: GasWorld, template: SpreadsheetModel, json: unknown, asOf = AS_OF): SpreadsheetModel | null {
  const r = w.run(template, 'kaImportAccountJson', [JSON.stringify(json)], { user: ADMIN });
  if (!r.ok) return null;
  const ss = w.newest();
  w.fake.userTypes(ss, HEALTH_TAB.zh, `B${HEALTH.asOfRow + 1}`, [[asOf]]);
  return ss;
}

/** What the health tab shows: the verdict's code and label, the flags' codes and labels, each flag's raised cell. */
function shown(w: GasWorld, ss: SpreadsheetModel) {
  const rows = w.fake.api(ss).getSheetByName(HEALTH_TAB.zh)!.getDataRange().getValues();
  const codes = rows.find((r) => r[0] === HEALTH_LABELS.codes.zh) as unknown[];
  const raised = Object.fromEntries(
    Object.entries(RED_FLAG_LABELS).map(([code, l]) => [code, rows.find((r) => r[0] === l.zh)?.[HEALTH.cols.value]]),
  );
  const by = (l: { zh: string }) => rows.find((r) => r[0] === l.zh) as unknown[];
  const unanswered = by(HEALTH_LABELS.unansweredCodes);
  const marked = Object.entries(RED_FLAG_LABELS)
    .filter(([, l]) => rows.find((r) => r[0] === l.zh)?.[HEALTH.cols.answered] === '⚠')
    .map(([code]) => code);
  const top = rows.findIndex((r) => r[0] === HEALTH_LABELS.actions.zh);
  const sheet = w.fake.api(ss).getSheetByName(HEALTH_TAB.zh)!;
  const list = sheet.getRange(top + 3, 1, LISTED_ACTIONS, ACTION_LIST_COLUMNS.length).getValues();
  const more = sheet.getRange(top + 3 + LISTED_ACTIONS, 1).getValue();
  return {
    actions: list.filter((r) => r.some((v) => v !== '')),
    // after the listed rows, only blank ones
    blankBelow: list.slice(list.filter((r) => r.some((v) => v !== '')).length).every((r) => r.every((v) => v === '')),
    more,
    verdict: codes[2],
    flags: codes[1],
    unanswered: unanswered[1],
    unansweredLabels: unanswered[2],
    marked,
    open: by(HEALTH_LABELS.openCount)[1],
    overdue: by(HEALTH_LABELS.overdueCount)[1],
    label: rows[HEALTH.verdictRow][1],
    labels: rows[HEALTH.flagsRow][1],
    reason: rows[HEALTH.verdictRow][3],
    raised,
  };
}

/** The open actions as the engine lists them: due order, the first 10, each row's overdue mark and status label. */
function actionList(account: Account, asOf: string) {
  const open = openActions(account);
  return {
    actions: open
      .slice(0, 10)
      .map((r) => [
        text(r.dueDate),
        isOverdueAction(r, asOf) ? '逾期' : '',
        text(r.action),
        text(r.owner),
        vocabLabel('actionStatus', text(r.status), 'zh'),
      ]),
    blankBelow: true,
    more: open.length > 10 ? `另有 ${open.length - 10} 项未列出，见“行动计划”表。` : '',
  };
}

function expected(account: Account, asOf = AS_OF) {
  const a = assessAccount(account, asOf);
  const unanswered = unansweredFlags(account, a.redFlags);
  const counts = actionCounts(account, asOf);
  return {
    ...actionList(account, asOf),
    verdict: a.verdict,
    flags: a.redFlags.join(', '),
    unanswered: unanswered.join(', '),
    unansweredLabels: unanswered.map((f) => RED_FLAG_LABELS[f].zh).join('、'),
    marked: Object.keys(RED_FLAG_LABELS).filter((f) => unanswered.includes(f as never)),
    open: counts.open,
    overdue: counts.overdue,
    label: VERDICT_LABELS[a.verdict].zh,
    labels: a.redFlags.map((f) => RED_FLAG_LABELS[f].zh).join('、'),
    raised: Object.fromEntries(Object.keys(RED_FLAG_LABELS).map((f) => [f, a.redFlags.includes(f as never) ? '是' : '否'])),
  };
}

describe('概览 through the bundle', () => {
  const { w, template } = world();

  test.each(sampleAccounts(AS_OF).map((a) => [a.overview.customerName as string, a]))(
    'sample %s: =KA_VERDICT(), =KA_FLAGS() and =KA_ACTIONS() equal the engine',
    (_name, account) => {
      const ss = imported(w, template, account) as SpreadsheetModel;
      const { reason, ...got } = shown(w, ss);
      expect(got).toEqual(expected(account));
      expect(String(reason)).not.toBe('');
    },
  );

  test('is the first tab, and the as-of date moves the stale flag', () => {
    const account = sampleAccounts(AS_OF)[0];
    const ss = imported(w, template, account) as SpreadsheetModel;
    expect(ss.sheets[0].name).toBe(HEALTH_TAB.zh);
    const later = '2027-06-01';
    w.fake.userTypes(ss, HEALTH_TAB.zh, `B${HEALTH.asOfRow + 1}`, [[later]]);
    expect(shown(w, ss).flags).toBe(expected(account, later).flags);
    expect(expected(account, later).flags).toContain('stale');
  });
});

test('generated accounts: =KA_VERDICT(), =KA_FLAGS() and =KA_ACTIONS() equal the engine', () => {
  const { w, template } = world();
  let checked = 0;
  const seen = { open: 0, overdue: 0, answered: 0 };
  fc.assert(
    fc.property(rawAccount, fc.array(actionRow, { maxLength: 8 }), (base, actionPlan) => {
      const raw = { ...base, actionPlan };
      const ss = imported(w, template, raw);
      if (!ss) return;
      checked++;
      const { reason, ...got } = shown(w, ss);
      const want = expected(toAccount(raw));
      expect(got).toEqual(want);
      if (Number(want.open) > 0) seen.open++;
      if (Number(want.overdue) > 0) seen.overdue++;
      if (want.unanswered !== want.flags) seen.answered++;
    }),
    // A fixed seed: the checks below want some of the 12 accounts to have open, overdue and answered actions.
    { numRuns: 12, seed: 20261130 },
  );
  expect(checked).toBeGreaterThan(5);
  // Some generated accounts have open and overdue actions, and a raised flag an open action answers.
  expect(seen).toEqual({ open: expect.any(Number), overdue: expect.any(Number), answered: expect.any(Number) });
  for (const [k, n] of Object.entries(seen)) expect({ k, some: n > 0 }).toEqual({ k, some: true });
});

describe('=KA_ACTIONS() lists the open actions as the engine does', () => {
  const { w, template } = world();
  const base = () => structuredClone(sampleAccounts(AS_OF).find((a) => !a.actionPlan?.length) as Account);
  const row = (action: string, dueDate: string, status = '', owner = '王经理') => ({ action, dueDate, status, owner });

  test('the first 10 in due order, undated last, ties in plan order, closed ones left out; how many more', () => {
    const account = base();
    account.actionPlan = [
      row('约张局', '2026-11-20'),
      row('写方案', '', '进行中'),
      row('=1+1 不是公式', '2026-10-02', '搁置'),
      row('补预算', '2026-10-02', '未开始'),
      row('已办完', '2026-09-01', '完成'),
      row('取消的', '2026-09-02', '取消'),
      ...Array.from({ length: 10 }, (_, i) => row(`跟进 ${i + 1}`, `2026-1${i % 3}-1${i}`, i % 2 ? '进行中' : '')),
      row('下周再说', '下周'),
    ];
    const ss = imported(w, template, account) as SpreadsheetModel;
    const got = shown(w, ss);
    const want = expected(account);
    expect({ actions: got.actions, more: got.more, blankBelow: got.blankBelow, open: got.open }).toEqual({
      actions: want.actions,
      more: want.more,
      blankBelow: true,
      open: want.open,
    });
    // What this covers: more than 10 open, a text that looks like a formula comes back as that text, an unknown status as typed.
    expect([
      want.open,
      want.more !== '',
      JSON.stringify(got.actions).includes('=1+1 不是公式'),
      JSON.stringify(got.actions).includes('搁置'),
    ]).toEqual([15, true, true, true]);
  });

  test("the tables' tabs are as tall as the table and its room; a row typed below, after adding rows, and below row 1,000 counts", () => {
    const account = base();
    account.actionPlan = [row('约张局', '2026-11-20')];
    const ss = imported(w, template, account) as SpreadsheetModel;
    const api = w.fake.api(ss);
    // Each table's tab ends where its bindings (the table and its 300 rows of room) end: whole columns pass no more.
    for (const name of ['关键人物', '角色分析', '行动计划']) {
      const sheet = api.getSheetByName(name)!;
      const bound = api
        .getNamedRanges()
        .map((n) => n.getRange())
        .filter((r) => r.getSheet().getName() === name)
        .map((r) => r.getLastRow());
      expect([name, sheet.getMaxRows()]).toEqual([name, Math.max(...bound)]);
      expect(sheet.getMaxRows()).toBeLessThan(1000);
    }
    const tab = api.getSheetByName('行动计划')!;
    const below = tab.getMaxRows() + 1;
    expect(() => w.fake.userTypes(ss, '行动计划', `A${below}`, [['补预算']])).toThrow(/add rows first/);
    tab.insertRowsAfter(tab.getMaxRows(), 100);
    w.fake.userTypes(ss, '行动计划', `A${below}`, [['补预算', '', '李工', '2026-10-05', '进行中']]);
    tab.insertRowsAfter(tab.getMaxRows(), 1050 - tab.getMaxRows());
    w.fake.userTypes(ss, '行动计划', 'A1050', [['写方案', '', '赵总', '2026-10-01']]);
    const later = structuredClone(account);
    later.actionPlan = [
      ...(account.actionPlan ?? []),
      row('补预算', '2026-10-05', '进行中', '李工'),
      row('写方案', '2026-10-01', '', '赵总'),
    ];
    const got = shown(w, ss);
    const want = expected(later);
    expect({ actions: got.actions, open: got.open, overdue: got.overdue }).toEqual({ actions: want.actions, open: 3, overdue: 2 });
    expect(want.overdue).toBe(2);
  });
});

describe('invalid marks and values outside a vocabulary are highlighted on every input tab', () => {
  test('each mark and vocabulary input is under one rule whose formula holds for a value outside its list only', () => {
    const { w, template } = world();
    const ss = imported(w, template, sampleAccounts(AS_OF)[0]) as SpreadsheetModel;
    const scratch = w.fake.api(ss).insertSheet('scratch');
    const layout = workbookLayout(sampleAccounts(AS_OF)[0], 'zh');
    let rules = 0;
    for (const tab of layout) {
      const model = ss.sheets.find((s) => s.name === tab.name)!;
      const covering = (row: number, col: number) =>
        model.conditionalFormats.filter((f) =>
          f.ranges.some((r) => row + 1 >= r.row && row + 1 < r.row + r.numRows && col + 1 >= r.col && col + 1 < r.col + r.numCols),
        );
      const inputs = [
        ...tab.cells.filter((c) => c.kind === 'input').map((c) => ({ row: c.row, col: c.col, type: c.type, options: c.options })),
        ...tab.columnRules.map((r) => ({ row: r.toRow, col: r.col, type: r.type, options: r.options })),
      ];
      for (const c of inputs) {
        const checked = c.type === 'mark' || (c.type === 'vocab' && (c.options ?? []).length > 0);
        expect([tab.name, c.row, c.col, covering(c.row, c.col).length]).toEqual([tab.name, c.row, c.col, checked ? 1 : 0]);
      }
      for (const f of model.conditionalFormats) {
        rules++;
        expect([f.type, f.background]).toEqual(['CUSTOM_FORMULA', INVALID_BACKGROUND]);
        // The formula, for the rule's top-left cell, evaluated by the formula engine on a scratch tab.
        const at = `${a1(f.ranges[0].row - 1, f.ranges[0].col - 1)}`;
        const formula = f.values[0].split(`(${at})`).join(`('${tab.name}'!${at})`);
        const cell = w.fake.api(ss).getSheetByName(tab.name)!.getRange(at);
        const holds = (v: string) => {
          cell.setValue(`'${v}`);
          scratch.getRange('A1').setFormula(formula);
          return scratch.getRange('A1').getValue();
        };
        const before = cell.getValue();
        const valid = f.values[0].includes('"+"') ? ' ＋ ' : String(/\{"([^"]+)"/.exec(f.values[0])?.[1]);
        expect([tab.name, at, holds('√'), holds(valid), holds('')]).toEqual([tab.name, at, true, false, false]);
        cell.setValue(before === '' ? '' : `'${before}`);
      }
    }
    expect(rules).toBeGreaterThan(10);
  });
});
