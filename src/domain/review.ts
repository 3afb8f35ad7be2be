import type { Localized } from '../../sheets-templates/types';
import type { Verdict } from './assessment';
import { OUTCOMES, type Outcome } from './deal';
import { type RollupRow, round2 } from './rollup';
import { vocabCode } from './vocab';
import { isoDayNumber, isoFromDayNumber } from './dates';

/**
 * What a manager reviews on Monday (forms.md §9, issue #12): one snapshot per
 * account per roll-up, kept as history in the summary, and the changes of each
 * account against the latest snapshot at least `windowDays` older. Only
 * scores, stage codes, verdicts and flag codes: nothing about people.
 */

export interface Snapshot {
  /** ISO date of the roll-up that took it (its as-of date). */
  date: string;
  /** The account's identity across roll-ups, as the adapter defines it (offline: the customer name; Sheets: the file id). */
  key: string;
  stage: string;
  opp: number | null;
  win: number | null;
  lead: number | null;
  verdict: Verdict;
  /** Red flag codes, sorted. */
  flags: string[];
  forecast: number | null;
}

export interface AccountChange {
  key: string;
  /** The date of the snapshot compared against; null when the account has none old enough (new to the review). */
  since: string | null;
  dOpp: number | null;
  dWin: number | null;
  /** The stage it moved from, when it moved. */
  stageFrom: string | null;
  stageTo: string;
  flagsNew: string[];
  flagsCleared: string[];
}

/** The review window's default: compare with the latest snapshot at least a week older. */
export const DEFAULT_WINDOW_DAYS = 7;

