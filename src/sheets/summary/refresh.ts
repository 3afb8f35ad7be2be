import type { Locale } from '../../../sheets-templates/types';
import type { Grids } from '../../domain/read-workbook';
import { readGrids } from '../read-workbook';
import { type SheetValue, errorText, localTime, localTimes, todayIn, workbookUrl } from './cells';
import {
  type ChangeKind,
  type Store,
  currentUserKey,
  driveChangesAvailable,
  loadToken,
  modifiedTimes,
  saveToken,
  scanChanges,
  startToken,
} from './changes';
import { type RowOutcome, readWorkbookGrids, rollupFromGrids } from './read-account';
import { type Marker, type RegistryEntry, markersBlock, readRegistry, summaryLocale } from './registry';
import { buildReview } from '../../domain/review';
import { stageForecast } from '../../domain/rollup';
import { ROLE_LABELS, ROLE_TEXT, roleOf } from '../roles';
import { t } from '../ui-text';
import { addTriggerMs, releaseLease, summaryStore, takeLease } from './state';
import {
  type Block,
  type SummaryRow,
  type SummaryTabs,
  type UnreadableRow,
  changesBlock,
  ensureSummaryTabs,
  freshRow,
  historyBlock,
  keptRow,
  logCells,
  logOnlyBlock,
  pipelineBlock,
  readHistory,
  readProbabilities,
  readSummaryRows,
  summaryBlock,
  totalsKeyOf,
  updateDatesChart,
  writeBlocks,
} from './summary-tabs';
import { CONTINUATION_HANDLER, deleteTriggers, scheduleContinuation } from './triggers';
import { FAILURE_LABELS, type FailureKind, MESSAGES, MODE_LABELS, RESULT_LABELS, TRIGGER_LABELS, fill } from './texts';

/**
 * Refreshing the manager summary.
 *
 * Incremental: the Drive changes feed says which files changed since the last
 * complete refresh (changes.ts); only registered workbooks that changed, were
 * never read, or are waiting for a retry are read, each in one service call
 * (read-account.ts); every other row is written back as it was.
 *
 * Resumable: a run reads until its time budget (4.5 of Apps Script's 6
 * minutes) is spent, writes what it has, records in the registry which
 * workbooks are still to be read (status 待读取), saves a small cursor in the
 * script properties and schedules a one-off continuation trigger. The
 * changes-feed token is committed only when the last workbook has been read.
 *
 * Idempotent: rows are keyed by file id and every write rebuilds its whole
 * block, so a run that dies at any point leaves either the previous state or
 * a state the next run completes — never a duplicate or a missing row:
 * - dies before its write: nothing changed; the next run plans again from
 *   the same committed token (or the same cursor) and reads the same files;
 * - dies after its write but before the cursor: the files already read are
 *   marked 正常 and the rest 待读取, which the next run continues.
 *
 * One refresh of a summary at a time: the summary's lease (state.ts) is held
 * for the whole run; a second refresh of the same summary reports that
 * another refresh is running and writes nothing. Refreshes of other
 * summaries are not held up. The cursor, the changes token and the trigger
 * minutes are the summary's too (state.ts), never the script's.
 *
 * A quiet hour costs one Drive call: when the changes feed reports nothing
 * at all (not even the summary itself), the run reads and writes nothing.
 * For that, a run that wrote the summary saves the token from after its own
 * writes, unless a registered workbook changed meanwhile (settleToken).
 *
 * Writes per run, whatever the number of accounts: one Sheets API call
 * carrying five ranges, one per tab: the summary (with, below the accounts,
 * the files that could not be read and the run log, this run's row on top),
 * the pipeline, the changes, the history and the registry's markers
 * (summary-tabs.ts writeBlocks; without the Sheets API, one setValues each);
 * and the dates chart's range when a new snapshot date was added. Growing a
 * tab and creating missing tabs and charts happen only when needed.
 *
 * History: every run that writes appends one snapshot per account to the
 * history tab as one block after its last row; a later run of the same day
 * writes over that day's block instead (it is always the last one), so the
 * tab holds one block per day a refresh wrote, and nothing above the last
 * block is ever written again.
 */

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

