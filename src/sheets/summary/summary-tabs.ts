import type { Locale } from '../../../sheets-templates/types';
import { STAGE_PROBABILITY } from '../../../sheets-templates/vocabularies';
import { vocabCode, vocabLabel, vocabulary } from '../../domain/vocab';
import {
  type PipelineTotal,
  columnsFor,
  ROLLUP_TABS,
  CHANGE_COLUMNS,
  ROLLUP_TEXTS,
  type RollupColumnId,
  type ReviewColumnId,
  type RollupRow,
  pipelineTotals,
  yesNo,
  reviewCells,
  rollupCells,
  round2,
  stageForecast,
} from '../../domain/rollup';
import {
  DEFAULT_WINDOW_DAYS,
  HISTORY_COLUMNS,
  OUTCOME_SECTIONS,
  type Outcome,
  VERDICT_REVIEW_ORDER,
  type Review,
  type ReviewRow,
  type Snapshot,
  snapshotCells,
  snapshotFromCells,
} from '../../domain/review';
import { t } from '../../domain/messages';
import type { Verdict } from '../../domain/assessment';
import { a1, sheetRef } from '../../domain/a1';
import { setColumnWidthsInChars } from '../render-workbook';
import { type SheetValue, asText, cellOf, rewriteOf, workbookUrl } from './cells';
import { sheetsApiAvailable } from './read-account';
import { ensureRegistryTab, findTab } from './registry';
import { RUN_LOG_COLUMNS, SECTION_TITLES, SUMMARY_KEY_COLUMNS, UNREADABLE_COLUMNS } from './texts';

/** The Sheets summary's columns: the offline summary's, and when each row was last read. */
const ROLLUP_COLUMNS = columnsFor('sheets');
/**
 * The columns only the manager's opt-in shows (the next action's text and
 * owner): after the hidden key columns, so no key column moves whether they
 * are shown or not. Blank, header included, when the manager has not opted in.
 */
const OPT_IN_COLUMNS = columnsFor('sheets', { showActions: true }).filter((c) => c.optIn);

/**
 * The tabs of the manager's summary spreadsheet and how the refresh writes
 * them. Each tab's part is ONE block per refresh (padded with blank rows down
 * to what was there before, so nothing stale is left below it), and all the
 * blocks go in one Sheets API call (writeBlocks); tab set-up (headers,
 * widths, formats, the charts) happens once, when a tab is missing.
 *
 * Five tabs are written, one range each: the summary (with, below the
 * accounts, the files that could not be read and the run log), the pipeline,
 * the changes, the history and the registry's markers. That is the issue's
 * limit of five ranges per refresh, whatever changed.
 */

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

export interface SummaryTabs {
  summary: Sheet;
  pipeline: Sheet;
  changes: Sheet;
  history: Sheet;
  registry: Sheet;
}

/**
 * Summary tab: the title and counts, the header, then one row per account:
 * the domain's columns, then the key columns the refresh keeps rows by (file
 * id, stage code, verdict code, red-flag codes: what a kept row's snapshot is
 * made of).
 */
export const SUMMARY_WIDTH = ROLLUP_COLUMNS.length + SUMMARY_KEY_COLUMNS.length + OPT_IN_COLUMNS.length;
export const SUMMARY_ROWS = { title: 1, counts: 2, header: 3, first: 4 };
const ID_COL = ROLLUP_COLUMNS.length;
const STAGE_CODE_COL = ID_COL + 1;
const VERDICT_COL = ID_COL + 2;
const FLAGS_COL = ID_COL + 3;
const OUTCOME_COL = ID_COL + 4;
/** The first opt-in column (0-based). */
export const OPT_IN_COL = ID_COL + SUMMARY_KEY_COLUMNS.length;
/**
 * What a row below the accounts is, in its hidden outcome-code column (an
 * account row holds its outcome code there: open, won, lost, abandoned).
 */
export const KIND_COL = OUTCOME_COL;
type SectionKind = 'unreadable-head' | 'unreadable' | 'log-head' | 'log';
const SECTION_KINDS: readonly string[] = ['unreadable-head', 'unreadable', 'log-head', 'log'];
const colOf = (id: RollupColumnId) => ROLLUP_COLUMNS.findIndex((c) => c.id === id);

