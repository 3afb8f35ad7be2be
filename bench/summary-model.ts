/**
 * The manager summary's refresh on the in-memory Apps Script fake, for the
 * benchmark: N registered account workbooks, K of them edited since the last
 * refresh, then one incremental refresh. Returns the service calls of that
 * refresh by kind, and the marginal figures the targets are stated in.
 *
 *   import { summaryRefreshSweep, modelSeconds, DEFAULT_COSTS } from './summary-model';
 *   const [r0, r20, r100] = summaryRefreshSweep(1000, [0, 200, 1000]);
 *   r.callsPerChangedAccount   // service calls added by each changed workbook (target ≤ 2)
 *   r.callsPerUnchangedAccount // … by each unchanged one (target 0)
 *   r.writesPerRefresh         // calls that write to the summary
 *   r.rangesPerRun             // ranges of values a run writes: each range of its batchUpdate, each setValues/appendRow (target ≤ 5)
 *   r.calls                    // every call of the refresh with K changed, by kind
 *   modelSeconds(r.calls, DEFAULT_COSTS) // seconds on Google by the latency model
 *
 * How the marginal figures are measured (not assumed): the same world is
 * refreshed with K changed and with 0 changed; (calls_K − calls_0) / K is the
 * cost of a changed workbook. Then `extra` more unchanged workbooks are
 * registered and read once, and another refresh with 0 changed gives
 * (calls_0' − calls_0) / extra for an unchanged one.
 *
 * The fake's clock advances by the latency model (DEFAULT_COSTS) on every
 * call of a benchmarked refresh, and reads are paced as the product paces
 * them (one a second), so a refresh runs out of its 4.5-minute budget where it
 * would on Google: it writes what it has, schedules its continuation, and the
 * benchmark runs that continuation as the trigger would — `runs` counts those
 * actual resumptions, `clockSeconds` the time they took on the fake's clock.
 * `modelSeconds` prices the same calls without running them (a cross-check).
 */
import { sampleAccounts } from '../src/domain/sample-accounts';
import { generateAccount } from '../src/domain/sample-accounts';
import { DEFAULT_CONTINUATION_DELAY_MS, type RefreshResult, refreshSummary } from '../src/sheets/summary/refresh';
import { type SummaryWorld, editWorkbook, registeredWorkbook, summaryWorld } from '../tests/sheets/summary-support';

const AS_OF = '2026-11-01';

/** Calls that write to a spreadsheet. */
export const WRITE_KINDS =
  /^(?!EmbeddedChartBuilder).*\.(setValues|setValue|appendRow|setFormulas?|setRichTextValues?|setNotes?|setNumberFormats?|clear\w*|deleteRows?|insertRows\w*|insertColumns\w*|insertSheet|insertChart|updateChart|batchUpdate)$/;

/** SpreadsheetApp calls that write one range of values each. */
const VALUE_WRITES = /^Range\.(setValues?|setFormulas?|setRichTextValues?)$|^Sheet\.appendRow$/;

export interface SummaryRefreshCalls {
  accounts: number;
  changed: number;
  /** Calls of the refresh with `changed` edited workbooks, by kind. */
  calls: Record<string, number>;
  total: number;
  writes: number;
  callsPerChangedAccount: number;
  callsPerUnchangedAccount: number;
  writesPerRefresh: number;
  /**
   * Ranges of values one run writes, the most of any run measured (K changed,
   * 0 changed, more unchanged): each range of a Sheets API batchUpdate and
   * each SpreadsheetApp setValue(s)/appendRow. The first refresh, which also
   * lays out the tabs, is not among them.
   */
  rangesPerRun: number;
  /** Ranges of values per run of this refresh (K changed). */
  ranges: number;
  /** Calls of the first (full) refresh, which also creates the summary's tabs. */
  firstRefreshCalls: Record<string, number>;
  /** Runs the incremental refresh took: 1 plus the continuations it actually resumed in. */
  runs: number;
  /** Seconds the refresh's runs took on the fake's clock (advanced by the latency model; continuation delays not counted). */
  clockSeconds: number;
  /** The first (full) refresh: runs and clock seconds. */
  firstRefresh: { runs: number; clockSeconds: number };
  result: RefreshResult;
}

