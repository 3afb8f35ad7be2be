import type { Localized } from './types';

/**
 * The red flags (forms.md §8) as data: codes (identity: history, roll-ups and
 * the action plan's 针对 key by them; never change once shipped), in the
 * order they are reported, with their labels. What each means, the questions
 * bearing on it and a next step: sheets-templates/health.ts. The engine that
 * raises them is src/domain/assessment.ts.
 *
 * Order: the evidence about people first (coach, decision maker), then the
 * budget and the real test at a late stage, the competition, the decision
 * maker's relationship, staleness, and last the deal's own timing
 * (`overdue-decision`, added with the overview's decision date: appended, so
 * every earlier code keeps its place).
 */
export const RED_FLAGS = [
  'no-coach',
  'no-decision-maker',
  'no-budget',
  'budget-unreadable',
  'not-real-late-stage',
  'competitor-ahead',
  'dm-relationship-down',
  'stale',
  'overdue-decision',
] as const;
export type RedFlag = (typeof RED_FLAGS)[number];

/** Short labels (a roll-up cell, a dropdown entry). */
export const RED_FLAG_LABELS: Record<RedFlag, Localized> = {
  'no-coach': { zh: '没有教练', en: 'No coach' },
  'no-decision-maker': { zh: '未接触关键决策者', en: 'No decision maker' },
  'no-budget': { zh: '后期阶段无预算', en: 'No budget at a late stage' },
  'budget-unreadable': { zh: '后期阶段预算无法读取', en: 'Budget unreadable at a late stage' },
  'not-real-late-stage': { zh: '后期阶段机会仍是虚的', en: 'Not real at a late stage' },
  'competitor-ahead': { zh: '对手领先或持平', en: 'Competitor ahead' },
  'dm-relationship-down': { zh: '决策者关系下降', en: 'Decision-maker relationship down' },
  stale: { zh: '超过 30 天未拜访', en: 'No visit in 30 days' },
  'overdue-decision': { zh: '预计决策日期已过', en: 'Decision date passed' },
};