export const STAGES = vocabulary('stage')?.values ?? [];

/** The stored stage value of a summary key (a stage code; older summaries hold the value itself). */
const stageOfKey = (key: string) => STAGES.find((s) => s.code === key)?.value ?? key;

/**
 * Pipeline tab positions (1-based): the probabilities (stage, probability,
 * code), the review window below its label in column D, then one block of
 * totals (columns A–D) beside the forecast by stage of every snapshot date
 * (from column F), which the second chart draws.
 */
export const PIPE = {
  probTitleRow: 1,
  probHeaderRow: 2,
  probFirstRow: 3,
  windowCol: 4,
  /** The manager's opt-in to show actions: its label in row 4, its value (是 / 否) in row 5, column D. */
  showActionsRow: 5,
  totalsRow: 3 + STAGES.length + 1,
  datesCol: 6,
};
const PIPE_WIDTH = PIPE.datesCol + STAGES.length;

/**
 * Rows a tab grows by beyond what a write needs: the run log below the
 * accounts gains a row per run, and without room to spare every run would
 * also grow the tab (a call of its own).
 */
const ROW_HEADROOM = 100;

/** Grows a sheet so that `lastRow` and `lastCol` exist (a new sheet has 1,000 × 26 cells; a write beyond them throws). */
export function ensureRows(sheet: Sheet, lastRow: number, lastCol = 1): void {
  const max = sheet.getMaxRows();
  if (lastRow > max) sheet.insertRowsAfter(max, lastRow - max + ROW_HEADROOM);
  const cols = sheet.getMaxColumns();
  if (lastCol > cols) sheet.insertColumnsAfter(cols, lastCol - cols);
}

/** Values for one rectangle of a tab, anchored at (row, col). */
export interface Block {
  sheet: Sheet;
  row: number;
  col: number;
  values: SheetValue[][];
}

/**
 * Writes every block, growing the tabs first: with the Sheets API in ONE
 * call (`values.batchUpdate`, as typed, so a quote prefix keeps text, as
 * with setValues); without it, one setValues per block.
 */
export function writeBlocks(ss: Spreadsheet, blocks: Block[], tz: string): void {
  const todo = blocks.filter((b) => b.values.length);
  for (const b of todo) ensureRows(b.sheet, b.row + b.values.length - 1, b.col + b.values[0].length - 1);
  if (!sheetsApiAvailable()) {
    for (const b of todo) b.sheet.getRange(b.row, b.col, b.values.length, b.values[0].length).setValues(b.values);
    return;
  }
  // What SpreadsheetApp still holds (new rows, a new tab) reaches the file before the API writes to it.
  SpreadsheetApp.flush();
  const cell = (v: SheetValue) => (v instanceof Date ? Utilities.formatDate(v, tz, 'yyyy-MM-dd HH:mm:ss') : (v ?? ''));
  (Sheets as GoogleAppsScript.Sheets).Spreadsheets.Values.batchUpdate(
    {
      valueInputOption: 'USER_ENTERED',
      data: todo.map((b) => ({ range: sheetRef(b.sheet.getName()) + a1(b.row - 1, b.col - 1), values: b.values.map((r) => r.map(cell)) })),
    },
    ss.getId(),
  );
}

function header(sheet: Sheet, row: number, labels: string[]): void {
  sheet.getRange(row, 1, 1, labels.length).setValues([labels]).setFontWeight('bold');
}

const summaryHeader = (locale: Locale, showActions: boolean) => [
  ...ROLLUP_COLUMNS.map((c) => c.label[locale]),
  ...SUMMARY_KEY_COLUMNS.map((c) => c[locale]),
  ...OPT_IN_COLUMNS.map((c) => (showActions ? c.label[locale] : '')),
];

