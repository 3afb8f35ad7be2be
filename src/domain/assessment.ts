import { RED_FLAGS, type RedFlag } from '../../sheets-templates/flags';
import { LATE_STAGES } from '../../sheets-templates/vocabularies';
import { type Account, ITEM_COUNT, isBlank, text } from './account';
import { actionCounts } from './action-plan';
import { type Outcome, decisionDateOf, isDecisionOverdue, ourQuoteOf, outcomeOf } from './deal';
import { isoDayNumber, isoFromDayNumber } from './dates';
import { parseMark } from './marks';
import { vocabCode } from './vocab';
import { completeness, leadOverField, numberFromText, oppScore, passesRealTest, winScore } from './scoring';

/** Verdict codes (forms.md §7) and their zh labels. */
export type Verdict = 'pursue' | 'watch' | 'not-real' | 'unassessed';
export const VERDICT_LABELS: Record<Verdict, { zh: string; en: string }> = {
  pursue: { zh: '追', en: 'Pursue' },
  watch: { zh: '观察', en: 'Watch' },
  'not-real': { zh: '虚', en: 'Not real' },
  unassessed: { zh: '待评估', en: 'Unassessed' },
};

/** Red-flag codes (forms.md §8) in the order they are reported, and their labels: defined in sheets-templates/flags.ts. */
export { RED_FLAGS, RED_FLAG_LABELS, type RedFlag } from '../../sheets-templates/flags';

/** [decision] defaults a manager can change (forms.md §7, §8). */
export interface AssessmentSettings {
  /** Below this completeness (%) of either assessment the account is unassessed. */
  minCompleteness: number;
  /** Worth at or above this (with a lead ≥ 0) means pursue. */
  pursueWorth: number;
  /** Days without a visit after which an account is stale. */
  staleDays: number;
}
export const DEFAULT_SETTINGS: AssessmentSettings = { minCompleteness: 50, pursueWorth: 60, staleDays: 30 };

export interface CompetitorScore {
  name: string;
  win: number;
}

/** What `ka-sales score --json` prints for an account. */
export interface Assessment {
  customerName: string;
  stage: string;
  opp: number;
  real: number;
  worth: number;
  realTest: boolean;
  win: number;
  competitors: CompetitorScore[];
  bestCompetitor: CompetitorScore | null;
  lead: number | null;
  completeness: { opportunity: number; competitiveness: number };
  verdict: Verdict;
  redFlags: RedFlag[];
  latestVisit: string | null;
  /** The deal's outcome code: 'open' when blank (or not a value of the vocabulary). */
  outcome: Outcome;
  /** The expected decision date (ISO), null when blank or not a real date. */
  decisionDate: string | null;
  /** Our quoted value in 万元, null when blank or not a number. */
  ourQuote: number | null;
  /** How many action-plan rows are open (never their texts: owners and actions stay in the account's files). */
  openActions: number;
  /** How many open actions are due before the as-of date. */
  overdueActions: number;
}

/** By code: a vocabulary value's label may change, its code does not. */
const isDecisionMaker = (role: unknown) => vocabCode('buyingRole', role) === 'decisionMaker';
const isCoach = (role: unknown) => vocabCode('mapRole', role) === 'coach';
const isYes = (v: unknown) => vocabCode('yesNo', v) === 'yes';
const isDown = (v: unknown) => vocabCode('trend', v) === 'down';

/** The named competitors with their column index in the items. */
export function namedCompetitors(account: Account): Array<{ name: string; index: number }> {
  return account.competitiveness.competitors.map((n, index) => ({ name: text(n), index })).filter((c) => c.name !== '');
}

/** The latest key-people visit date (ISO), or null when no row has a real date. Only real ISO dates count: anything else is a problem. */
export function latestVisitDate(account: Account): string | null {
  let latest: number | null = null;
  for (const r of account.keyPeople) {
    const d = isoDayNumber(r.visitDate);
    if (d !== null && (latest === null || d > latest)) latest = d;
  }
  return latest === null ? null : isoFromDayNumber(latest);
}

/** A visit number as the rep means it (one typed as text counts as its number for ordering; validation flags it), or null. */
function visitNumber(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? numberFromText(v) : null;
  return n !== null && Number.isFinite(n) ? n : null;
}

/**
 * The visit a person was last seen at: by date, then visit number; on a full
 * tie the later row. A visit whose date is not a real date (a problem of its
 * own) never counts as the oldest: it takes its place by its visit number,
 * just after the latest-dated visit numbered below it.
 */
export function latestVisitOf<R extends Record<string, unknown>>(visits: R[]): R | undefined {
  const keyed = visits.map((r) => ({ r, d: isoDayNumber(r.visitDate), n: visitNumber(r.visitNo) ?? -Infinity, k: -Infinity }));
  // In visit-number order, `below` is the latest date of the visits numbered below the current one.
  let below = -Infinity;
  let group = -Infinity;
  let at = NaN;
  for (const v of [...keyed].sort((x, y) => x.n - y.n)) {
    if (v.n !== at) [below, group, at] = [Math.max(below, group), -Infinity, v.n];
    if (v.d !== null) group = Math.max(group, v.d);
    v.k = v.d ?? (v.n > -Infinity ? below : -Infinity);
  }
  let best: (typeof keyed)[number] | undefined;
  for (const v of keyed) if (!best || v.k > best.k || (v.k === best.k && v.n >= best.n)) best = v;
  return best?.r;
}

