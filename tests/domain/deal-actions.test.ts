/**
 * The deal's decision and outcome, the `overdue-decision` red flag, and the
 * action plan read by code (src/domain/deal.ts, src/domain/action-plan.ts):
 * open, overdue and next actions, counts, and the red flags no open action answers.
 */
import type { ActionRow } from '../../src/domain/account';
import {
  actionCounts,
  actionStatusOf,
  answersOf,
  byDueDate,
  isOpenAction,
  nextOpenAction,
  openActions,
  overdueActions,
  unansweredFlags,
} from '../../src/domain/action-plan';
import { assessAccount } from '../../src/domain/assessment';
import { decisionDateOf, isDecisionOverdue, ourQuoteOf, outcomeOf } from '../../src/domain/deal';
import { validateAccount } from '../../src/domain/validate';
import { AS_OF, account, exampleRaw, rawAccount } from './fixtures';

const withDeal = (overview: Record<string, unknown>, actionPlan?: ActionRow[]) => {
  const a = account();
  Object.assign(a.overview, overview);
  if (actionPlan) a.actionPlan = actionPlan;
  return a;
};

describe('outcome', () => {
  test.each([
    [undefined, 'open'],
    ['', 'open'],
    ['进行中', 'open'],
    [' 赢单 ', 'won'],
    ['丢单', 'lost'],
    ['放弃', 'abandoned'],
    ['赢了', 'open'],
    ['won', 'open'],
    [3, 'open'],
  ])('%p → %p', (value, code) => {
    expect(outcomeOf(withDeal({ outcome: value }))).toBe(code);
  });
});

describe('overdue-decision', () => {
  test('an open deal whose decision date is before the as-of date', () => {
    expect(assessAccount(withDeal({ decisionDate: '2026-10-31' }), AS_OF).redFlags).toEqual(['overdue-decision']);
    expect(assessAccount(withDeal({ decisionDate: '2026-10-31', outcome: '进行中' }), AS_OF).redFlags).toEqual(['overdue-decision']);
  });

  test('not on the decision day, nor after it, nor without a (real) date', () => {
    expect(isDecisionOverdue(withDeal({ decisionDate: AS_OF }), AS_OF)).toBe(false);
    expect(isDecisionOverdue(withDeal({ decisionDate: '2026-12-01' }), AS_OF)).toBe(false);
    expect(isDecisionOverdue(withDeal({}), AS_OF)).toBe(false);
    expect(isDecisionOverdue(withDeal({ decisionDate: '下周' }), AS_OF)).toBe(false);
    expect(isDecisionOverdue(withDeal({ decisionDate: '2026-02-30' }), AS_OF)).toBe(false);
    expect(isDecisionOverdue(withDeal({ decisionDate: 46000 }), AS_OF)).toBe(false);
  });

  test('a closed deal is never overdue; an outcome outside the vocabulary counts as open', () => {
    for (const outcome of ['赢单', '丢单', '放弃'])
      expect(isDecisionOverdue(withDeal({ decisionDate: '2026-01-01', outcome }), AS_OF)).toBe(false);
    expect(isDecisionOverdue(withDeal({ decisionDate: '2026-01-01', outcome: '赢了' }), AS_OF)).toBe(true);
  });

  test('reported last, after stale', () => {
    const a = withDeal({ decisionDate: '2026-01-01' });
    a.keyPeople.forEach((r) => (r.visitDate = '2026-01-01'));
    expect(assessAccount(a, AS_OF).redFlags.slice(-2)).toEqual(['stale', 'overdue-decision']);
  });
});

describe('the assessment (score --json) carries the deal and the action counts, never their texts', () => {
  test('outcome, decision date, quote, open and overdue actions', () => {
    const a = withDeal({ decisionDate: '2026-12-15', ourQuote: 350.5, outcome: '赢单', outcomeReason: '方案最贴合' }, [
      { action: '请周局长审阅方案', owner: '王磊', dueDate: '2026-10-15' },
      { action: '演示', dueDate: '2026-11-15', status: '进行中' },
      { action: '报价', status: '完成' },
    ]);
    const s = assessAccount(a, AS_OF);
    expect(s).toMatchObject({ outcome: 'won', decisionDate: '2026-12-15', ourQuote: 350.5, openActions: 2, overdueActions: 1 });
    const json = JSON.stringify(s);
    for (const secret of ['请周局长审阅方案', '王磊', '方案最贴合', '演示']) expect(json).not.toContain(secret);
  });

  test('blank or unreadable values are null; no plan is no actions', () => {
    const s = assessAccount(withDeal({ decisionDate: '明年', ourQuote: '300万元' }), AS_OF);
    expect(s).toMatchObject({ outcome: 'open', decisionDate: null, ourQuote: null, openActions: 0, overdueActions: 0 });
    expect(decisionDateOf(withDeal({ decisionDate: ' 2026-12-01 ' }))).toBe('2026-12-01');
    expect(ourQuoteOf(withDeal({ ourQuote: Number.NaN }))).toBeNull();
  });
});