function ensureSummary(ss: Spreadsheet, locale: Locale): Sheet {
  const found = findTab(ss, ROLLUP_TABS.summary);
  if (!found) return layOutSummary(ss.insertSheet(ROLLUP_TABS.summary[locale], 0), locale);
  // A summary made before the title rows (its header in row 1) is laid out again; its rows are not found where rows
  // are now, so every workbook is read again.
  const first = found.getRange(1, 1).getValue();
  if (first !== ROLLUP_COLUMNS[0].label.zh && first !== ROLLUP_COLUMNS[0].label.en) return found;
  found.showColumns(1, found.getMaxColumns());
  return layOutSummary(found, locale);
}

function layOutSummary(sheet: Sheet, locale: Locale): Sheet {
  ensureRows(sheet, 1, SUMMARY_WIDTH);
  header(sheet, SUMMARY_ROWS.header, summaryHeader(locale, false));
  sheet.getRange(SUMMARY_ROWS.header, 1, 1, ROLLUP_COLUMNS.length).setNotes([ROLLUP_COLUMNS.map((c) => c.note?.[locale] ?? '')]);
  sheet.getRange(SUMMARY_ROWS.title, 1).setFontWeight('bold').setFontSize(14);
  sheet.setFrozenRows(SUMMARY_ROWS.header);
  setColumnWidthsInChars(sheet, [
    ...ROLLUP_COLUMNS.map((c) => c.width),
    ...SUMMARY_KEY_COLUMNS.map(() => 12),
    ...OPT_IN_COLUMNS.map((c) => c.width),
  ]);
  // The key columns (file id, stage code) are for the refresh, not for people.
  sheet.hideColumns(ROLLUP_COLUMNS.length + 1, SUMMARY_KEY_COLUMNS.length);
  return sheet;
}

function ensurePipeline(ss: Spreadsheet, locale: Locale): Sheet {
  const found = findTab(ss, ROLLUP_TABS.pipeline);
  if (found) return found;
  const sheet = ss.insertSheet(ROLLUP_TABS.pipeline[locale]);
  sheet.getRange(PIPE.probTitleRow, 1).setValue(ROLLUP_TEXTS.probabilities[locale]).setFontWeight('bold');
  header(sheet, PIPE.probHeaderRow, [ROLLUP_TEXTS.stage[locale], ROLLUP_TEXTS.probability[locale]]);
  // Column C holds each row's stage code: probabilities are read by it, so a stage added or renamed shifts nothing.
  const probs = sheet.getRange(PIPE.probFirstRow, 1, STAGES.length, 3);
  probs.setValues(STAGES.map((s) => [vocabLabel('stage', s.value, locale), STAGE_PROBABILITY[s.code] ?? 0, s.code]));
  sheet.getRange(PIPE.probFirstRow, 3, STAGES.length, 1).setFontColor('#999999');
  sheet.getRange(PIPE.probFirstRow, 2, STAGES.length, 1).setNumberFormat('0%');
  setColumnWidthsInChars(sheet, [16, 12, 16, 16]);
  // Budget and forecast by stage: the stage rows of the by-stage block, which sit at fixed rows.
  const first = PIPE.totalsRow + 1; // the block's header row
  const chart = sheet
    .newChart()
    .asColumnChart()
    .addRange(sheet.getRange(first, 1, STAGES.length + 1, 1))
    .addRange(sheet.getRange(first, 3, STAGES.length + 1, 2))
    .setNumHeaders(1)
    .setOption('title', `${ROLLUP_TEXTS.byStage[locale]} · ${ROLLUP_TEXTS.budget[locale]} / ${ROLLUP_TEXTS.forecast[locale]}`)
    .setPosition(1, PIPE_WIDTH + 2, 0, 0)
    .build();
  sheet.insertChart(chart);
  return sheet;
}

/**
 * The manager's settings in column D — the review window, the opt-in to show
 * actions (否 by default) — each label and value written once, when its
 * label is missing: afterwards the values are the manager's.
 */
