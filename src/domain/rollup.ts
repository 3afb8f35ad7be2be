import type { Locale, Localized } from '../../sheets-templates/types';
import { STAGE_PROBABILITY } from '../../sheets-templates/vocabularies';
import { KEY_PEOPLE_FORM, OVERVIEW_FORM, ROLE_MAP_FORM } from '../../sheets-templates/forms';
import type { Block } from '../../sheets-templates/types';
import { type Account, type ActionRow, type Row, isBlank, text } from './account';
import { vocabCode, vocabLabel, vocabLabelOfCode, vocabOptions } from './vocab';
import {
  type Assessment,
  type AssessmentSettings,
  DEFAULT_SETTINGS,
  RED_FLAG_LABELS,
  type RedFlag,
  VERDICT_LABELS,
  assessAccount,
} from './assessment';
import type { ReviewInfo } from './review';
import { nextOpenAction } from './action-plan';
import { OUTCOMES, type Outcome } from './deal';
import { isoDayNumber, isoFromDayNumber } from './dates';

/** An action's due date as ISO, or null when there is no action or no real date. */
function dueDateOf(action: ActionRow | undefined): string | null {
  const day = action ? isoDayNumber(action.dueDate) : null;
  return day === null ? null : isoFromDayNumber(day);
}

/**
 * One row of the manager roll-up (forms.md §9). Built only from scores,
 * stages, dates, counts and flags: no name or personal field of a key person,
 * no intel text. `customerName` and `salesManager` are account identity, not
 * personal data of the customer's people.
 */
export interface RollupRow extends Assessment {
  file: string;
  salesManager: string;
  budget: number | null;
  latestVisit: string | null;
  visitCount: number;
  hasCoach: boolean;
  /** The stance of the role map's key decision maker (first such row with a stance), '' when unknown. */
  decisionMakerStance: string;
  /** The due date (ISO) of the next open action, null when none is open or dated. */
  nextActionDue: string | null;
  problems: number;
  /**
   * The next open action's text and owner as the rep wrote them: only when
   * the manager opted in (RollupOptions.showActions); absent otherwise.
   */
  nextAction?: NextAction;
}

/** The next open action as the rep wrote it: the action plan's 行动 (intel) and 负责人 (personal). */
export interface NextAction {
  text: string;
  owner: string;
}

/**
 * What the manager chose the summary shows (issue #12 item 7). By default the
 * action plan reaches a roll-up as counts and a due date only; with
 * `showActions` the next open action's text and owner too, as the rep wrote
 * them — the manager's choice, kept by the summary like its other settings.
 */
export interface RollupOptions {
  showActions?: boolean;
}

type Json = Record<string, unknown>;

/** The fields of one block that never leave the account workbook: marked `personal` (or `intel`) in the definitions. */
function privateIds(block: Block): string[] {
  return block.fields.filter((f) => f.personal || f.intel).map((f) => f.id);
}

function omit<T extends Json>(o: T, ids: string[]): T {
  return Object.fromEntries(Object.entries(o).filter(([k]) => !ids.includes(k))) as T;
}

/** `root` with one block's private fields taken out: of the block's object, or of each row of a table block. */
function withoutPrivate(root: Json, block: Block): Json {
  const ids = privateIds(block);
  if (!ids.length) return root;
  const [key, ...rest] = block.path;
  if (key !== undefined) {
    const inner = root[key];
    return inner && typeof inner === 'object' ? { ...root, [key]: withoutPrivate(inner as Json, { ...block, path: rest }) } : root;
  }
  if (block.kind === 'fields') return omit(root, ids);
  return root;
}

function rowsWithoutPrivate(rows: Row[], block: Block): Row[] {
  const ids = privateIds(block);
  return ids.length ? rows.map((r) => omit(r, ids)) : rows;
}

/**
 * The account as a roll-up may see it: every field the definitions mark
 * `personal` or `intel` taken out of the overview, the key people and the role
 * map, so no roll-up (offline or Sheets) can show one, whatever it reads.
 */