describe('the action plan', () => {
  const PLAN: ActionRow[] = [
    { action: 'A 未定期限', answers: '红旗：没有教练' },
    { action: 'B 逾期', dueDate: '2026-10-20', status: '进行中', answers: '红旗：超过 30 天未拜访' },
    { action: 'C 完成', dueDate: '2026-10-01', status: '完成', answers: '红旗：未接触关键决策者' },
    { action: 'D 取消', dueDate: '2026-10-02', status: '取消', answers: '红旗：对手领先或持平' },
    { action: 'E 到期日当天', dueDate: AS_OF, status: '未开始', answers: '机会评估 4：项目的预算' },
    { owner: '王磊', dueDate: '2026-09-01' },
    { action: 'F 状态写错', dueDate: '2026-10-25', status: '做完了' },
    { action: 'G 日期写错', dueDate: '下周', answers: '竞争力评估 7：客户领导高层的信任' },
    { action: 'H 同日较晚', dueDate: '2026-10-20' },
  ];
  const plan = () => withDeal({}, structuredClone(PLAN));
  const names = (rows: ActionRow[]) => rows.map((r) => String(r.action ?? '').split(' ')[0]);

  test('status by code: blank is not started, text outside the vocabulary is null', () => {
    expect(PLAN.map(actionStatusOf)).toEqual([
      'notStarted',
      'inProgress',
      'done',
      'cancelled',
      'notStarted',
      'notStarted',
      null,
      'notStarted',
      'notStarted',
    ]);
  });

  test('open: an action text, and a status that is not done or cancelled (a typo never hides it)', () => {
    expect(names(PLAN.filter(isOpenAction))).toEqual(['A', 'B', 'E', 'F', 'G', 'H']);
  });

  test('open actions in due order (earliest first, undated last, the plan’s order on a tie), and the next one', () => {
    expect(names(openActions(plan()))).toEqual(['B', 'H', 'F', 'E', 'A', 'G']);
    expect(names([nextOpenAction(plan())!])).toEqual(['B']);
    expect(nextOpenAction(withDeal({}, [{ action: 'x', status: '完成' }]))).toBeUndefined();
    expect(nextOpenAction(withDeal({}))).toBeUndefined();
    expect(names(byDueDate([{ action: 'u' }, { action: 'v' }]))).toEqual(['u', 'v']);
  });

  test('overdue: open and due before the as-of date', () => {
    expect(names(overdueActions(plan(), AS_OF))).toEqual(['B', 'H', 'F']);
    expect(overdueActions(plan(), '2026-10-20')).toEqual([]);
  });

  test('counts', () => {
    expect(actionCounts(plan(), AS_OF)).toEqual({ total: 9, open: 6, overdue: 3, done: 1, cancelled: 1 });
    expect(actionCounts(withDeal({}), AS_OF)).toEqual({ total: 0, open: 0, overdue: 0, done: 0, cancelled: 0 });
  });

  test('what a row answers, by code', () => {
    expect(PLAN.map(answersOf)).toEqual([
      { kind: 'flag', flag: 'no-coach' },
      { kind: 'flag', flag: 'stale' },
      { kind: 'flag', flag: 'no-decision-maker' },
      { kind: 'flag', flag: 'competitor-ahead' },
      { kind: 'opportunity', no: 4 },
      null,
      null,
      { kind: 'competitiveness', no: 7 },
      null,
    ]);
    expect(answersOf({ answers: '没有教练' })).toBeNull();
  });

  test('red flags that no open action answers (a done or cancelled action answers nothing)', () => {
    const flags = ['no-coach', 'no-decision-maker', 'competitor-ahead', 'stale', 'overdue-decision'] as const;
    expect(unansweredFlags(plan(), flags)).toEqual(['no-decision-maker', 'competitor-ahead', 'overdue-decision']);
    expect(unansweredFlags(withDeal({}), flags)).toEqual([...flags]);
  });
});

describe('validation of the new fields, located by their paths', () => {
  test('the example account stays valid; a full deal and plan are valid', () => {
    expect(validateAccount(exampleRaw())).toEqual([]);
    const raw = rawAccount();
    Object.assign(raw.overview, {
      decisionDate: '2026-12-01',
      ourQuote: 300,
      outcome: '丢单',
      outcomeDate: '2026-11-20',
      outcomeReason: '价格',
    });
    raw.actionPlan = [
      { action: '复盘', answers: '红旗：没有教练', owner: '王磊', dueDate: '2026-12-01', status: '完成', result: '已复盘' },
    ];
    expect(validateAccount(raw)).toEqual([]);
  });

  test('each rule, one problem per bad value, zh first', () => {
    const raw = rawAccount();
    Object.assign(raw.overview, { decisionDate: '年底', ourQuote: '300万元', outcome: '赢了', outcomeDate: '2026-13-01' });
    raw.actionPlan = [
      { owner: '王磊', answers: '没有教练', status: '做完了', dueDate: '下周' },
      { action: '好的', extra: 1 },
    ];
    const problems = validateAccount(raw);
    expect(problems.map((p) => [p.path, p.rule])).toEqual([
      ['overview.decisionDate', 'date'],
      ['overview.ourQuote', 'amount-unit'],
      ['overview.outcome', 'vocabulary'],
      ['overview.outcomeDate', 'date'],
      ['actionPlan.0.action', 'required'],
      ['actionPlan.0.answers', 'vocabulary'],
      ['actionPlan.0.dueDate', 'date'],
      ['actionPlan.0.status', 'vocabulary'],
      ['actionPlan.1.extra', 'unknown-field'],
    ]);
    const msg = (path: string) => problems.find((p) => p.path === path)?.message;
    expect(msg('overview.ourQuote')).toBe('"我方报价（万元）"只写数字，单位是万元：300（现为 300万元）');
    expect(msg('actionPlan.0.action')).toBe('"行动"必须填写');
    expect(msg('actionPlan.0.status')).toBe('"状态"的值 "做完了" 不在选项中（可选：未开始、进行中、完成、取消）');
    expect(validateAccount(raw, 'en').find((p) => p.path === 'overview.outcome')?.message).toBe(
      'Outcome: "赢了" is not one of the options (进行中, 赢单, 丢单, 放弃)',
    );
    for (const p of problems) expect(p.message).not.toMatch(/\n/);
  });
});
