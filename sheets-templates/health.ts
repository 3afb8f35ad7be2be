import type { Localized } from './types';

/**
 * The account-health tab (概览, issue #11 item 1): the verdict, why, and each
 * red flag with what it means, the guiding questions of 五/七 that bear on it
 * and a suggested next step. Data only: the .xlsx renderer (native formulas)
 * and the Sheets tab (custom functions) both take their texts from here, the
 * domain (src/domain/health.ts) resolves the item references.
 *
 * Next steps are the source document's words where it has them (the role
 * texts of section 一 and the guiding questions of 五/七, cleaned as in
 * glossary.ts and guidance.ts); where it has none the text says "(本建议为产品补充)".
 */

/** Name of the tab in each locale. It is an output tab: never read as the account's content. */
export const HEALTH_TAB: Localized = { zh: '概览', en: 'Health' };

/**
 * The texts a custom function returns (Sheets' =KA_ACTIONS()): they stay in Code.js as they are, where the tab's
 * labels (HEALTH_LABELS, render-only) are tokens until a workbook is written. HEALTH_LABELS takes the same ones.
 */
export const ACTION_LIST_TEXTS = {
  /** The mark of an overdue open action. */
  overdue: { zh: '逾期', en: 'Overdue' },
} satisfies Record<string, Localized>;

/** An assessment item a red flag bears on: `opportunity.4` (form 五, item 4) or `competitiveness.7` (form 七, item 7). */
export type ItemRef = `opportunity.${number}` | `competitiveness.${number}`;

export interface RedFlagText {
  /** What the flag means when it is raised. */
  meaning: Localized;
  /** The items of 五 (opportunity) and 七 (competitiveness) whose guiding questions bear on it, most relevant first. */
  bearsOn: ItemRef[];
  /** A suggested next step. */
  next: Localized;
}