export const CURSOR_PROPERTY = 'KA_SUMMARY_CURSOR';
/** Of Apps Script's 6-minute limit per run; the rest is for the writes. */
export const DEFAULT_BUDGET_MS = 270_000;
export const DEFAULT_CONTINUATION_DELAY_MS = 60_000;
/** Sheets API: 60 read requests per minute per user → at most one read a second. */
export const DEFAULT_READ_GAP_MS = 1_000;
/** How long a second refresh waits for the lock before it gives up. */
export const DEFAULT_LOCK_WAIT_MS = 5_000;
/** Transient read failures of one workbook before it goes to the unreadable tab. */
export const MAX_RETRIES = 3;

export type RefreshMode = 'incremental' | 'full';
export type RefreshTrigger = 'menu' | 'timer' | 'continuation';

export interface RefreshOptions {
  mode?: RefreshMode;
  trigger?: RefreshTrigger;
  spreadsheet?: Spreadsheet;
  budgetMs?: number;
  continuationDelayMs?: number;
  readGapMs?: number;
  lockWaitMs?: number;
  now?: () => number;
  sleep?: (ms: number) => void;
  /**
   * Reads a workbook's tabs when the Sheets advanced service is not enabled;
   * by default the account-workbook adapter's reader (openById, then one
   * getValues per tab).
   */
  fallbackReader?: (id: string) => Grids;
}

export interface RefreshResult {
  status: 'done' | 'partial' | 'locked' | 'failed' | 'idle';
  mode: RefreshMode;
  /** Workbooks read into a row in this run. */
  read: number;
  /** Workbooks that could not be read in this run. */
  failed: number;
  /** Workbooks still to be read by a later run. */
  remaining: number;
  /** Workbooks the plan of this refresh covers (0 when nothing changed). */
  planned: number;
  message: string;
  /** Service calls of this run by what they were for. */
  calls: { changes: number; reads: number };
  /** The continuation trigger could not be created (the error). */
  continuationError?: string;
}

/** What survives between the runs of one refresh (a few dozen bytes: the queue itself is the registry's 待读取 status). */
export interface Cursor {
  mode: RefreshMode;
  /** The changes-feed token to commit once every planned workbook is read; null without the Drive service. */
  pendingToken: string | null;
  user: string;
  startedAt: number;
  runs: number;
}

export function loadCursor(props: Store): Cursor | null {
  const s = props.getProperty(CURSOR_PROPERTY);
  if (!s) return null;
  try {
    const c = JSON.parse(s) as Cursor;
    return c && (c.mode === 'full' || c.mode === 'incremental') ? c : null;
  } catch {
    return null;
  }
}

function summarySpreadsheet(opts: RefreshOptions): Spreadsheet {
  const ss = opts.spreadsheet ?? SpreadsheetApp.getActiveSpreadsheet();
  if (!ss) throw new Error('no summary spreadsheet');
  return ss;
}

/**
 * The token to save after a run that wrote the summary: the feed's end after
 * those writes, unless a registered workbook (not the summary itself) changed
 * since `pending` — then `pending`, so that the next scan sees it.
 */
function settleToken(pending: string, summaryId: string, registered: Set<string>, result: RefreshResult): string {
  try {
    const scan = scanChanges(pending);
    result.calls.changes += scan?.calls ?? 0;
    if (!scan) return pending;
    for (const id of scan.touched.keys()) if (id !== summaryId && registered.has(id)) return pending;
    return scan.newToken;
  } catch {
    return pending;
  }
}

const RETRY_NOTE = /^(?:第 (\d+) 次重试|Retry (\d+))/;
function retriesOf(note: string): number {
  const m = RETRY_NOTE.exec(note);
  return m ? Number(m[1] ?? m[2]) : 0;
}

type Result = RowOutcome | { ok: false; kind: FailureKind; message: string };

/** Registered workbooks with an id, first row of each id only. */
function uniqueEntries(registry: RegistryEntry[]): RegistryEntry[] {
  const seen = new Set<string>();
  return registry.filter((e) => e.id !== null && !seen.has(e.id) && (seen.add(e.id), true));
}