function ensureWindow(sheet: Sheet, locale: Locale): void {
  ensureRows(sheet, PIPE.showActionsRow, PIPE.windowCol);
  const r = sheet.getRange(PIPE.probHeaderRow, PIPE.windowCol, 4, 1);
  const [window, , actions] = r.getValues().map((row) => row[0]);
  if (window === '') {
    sheet.getRange(PIPE.probHeaderRow, PIPE.windowCol, 2, 1).setValues([[ROLLUP_TEXTS.windowDays[locale]], [DEFAULT_WINDOW_DAYS]]);
    sheet.getRange(PIPE.probFirstRow, PIPE.windowCol).setNote(ROLLUP_TEXTS.windowNote[locale]);
  }
  if (actions === '') {
    sheet
      .getRange(PIPE.showActionsRow - 1, PIPE.windowCol, 2, 1)
      .setValues([[ROLLUP_TEXTS.showActions[locale]], [ROLLUP_TEXTS.no[locale]]]);
    sheet.getRange(PIPE.showActionsRow, PIPE.windowCol).setNote(ROLLUP_TEXTS.showActionsNote[locale]);
  }
}

/**
 * The chart of the forecast by stage per snapshot date, over the dates table:
 * made once; when the table has grown, its range is updated (the chart, its
 * place and whatever the manager changed in it are kept).
 */
export function updateDatesChart(sheet: Sheet, dates: number, locale: Locale): void {
  const range = sheet.getRange(PIPE.totalsRow + 1, PIPE.datesCol, dates + 1, STAGES.length + 1);
  const chart = sheet.getCharts()[1];
  if (chart && chart.getRanges()[0]?.getNumRows() === dates + 1) return;
  const builder = chart
    ? chart.modify().clearRanges()
    : sheet
        .newChart()
        .asColumnChart()
        .setStacked()
        .setPosition(20, PIPE_WIDTH + 2, 0, 0);
  const built = builder.addRange(range).setNumHeaders(1).setOption('title', ROLLUP_TEXTS.forecastByDate[locale]).build();
  if (chart) sheet.updateChart(built);
  else sheet.insertChart(built);
}

function ensureSimple(ss: Spreadsheet, name: { zh: string; en: string }, labels: string[], locale: Locale, widths: number[]): Sheet {
  const found = findTab(ss, name);
  if (found) return found;
  const sheet = ss.insertSheet(name[locale]);
  header(sheet, 1, labels);
  sheet.setFrozenRows(1);
  setColumnWidthsInChars(sheet, widths);
  return sheet;
}

/**
 * A tab no wider than its columns: a spreadsheet's 10 million cells count every
 * cell of every tab's grid, used or not, and the history tab grows the longest.
 */
function narrow(sheet: Sheet, width: number): Sheet {
  const cols = sheet.getMaxColumns();
  if (cols > width) sheet.deleteColumns(width + 1, cols - width);
  return sheet;
}

/** Every tab of the summary, creating what is missing. */
export function ensureSummaryTabs(ss: Spreadsheet, locale: Locale): SummaryTabs {
  const pipeline = ensurePipeline(ss, locale);
  ensureWindow(pipeline, locale);
  return {
    summary: ensureSummary(ss, locale),
    pipeline,
    changes: ensureSimple(ss, ROLLUP_TABS.changes, changesHeader(locale), locale, [16, 12, 12, 7, 7, 18, 18, 8]),
    history: narrow(
      ensureSimple(
        ss,
        ROLLUP_TABS.history,
        HISTORY_COLUMNS.map((c) => c.label[locale]),
        locale,
        [11, 30, 12, 9, 9, 7, 10, 24, 12],
      ),
      HISTORY_COLUMNS.length,
    ),
    registry: ensureRegistryTab(ss, locale),
  };
}

// ---------------------------------------------------------------- summary rows

/** A summary row: what the review needs of it, when its file was last saved, and its cells. */
export interface SummaryRow extends ReviewRow {
  /** The deal's outcome: the review's sections (a row without one is open). */
  outcome?: Outcome;
  saved: string | null;
  cells: SheetValue[];
}

/**
 * The summary's current rows by file id, and the run log's rows (latest
 * first), as read (two calls: range, values).
 */
