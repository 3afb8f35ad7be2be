/**
 * The manager's columns for the deal and the action plan (issue #12 item 3):
 * decision date, our quote against the budget, open and overdue actions, the
 * next due date, the outcome; and the pipeline that counts only open deals
 * while won, lost and abandoned ones have totals of their own. Dates, amounts
 * and counts only: an action's text and owner reach a roll-up row only when
 * the manager opted in (item 7), and then only the next open action's, in the
 * two columns made for them.
 */
import { buildReview, snapshotCells } from '../../src/domain/review';
import { DEFAULT_SETTINGS } from '../../src/domain/assessment';
import {
  CHANGE_COLUMNS,
  columnsFor,
  outcomeTotals,
  pipelineTotals,
  reviewCells,
  rollupCells,
  rollupRow,
  stageForecast,
  yesNo,
} from '../../src/domain/rollup';
import { AS_OF, account } from './fixtures';

function deal(overview: Record<string, string | number>, actionPlan: Array<Record<string, string>> = []) {
  const a = account();
  Object.assign(a.overview, overview);
  a.actionPlan = actionPlan;
  return a;
}

const PLAN: Array<Record<string, string>> = [
  { action: '约财政局长汇报方案', owner: '张三', dueDate: '2026-10-20', status: '进行中' },
  { action: '请教练引荐信息中心主任', owner: '李四', dueDate: '2026-11-15', status: '未开始' },
  { action: '提交技术白皮书', owner: '张三', dueDate: '2026-10-01', status: '完成' },
  { action: '补充预算依据', owner: '王五', dueDate: '', status: '' },
];

test('a row carries the decision date, our quote against the budget, open and overdue actions and the next due date', () => {
  const row = rollupRow(deal({ budget: 400, ourQuote: 380, decisionDate: '2026-12-15' }, PLAN), 'a.xlsx', 0, AS_OF);
  const cells = rollupCells(row, { locale: 'zh' });
  expect(cells.decisionDate).toBe('2026-12-15');
  expect(cells.ourQuote).toBe(380);
  expect(cells.quoteOfBudget).toBe(95);
  // Open: in progress, not started, and a row without a status; the done one is not. Overdue: due before 2026-11-01.
  expect([cells.openActions, cells.overdueActions, cells.nextActionDue]).toEqual([3, 1, '2026-10-20']);
  expect(cells.outcome).toBe('进行中');
  expect(rollupCells(row, { locale: 'en' }).outcome).toBe('Open');
});

test('no action text or owner reaches the row or its cells', () => {
  const row = rollupRow(deal({ budget: 400 }, PLAN), 'a.xlsx', 0, AS_OF);
  const everything = JSON.stringify([row, rollupCells(row, { locale: 'zh' }), rollupCells(row, { locale: 'en' })]);
  for (const p of PLAN) {
    expect(everything).not.toContain(p.action);
    expect(everything).not.toContain(p.owner);
  }
  // Nor does an explicit "no", and neither adapter has the columns for them.
  const off = rollupRow(deal({ budget: 400 }, PLAN), 'a.xlsx', 0, AS_OF, DEFAULT_SETTINGS, { showActions: false });
  expect(off).toEqual(row);
  for (const adapter of ['xlsx', 'sheets'] as const) {
    const ids = columnsFor(adapter).map((c) => c.id);
    expect(ids).not.toContain('nextAction');
    expect(ids).not.toContain('nextActionOwner');
  }
});