const WAITING = new Set(['new', 'pending', 'retry']);

function spreadsheetAppReader(id: string): Grids {
  return readGrids(SpreadsheetApp.openById(id));
}

/** Runs one refresh (or one run of it). Never throws; failures are logged in the run log (below the accounts on the summary tab). */
export function refreshSummary(opts: RefreshOptions = {}): RefreshResult {
  const now = opts.now ?? (() => Date.now());
  const start = now();
  const trigger = opts.trigger ?? 'menu';
  const result: RefreshResult = {
    status: 'failed',
    mode: opts.mode ?? 'incremental',
    read: 0,
    failed: 0,
    remaining: 0,
    planned: 0,
    message: '',
    calls: { changes: 0, reads: 0 },
  };
  let ss: Spreadsheet;
  let locale: Locale = 'zh';
  let summaryId: string;
  try {
    ss = summarySpreadsheet(opts);
    locale = summaryLocale(ss);
    summaryId = ss.getId();
    const role = roleOf(ss);
    if (role !== 'summary') {
      result.message = t(ROLE_TEXT.wrongPlace, locale, { want: ROLE_LABELS.summary[locale], is: ROLE_LABELS[role ?? 'none'][locale] });
      return result;
    }
  } catch (e) {
    result.message = fill(MESSAGES.failed, locale, { error: errorText(e) });
    return result;
  }

  if (!takeLease(summaryId, start, opts.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS)) {
    return { ...result, status: 'locked', message: MESSAGES.locked[locale] };
  }
  let tabs: SummaryTabs | undefined;
  let tz = 'Asia/Shanghai';
  const timed = trigger !== 'menu';
  try {
    const props = summaryStore(summaryId);
    let cursor = loadCursor(props);
    if (trigger === 'continuation') {
      deleteTriggers(CONTINUATION_HANDLER, summaryId);
      if (!cursor) return { ...result, status: 'idle', message: '' };
    }
    if (opts.mode === 'full') cursor = null; // a requested rebuild replaces an unfinished refresh
    let mode0: RefreshMode | undefined = opts.mode;
    const early = !cursor && opts.mode !== 'full' ? firstScan(props, result) : null;
    if (early && early.touched.size === 0) {
      result.status = 'done';
      result.message = MESSAGES.nothingChanged[locale];
      if (timed) addTriggerMs(todayIn(start, ss.getSpreadsheetTimeZone()), now() - start);
      return result;
    }
    tabs = ensureSummaryTabs(ss, locale);
    tz = ss.getSpreadsheetTimeZone() || tz;
    const notes: string[] = [];
    // The manager's settings, read before the plan: a newly given opt-in to show actions needs every row read again.
    const pipe = readProbabilities(tabs.pipeline.getDataRange().getValues());
    if (pipe.notes.length) notes.push(pipe.notes.join('; '));

    // ---- plan: which workbooks this run reads
    const entries = uniqueEntries(readRegistry(tabs.registry));
    const { rows: oldRows, height, log, actionsShown } = readSummaryRows(tabs.summary);
    if (pipe.showActions && !actionsShown) {
      // Newly opted in: rows kept from before have no text to show; a rebuild (replacing an unfinished refresh) reads them all.
      cursor = null;
      mode0 = 'full';
    }
    // A workbook marked 正常 whose row is gone (deleted by hand) is read again.
    const missing = (e: RegistryEntry) => e.status === 'ok' && !oldRows.has(e.id as string);
    let touched = new Map<string, ChangeKind>();
    let modified = new Map<string, string>();
    let queue: RegistryEntry[];
    if (!cursor) {
      const user = currentUserKey();
      let mode: RefreshMode = mode0 ?? 'incremental';
      let pendingToken: string | null = null;
      if (!driveChangesAvailable()) {
        if (mode === 'incremental') notes.push(MESSAGES.changesUnavailable[locale]);
        mode = 'full';
      } else {
        const saved = loadToken(props);
        if (mode === 'incremental' && saved && saved.user === user) {
          try {
            const scan = early ?? scanChanges(saved.token);
            if (scan) {
              if (scan !== early) result.calls.changes += scan.calls;
              touched = scan.touched;
              modified = scan.modified;
              pendingToken = scan.newToken;
            } else mode = 'full';
          } catch (e) {
            // Drive is unavailable: read only what is waiting, and keep the token so the next refresh sees these changes.
            result.calls.changes++;
            notes.push(fill(MESSAGES.changesFailed, locale, { error: errorText(e) }));
            pendingToken = saved.token;
          }
        } else mode = 'full';
        if (mode === 'full') {
          // Taken before any workbook is read, so an edit made during the rebuild is in the next scan.
          try {
            pendingToken = startToken();
          } catch (e) {
            notes.push(fill(MESSAGES.changesFailed, locale, { error: errorText(e) }));
          }
          result.calls.changes++;
        }
      }
      cursor = { mode, pendingToken, user, startedAt: start, runs: 0 };
      queue = mode === 'full' ? entries : entries.filter((e) => touched.has(e.id as string) || WAITING.has(e.status) || missing(e));
    } else {
      queue = entries.filter((e) => WAITING.has(e.status) || missing(e));
    }
    result.mode = cursor.mode;
    result.planned = queue.length;
    if (cursor.mode === 'full' && driveChangesAvailable()) {
      // A rebuild has no changes feed to say when each workbook was saved: one listing says it for all.
      try {
        const m = modifiedTimes(new Set(entries.map((e) => e.id as string)));
        result.calls.changes += m.calls;
        modified = m.modified;
      } catch (e) {
        notes.push(fill(MESSAGES.lastSavedFailed, locale, { error: errorText(e) }));
      }
    }
    const queued = new Set(queue.map((e) => e.id as string));

    // ---- read, until the time budget is spent (at least one read per run, so every run makes progress)
    const results = new Map<string, Result>();
    const asOf = todayIn(start, tz);
    const budget = opts.budgetMs ?? DEFAULT_BUDGET_MS;
    const pace = {
      last: 0,
      minGapMs: opts.readGapMs ?? DEFAULT_READ_GAP_MS,
      now,
      sleep: opts.sleep ?? ((ms: number) => Utilities.sleep(ms)),
    };
    let reads = 0;
    for (const e of queue) {
      const id = e.id as string;
      const kind = touched.get(id);
      if (kind === 'removed' || kind === 'trashed') {
        // The changes feed already says it cannot be read: no call needed.
        results.set(id, { ok: false, kind: kind === 'trashed' ? 'trashed' : 'gone', message: '' });
        continue;
      }
      if (reads > 0 && now() - start >= budget) continue;
      const out = readWorkbookGrids(id, { pace, fallback: opts.fallbackReader ?? spreadsheetAppReader });
      reads++;
      result.calls.reads += out.calls;
      results.set(id, out.ok ? rollupFromGrids(out.grids, workbookUrl(id), asOf, out.names, { showActions: pipe.showActions }) : out);
    }

    // ---- what to write: summary rows, totals, the unreadable files, registry markers
    const registry = readRegistry(tabs.registry); // again: rows may have been added meanwhile
    const current = uniqueEntries(registry);
    const refreshedAt = localTime(now(), tz);
    const markers = new Map<string, Marker>();
    const unreadable: UnreadableRow[] = [];
    const rows: SummaryRow[] = [];
    const keep = (id: string) => {
      const old = oldRows.get(id);
      if (old) rows.push(keptRow(old));
    };
    const fail = (e: RegistryEntry, kind: FailureKind, message: string) => {
      const reason = message ? `${FAILURE_LABELS[kind][locale]}：${message}` : FAILURE_LABELS[kind][locale];
      markers.set(e.id as string, { status: 'error', note: reason });
      unreadable.push({ name: e.name, id: e.id, url: e.url, reason, since: e.lastRead });
      result.failed++;
    };
    let remaining = 0;
    for (const e of registry) {
      if (!e.id) unreadable.push({ name: e.name, id: null, url: e.url, reason: FAILURE_LABELS['invalid-id'][locale], since: '' });
    }
    for (const e of current) {
      const id = e.id as string;
      const r = results.get(id);
      if (r?.ok) {
        rows.push(freshRow(r.row, id, locale, refreshedAt, oldRows.has(id) ? keptRow(oldRows.get(id) as unknown[]).saved : null));
        markers.set(id, { lastRead: refreshedAt, status: 'ok', note: '' });
        result.read++;
      } else if (r) {
        if (r.kind === 'transient' && retriesOf(e.note) < MAX_RETRIES) {
          const n = retriesOf(e.note) + 1;
          markers.set(id, { status: 'retry', note: fill(MESSAGES.retryCount, locale, { n, error: r.message }) });
          keep(id);
          remaining++;
        } else fail(e, r.kind, r.message);
      } else if (queued.has(id)) {
        markers.set(id, { status: 'pending', note: '' });
        keep(id);
        remaining++;
      } else if (WAITING.has(e.status)) {
        // Registered after this refresh was planned: the next refresh reads it.
        keep(id);
      } else if (e.status === 'error') {
        unreadable.push({ name: e.name, id, url: e.url, reason: e.note, since: e.lastRead });
      } else keep(id);
    }
    result.remaining = remaining;

    // ---- the run's outcome, its continuation, then every write in one call (the log row with them)
    const pendingToken = remaining === 0 ? cursor.pendingToken : null;
    if (remaining === 0) {
      result.status = 'done';
      result.message =
        result.planned === 0 ? MESSAGES.nothingChanged[locale] : fill(MESSAGES.done, locale, { read: result.read, failed: result.failed });
    } else {
      cursor.runs++;
      result.status = 'partial';
      const delay = opts.continuationDelayMs ?? DEFAULT_CONTINUATION_DELAY_MS;
      try {
        // Scheduled before the writes so that the log row says whether it could be: a continuation that finds no
        // cursor (these writes failed) does nothing.
        scheduleContinuation(summaryId, delay);
        result.message = fill(MESSAGES.partial, locale, { read: result.read, remaining, minutes: Math.max(1, Math.round(delay / 60_000)) });
      } catch (e) {
        result.continuationError = errorText(e);
        notes.push(fill(MESSAGES.continuationFailed, locale, { error: result.continuationError }));
        result.message = fill(MESSAGES.partialNoTrigger, locale, { read: result.read, remaining, error: result.continuationError });
      }
    }
    const day = todayIn(start, tz);
    if (timed) notes.push(minutesNote(addTriggerMs(day, now() - start), locale));
    const writeStart = now();
    writeSummary(ss, tabs, rows, {
      asOf,
      at: refreshedAt,
      locale,
      tz,
      now: now(),
      modified,
      pipe,
      height,
      unreadable,
      log: [logCells(logRow(result, trigger, locale, localTime(now(), tz), notes)), ...log],
      blocks: [markersBlock(tabs.registry, registry, markers, locale)],
    });
    // The writes' own time, which the log row could not include.
    if (timed) addTriggerMs(day, now() - writeStart);

    // ---- commit, or save the cursor
    if (remaining === 0) {
      props.deleteProperty(CURSOR_PROPERTY);
      // A continuation scheduled by an earlier run that this run finished for it (fired or not) is not needed any more.
      if (cursor.runs > 0) deleteTriggers(CONTINUATION_HANDLER, summaryId);
    } else props.setProperty(CURSOR_PROPERTY, JSON.stringify(cursor));
    // Committed last: after this run's own writes to the summary, which the next scan then does not report.
    if (pendingToken)
      saveToken(props, {
        token: settleToken(pendingToken, summaryId, new Set(current.map((e) => e.id as string)), result),
        user: cursor.user,
      });
    return result;
  } catch (e) {
    result.status = 'failed';
    result.message = fill(MESSAGES.failed, locale, { error: errorText(e) });
    try {
      if (tabs) writeBlocks(ss, [logOnlyBlock(tabs.summary, logRow(result, trigger, locale, localTime(now(), tz), []), locale)], tz);
    } catch {
      // the log itself cannot be written: the error is still returned to the caller
    }
    return result;
  } finally {
    releaseLease(summaryId);
  }
}