/** The refresh's runs, as the triggers would run them, with the fake's clock advanced by the latency model on every call. */
function run(w: SummaryWorld): {
  calls: Record<string, number>;
  result: RefreshResult;
  runs: number;
  clockSeconds: number;
  ranges: number;
} {
  w.fake.resetCalls();
  const ranges0 = w.sheets.rangesWritten.length;
  const tick = (kind: string) => {
    w.clock.t += (DEFAULT_COSTS[kind] ?? DEFAULT_COSTS.other) * 1000;
  };
  w.fake.hooks.push(tick);
  let elapsed = 0;
  const once = (trigger: 'menu' | 'continuation') => {
    const t0 = w.clock.t;
    const r = refreshSummary({ now: w.clock.now, sleep: w.clock.sleep, trigger });
    elapsed += w.clock.t - t0;
    return r;
  };
  try {
    let result = once('menu');
    let runs = 1;
    while (result.status === 'partial' && runs < 100) {
      w.clock.t += DEFAULT_CONTINUATION_DELAY_MS; // the continuation trigger fires a minute later
      result = once('continuation');
      runs++;
    }
    const calls = { ...w.fake.calls };
    const ranges = w.sheets.rangesWritten.length - ranges0 + sum(calls, (k) => VALUE_WRITES.test(k));
    return { calls, result, runs, clockSeconds: elapsed / 1000, ranges };
  } finally {
    w.fake.hooks.splice(w.fake.hooks.indexOf(tick), 1);
  }
}

const sum = (c: Record<string, number>, f: (k: string) => boolean = () => true) =>
  Object.entries(c)
    .filter(([k]) => f(k))
    .reduce((s, [, n]) => s + n, 0);

/** Registers `n` account workbooks (generated accounts), each edited later by `edit(i)`. */
function addAccounts(w: SummaryWorld, from: number, n: number): string[] {
  const ids: string[] = [];
  const samples = sampleAccounts(AS_OF);
  for (let i = from; i < from + n; i++)
    ids.push(registeredWorkbook(w, i < samples.length ? samples[i] : generateAccount(i, AS_OF), `account ${i}`).id);
  return ids;
}

export interface SweepOptions {
  /**
   * How workbooks are read: 'sheets-api' (the default: one Sheets API call per
   * workbook) or 'spreadsheet-app' (the Sheets advanced service off: the
   * adapter's reader, openById then one getValues per tab).
   */
  reader?: 'sheets-api' | 'spreadsheet-app';
  /** Unchanged workbooks added to measure the cost of an unchanged one (default N/10, at least 1). */
  extra?: number;
}

/**
 * One world of N registered workbooks (read once by a first, full refresh),
 * then an incremental refresh for each K in `changedCounts` (K workbooks
 * edited before it). The world is built once, so a sweep over 0 %, 20 % and
 * 100 % changed costs one set-up.
 */
