import type { Localized } from './types';

/**
 * The red flags (forms.md §8) as data: codes (identity: history, roll-ups and
 * the action plan's 针对 key by them; never change once shipped), in the
 * order they are reported, with their labels and what each means. The
 * engine that raises them is src/domain/assessment.ts.
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

/**
 * What each flag means, in forms.md §8's words: for the pages and tabs that
 * explain a flag (the account-health tab). A separate constant, so that a
 * bundle that shows only labels does not carry these texts.
 */
export const RED_FLAG_MEANINGS: Record<RedFlag, Localized> = {
  'no-coach': {
    zh: '关键人物中没有人"可能成为我们的教练"（是），角色分析的教练一行也没有姓名。',
    en: 'No key-people row says the person could become our coach (yes), and the role map’s coach row names nobody.',
  },
  'no-decision-maker': {
    zh: '关键人物中没有角色为"关键决策者"的拜访记录：决策者未知，或从未拜访。',
    en: 'No key-people visit of a person whose role is key decision maker: unknown, or never visited.',
  },
  'no-budget': {
    zh: '阶段为方案或谈判成交，但项目预算为空，或机会评估第 4 项（项目的预算）不是 +。',
    en: 'At the solution or negotiation stage, the budget is empty or opportunity item 4 (budget) is not +.',
  },
  'budget-unreadable': {
    zh: '阶段为方案或谈判成交，项目预算有内容但不是数字（如"300万元"），无法计入预测。',
    en: 'At the solution or negotiation stage, the budget holds something that is not a number (e.g. "300万元"), so it forecasts nothing.',
  },
  'not-real-late-stage': {
    zh: '阶段为方案或谈判成交，但机会仍是虚的：第 1–5 项有 -，或 + 少于 3 项。',
    en: 'At the solution or negotiation stage the opportunity is still not real: an item 1–5 is -, or fewer than 3 are +.',
  },
  'competitor-ahead': {
    zh: '有竞争对手的竞争力得分（WIN_SCORE）不低于我方。',
    en: 'A named competitor’s WIN_SCORE is at least ours.',
  },
  'dm-relationship-down': {
    zh: '某位关键决策者最近一次拜访中，亲近度或信任度下降。',
    en: 'At the latest visit of a key decision maker, closeness or trust went down.',
  },
  stale: {
    zh: '最近一次拜访距今超过 30 天（或还没有带日期的拜访）。',
    en: 'The latest visit is more than 30 days before the as-of date (or no visit has a date).',
  },
  'overdue-decision': {
    zh: '项目仍在进行中（结果为空或"进行中"），但预计决策日期已过：请更新日期，或填写结果。',
    en: 'The deal is still open (outcome blank or open) but its expected decision date has passed: update the date, or record the outcome.',
  },
};