/**
 * The review of a run's rows — order, history, changes: the domain's, as
 * offline — and every tab's block (with `blocks`, the registry's markers) in
 * one write; then the dates chart follows the dates table.
 */
function writeSummary(
  ss: Spreadsheet,
  tabs: SummaryTabs,
  rows: SummaryRow[],
  o: {
    asOf: string;
    at: string;
    locale: Locale;
    tz: string;
    now: number;
    modified: Map<string, string>;
    pipe: ReturnType<typeof readProbabilities>;
    height: number;
    unreadable: UnreadableRow[];
    log: SheetValue[][];
    blocks: Block[];
  },
): void {
  const { asOf, locale, pipe } = o;
  const history = readHistory(tabs.history, asOf);
  const saved = new Map(rows.map((r) => [r.file, r.saved]));
  const savedAt = localTimes(o.now, o.tz);
  const review = buildReview(rows, {
    asOf,
    history: history.snapshots,
    windowDays: pipe.windowDays,
    forecastOf: (r) => stageForecast(r, pipe.probability),
    keyOf: (r) => r.file,
    // When Drive last saw the file modified, from the changes feed; else what the row showed.
    lastSaved: (id) => {
      const at = o.modified.get(id);
      return at ? savedAt(Date.parse(at)) : (saved.get(id) ?? null);
    },
    unreadable: o.unreadable.length,
  });
  const summary = summaryBlock(tabs.summary, review, {
    locale,
    asOf,
    at: o.at,
    probability: pipe.probability,
    height: o.height,
    showActions: pipe.showActions,
    unreadable: o.unreadable,
    log: o.log,
  });
  writeBlocks(
    ss,
    [
      summary.block,
      pipelineBlock(tabs.pipeline, [...summary.cells.values()].map(totalsKeyOf), { ...pipe, locale, byDate: review.forecastByDate }),
      changesBlock(tabs.changes, review, summary.cells, locale),
      historyBlock(tabs.history, review, asOf, history),
      ...o.blocks,
    ],
    o.tz,
  );
  updateDatesChart(tabs.pipeline, review.forecastByDate.length, locale);
}