export function readSummaryRows(sheet: Sheet): {
  rows: Map<string, unknown[]>;
  height: number;
  log: SheetValue[][];
  /** Whether the opt-in columns were shown (their header is there): rows kept from a run without them have them blank. */
  actionsShown: boolean;
} {
  const values = sheet.getDataRange().getValues();
  const rows = new Map<string, unknown[]>();
  for (let r = SUMMARY_ROWS.first - 1; r < values.length; r++) {
    if (SECTION_KINDS.includes(String(values[r][KIND_COL] ?? ''))) continue;
    const id = String(values[r][ID_COL] ?? '').trim();
    if (id && !rows.has(id)) rows.set(id, values[r]);
  }
  const actionsShown = String(values[SUMMARY_ROWS.header - 1]?.[OPT_IN_COL] ?? '') !== '';
  return { rows, height: values.length, log: logRowsOf(values), actionsShown };
}

/** The run log's rows in a summary tab's values, latest first, to be written again. */
function logRowsOf(values: unknown[][]): SheetValue[][] {
  return values.filter((r) => r[KIND_COL] === 'log').map((r) => r.slice(0, RUN_LOG_COLUMNS.length).map(rewriteOf));
}

/** A fresh summary row: the domain's cells in column order, text made literal, the link built from the checked id. */
export function freshRow(row: RollupRow, id: string, locale: Locale, refreshedAt: string, saved: string | null): SummaryRow {
  const cells = rollupCells({ ...row, file: workbookUrl(id) }, { locale, refreshedAt });
  const outcome = (row as { outcome?: Outcome }).outcome ?? 'open';
  const keys = [id, vocabCode('stage', row.stage) || row.stage, row.verdict, row.redFlags.join(' '), outcome];
  return {
    ...row,
    file: id,
    saved,
    cells: [...ROLLUP_COLUMNS.map((c) => cellOf(cells[c.id])), ...keys.map(asText), ...OPT_IN_COLUMNS.map((c) => cellOf(cells[c.id]))],
  };
}

/** A row kept from the last refresh, as it was, and its snapshot's values read back from its cells. */
export function keptRow(cells: unknown[]): SummaryRow {
  const num = (id: RollupColumnId) => (typeof cells[colOf(id)] === 'number' ? (cells[colOf(id)] as number) : null);
  const str = (i: number) => String(cells[i] ?? '');
  const verdict = str(VERDICT_COL) as Verdict;
  const outcome = str(OUTCOME_COL) as Outcome;
  return {
    outcome: OUTCOME_SECTIONS.includes(outcome) ? outcome : 'open',
    file: str(ID_COL),
    customerName: str(colOf('customerName')),
    stage: stageOfKey(str(STAGE_CODE_COL)),
    opp: num('opp') ?? 0,
    win: num('win') ?? 0,
    lead: num('lead'),
    verdict: VERDICT_REVIEW_ORDER.includes(verdict) ? verdict : 'unassessed',
    redFlags: str(FLAGS_COL).split(' ').filter(Boolean) as RollupRow['redFlags'],
    problems: num('problems') ?? 0,
    budget: num('budget'),
    saved: str(colOf('lastSaved')) || null,
    cells: Array.from({ length: SUMMARY_WIDTH }, (_, i) => rewriteOf(cells[i])),
  };
}