function byDateThenKey(a: Snapshot, b: Snapshot): number {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/**
 * The history after a roll-up: the fresh snapshots replace those of the same
 * account and date, every other snapshot stays (a roll-up dated earlier never
 * erases a later one). Sorted by date, then key.
 */
export function mergeHistory(history: Snapshot[], fresh: Snapshot[]): Snapshot[] {
  const id = (s: Snapshot) => `${s.date}\u0000${s.key}`;
  const freshIds = new Set(fresh.map(id));
  return [...history.filter((s) => !freshIds.has(id(s))), ...fresh].sort(byDateThenKey);
}

/** Every snapshot of each account, oldest first. */
export function historyByKey(history: Snapshot[]): Map<string, Snapshot[]> {
  const map = new Map<string, Snapshot[]>();
  for (const s of [...history].sort(byDateThenKey)) {
    const list = map.get(s.key);
    if (list) list.push(s);
    else map.set(s.key, [s]);
  }
  return map;
}

/** The latest of an account's snapshots dated at least `windowDays` before `current`. */
export function baseline(snapshots: Snapshot[], current: Snapshot, windowDays: number): Snapshot | null {
  const day = isoDayNumber(current.date);
  if (day === null) return null;
  const cutoff = isoFromDayNumber(day - windowDays);
  let found: Snapshot | null = null;
  for (const s of snapshots) if (s.key === current.key && s.date <= cutoff) found = s;
  return found;
}

function delta(now: number | null, then: number | null): number | null {
  return now === null || then === null ? null : round2(now - then);
}

/** How an account changed since its baseline snapshot. */
export function changeOf(current: Snapshot, base: Snapshot | null): AccountChange {
  const before = new Set(base?.flags ?? []);
  const now = new Set(current.flags);
  return {
    key: current.key,
    since: base?.date ?? null,
    dOpp: base ? delta(current.opp, base.opp) : null,
    dWin: base ? delta(current.win, base.win) : null,
    stageFrom: base && base.stage !== current.stage ? base.stage : null,
    stageTo: current.stage,
    flagsNew: base ? current.flags.filter((f) => !before.has(f)) : [],
    flagsCleared: base ? base.flags.filter((f) => !now.has(f)) : [],
  };
}

/** True when a manager would want to hear about it: a new account, a score moved, a stage moved, a flag raised or cleared. */
export function hasChanged(c: AccountChange): boolean {
  return (
    c.since === null ||
    (c.dOpp !== null && c.dOpp !== 0) ||
    (c.dWin !== null && c.dWin !== 0) ||
    c.stageFrom !== null ||
    c.flagsNew.length > 0 ||
    c.flagsCleared.length > 0
  );
}

/**
 * The first date of the run of snapshots, ending with `current`, in which the
 * account has been at its current stage; `current.date` when history has none.
 */
export function stageSince(snapshots: Snapshot[], current: Snapshot): string {
  let since = current.date;
  const older = snapshots.filter((s) => s.key === current.key && s.date < current.date).sort(byDateThenKey);
  for (let i = older.length - 1; i >= 0 && older[i].stage === current.stage; i--) since = older[i].date;
  return since;
}

/** Whole days from `from` to `to` (ISO dates), or null when either is not a date. */
export function daysBetween(from: string, to: string): number | null {
  const a = isoDayNumber(from);
  const b = isoDayNumber(to);
  return a === null || b === null ? null : b - a;
}

// ------------------------------------------------------------ the review order

/** Open accounts by what needs attention first (issue #12): 追, 观察, 待评估, 虚. */
export const VERDICT_REVIEW_ORDER: Verdict[] = ['pursue', 'watch', 'unassessed', 'not-real'];

export type { Outcome };
export const OUTCOME_SECTIONS: Outcome[] = [...OUTCOMES];

export interface ReviewKey {
  outcome: Outcome;
  verdict: Verdict;
  forecast: number | null;
  customerName: string;
  file: string;
}

/**
 * The documented, stable review order: by section (open, won, lost,
 * abandoned), then for open accounts by verdict in VERDICT_REVIEW_ORDER, then
 * by weighted forecast (largest first, none last), then customer name and
 * file (code-point order, so the same input always gives the same order).
 */
export function compareForReview(a: ReviewKey, b: ReviewKey): number {
  const section = OUTCOME_SECTIONS.indexOf(a.outcome) - OUTCOME_SECTIONS.indexOf(b.outcome);
  if (section !== 0) return section;
  const verdict = a.outcome === 'open' ? VERDICT_REVIEW_ORDER.indexOf(a.verdict) - VERDICT_REVIEW_ORDER.indexOf(b.verdict) : 0;
  if (verdict !== 0) return verdict;
  const fa = a.forecast ?? Number.NEGATIVE_INFINITY;
  const fb = b.forecast ?? Number.NEGATIVE_INFINITY;
  if (fa !== fb) return fb > fa ? 1 : -1;
  if (a.customerName !== b.customerName) return a.customerName < b.customerName ? -1 : 1;
  return a.file < b.file ? -1 : a.file > b.file ? 1 : 0;
}

export interface ReviewCounts {
  accounts: number;
  open: number;
  won: number;
  lost: number;
  abandoned: number;
  unreadable: number;
  withProblems: number;
}

export function reviewCounts(rows: Array<{ outcome: Outcome; problems: number }>, unreadable: number): ReviewCounts {
  const count = (o: Outcome) => rows.filter((r) => r.outcome === o).length;
  return {
    accounts: rows.length,
    open: count('open'),
    won: count('won'),
    lost: count('lost'),
    abandoned: count('abandoned'),
    unreadable,
    withProblems: rows.filter((r) => r.problems > 0).length,
  };
}

// ------------------------------------------------------------ history as cells

/** The history tab's columns, in order: every adapter writes and reads a snapshot as one row of these. */
export const HISTORY_COLUMNS: Array<{ id: keyof Snapshot; label: Localized }> = [
  { id: 'date', label: { zh: '日期', en: 'Date' } },
  { id: 'key', label: { zh: '客户', en: 'Account' } },
  { id: 'stage', label: { zh: '阶段代码', en: 'Stage code' } },
  { id: 'opp', label: { zh: 'OPP_SCORE', en: 'OPP_SCORE' } },
  { id: 'win', label: { zh: '我方竞争力', en: 'Our WIN_SCORE' } },
  { id: 'lead', label: { zh: '领先', en: 'Lead' } },
  { id: 'verdict', label: { zh: '结论代码', en: 'Verdict code' } },
  { id: 'flags', label: { zh: '红旗代码', en: 'Red flag codes' } },
  { id: 'forecast', label: { zh: '加权预测（万元）', en: 'Weighted forecast' } },
];

export type HistoryCell = string | number | null;

export function snapshotCells(s: Snapshot): HistoryCell[] {
  return HISTORY_COLUMNS.map((c) => (c.id === 'flags' ? s.flags.join(' ') : s[c.id]));
}

function numberOrNull(v: unknown): number | null | undefined {
  if (v === null || v === undefined || v === '') return null;
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** A snapshot back from a history row, or null when the row is not one (a manager's note, a blank row). */
export function snapshotFromCells(cells: unknown[]): Snapshot | null {
  const [date, key, stage, opp, win, lead, verdict, flags, forecast] = cells;
  const nums = [opp, win, lead, forecast].map(numberOrNull);
  if (typeof date !== 'string' || isoDayNumber(date) === null || typeof key !== 'string' || key === '') return null;
  if (!VERDICT_REVIEW_ORDER.includes(verdict as Verdict) || nums.includes(undefined)) return null;
  const [o, w, l, f] = nums as Array<number | null>;
  const flagList = typeof flags === 'string' ? flags.split(/\s+/).filter(Boolean).sort() : [];
  return {
    date,
    key,
    stage: typeof stage === 'string' ? stage : '',
    opp: o,
    win: w,
    lead: l,
    verdict: verdict as Verdict,
    flags: flagList,
    forecast: f,
  };
}

/** What the summary shows of an account's review: since when at its stage, and its change over the window. */
export interface ReviewInfo {
  /** When the account's file was last saved (ISO date and time, the adapter's), or null when unknown. */
  lastSaved: string | null;
  stageDays: number | null;
  change: AccountChange;
}

/** The review of an account, from the history (which may already hold `current`). */
export function reviewOf(history: Snapshot[], current: Snapshot, windowDays: number, lastSaved: string | null): ReviewInfo {
  const mine = history.filter((s) => s.key === current.key);
  return {
    lastSaved,
    stageDays: daysBetween(stageSince(mine, current), current.date),
    change: changeOf(current, baseline(mine, current, windowDays)),
  };
}

/**
 * What the review needs of a row: a roll-up row, or (Sheets) a row kept from
 * the last refresh and read back from the summary's cells.
 */
export type ReviewRow = Pick<
  RollupRow,
  'file' | 'customerName' | 'stage' | 'opp' | 'win' | 'lead' | 'verdict' | 'redFlags' | 'problems' | 'budget'
> &
  /** The deal's outcome (a roll-up row has it; a row rebuilt from a summary's cells may not: then it counts as open). */
  Partial<Pick<RollupRow, 'outcome'>>;

/** An account's snapshot for the history, from its roll-up row. */
export function snapshotOf(row: ReviewRow, key: string, date: string, forecast: number | null): Snapshot {
  return {
    date,
    key,
    stage: vocabCode('stage', row.stage) || row.stage,
    opp: row.opp,
    win: row.win,
    lead: row.lead,
    verdict: row.verdict,
    flags: [...row.redFlags].sort(),
    forecast,
  };
}

// ------------------------------------------------------------ one roll-up's review, for every adapter

/** Everything a summary shows besides the rows' own cells, computed once for both adapters. */
export interface Review<R extends ReviewRow = RollupRow> {
  /** Rows in the review order (compareForReview). */
  rows: R[];
  info: Map<R, ReviewInfo>;
  /** The history after this roll-up: the carried-over snapshots and this roll-up's. */
  history: Snapshot[];
  windowDays: number;
  counts: ReviewCounts;
  /** Rows that changed against their baseline, in the review order. */
  changed: R[];
  /** The weighted forecast by stage code of every snapshot date, oldest first. */
  forecastByDate: Array<{ date: string; byStage: Record<string, number> }>;
}

export interface ReviewOptions<R extends ReviewRow = RollupRow> {
  asOf: string;
  history?: Snapshot[];
  windowDays?: number;
  /** An account's forecast (the stage-weighted budget), null when it has no budget. */
  forecastOf: (row: R) => number | null;
  /** An account's identity across roll-ups (default: its customer name, trimmed). */
  keyOf?: (row: R) => string;
  lastSaved?: (file: string) => string | null;
  unreadable?: number;
}

function forecastByDate(history: Snapshot[]): Review['forecastByDate'] {
  const byDate = new Map<string, Record<string, number>>();
  for (const s of history) {
    const row = byDate.get(s.date) ?? (byDate.set(s.date, {}).get(s.date) as Record<string, number>);
    row[s.stage] = round2((row[s.stage] ?? 0) + (s.forecast ?? 0));
  }
  return [...byDate.keys()].sort().map((date) => ({ date, byStage: byDate.get(date) as Record<string, number> }));
}

/** The review of one roll-up: order, history, changes, counts and the forecast over time. */
export function buildReview<R extends ReviewRow = RollupRow>(rows: R[], opts: ReviewOptions<R>): Review<R> {
  const windowDays = opts.windowDays ?? DEFAULT_WINDOW_DAYS;
  const keyOf = opts.keyOf ?? ((r: R) => r.customerName.trim());
  // A won, lost or abandoned deal is no longer in the pipeline: its snapshot forecasts nothing.
  const pipeline = (r: R) => ((r.outcome ?? 'open') === 'open' ? opts.forecastOf(r) : null);
  const fresh = rows.map((r) => snapshotOf(r, keyOf(r), opts.asOf, pipeline(r)));
  const history = mergeHistory(opts.history ?? [], fresh);
  const byKey = historyByKey(history);
  const info = new Map(
    rows.map((r, i) => [r, reviewOf(byKey.get(fresh[i].key) ?? [], fresh[i], windowDays, opts.lastSaved?.(r.file) ?? null)]),
  );
  const key = (r: R): ReviewKey => ({
    outcome: r.outcome ?? 'open',
    verdict: r.verdict,
    forecast: opts.forecastOf(r),
    customerName: r.customerName,
    file: r.file,
  });
  const ordered = [...rows].sort((a, b) => compareForReview(key(a), key(b)));
  return {
    rows: ordered,
    info,
    history,
    windowDays,
    counts: reviewCounts(
      rows.map((r) => ({ outcome: r.outcome ?? 'open', problems: r.problems })),
      opts.unreadable ?? 0,
    ),
    changed: ordered.filter((r) => hasChanged((info.get(r) as ReviewInfo).change)),
    forecastByDate: forecastByDate(history),
  };
}