export function summaryRefreshSweep(accounts: number, changedCounts: number[], opts: SweepOptions = {}): SummaryRefreshCalls[] {
  if (changedCounts.some((k) => k > accounts)) throw new RangeError('changed > accounts');
  const w = summaryWorld();
  if (opts.reader === 'spreadsheet-app') delete (globalThis as Record<string, unknown>).Sheets;
  const ids = addAccounts(w, 0, accounts);
  // A file nobody registered, edited before a baseline refresh: the feed is not empty, so the refresh does all its
  // fixed work (registry, writes) and reads no workbook — the baseline the marginal figures are measured against.
  // (With nothing at all in the feed a refresh is one Drive call: the K = 0 row.)
  const unrelated = w.fake.createSpreadsheet('not registered');
  const first = run(w);
  const refreshWith = (k: number, busy = false) => {
    for (let i = 0; i < k; i++) editWorkbook(w, w.fake.model(ids[i]), '机会评估', 'F6', `edited ${i} at ${w.clock.t}`);
    if (busy) w.fake.api(unrelated).getSheets()[0].getRange('A1').setValue(w.clock.t);
    w.clock.t += 3_600_000;
    return run(w);
  };
  const runs = changedCounts.map((k) => ({ k, r: refreshWith(k) }));
  const none = refreshWith(0, true);
  // More unchanged workbooks, read once, then nothing registered changed again.
  const extra = opts.extra ?? Math.max(1, Math.round(accounts / 10));
  addAccounts(w, accounts, extra);
  refreshWith(0);
  const moreNone = refreshWith(0, true);
  const perUnchanged = (sum(moreNone.calls) - sum(none.calls)) / extra;
  const writes = (r: ReturnType<typeof run>) => sum(r.calls, (k) => WRITE_KINDS.test(k)) / r.runs;
  return runs.map(({ k, r }) => ({
    accounts,
    changed: k,
    calls: r.calls,
    total: sum(r.calls),
    writes: sum(r.calls, (kind) => WRITE_KINDS.test(kind)),
    callsPerChangedAccount: k ? (sum(r.calls) - sum(none.calls)) / k : 0,
    callsPerUnchangedAccount: perUnchanged,
    writesPerRefresh: Math.max(writes(r), writes(none), writes(moreNone)),
    rangesPerRun: Math.max(...[r, none, moreNone].map((x) => x.ranges / x.runs)),
    ranges: r.ranges / r.runs,
    firstRefreshCalls: first.calls,
    runs: r.runs,
    clockSeconds: r.clockSeconds,
    firstRefresh: { runs: first.runs, clockSeconds: first.clockSeconds },
    result: r.result,
  }));
}

/** One N / K measurement (see summaryRefreshSweep). */
export function summaryRefreshCalls(accounts: number, changed: number, opts: SweepOptions = {}): SummaryRefreshCalls {
  return summaryRefreshSweep(accounts, [changed], opts)[0];
}

/**
 * Seconds one refresh takes by a latency model: per-call costs (seconds) by
 * call kind, `other` for kinds not listed; Sheets API reads are paced at one
 * per `readGapSeconds` (the 60 reads/minute/user quota).
 */
export function modelSeconds(calls: Record<string, number>, costs: Record<string, number> & { other: number }, readGapSeconds = 1): number {
  let s = 0;
  for (const [k, n] of Object.entries(calls)) {
    const c = costs[k] ?? costs.other;
    s += k === 'Sheets.Spreadsheets.get' ? n * Math.max(c, readGapSeconds) : n * c;
  }
  return s;
}

/** Runs a refresh of `seconds` (by the model) takes with a time budget per run (4.5 min by default). */
export function modelRuns(seconds: number, budgetSeconds = 270): number {
  return Math.max(1, Math.ceil(seconds / budgetSeconds));
}

/**
 * Per-call costs assumed for Apps Script (seconds), for modelSeconds:
 * openById 0.5–2 s (issue #5's known limits; midpoint 1.0); a Sheets API
 * spreadsheets.get of a small workbook ≈ 0.5 s (a REST round trip from Apps
 * Script), paced to 1/s by the 60 reads/min/user quota; a Drive changes.list
 * page ≈ 0.5 s, and so is a Sheets API values.batchUpdate (one REST round trip
 * carrying every tab's block); a getValues / setValues of one block ≈ 0.1–0.2 s (Apps Script
 * best-practices: one batch call instead of per-cell calls); other service
 * calls (getSheetByName, getRange, properties, lock) ≈ 0.02 s.
 */
export const DEFAULT_COSTS: Record<string, number> & { other: number } = {
  'SpreadsheetApp.openById': 1.0,
  'Sheets.Spreadsheets.get': 0.5,
  'Drive.Changes.list': 0.5,
  'Drive.Changes.getStartPageToken': 0.3,
  'Range.getValues': 0.15,
  'Range.setValues': 0.2,
  'Sheet.appendRow': 0.2,
  'Sheets.Spreadsheets.Values.batchUpdate': 0.5,
  'Sheet.updateChart': 0.2,
  'LockService.getScriptLock': 0.05,
  'Lock.tryLock': 0.05,
  other: 0.02,
};