export function withoutPersonal(account: Account): Account {
  let overview = account.overview as Json;
  for (const block of OVERVIEW_FORM.blocks as Block[]) {
    if (block.kind === 'table') {
      const list = block.path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Json)[k] : undefined), overview);
      if (Array.isArray(list) && block.path.length === 1)
        overview = { ...overview, [block.path[0]]: rowsWithoutPrivate(list as Row[], block) };
    } else overview = withoutPrivate(overview, block);
  }
  return {
    ...account,
    overview: overview as Account['overview'],
    keyPeople: rowsWithoutPrivate(account.keyPeople, KEY_PEOPLE_FORM.table),
    roleMap: rowsWithoutPrivate(account.roleMap, ROLE_MAP_FORM.table),
  };
}

export function rollupRow(
  full: Account,
  file: string,
  problems: number,
  asOf: string,
  settings: AssessmentSettings = DEFAULT_SETTINGS,
  opts: RollupOptions = {},
): RollupRow {
  const account = withoutPersonal(full);
  const a = assessAccount(account, asOf, settings);
  const budget = account.overview.budget;
  const dm = account.roleMap.find((r) => vocabCode('mapRole', r.role) === 'decisionMaker' && !isBlank(r.stance));
  return {
    file,
    ...a,
    salesManager: text(account.overview.salesManager),
    budget: typeof budget === 'number' && Number.isFinite(budget) ? budget : null,
    visitCount: account.keyPeople.length,
    hasCoach: !a.redFlags.includes('no-coach'),
    decisionMakerStance: dm ? text(dm.stance) : '',
    nextActionDue: dueDateOf(nextOpenAction(account)),
    problems,
    ...(opts.showActions ? { nextAction: nextActionOf(full) } : {}),
  };
}

/** The next open action's text and owner (blank when no action is open): the one place a roll-up reads them. */
function nextActionOf(account: Account): NextAction {
  const next = nextOpenAction(account);
  return { text: next ? text(next.action) : '', owner: next ? text(next.owner) : '' };
}

export interface PipelineTotal {
  key: string;
  count: number;
  budget: number;
  forecast: number;
}

/**
 * Totals by stage (keyed by the stored stage value, in the vocabulary's order, then any other text)
 * and by sales manager. Probabilities are by stage code.
 */
export function pipelineTotals(
  all: RollupRow[],
  probability: Record<string, number> = STAGE_PROBABILITY,
): { byStage: PipelineTotal[]; byManager: PipelineTotal[] } {
  // The pipeline is the open deals: a won, lost or abandoned one is counted in outcomeTotals instead.
  const rows = all.filter((r) => (r.outcome ?? 'open') === 'open');
  const stages = vocabOptions('stage');
  const sum = (keyOf: (r: RollupRow) => string, order: string[]) => {
    const map = new Map<string, PipelineTotal>(order.map((k) => [k, { key: k, count: 0, budget: 0, forecast: 0 }]));
    for (const r of rows) {
      const k = keyOf(r);
      const t = map.get(k) ?? map.set(k, { key: k, count: 0, budget: 0, forecast: 0 }).get(k)!;
      t.count++;
      t.budget += r.budget ?? 0;
      t.forecast += (r.budget ?? 0) * stageProbability(r.stage, probability);
    }
    return [...map.values()].map((t) => ({ ...t, budget: round2(t.budget), forecast: round2(t.forecast) }));
  };
  return {
    byStage: sum((r) => r.stage, stages),
    byManager: sum((r) => r.salesManager, [...new Set(rows.map((r) => r.salesManager))].sort()),
  };
}

export interface OutcomeTotal {
  outcome: Outcome;
  count: number;
  budget: number;
  ourQuote: number;
}

/** Count, budget and quoted value of the accounts of each outcome (open, won, lost, abandoned), in that order. */
export function outcomeTotals(rows: Array<Partial<Pick<RollupRow, 'outcome' | 'budget' | 'ourQuote'>>>): OutcomeTotal[] {
  return OUTCOMES.map((outcome) => {
    const mine = rows.filter((r) => (r.outcome ?? 'open') === outcome);
    const sum = (f: (r: (typeof mine)[number]) => number | null | undefined) => round2(mine.reduce((a, r) => a + (f(r) ?? 0), 0));
    return { outcome, count: mine.length, budget: sum((r) => r.budget), ourQuote: sum((r) => r.ourQuote) };
  });
}

/** Money rounded to 2 decimals: the one rounding of budgets and forecasts (every adapter uses it). */
export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** The probability of a stored stage value, by its code (0 for no or an unknown stage). */
export function stageProbability(stage: unknown, probability: Record<string, number> = STAGE_PROBABILITY): number {
  return probability[vocabCode('stage', stage)] ?? 0;
}