export function computeRedFlags(
  account: Account,
  scores: { realTest: boolean; win: number; competitors: CompetitorScore[] },
  asOf: string,
  settings: AssessmentSettings = DEFAULT_SETTINGS,
): RedFlag[] {
  const flags = new Set<RedFlag>();
  const kp = account.keyPeople;
  const late = LATE_STAGES.includes(vocabCode('stage', account.overview.stage));

  const coachInPeople = kp.some((r) => isYes(r.couldCoach));
  const coachInMap = account.roleMap.some((r) => isCoach(r.role) && !isBlank(r.name));
  if (!coachInPeople && !coachInMap) flags.add('no-coach');

  if (!kp.some((r) => isDecisionMaker(r.role))) flags.add('no-decision-maker');

  const budgetItem = parseMark(account.opportunity.items[3]?.mark);
  const budget = account.overview.budget;
  if (late && (isBlank(budget) || budgetItem !== '+')) flags.add('no-budget');
  // [decision] a budget that is not a number (`300万元`) would forecast nothing without a word: it is flagged.
  if (late && !isBlank(budget) && !(typeof budget === 'number' && Number.isFinite(budget))) flags.add('budget-unreadable');

  if (late && !scores.realTest) flags.add('not-real-late-stage');

  if (scores.competitors.some((c) => c.win >= scores.win)) flags.add('competitor-ahead');

  const dmNames = new Set(kp.filter((r) => isDecisionMaker(r.role)).map((r) => text(r.name)));
  for (const name of dmNames) {
    const latest = latestVisitOf(kp.filter((r) => text(r.name) === name));
    if (latest && (isDown(latest.closeness) || isDown(latest.trust))) flags.add('dm-relationship-down');
  }

  // [decision] an account with no dated visit at all is stale too: nobody has been seen.
  const latestVisit = latestVisitDate(account);
  const asOfDay = isoDayNumber(asOf);
  if (asOfDay !== null) {
    if (latestVisit === null || asOfDay - (isoDayNumber(latestVisit) as number) > settings.staleDays) flags.add('stale');
  }
  if (isDecisionOverdue(account, asOf)) flags.add('overdue-decision');
  return RED_FLAGS.filter((f) => flags.has(f));
}

export function decideVerdict(
  s: { completeness: { opportunity: number; competitiveness: number }; realTest: boolean; worth: number; lead: number | null },
  settings: AssessmentSettings = DEFAULT_SETTINGS,
): Verdict {
  if (s.completeness.opportunity < settings.minCompleteness || s.completeness.competitiveness < settings.minCompleteness) {
    return 'unassessed';
  }
  if (!s.realTest) return 'not-real';
  if (s.worth >= settings.pursueWorth && (s.lead === null || s.lead >= 0)) return 'pursue';
  return 'watch';
}

/** Scores, verdict and red flags of an account as of a date (ISO). */
export function assessAccount(account: Account, asOf: string, settings: AssessmentSettings = DEFAULT_SETTINGS): Assessment {
  const marks = account.opportunity.items.slice(0, ITEM_COUNT).map((i) => i.mark);
  const weights = account.opportunity.weights;
  const compItems = account.competitiveness.items.slice(0, ITEM_COUNT);
  const ours = compItems.map((i) => i.us);
  const win = winScore(ours);
  const competitors = namedCompetitors(account).map(({ name, index }) => ({
    name,
    win: winScore(compItems.map((i) => i.competitors[index])),
  }));
  const bestCompetitor = competitors.reduce<CompetitorScore | null>((b, c) => (b === null || c.win > b.win ? c : b), null);
  const lead = leadOverField(
    win,
    competitors.map((c) => c.win),
  );
  const realTest = passesRealTest(marks);
  const comp = { opportunity: completeness(marks), competitiveness: completeness(ours) };
  const worth = oppScore(marks, 'worth', weights);
  const redFlags = computeRedFlags(account, { realTest, win, competitors }, asOf, settings);
  const actions = actionCounts(account, asOf);
  return {
    customerName: text(account.overview.customerName),
    stage: text(account.overview.stage),
    opp: oppScore(marks, 'all', weights),
    real: oppScore(marks, 'real', weights),
    worth,
    realTest,
    win,
    competitors,
    bestCompetitor,
    lead,
    completeness: comp,
    verdict: decideVerdict({ completeness: comp, realTest, worth, lead }, settings),
    redFlags,
    latestVisit: latestVisitDate(account),
    outcome: outcomeOf(account),
    decisionDate: decisionDateOf(account),
    ourQuote: ourQuoteOf(account),
    openActions: actions.open,
    overdueActions: actions.overdue,
  };
}