/**
 * The changes since the saved token, when it is this user's; an empty scan is
 * an incremental refresh with nothing to do: the saved token is this user's
 * and the feed reports no change at all since it. One Drive call.
 */
function firstScan(props: Store, result: RefreshResult): ReturnType<typeof scanChanges> {
  if (!driveChangesAvailable()) return null;
  const saved = loadToken(props);
  if (!saved || saved.user !== currentUserKey()) return null;
  try {
    const scan = scanChanges(saved.token);
    result.calls.changes += scan?.calls ?? 0;
    return scan;
  } catch {
    return null; // the plan below scans again and reports the failure
  }
}

/** Apps Script's daily trigger runtime: 90 minutes for consumer accounts, 6 hours for Google Workspace (quotas page). */
export const TRIGGER_MINUTES_PER_DAY = { consumer: 90, workspace: 360 };

function minutesNote(ms: number, locale: Locale): string {
  return fill(MESSAGES.triggerMinutes, locale, {
    used: (ms / 60_000).toFixed(1),
    consumer: TRIGGER_MINUTES_PER_DAY.consumer,
    workspace: TRIGGER_MINUTES_PER_DAY.workspace,
  });
}

function logRow(r: RefreshResult, trigger: RefreshTrigger, locale: Locale, time: string, notes: string[]): SheetValue[] {
  const status = r.status === 'done' || r.status === 'partial' || r.status === 'failed' ? RESULT_LABELS[r.status][locale] : r.status;
  return [
    time,
    TRIGGER_LABELS[trigger][locale],
    MODE_LABELS[r.mode][locale],
    status,
    r.read,
    r.failed,
    r.remaining,
    [r.message, ...notes].join(' '),
  ];
}