/** Texts planted in every personal and intel field of the plan, and of a key person and the role map. */
function planted(): { account: ReturnType<typeof deal>; next: { action: string; owner: string }; others: string[] } {
  const plan: Array<Record<string, string>> = [
    { action: 'PLANT-act-later', owner: 'PLANT-owner-later', dueDate: '2026-11-20', status: '未开始', result: 'PLANT-result-1' },
    { action: '=HYPERLINK("http://x","PLANT-act-next")', owner: '=A1&"PLANT-owner-next"', dueDate: '2026-11-05', status: '进行中' },
    { action: 'PLANT-act-done', owner: 'PLANT-owner-done', dueDate: '2026-10-01', status: '完成', result: 'PLANT-result-2' },
  ];
  const a = deal({ budget: 400, stage: '方案' }, plan);
  a.keyPeople = a.keyPeople.map((p, i) => ({ ...p, name: `PLANT-person-${i}`, hobbies: `PLANT-hobby-${i}`, family: `PLANT-family-${i}` }));
  a.roleMap = a.roleMap.map((r, i) => ({ ...r, name: `PLANT-role-${i}`, preferences: `PLANT-pref-${i}` }));
  const others = [
    'PLANT-act-later',
    'PLANT-owner-later',
    'PLANT-result-1',
    'PLANT-act-done',
    'PLANT-owner-done',
    'PLANT-result-2',
    ...a.keyPeople.flatMap((_, i) => [`PLANT-person-${i}`, `PLANT-hobby-${i}`, `PLANT-family-${i}`]),
    ...a.roleMap.flatMap((_, i) => [`PLANT-role-${i}`, `PLANT-pref-${i}`]),
  ];
  return { account: a, next: { action: plan[1].action, owner: plan[1].owner }, others };
}

test('with the manager’s opt-in: the next open action’s text and owner, in their two columns only, never in history or changes', () => {
  const { account, next, others } = planted();
  const row = rollupRow(account, 'a.xlsx', 0, AS_OF, DEFAULT_SETTINGS, { showActions: true });
  expect(row.nextAction).toEqual({ text: next.action, owner: next.owner });
  // The columns: both adapters' usual ones, then the two, last (so no other column moves).
  for (const adapter of ['xlsx', 'sheets'] as const) {
    const on = columnsFor(adapter, { showActions: true }).map((c) => c.id);
    expect(on).toEqual([...columnsFor(adapter).map((c) => c.id), 'nextAction', 'nextActionOwner']);
  }
  const cells = rollupCells(row, { locale: 'zh' });
  // As written, '=' and all: the adapters write them as text (tests/rollup, tests/sheets).
  expect([cells.nextAction, cells.nextActionOwner]).toEqual([next.action, next.owner]);
  const usual = columnsFor('xlsx').map((c) => cells[c.id]);
  const inColumns = JSON.stringify(usual);
  expect(inColumns).not.toContain('PLANT');
  // Nothing else of the plan, and nothing of the people, anywhere in the row.
  const everything = JSON.stringify([row, cells, rollupCells(row, { locale: 'en' })]);
  for (const p of others) expect([p, everything.includes(p)]).toEqual([p, false]);
  // The history and the changes are made of codes, scores and the usual columns: the texts are in neither.
  const week = buildReview([row], { asOf: AS_OF, forecastOf: (r) => stageForecast(r), keyOf: (r) => r.file });
  const before = { ...row, stage: '意向', opp: row.opp - 10 };
  const earlier = buildReview([before], { asOf: '2026-10-20', forecastOf: (r) => stageForecast(r), keyOf: (r) => r.file });
  const review = buildReview([row], {
    asOf: AS_OF,
    history: earlier.history,
    forecastOf: (r) => stageForecast(r),
    keyOf: (r) => r.file,
  });
  expect(review.changed).toHaveLength(1);
  const info = review.info.get(row);
  const changes = CHANGE_COLUMNS.map((id) => ({ ...cells, ...reviewCells(info, 'zh') })[id]);
  const historyAndChanges = JSON.stringify([week.history.map(snapshotCells), review.history.map(snapshotCells), info, changes]);
  expect(historyAndChanges).not.toContain('PLANT');
});