/** By red-flag code (src/domain/assessment.ts RED_FLAGS; `overdue-decision` comes with the overview's decision date). */
export const RED_FLAG_TEXTS: Record<string, RedFlagText> = {
  'no-coach': {
    meaning: {
      zh: '没有教练：关键人物表中没有人“有可能成为我们的教练”，角色分析的教练一行也没有姓名。没有内线，我们拿不到决策者和竞争对手的关键信息。',
      en: 'No coach: nobody in the key-people log "could become our coach", and the role map names no coach. Without an insider we get no key information on the decision makers or the competitors.',
    },
    bearsOn: ['competitiveness.6', 'opportunity.1'],
    next: {
      zh: '在客户的团队中找出谁希望我们获胜，发展为教练：我方的内线，协助我方获取信息、联系和确认其他销售影响者，时刻指引我方的销售定位。',
      en: "Find out who in the customer's team wants us to win and develop them into a coach: our insider, who helps us gather information, reach and identify the other people who influence the sale, and keeps guiding our sales positioning.",
    },
  },
  'no-decision-maker': {
    meaning: {
      zh: '未接触关键决策者：关键人物表中没有一次拜访的角色是“关键决策者”。项目最终由他批准：他说“No”，项目就会停止。',
      en: 'No decision maker: no visit in the key-people log is with someone whose role is "key decision maker". They approve the project in the end: if they say "No", it stops.',
    },
    bearsOn: ['competitiveness.7', 'competitiveness.10', 'opportunity.1'],
    next: {
      zh: '弄清谁是关键决策者（一般是主管副局长或局长）并安排拜访。最佳方法是让我方高层领导加强与对方关键决策者的联系，争取建立起良好的私人关系，在决策时对我方有所倾向。',
      en: "Find out who the key decision maker is (usually the deputy director in charge or the director) and arrange a visit. The best way is for our senior leaders to strengthen ties with the customer's key decision maker and build a good personal relationship, so that the decision leans our way.",
    },
  },
  'no-budget': {
    meaning: {
      zh: '后期阶段无预算：阶段已是方案或谈判成交，但客户全貌中没有项目预算，或机会评估第 4 项（项目的预算）不是 +。',
      en: 'No budget at a late stage: the stage is Solution or Negotiation, but the overview has no project budget, or opportunity item 4 (the budget) is not +.',
    },
    bearsOn: ['opportunity.4', 'opportunity.5'],
    next: {
      zh: '向客户确认：这个计划的预算是多少？（定预算的时间及执行时间）客户的预算申请程序是什么？与其他项目相比，本项目的优先顺序如何？确认后填写项目预算，并更新第 4 项。',
      en: "Ask the customer: what is the budget for this plan (when is it set, when spent)? What is the customer's budget application process? How does this project rank against others? Then fill in the budget and update item 4.",
    },
  },
  'budget-unreadable': {
    meaning: {
      zh: '后期阶段预算无法读取：客户全貌中的项目预算不是数字（例如写成了“300万元”），预测无法计算。',
      en: 'Budget unreadable at a late stage: the overview\'s project budget is not a number (e.g. "300万元"), so no forecast can be made from it.',
    },
    bearsOn: ['opportunity.4'],
    next: {
      zh: '在客户全貌的“项目预算”中只填数字，单位是万元（如 300）。（本建议为产品补充）',
      en: "Enter only the number in the overview's project budget, in 万元 (e.g. 300). (added by the product)",
    },
  },
  'not-real-late-stage': {
    meaning: {
      zh: '后期阶段机会仍是虚的：阶段已是方案或谈判成交，但真实性检验没有通过（第 1–5 项中有 -，或 + 少于 3 项）。',
      en: 'Not real at a late stage: the stage is Solution or Negotiation, but the real test fails (one of items 1–5 is -, or fewer than three are +).',
    },
    bearsOn: ['opportunity.1', 'opportunity.2', 'opportunity.3', 'opportunity.4', 'opportunity.5'],
    next: {
      zh: '回到销售机会评估第 1–5 项的问题，弄清客户需求、立项流程、预算和急迫性，再决定是否继续投入方案和谈判的资源。（本建议为产品补充）',
      en: 'Go back to the questions of opportunity items 1–5 — the need, the approval process, the budget, the urgency — before putting more solution and negotiation effort in. (added by the product)',
    },
  },
  'competitor-ahead': {
    meaning: {
      zh: '对手领先或持平：至少一个竞争对手的竞争力得分不低于我方。',
      en: 'Competitor ahead: at least one competitor scores as high as we do, or higher.',
    },
    bearsOn: ['competitiveness.5', 'competitiveness.2', 'competitiveness.1', 'competitiveness.9'],
    next: {
      zh: '弄清我们给客户带来的价值和竞争对手有什么不同、客户是如何定义和衡量价值的，以及哪个评比标准最重要、谁来主导评比标准。',
      en: "Work out how the value we bring differs from the competitors', how the customer defines and measures value, which evaluation criterion matters most and who sets the criteria.",
    },
  },
  'dm-relationship-down': {
    meaning: {
      zh: '决策者关系下降：某位关键决策者最近一次拜访的亲近度或信任度是“下降”。',
      en: "Decision-maker relationship down: at a key decision maker's latest visit, closeness or trust went down.",
    },
    bearsOn: ['competitiveness.7', 'competitiveness.4', 'competitiveness.10'],
    next: {
      zh: '弄清关系下降的原因。最佳方法是让我方高层领导加强与对方关键决策者的联系，争取建立起良好的私人关系，在决策时对我方有所倾向；关注双方高层领导的互访频率。',
      en: "Find out why the relationship went down. The best way is for our senior leaders to strengthen ties with the customer's key decision maker and build a good personal relationship, so that the decision leans our way; watch how often the two sides' leaders visit each other.",
    },
  },
  stale: {
    meaning: {
      zh: '超过 30 天未拜访：关键人物表中最近一次拜访的日期早于概览日期 30 天以上（或还没有任何有日期的拜访）。',
      en: 'No visit in 30 days: the latest visit in the key-people log is more than 30 days before the as-of date (or no visit has a date yet).',
    },
    bearsOn: ['competitiveness.4', 'competitiveness.6'],
    next: {
      zh: '安排下一次拜访（关键决策者、教练优先），拜访后在关键人物表中新增一行记录。（本建议为产品补充）',
      en: 'Arrange the next visit (the key decision maker and the coach first), and add a row to the key-people log after it. (added by the product)',
    },
  },
  'overdue-decision': {
    meaning: {
      zh: '决策日期已过：项目仍在进行中，但客户全貌中的预计决策日期早于概览日期。',
      en: "Decision overdue: the deal is still open, but the overview's expected decision date is before the as-of date.",
    },
    bearsOn: ['opportunity.5', 'opportunity.3'],
    next: {
      zh: '向客户确认：作出决定的最后期限是什么？如果项目被延误了会有什么后果？然后更新预计决策日期，或记录结果（赢单 / 丢单 / 放弃）。',
      en: 'Ask the customer: what is the deadline for the decision? What happens if the project is delayed? Then update the expected decision date, or record the outcome (won / lost / abandoned).',
    },
  },
};