// ------------------------------------------------- the roll-up as a manager reads it

/** The roll-up's tabs (forms.md §9). */
export const ROLLUP_TABS: Record<'summary' | 'pipeline' | 'changes' | 'history' | 'unreadable', Localized> = {
  summary: { zh: '汇总', en: 'Summary' },
  pipeline: { zh: '管道', en: 'Pipeline' },
  changes: { zh: '变化', en: 'Changes' },
  // Excel reserves the sheet name "History".
  history: { zh: '历史', en: 'Snapshots' },
  unreadable: { zh: '无法读取', en: 'Unreadable' },
};

/** How an adapter shows a column: text is always written as text, never as a formula. */
export type RollupColumnType = 'text' | 'number' | 'score' | 'lead' | 'count' | 'date' | 'datetime' | 'verdict' | 'flags' | 'link';

export interface RollupColumn {
  id: RollupColumnId;
  label: Localized;
  type: RollupColumnType;
  /** Width in characters. */
  width: number;
  /** Shown as the header's note. */
  note?: Localized;
  /** Only in the adapter named: the Sheets summary shows when it last read a row. */
  only?: 'xlsx' | 'sheets';
  /** Only when the manager opted in to the setting named (RollupOptions); such columns come last. */
  optIn?: keyof RollupOptions;
}

export type RollupColumnId =
  | 'customerName'
  | 'salesManager'
  | 'stage'
  | 'budget'
  | 'forecast'
  | 'latestVisit'
  | 'visitCount'
  | 'real'
  | 'worth'
  | 'opp'
  | 'win'
  | 'bestCompetitor'
  | 'bestCompetitorWin'
  | 'lead'
  | 'verdict'
  | 'hasCoach'
  | 'decisionMakerStance'
  | 'redFlags'
  | 'problems'
  | 'outcome'
  | 'decisionDate'
  | 'ourQuote'
  | 'quoteOfBudget'
  | 'openActions'
  | 'overdueActions'
  | 'nextActionDue'
  | 'link'
  | 'lastSaved'
  | 'refreshedAt'
  | 'stageDays'
  | 'stageMoved'
  | 'dOpp'
  | 'dWin'
  | 'flagsNew'
  | 'flagsCleared'
  | 'nextAction'
  | 'nextActionOwner';

/** The summary tab's columns, in order (forms.md §9), for every adapter. */
/** The note of the columns that compare with an earlier roll-up. */
const REVIEW_NOTE: Localized = {
  zh: '与至少 N 天前（“管道”表中可修改，默认 7 天）最近一次汇总相比',
  en: 'Against the latest roll-up at least N days older (set on the Pipeline tab; 7 by default)',
};