/** What the pipeline totals need of a summary row, read back from its cells. */
export function totalsKeyOf(cells: SheetValue[] | unknown[]): Pick<RollupRow, 'stage' | 'salesManager' | 'budget'> {
  const text = (v: unknown) => (typeof v === 'string' ? v.replace(/^'/, '') : v === null || v === undefined ? '' : String(v));
  const budget = cells[colOf('budget')];
  return {
    stage: stageOfKey(text(cells[STAGE_CODE_COL])),
    salesManager: text(cells[colOf('salesManager')]),
    budget: typeof budget === 'number' ? budget : null,
  };
}

/** A block's rows padded to `width` columns and down to `height` rows (blanking what a longer block left). */
function padded(rows: SheetValue[][], width: number, height: number): SheetValue[][] {
  return Array.from({ length: Math.max(rows.length, height) }, (_, i) => Array.from({ length: width }, (_, c) => rows[i]?.[c] ?? ''));
}

/**
 * The summary tab's block: title and counts, the header, then the rows in the
 * review order, each with its review columns and forecast as of now.
 */
export function summaryBlock(
  sheet: Sheet,
  review: Review<SummaryRow>,
  o: {
    locale: Locale;
    asOf: string;
    at: string;
    probability: Record<string, number>;
    height: number;
    /** The manager's opt-in: without it the opt-in columns are blank in every row, kept rows too. */
    showActions: boolean;
    unreadable: UnreadableRow[];
    /** The run log's rows, latest first, this run's among them. */
    log: SheetValue[][];
  },
): { block: Block; cells: Map<SummaryRow, SheetValue[]> } {
  const cells = new Map<SummaryRow, SheetValue[]>();
  for (const r of review.rows) {
    const out = [...r.cells];
    const values = reviewCells(review.info.get(r), o.locale);
    for (const id of Object.keys(values) as ReviewColumnId[]) out[colOf(id)] = cellOf(values[id]);
    out[colOf('forecast')] = cellOf(stageForecast(r, o.probability));
    if (!o.showActions) out.fill('', OPT_IN_COL, OPT_IN_COL + OPT_IN_COLUMNS.length);
    cells.set(r, out);
  }
  const rows = [
    [asText(t(ROLLUP_TEXTS.summaryTitle, o.locale, { asOf: o.asOf, at: o.at }))],
    [asText(t(ROLLUP_TEXTS.summaryCounts, o.locale, { ...review.counts }))],
    summaryHeader(o.locale, o.showActions).map(asText),
    ...cells.values(),
    [],
    ...unreadableSection(o.unreadable, o.locale),
    [],
    ...logSection(o.log, o.locale),
  ];
  return { block: { sheet, row: 1, col: 1, values: padded(rows, SUMMARY_WIDTH, o.height) }, cells };
}

/** A section's rows, each marked with its kind in the hidden kind column. */
function marked(rows: SheetValue[][], kind: SectionKind): SheetValue[][] {
  return rows.map((r) => {
    const out = padded([r], SUMMARY_WIDTH, 1)[0];
    out[KIND_COL] = kind;
    return out;
  });
}

/** The files that could not be read, and why: a title, a header, a row each (or a line saying every file was read). */
function unreadableSection(rows: UnreadableRow[], locale: Locale): SheetValue[][] {
  const out: SheetValue[][] = rows.map((r) => [
    cellOf(r.name),
    cellOf(r.id ? workbookUrl(r.id) : r.url),
    cellOf(r.reason),
    cellOf(r.since),
  ]);
  if (out.length === 0) out.push([asText(ROLLUP_TEXTS.noErrors[locale])]);
  return [
    ...marked([[asText(SECTION_TITLES.unreadable[locale])], UNREADABLE_COLUMNS.map((c) => asText(c[locale]))], 'unreadable-head'),
    ...marked(out, 'unreadable'),
  ];
}

/** Keeps the run log to this many runs. */
export const RUN_LOG_KEEP = 500;

/** The run log: a title, a header, then one row per run, latest first (RUN_LOG_KEEP of them). */
function logSection(log: SheetValue[][], locale: Locale): SheetValue[][] {
  return [
    ...marked([[asText(SECTION_TITLES.log[locale])], RUN_LOG_COLUMNS.map((c) => asText(c[locale]))], 'log-head'),
    ...marked(log.slice(0, RUN_LOG_KEEP), 'log'),
  ];
}

/** A run's log row as cells: text literal, numbers as numbers. */
export function logCells(cells: SheetValue[]): SheetValue[] {
  return cells.map((c) => (typeof c === 'string' ? asText(c) : c));
}

/**
 * The run log alone, with `entry` on top: for a run that failed before its
 * writes. Where the log section is (else below everything), one range.
 */
export function logOnlyBlock(sheet: Sheet, entry: SheetValue[], locale: Locale): Block {
  const values = sheet.getDataRange().getValues();
  const head = values.findIndex((r) => r[KIND_COL] === 'log-head');
  const old = logRowsOf(values);
  const rows = logSection([logCells(entry), ...old], locale);
  return { sheet, row: head >= 0 ? head + 1 : values.length + 2, col: 1, values: padded(rows, SUMMARY_WIDTH, old.length + 3) };
}

// ---------------------------------------------------------------- changes, history

const label = (id: RollupColumnId, locale: Locale) => ROLLUP_COLUMNS[colOf(id)].label[locale];
const changesHeader = (locale: Locale) => [
  label('customerName', locale),
  ROLLUP_TEXTS.since[locale],
  ...CHANGE_COLUMNS.map((id) => label(id, locale)),
];

/** The changes tab's block: the accounts that changed against their baseline, and how (the summary's own cells). */
export function changesBlock(sheet: Sheet, review: Review<SummaryRow>, cells: Map<SummaryRow, SheetValue[]>, locale: Locale): Block {
  const rows: SheetValue[][] = review.changed.map((r) => {
    const c = cells.get(r) as SheetValue[];
    const since = review.info.get(r)?.change.since ?? ROLLUP_TEXTS.newAccount[locale];
    return [c[colOf('customerName')], asText(since), ...CHANGE_COLUMNS.map((id) => c[colOf(id)])];
  });
  if (!rows.length) rows.push([ROLLUP_TEXTS.noChanges[locale]]);
  return { sheet, row: 2, col: 1, values: padded(rows, CHANGE_COLUMNS.length + 2, sheet.getLastRow() - 1) };
}

/**
 * The history tab as read: every snapshot but today's, and where this
 * refresh's block goes — after the last row, or over the last block when it is
 * today's (a second refresh of the day replaces that day's snapshots; nothing
 * above it is ever written again).
 */
export function readHistory(sheet: Sheet, asOf: string): { snapshots: Snapshot[]; row: number; height: number } {
  const values = sheet.getDataRange().getValues();
  let row = values.length + 1;
  while (row > 2 && values[row - 2][0] === asOf) row--;
  const snapshots = values
    .slice(1)
    .map(snapshotFromCells)
    .filter((s): s is Snapshot => s !== null && s.date !== asOf);
  // One per account and date, the lowest row's (a manager may have sorted the tab: a day's block then repeats).
  return { snapshots: [...new Map(snapshots.map((s) => [`${s.date} ${s.key}`, s])).values()], row, height: values.length + 1 - row };
}

/** This refresh's block of the history tab: one snapshot per account, dated today. */
export function historyBlock(sheet: Sheet, review: Review<SummaryRow>, asOf: string, at: { row: number; height: number }): Block {
  const rows = review.history.filter((s) => s.date === asOf).map((s) => snapshotCells(s).map((v) => cellOf(v)));
  return { sheet, row: at.row, col: 1, values: padded(rows, HISTORY_COLUMNS.length, at.height) };
}

// ---------------------------------------------------------------- pipeline

/**
 * The stage probabilities a manager set on the pipeline tab (a share 0–1, or
 * a percent 0–100), falling back to the defaults; with a note for each value
 * that could not be used.
 */
export function readProbabilities(values: unknown[][]): {
  probability: Record<string, number>;
  notes: string[];
  height: number;
  windowDays: number;
  /** The manager's opt-in to show the next action's text and owner (是 / 否 in D5); 否 unless it says yes. */
  showActions: boolean;
} {
  const probability: Record<string, number> = { ...STAGE_PROBABILITY };
  const notes: string[] = [];
  const area = values.slice(PIPE.probFirstRow - 1, PIPE.totalsRow - 1);
  // By the code in column C; a summary made before codes has none: its rows are in the vocabulary's order.
  const byCode = area.some((r) => STAGES.some((s) => s.code === r?.[2]));
  STAGES.forEach((s, i) => {
    const v = (byCode ? area.find((r) => r?.[2] === s.code) : area[i])?.[1];
    const n =
      typeof v === 'number'
        ? v
        : typeof v === 'string' && v.trim() !== ''
          ? Number(v.trim().replace(/%$/, '')) / (v.trim().endsWith('%') ? 100 : 1)
          : NaN;
    const p = Number.isFinite(n) && n > 1 && n <= 100 ? n / 100 : n;
    if (Number.isFinite(p) && p >= 0 && p <= 1) probability[s.code] = p;
    else if (!(v === '' || v === null || v === undefined)) notes.push(`${s.value}: ${String(v)} → ${STAGE_PROBABILITY[s.code]}`);
  });
  // The review window: whole days, 1 to a year; anything else is the default.
  const w = values[PIPE.probFirstRow - 1]?.[PIPE.windowCol - 1];
  const windowDays = typeof w === 'number' && Number.isInteger(w) && w >= 1 && w <= 366 ? w : DEFAULT_WINDOW_DAYS;
  const a = values[PIPE.showActionsRow - 1]?.[PIPE.windowCol - 1];
  const showActions = yesNo(a);
  if (showActions === null && !(a === '' || a === null || a === undefined))
    notes.push(`${ROLLUP_TEXTS.showActions.zh}: ${String(a)} → ${ROLLUP_TEXTS.no.zh}`);
  return { probability, notes, height: values.length, windowDays, showActions: showActions === true };
}

function totalRows(title: string, keyLabel: string, items: Array<PipelineTotal & { label: string }>, locale: Locale): SheetValue[][] {
  const rows: SheetValue[][] = [
    [title, '', '', ''],
    [keyLabel, ROLLUP_TEXTS.count[locale], ROLLUP_TEXTS.budget[locale], ROLLUP_TEXTS.forecast[locale]],
  ];
  for (const t of items) rows.push([t.key === '' ? ROLLUP_TEXTS.none[locale] : asText(t.label), t.count, t.budget, t.forecast]);
  const sum = (k: 'count' | 'budget' | 'forecast') => round2(items.reduce((a, t) => a + t[k], 0));
  rows.push([ROLLUP_TEXTS.total[locale], sum('count'), sum('budget'), sum('forecast')]);
  return rows;
}

/**
 * The pipeline tab's block: totals by stage (the four stages at fixed rows,
 * which the first chart reads, then any other stage text found) and by sales
 * manager in columns A–D; beside them, from column F, the forecast by stage
 * of every snapshot date, which the second chart reads.
 */
export function pipelineBlock(
  sheet: Sheet,
  keys: Array<Pick<RollupRow, 'stage' | 'salesManager' | 'budget'>>,
  o: { probability: Record<string, number>; locale: Locale; height: number; byDate: Review['forecastByDate'] },
): Block {
  const { locale } = o;
  // pipelineTotals reads only stage, salesManager and budget of each row.
  const totals = pipelineTotals(keys as RollupRow[], o.probability);
  const byStage = totalRows(
    ROLLUP_TEXTS.byStage[locale],
    ROLLUP_TEXTS.stage[locale],
    totals.byStage.map((t) => ({ ...t, label: vocabLabel('stage', t.key, locale) })),
    locale,
  );
  const byManager = totalRows(
    ROLLUP_TEXTS.byManager[locale],
    ROLLUP_TEXTS.salesManager[locale],
    totals.byManager.map((t) => ({ ...t, label: t.key })),
    locale,
  );
  const left = [...byStage, [], ...byManager];
  const right: SheetValue[][] = [
    [ROLLUP_TEXTS.forecastByDate[locale]],
    [ROLLUP_TEXTS.date[locale], ...STAGES.map((s) => vocabLabel('stage', s.value, locale))],
    ...o.byDate.map((d) => [asText(d.date), ...STAGES.map((s) => d.byStage[s.code] ?? 0)]),
  ];
  const rows = Array.from({ length: Math.max(left.length, right.length) }, (_, i) => [
    ...padded([left[i] ?? []], PIPE.datesCol - 1, 1)[0],
    ...(right[i] ?? []),
  ]);
  return { sheet, row: PIPE.totalsRow, col: 1, values: padded(rows, PIPE_WIDTH, o.height - PIPE.totalsRow + 1) };
}

// ---------------------------------------------------------------- unreadable, log

export interface UnreadableRow {
  name: string;
  id: string | null;
  url: string;
  reason: string;
  since: string;
}
