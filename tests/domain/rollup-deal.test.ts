/**
 * The manager's columns for the deal and the action plan (issue #12 item 3):
 * decision date, our quote against the budget, open and overdue actions, the
 * next due date, the outcome; and the pipeline that counts only open deals
 * while won, lost and abandoned ones have totals of their own. Dates, amounts
 * and counts only: an action's text and owner never reach a roll-up row.
 */
import { buildReview } from '../../src/domain/review';
import { outcomeTotals, pipelineTotals, rollupCells, rollupRow, stageForecast } from '../../src/domain/rollup';
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