export const ROLLUP_COLUMNS: RollupColumn[] = [
  { id: 'customerName', label: { zh: '客户名称', en: 'Customer' }, type: 'text', width: 16 },
  { id: 'salesManager', label: { zh: '销售经理', en: 'Sales manager' }, type: 'text', width: 9 },
  { id: 'stage', label: { zh: '阶段', en: 'Stage' }, type: 'text', width: 9 },
  {
    id: 'stageDays',
    label: { zh: '本阶段天数', en: 'Days at stage' },
    type: 'count',
    width: 7,
    note: { zh: '按历次汇总的记录，停留在当前阶段的天数', en: 'Days at the current stage, from the history of roll-ups' },
  },
  { id: 'stageMoved', label: { zh: '阶段变化', en: 'Stage moved' }, type: 'text', width: 12, note: REVIEW_NOTE },
  { id: 'budget', label: { zh: '项目预算（万元）', en: 'Budget (10k CNY)' }, type: 'number', width: 12 },
  {
    id: 'forecast',
    label: { zh: '加权预测（万元）', en: 'Weighted forecast' },
    type: 'number',
    width: 12,
    note: { zh: '项目预算 × 阶段概率（概率在“管道”表中可修改）', en: 'Budget × stage probability (editable on the Pipeline tab)' },
  },
  { id: 'outcome', label: { zh: '结果', en: 'Outcome' }, type: 'text', width: 8 },
  { id: 'decisionDate', label: { zh: '预计决策日期', en: 'Decision date' }, type: 'date', width: 11 },
  { id: 'ourQuote', label: { zh: '我方报价（万元）', en: 'Our quote (10k CNY)' }, type: 'number', width: 11 },
  {
    id: 'quoteOfBudget',
    label: { zh: '报价/预算（%）', en: 'Quote / budget (%)' },
    type: 'count',
    width: 8,
    note: { zh: '我方报价占项目预算的百分比（整数）', en: 'Our quote as a percentage of the budget (whole number)' },
  },
  { id: 'latestVisit', label: { zh: '最近拜访', en: 'Latest visit' }, type: 'date', width: 11 },
  { id: 'visitCount', label: { zh: '拜访次数', en: 'Visits' }, type: 'count', width: 7 },
  {
    id: 'real',
    label: { zh: '真实性', en: 'Real' },
    type: 'score',
    width: 8,
    note: { zh: '机会评估第 1–5 项', en: 'Opportunity items 1–5' },
  },
  {
    id: 'worth',
    label: { zh: '价值', en: 'Worth' },
    type: 'score',
    width: 8,
    note: { zh: '机会评估第 6–10 项', en: 'Opportunity items 6–10' },
  },
  { id: 'opp', label: { zh: 'OPP_SCORE', en: 'OPP_SCORE' }, type: 'score', width: 12 },
  { id: 'dOpp', label: { zh: 'ΔOPP', en: 'ΔOPP' }, type: 'lead', width: 7, note: REVIEW_NOTE },
  { id: 'win', label: { zh: '我方竞争力', en: 'Our WIN_SCORE' }, type: 'score', width: 10 },
  { id: 'dWin', label: { zh: 'ΔWIN', en: 'ΔWIN' }, type: 'lead', width: 7, note: REVIEW_NOTE },
  { id: 'bestCompetitor', label: { zh: '最强对手', en: 'Strongest rival' }, type: 'text', width: 10 },
  { id: 'bestCompetitorWin', label: { zh: '对手得分', en: 'Rival score' }, type: 'score', width: 8 },
  {
    id: 'lead',
    label: { zh: '领先', en: 'Lead' },
    type: 'lead',
    width: 7,
    note: { zh: '我方竞争力 − 最强对手得分', en: 'Our WIN_SCORE − the strongest rival’s' },
  },
  { id: 'verdict', label: { zh: '结论', en: 'Verdict' }, type: 'verdict', width: 8 },
  { id: 'hasCoach', label: { zh: '教练', en: 'Coach' }, type: 'text', width: 6 },
  { id: 'decisionMakerStance', label: { zh: '决策者立场', en: 'Decision maker' }, type: 'text', width: 10 },
  { id: 'redFlags', label: { zh: '红旗', en: 'Red flags' }, type: 'flags', width: 24 },
  { id: 'flagsNew', label: { zh: '新红旗', en: 'New flags' }, type: 'flags', width: 18, note: REVIEW_NOTE },
  { id: 'flagsCleared', label: { zh: '已解除红旗', en: 'Cleared flags' }, type: 'text', width: 18, note: REVIEW_NOTE },
  {
    id: 'openActions',
    label: { zh: '未完成行动', en: 'Open actions' },
    type: 'count',
    width: 7,
    note: {
      zh: '行动计划中未开始或进行中的行动数（行动内容不带出客户工作簿）',
      en: 'Actions not started or in progress (their text stays in the account workbook)',
    },
  },
  { id: 'overdueActions', label: { zh: '逾期行动', en: 'Overdue actions' }, type: 'count', width: 7 },
  { id: 'nextActionDue', label: { zh: '下一行动截止', en: 'Next action due' }, type: 'date', width: 11 },
  {
    id: 'problems',
    label: { zh: '待修正', en: 'Problems' },
    type: 'count',
    width: 7,
    note: { zh: '校验发现的问题数（ka-sales validate 查看）', en: 'Validation problems (see ka-sales validate)' },
  },
  {
    id: 'lastSaved',
    label: { zh: '最后保存', en: 'Last saved' },
    type: 'datetime',
    width: 16,
    note: { zh: '客户工作簿最后一次保存的时间', en: 'When the account workbook was last saved' },
  },
  { id: 'link', label: { zh: '链接', en: 'Link' }, type: 'link', width: 22 },
  { id: 'refreshedAt', label: { zh: '更新时间', en: 'Refreshed at' }, type: 'datetime', width: 16, only: 'sheets' },
  // Last, so that every other column keeps its place whether the manager shows them or not.
  {
    id: 'nextAction',
    label: { zh: '下一行动（原文）', en: 'Next action (as written)' },
    type: 'text',
    width: 28,
    optIn: 'showActions',
    note: {
      zh: '经理选择显示（管道表的设置）：下一项未完成行动，销售在行动计划中写的原文',
      en: 'Shown because the manager chose to (the Pipeline tab’s setting): the next open action as the rep wrote it',
    },
  },
  {
    id: 'nextActionOwner',
    label: { zh: '行动负责人', en: 'Action owner' },
    type: 'text',
    width: 10,
    optIn: 'showActions',
    note: {
      zh: '经理选择显示：下一项未完成行动的负责人（原文）',
      en: 'Shown because the manager chose to: the next open action’s owner as written',
    },
  },
];

