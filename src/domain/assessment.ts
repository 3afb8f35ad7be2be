import { LATE_STAGES } from '../../sheets-templates/vocabularies';
import { type Account, ITEM_COUNT, isBlank, text } from './account';
import { dateDayNumber, isoDayNumber, isoFromDayNumber } from './dates';
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

/** Red-flag codes (forms.md §8), in the order they are reported. */
export const RED_FLAGS = [
  'no-coach',
  'no-decision-maker',
  'no-budget',
  'not-real-late-stage',
  'competitor-ahead',
  'dm-relationship-down',
  'stale',
] as const;
export type RedFlag = (typeof RED_FLAGS)[number];
export const RED_FLAG_LABELS: Record<RedFlag, { zh: string; en: string }> = {
  'no-coach': { zh: '没有教练', en: 'No coach' },
  'no-decision-maker': { zh: '未接触关键决策者', en: 'No decision maker' },
  'no-budget': { zh: '后期阶段无预算', en: 'No budget at a late stage' },
  'not-real-late-stage': { zh: '后期阶段机会仍是虚的', en: 'Not real at a late stage' },
  'competitor-ahead': { zh: '对手领先或持平', en: 'Competitor ahead' },
  'dm-relationship-down': { zh: '决策者关系下降', en: 'Decision-maker relationship down' },
  stale: { zh: '超过 30 天未拜访', en: 'No visit in 30 days' },
};

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
}

/** By code: a vocabulary value's label may change, its code does not. */
const isDecisionMaker = (role: unknown) => vocabCode('buyingRole', role) === 'decisionMaker';
const isCoach = (role: unknown) => vocabCode('mapRole', role) === 'coach';
const isYes = (v: unknown) => vocabCode('yesNo', v) === 'yes';
const isDown = (v: unknown) => vocabCode('trend', v) === 'down';

/** The named competitors with their column index in the items. */
export function namedCompetitors(account: Account): Array<{ name: string; index: number }> {
  return account.competitiveness.competitors
    .map((n, index) => ({ name: text(n), index }))
    .filter((c) => c.name !== '');
}

/** The latest key-people visit date (ISO), or null when no row has a real date. */
export function latestVisitDate(account: Account): string | null {
  const days = account.keyPeople.map((r) => dateDayNumber(r.visitDate)).filter((d): d is number => d !== null);
  return days.length ? isoFromDayNumber(Math.max(...days)) : null;
}

function visitOrder(r: Record<string, unknown>): [number, number] {
  const d = dateDayNumber(r.visitDate) ?? -Infinity;
  // Visit numbers typed as text follow the readers' rule, so a JSON and its workbook agree.
  const n = typeof r.visitNo === 'number' ? r.visitNo : typeof r.visitNo === 'string' ? (numberFromText(r.visitNo) ?? NaN) : NaN;
  return [d, Number.isFinite(n) ? n : -Infinity];
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
  if (late && (isBlank(account.overview.budget) || budgetItem !== '+')) flags.add('no-budget');

  if (late && !scores.realTest) flags.add('not-real-late-stage');

  if (scores.competitors.some((c) => c.win >= scores.win)) flags.add('competitor-ahead');

  const dmNames = new Set(kp.filter((r) => isDecisionMaker(r.role)).map((r) => text(r.name)));
  for (const name of dmNames) {
    let latest: (typeof kp)[number] | undefined;
    let best: [number, number] = [-Infinity, -Infinity];
    for (const r of kp) {
      if (text(r.name) !== name) continue;
      const o = visitOrder(r);
      if (!latest || o[0] > best[0] || (o[0] === best[0] && o[1] >= best[1])) {
        latest = r;
        best = o;
      }
    }
    if (latest && (isDown(latest.closeness) || isDown(latest.trust))) flags.add('dm-relationship-down');
  }

  // [decision] an account with no dated visit at all is stale too: nobody has been seen.
  const latestVisit = latestVisitDate(account);
  const asOfDay = isoDayNumber(asOf);
  if (asOfDay !== null) {
    if (latestVisit === null || asOfDay - (isoDayNumber(latestVisit) as number) > settings.staleDays) flags.add('stale');
  }
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
  };
}