test('a row without an open action shows blanks, not another action’s text', () => {
  const done = [{ action: 'PLANT-done', owner: 'PLANT-who', dueDate: '2026-10-01', status: '完成' }];
  const row = rollupRow(deal({ budget: 1 }, done), 'a.xlsx', 0, AS_OF, DEFAULT_SETTINGS, { showActions: true });
  expect(row.nextAction).toEqual({ text: '', owner: '' });
  expect(JSON.stringify(rollupCells(row, { locale: 'zh' }))).not.toContain('PLANT');
});

test('the opt-in as a manager types it: 是 / 否, yes / no and the like; anything else is no answer', () => {
  for (const v of ['是', 'Yes', ' YES ', 'true', 1, true, 'on']) expect([v, yesNo(v)]).toEqual([v, true]);
  for (const v of ['否', 'no', 'No', 'false', 0, false, 'off']) expect([v, yesNo(v)]).toEqual([v, false]);
  for (const v of ['', null, undefined, 'maybe', 2, '=1']) expect([v, yesNo(v)]).toEqual([v, null]);
});

test('blank when there is nothing to show: no quote, no budget, no plan', () => {
  const cells = rollupCells(rollupRow(deal({ budget: '' }), 'a.xlsx', 0, AS_OF), { locale: 'zh' });
  expect([cells.decisionDate, cells.ourQuote, cells.quoteOfBudget, cells.nextActionDue]).toEqual([null, null, null, null]);
  expect([cells.openActions, cells.overdueActions]).toEqual([0, 0]);
  // A quote against a zero budget has no percentage.
  expect(rollupCells(rollupRow(deal({ budget: 0, ourQuote: 10 }), 'b.xlsx', 0, AS_OF), { locale: 'zh' }).quoteOfBudget).toBeNull();
});

test('won, lost and abandoned deals leave the pipeline and are totalled by outcome', () => {
  const rows = [
    rollupRow(deal({ budget: 100, stage: '谈判成交' }), 'open.xlsx', 0, AS_OF),
    rollupRow(deal({ budget: 200, stage: '谈判成交', outcome: '赢单', ourQuote: 190 }), 'won.xlsx', 0, AS_OF),
    rollupRow(deal({ budget: 300, stage: '谈判成交', outcome: '丢单', ourQuote: 280 }), 'lost.xlsx', 0, AS_OF),
    rollupRow(deal({ budget: 50, stage: '谈判成交', outcome: '赢单', ourQuote: 45.5 }), 'won2.xlsx', 0, AS_OF),
  ];
  const byStage = pipelineTotals(rows).byStage.filter((t) => t.count > 0);
  expect(byStage.map((t) => [t.key, t.count, t.budget])).toEqual([['谈判成交', 1, 100]]);
  expect(outcomeTotals(rows)).toEqual([
    { outcome: 'open', count: 1, budget: 100, ourQuote: 0 },
    { outcome: 'won', count: 2, budget: 250, ourQuote: 235.5 },
    { outcome: 'lost', count: 1, budget: 300, ourQuote: 280 },
    { outcome: 'abandoned', count: 0, budget: 0, ourQuote: 0 },
  ]);
});

test('a closed deal’s snapshot forecasts nothing: the forecast over time is the open pipeline', () => {
  const rows = [
    rollupRow(deal({ budget: 100, stage: '谈判成交' }), 'open.xlsx', 0, AS_OF),
    rollupRow(deal({ budget: 200, stage: '谈判成交', outcome: '赢单' }), 'won.xlsx', 0, AS_OF),
  ];
  const review = buildReview(rows, { asOf: AS_OF, forecastOf: (r) => stageForecast(r), keyOf: (r) => r.file });
  expect(review.history.map((s) => [s.key, s.forecast])).toEqual([
    ['open.xlsx', stageForecast(rows[0])],
    ['won.xlsx', null],
  ]);
  expect(review.forecastByDate).toEqual([{ date: AS_OF, byStage: { negotiation: stageForecast(rows[0]) } }]);
});