/** The 变化 tab's columns after the customer and the comparison date, in order: the same in every adapter. */
export const CHANGE_COLUMNS: RollupColumnId[] = ['stageMoved', 'dOpp', 'dWin', 'flagsNew', 'flagsCleared', 'verdict'];

/**
 * The summary's columns in one adapter, in order: the one place that decides
 * whether the next action's text and owner are among them (only when the
 * manager opted in; they come last).
 */
export function columnsFor(adapter: 'xlsx' | 'sheets', opts: RollupOptions = {}): RollupColumn[] {
  return ROLLUP_COLUMNS.filter((c) => (!c.only || c.only === adapter) && (!c.optIn || opts[c.optIn] === true));
}

/** Texts of the pipeline and unreadable tabs. */
export const ROLLUP_TEXTS = {
  showActions: { zh: '显示下一行动的原文与负责人', en: 'Show the next action’s text and owner' },
  showActionsNote: {
    zh: '“是”：汇总表多两列，显示每个客户下一项未完成行动的原文和负责人（销售填写的文字）；“否”（默认）：只显示行动数量和截止日期。下次汇总沿用。',
    en: '“Yes”: two more summary columns with each account’s next open action and its owner as the rep wrote them; “No” (the default): counts and due dates only. Kept by the next roll-up.',
  },
  yes: { zh: '是', en: 'Yes' },
  no: { zh: '否', en: 'No' },
  probabilities: { zh: '阶段概率（可修改）', en: 'Stage probabilities (editable)' },
  probability: { zh: '概率', en: 'Probability' },
  byStage: { zh: '按阶段', en: 'By stage' },
  byManager: { zh: '按销售经理', en: 'By sales manager' },
  byOutcome: { zh: '按结果（赢单、丢单、放弃不计入管道）', en: 'By outcome (won, lost and abandoned deals are not in the pipeline)' },
  count: { zh: '客户数', en: 'Accounts' },
  budget: { zh: '项目预算（万元）', en: 'Budget (10k CNY)' },
  forecast: { zh: '加权预测（万元）', en: 'Weighted forecast' },
  total: { zh: '合计', en: 'Total' },
  none: { zh: '（未填）', en: '(blank)' },
  file: { zh: '文件', en: 'File' },
  reason: { zh: '原因', en: 'Reason' },
  detail: { zh: '详情', en: 'Detail' },
  noErrors: { zh: '所有文件均已读取。', en: 'Every file was read.' },
  stage: { zh: '阶段', en: 'Stage' },
  stageCode: { zh: '阶段代码', en: 'Stage code' },
  salesManager: { zh: '销售经理', en: 'Sales manager' },
  summaryTitle: { zh: '经理汇总 · 截至 {asOf} · 生成于 {at}', en: 'Manager summary · as of {asOf} · made {at}' },
  summaryCounts: {
    zh: '客户 {accounts} · 进行中 {open} · 赢单 {won} · 丢单 {lost} · 放弃 {abandoned} · 无法读取 {unreadable} · 待修正 {withProblems}',
    en: '{accounts} accounts · {open} open · {won} won · {lost} lost · {abandoned} abandoned · {unreadable} unreadable · {withProblems} with problems',
  },
  windowDays: { zh: '对比窗口（天）', en: 'Review window (days)' },
  windowNote: {
    zh: '变化与至少这么多天前最近一次汇总比较；可修改，下次汇总沿用。',
    en: 'Changes compare with the latest roll-up at least this many days older; editable, kept by the next roll-up.',
  },
  forecastByDate: { zh: '加权预测（按阶段，历次汇总）', en: 'Weighted forecast by stage, per roll-up' },
  date: { zh: '日期', en: 'Date' },
  noChanges: { zh: '与对比日相比没有变化。', en: 'Nothing changed since the comparison date.' },
  since: { zh: '对比日', en: 'Compared with' },
  newAccount: { zh: '（新）', en: '(new)' },
} satisfies Record<string, Localized>;