/** Labels of the tab's sections and columns. */
export const HEALTH_LABELS = {
  title: { zh: '客户健康概览', en: 'Account health' },
  subtitle: {
    zh: '由本工作簿各表实时计算，不需填写（只有“概览日期”可改）。',
    en: 'Computed live from the other tabs; nothing to fill in (only the as-of date can be changed).',
  },
  asOf: { zh: '概览日期', en: 'As of' },
  asOfNote: {
    zh: '留空即为今天（TODAY()）。“超过 30 天未拜访”按这个日期判断。',
    en: 'Blank means today (TODAY()). "No visit in 30 days" is judged against this date.',
  },
  customer: { zh: '客户名称', en: 'Customer' },
  stage: { zh: '阶段', en: 'Stage' },
  verdict: { zh: '结论', en: 'Verdict' },
  reason: { zh: '原因', en: 'Why' },
  scores: { zh: '得分', en: 'Scores' },
  opp: { zh: '机会得分 OPP_SCORE', en: 'Opportunity (OPP_SCORE)' },
  real: { zh: '真实性（第 1–5 项）', en: 'Real (items 1–5)' },
  worth: { zh: '价值（第 6–10 项）', en: 'Worth (items 6–10)' },
  realTest: { zh: '真实性检验', en: 'Real test' },
  passed: { zh: '通过', en: 'passed' },
  failed: { zh: '未通过', en: 'failed' },
  oppCompleteness: { zh: '机会评估完整度 %', en: 'Opportunity completeness %' },
  compCompleteness: { zh: '竞争力评估完整度 %（我方）', en: 'Competitiveness completeness % (us)' },
  party: { zh: '参与方', en: 'Party' },
  win: { zh: '竞争力得分 WIN_SCORE', en: 'WIN_SCORE' },
  us: { zh: '我方', en: 'Us' },
  lead: { zh: '领先最强对手', en: 'Lead over the best competitor' },
  flags: { zh: '红旗', en: 'Red flags' },
  flag: { zh: '红旗', en: 'Red flag' },
  raised: { zh: '是否亮起', en: 'Raised?' },
  yes: { zh: '是', en: 'Yes' },
  no: { zh: '否', en: 'No' },
  meaning: { zh: '含义', en: 'What it means' },
  questions: { zh: '相关的引导问题（五 / 七）', en: 'Guiding questions (forms 五 / 七)' },
  next: { zh: '建议的下一步', en: 'Suggested next step' },
  codes: { zh: '代码（供程序读取）', en: 'Codes (for programs)' },
  helpers: { zh: '计算用', en: 'calc' },
  answered: { zh: '有未完成行动应对', en: 'Answered by an open action' },
  unanswered: { zh: '亮起但无行动应对', en: 'Raised, no action answers it' },
  actions: { zh: '未完成的行动（按到期日）', en: 'Open actions (by due date)' },
  openCount: { zh: '未完成行动', en: 'Open actions' },
  overdueCount: { zh: '其中已逾期', en: 'of them overdue' },
  due: { zh: '到期日', en: 'Due' },
  overdue: ACTION_LIST_TEXTS.overdue,
  action: { zh: '行动', en: 'Action' },
  answers: { zh: '针对', en: 'Answers' },
  owner: { zh: '负责人', en: 'Owner' },
  status: { zh: '状态', en: 'Status' },
  more: { zh: '另有 {n} 项未列出，见“行动计划”表。', en: '{n} more not listed: see the action-plan tab.' },
  unansweredCodes: { zh: '无行动应对的红旗代码', en: 'Unanswered flag codes' },
} satisfies Record<string, Localized>;

/**
 * The verdict's reason, one text per rule of forms.md §7 in the order they
 * are taken. `{…}` are filled in: {opp}/{comp} completeness, {min} the
 * minimum, {items} the item numbers marked -, {plus} how many of 1–5 are +,
 * {worth}, {pursue} the threshold, {lead}.
 */
export const VERDICT_REASONS = {
  oppIncomplete: { zh: '机会评估完整度 {opp}% 低于 {min}%', en: 'opportunity completeness {opp}% is below {min}%' },
  compIncomplete: { zh: '竞争力评估完整度 {comp}% 低于 {min}%', en: 'competitiveness completeness {comp}% is below {min}%' },
  minusItems: { zh: '真实性检验未通过：第 {items} 项为 -', en: 'the real test fails: item(s) {items} marked -' },
  fewPlus: {
    zh: '真实性检验未通过：第 1–5 项中只有 {plus} 项为 +（至少需要 3 项）',
    en: 'the real test fails: only {plus} of items 1–5 are + (3 needed)',
  },
  lowWorth: { zh: '价值 {worth} 低于追的门槛 {pursue}', en: 'worth {worth} is below the pursue threshold {pursue}' },
  behind: { zh: '落后最强对手 {lead} 分', en: 'behind the best competitor by {lead}' },
  pursue: {
    zh: '真实性检验通过，价值 {worth} ≥ {pursue}，不落后于对手',
    en: 'real, worth {worth} ≥ {pursue}, not behind any competitor',
  },
} satisfies Record<string, Localized>;