/** A file the roll-up could not read, and why; or (`duplicate`) a second file of an account already rolled up. */
export interface RollupError {
  file: string;
  message: string;
  kind?: 'duplicate';
  /** The short reason for the manager, when the adapter knows it better than the message's words. */
  reason?: string;
}

/**
 * What makes two files the same customer: the customer name, Unicode-NFKC
 * normalised (full-width letters and digits as half-width), trimmed, runs of
 * white space as one space, letters in lower case. A blank name is no one's:
 * files without a customer name are never merged.
 */
export function customerKey(name: string): string {
  return name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * One row per customer: the first file of a customer (in the roll-up's order)
 * keeps its row; each later one becomes a `duplicate` entry naming the first.
 */
export function oneRowPerCustomer<R extends { file: string; customerName: string }>(
  rows: R[],
): { rows: R[]; duplicates: Array<{ file: string; first: string; customer: string }> } {
  const firstOf = new Map<string, R>();
  const kept: R[] = [];
  const duplicates: Array<{ file: string; first: string; customer: string }> = [];
  for (const r of rows) {
    const key = customerKey(r.customerName);
    const first = key ? firstOf.get(key) : undefined;
    if (first) {
      duplicates.push({ file: r.file, first: first.file, customer: r.customerName });
      continue;
    }
    if (key) firstOf.set(key, r);
    kept.push(r);
  }
  return { rows: kept, duplicates };
}

/** The stage-weighted forecast of one account: budget × the stage's probability (0 for no or an unknown stage). */
export function stageForecast(
  row: Pick<RollupRow, 'budget' | 'stage'>,
  probability: Record<string, number> = STAGE_PROBABILITY,
): number | null {
  if (row.budget === null) return null;
  return round2(row.budget * stageProbability(row.stage, probability));
}

export type RollupCellValue = string | number | null;

/**
 * The summary row's values by column, in a locale: numbers as numbers, dates
 * as ISO text, everything else as plain text for the adapter to write as text
 * (red flags one per line).
 * `link` is the file as given; the adapter turns it into a link.
 */
export function rollupCells(
  row: RollupRow,
  opts: { locale: Locale; probability?: Record<string, number>; review?: ReviewInfo; refreshedAt?: string },
): Record<RollupColumnId, RollupCellValue> {
  const en = opts.locale === 'en';
  return {
    customerName: row.customerName,
    salesManager: row.salesManager,
    stage: vocabLabel('stage', row.stage, opts.locale),
    budget: row.budget,
    forecast: stageForecast(row, opts.probability),
    latestVisit: row.latestVisit,
    visitCount: row.visitCount,
    real: row.real,
    worth: row.worth,
    opp: row.opp,
    win: row.win,
    bestCompetitor: row.bestCompetitor?.name ?? '',
    bestCompetitorWin: row.bestCompetitor?.win ?? null,
    lead: row.lead,
    verdict: VERDICT_LABELS[row.verdict][opts.locale],
    hasCoach: en ? (row.hasCoach ? 'Yes' : 'No') : row.hasCoach ? '是' : '否',
    decisionMakerStance: vocabLabel('stance', row.decisionMakerStance, opts.locale),
    redFlags: row.redFlags.map((f) => RED_FLAG_LABELS[f][opts.locale]).join('\n'),
    problems: row.problems,
    ...dealCells(row, opts.locale),
    link: row.file,
    refreshedAt: opts.refreshedAt ?? null,
    ...reviewCells(opts.review, opts.locale),
    // Only a row made with the manager's opt-in carries them (rollupRow).
    nextAction: row.nextAction?.text ?? null,
    nextActionOwner: row.nextAction?.owner ?? null,
  };
}

/** The deal's and the action plan's columns: dates, amounts and counts only (an action's text and owner are opt-in: rollupCells). */
function dealCells(row: RollupRow, locale: Locale): Record<DealColumnId, RollupCellValue> {
  const share = row.ourQuote !== null && row.budget !== null && row.budget > 0 ? Math.round((100 * row.ourQuote) / row.budget) : null;
  return {
    outcome: vocabLabelOfCode('outcome', row.outcome, locale),
    decisionDate: row.decisionDate,
    ourQuote: row.ourQuote,
    quoteOfBudget: share,
    openActions: row.openActions,
    overdueActions: row.overdueActions,
    nextActionDue: row.nextActionDue,
  };
}

type DealColumnId = 'outcome' | 'decisionDate' | 'ourQuote' | 'quoteOfBudget' | 'openActions' | 'overdueActions' | 'nextActionDue';

/** The review columns' values (blank without a review): the same in every adapter, also for a row the Sheets summary kept. */
export function reviewCells(review: ReviewInfo | undefined, locale: Locale): Record<ReviewColumnId, RollupCellValue> {
  const change = review?.change;
  const flagText = (flags: string[]) => flags.map((f) => RED_FLAG_LABELS[f as RedFlag]?.[locale] ?? f).join('\n');
  const stageText = (code: string) => vocabLabelOfCode('stage', code, locale);
  return {
    lastSaved: review?.lastSaved ?? null,
    stageDays: review?.stageDays ?? null,
    stageMoved: change?.stageFrom != null ? `${stageText(change.stageFrom)} → ${stageText(change.stageTo)}` : '',
    dOpp: change?.dOpp ?? null,
    dWin: change?.dWin ?? null,
    flagsNew: flagText(change?.flagsNew ?? []),
    flagsCleared: flagText(change?.flagsCleared ?? []),
  };
}

export type ReviewColumnId = 'lastSaved' | 'stageDays' | 'stageMoved' | 'dOpp' | 'dWin' | 'flagsNew' | 'flagsCleared';

/** Kinds of unreadable file, recognised from the reader's message, with their text for people. */
const UNREADABLE_REASONS: Array<{ test: RegExp; label: Localized }> = [
  { test: /\bempty\b/i, label: { zh: '文件为空', en: 'The file is empty' } },
  { test: /newer ka-sales/, label: { zh: '由更新版本的 ka-sales 制作，请更新 ka-sales', en: 'Made by a newer ka-sales: update ka-sales' } },
  { test: /not an account|not a ka-sales account/i, label: { zh: '不是客户文件', en: 'Not an account' } },
  { test: /schemaVersion/, label: { zh: '文件格式版本不受支持', en: 'Unsupported format version' } },
  { test: /not valid JSON/i, label: { zh: '不是有效的 JSON', en: 'Not valid JSON' } },
  {
    test: /\.xls\b|encrypted/i,
    label: {
      zh: '旧版 .xls 或加密的工作簿，请另存为无密码的 .xlsx',
      en: 'An old .xls or encrypted workbook: save it as .xlsx without a password',
    },
  },
  { test: /xlsx workbook/i, label: { zh: '不是可读取的 .xlsx 工作簿（文件已损坏？）', en: 'Not a readable .xlsx workbook (damaged?)' } },
  { test: /unsupported file type/i, label: { zh: '不支持的文件类型', en: 'Unsupported file type' } },
  { test: /cannot read/i, label: { zh: '无法打开文件', en: 'The file cannot be opened' } },
];

/** Why a file could not be read, in a locale: a short reason for the manager (the detail stays in `message`). */
export function unreadableReason(message: string, locale: Locale): string {
  const hit = UNREADABLE_REASONS.find((r) => r.test.test(message));
  return hit ? hit.label[locale] : locale === 'zh' ? '无法读取' : 'Unreadable';
}

/** A yes/no setting as a manager may type it (是/否, yes/no, true/false, 1/0, on/off), or null when it is none of them. */
export function yesNo(v: unknown): boolean | null {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v === 1 ? true : v === 0 ? false : null;
  if (typeof v !== 'string') return null;
  const s = v.normalize('NFKC').trim().toLowerCase();
  if (['是', 'yes', 'y', 'true', '1', 'on'].includes(s)) return true;
  if (['否', 'no', 'n', 'false', '0', 'off'].includes(s)) return false;
  return null;
}
