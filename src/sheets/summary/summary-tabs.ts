import type { Locale } from '../../../sheets-templates/types';
import { STAGE_PROBABILITY } from '../../../sheets-templates/vocabularies';
import { vocabCode, vocabLabel, vocabulary } from '../../domain/vocab';
import {
  type PipelineTotal,
  columnsFor,
  ROLLUP_TABS,
  ROLLUP_TEXTS,
  type RollupRow,
  pipelineTotals,
  rollupCells,
  round2,
  stageForecast,
} from '../../domain/rollup';
import { setColumnWidthsInChars } from '../render-workbook';
import { type SheetValue, asText, cellOf, rewriteOf, workbookUrl } from './cells';
import { ensureRegistryTab, findTab } from './registry';
import { RUN_LOG_COLUMNS, RUN_LOG_TAB, SUMMARY_KEY_COLUMNS, UNREADABLE_COLUMNS } from './texts';

/** The Sheets summary's columns (it keeps no history yet: no review columns). */
const ROLLUP_COLUMNS = columnsFor('sheets');

/**
 * The tabs of the manager's summary spreadsheet and how the refresh writes
 * them. Each tab is written with ONE setValues per refresh (the block is
 * padded with blank rows down to what was there before, so nothing stale is
 * left below it); tab set-up (headers, widths, formats, the chart) happens
 * once, when a tab is missing.
 */

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

export interface SummaryTabs {
  summary: Sheet;
  pipeline: Sheet;
  unreadable: Sheet;
  registry: Sheet;
  log: Sheet;
}

/** Summary tab: the domain's columns, then the key columns the refresh keeps rows by (file id, stage code). */
export const SUMMARY_WIDTH = ROLLUP_COLUMNS.length + SUMMARY_KEY_COLUMNS.length;
const ID_COL = ROLLUP_COLUMNS.length;
const STAGE_CODE_COL = ROLLUP_COLUMNS.length + 1;
const colOf = (id: (typeof ROLLUP_COLUMNS)[number]['id']) => ROLLUP_COLUMNS.findIndex((c) => c.id === id);

export const STAGES = vocabulary('stage')?.values ?? [];

/** The stored stage value of a summary key (a stage code; older summaries hold the value itself). */
const stageOfKey = (key: string) => STAGES.find((s) => s.code === key)?.value ?? key;

/** Pipeline tab positions (1-based rows). */
export const PIPE = {
  probTitleRow: 1,
  probHeaderRow: 2,
  probFirstRow: 3,
  totalsRow: 3 + STAGES.length + 1,
};

/** Grows a sheet so that `lastRow` exists (a new sheet has 1,000 rows; setValues beyond them throws). */
export function ensureRows(sheet: Sheet, lastRow: number): void {
  const max = sheet.getMaxRows();
  if (lastRow > max) sheet.insertRowsAfter(max, lastRow - max);
}

function header(sheet: Sheet, row: number, labels: string[]): void {
  sheet.getRange(row, 1, 1, labels.length).setValues([labels]).setFontWeight('bold');
}

function ensureSummary(ss: Spreadsheet, locale: Locale): Sheet {
  const found = findTab(ss, ROLLUP_TABS.summary);
  if (found) return found;
  const sheet = ss.insertSheet(ROLLUP_TABS.summary[locale], 0);
  header(sheet, 1, [...ROLLUP_COLUMNS.map((c) => c.label[locale]), ...SUMMARY_KEY_COLUMNS.map((c) => c[locale])]);
  sheet.getRange(1, 1, 1, ROLLUP_COLUMNS.length).setNotes([ROLLUP_COLUMNS.map((c) => c.note?.[locale] ?? '')]);
  sheet.setFrozenRows(1);
  setColumnWidthsInChars(
    sheet,
    ROLLUP_COLUMNS.map((c) => c.width),
  );
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
    .setPosition(1, 6, 0, 0)
    .build();
  sheet.insertChart(chart);
  return sheet;
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

/** Every tab of the summary, creating what is missing. */
export function ensureSummaryTabs(ss: Spreadsheet, locale: Locale): SummaryTabs {
  return {
    summary: ensureSummary(ss, locale),
    pipeline: ensurePipeline(ss, locale),
    unreadable: ensureSimple(
      ss,
      ROLLUP_TABS.unreadable,
      UNREADABLE_COLUMNS.map((c) => c[locale]),
      locale,
      [20, 40, 40, 16],
    ),
    registry: ensureRegistryTab(ss, locale),
    log: ensureSimple(
      ss,
      RUN_LOG_TAB,
      RUN_LOG_COLUMNS.map((c) => c[locale]),
      locale,
      [16, 8, 10, 14, 7, 7, 7, 60],
    ),
  };
}

// ---------------------------------------------------------------- summary rows

/** The summary's current rows by file id, as read (two calls: range, values). */
export function readSummaryRows(sheet: Sheet): { rows: Map<string, unknown[]>; height: number } {
  const values = sheet.getDataRange().getValues();
  const rows = new Map<string, unknown[]>();
  for (let r = 1; r < values.length; r++) {
    const id = String(values[r][ID_COL] ?? '').trim();
    if (id && !rows.has(id)) rows.set(id, values[r]);
  }
  return { rows, height: values.length };
}

/** A fresh summary row: the domain's cells in column order, text made literal, the link built from the checked id. */
export function freshRowCells(
  row: RollupRow,
  id: string,
  locale: Locale,
  refreshedAt: string,
  probability: Record<string, number>,
): SheetValue[] {
  const cells = rollupCells({ ...row, file: workbookUrl(id) }, { locale, refreshedAt, probability });
  return [...ROLLUP_COLUMNS.map((c) => cellOf(cells[c.id])), asText(id), asText(vocabCode('stage', row.stage) || row.stage)];
}

/** A kept row, written back as it was, except its forecast, which follows the current probabilities. */
export function keptRowCells(cells: unknown[], probability: Record<string, number>): SheetValue[] {
  const out = Array.from({ length: SUMMARY_WIDTH }, (_, i) => rewriteOf(cells[i]));
  const budget = typeof cells[colOf('budget')] === 'number' ? (cells[colOf('budget')] as number) : null;
  out[colOf('forecast')] = cellOf(stageForecast({ budget, stage: stageOfKey(String(cells[STAGE_CODE_COL] ?? '')) }, probability));
  return out;
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

/** Writes all summary rows in one setValues, blanking rows left over from a longer previous summary. */
export function writeSummaryRows(sheet: Sheet, rows: SheetValue[][], previousHeight: number): void {
  const height = Math.max(rows.length, previousHeight - 1);
  if (height === 0) return;
  const blank = () => Array<SheetValue>(SUMMARY_WIDTH).fill('');
  ensureRows(sheet, height + 1);
  sheet.getRange(2, 1, height, SUMMARY_WIDTH).setValues(Array.from({ length: height }, (_, i) => rows[i] ?? blank()));
}

// ---------------------------------------------------------------- pipeline

/**
 * The stage probabilities a manager set on the pipeline tab (a share 0–1, or
 * a percent 0–100), falling back to the defaults; with a note for each value
 * that could not be used.
 */
export function readProbabilities(values: unknown[][]): { probability: Record<string, number>; notes: string[]; height: number } {
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
  return { probability, notes, height: values.length };
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
 * Totals by stage (the four stages at fixed rows, which the chart reads, then
 * any other stage text found) and by sales manager, in one setValues.
 */
export function writeTotals(
  sheet: Sheet,
  keys: Array<Pick<RollupRow, 'stage' | 'salesManager' | 'budget'>>,
  probability: Record<string, number>,
  locale: Locale,
  previousHeight: number,
): void {
  // pipelineTotals reads only stage, salesManager and budget of each row.
  const totals = pipelineTotals(keys as RollupRow[], probability);
  const stageLabel = (k: string) => vocabLabel('stage', k, locale);
  const byStage = totalRows(
    ROLLUP_TEXTS.byStage[locale],
    ROLLUP_TEXTS.stage[locale],
    totals.byStage.map((t) => ({ ...t, label: stageLabel(t.key) })),
    locale,
  );
  const byManager = totalRows(
    ROLLUP_TEXTS.byManager[locale],
    ROLLUP_TEXTS.salesManager[locale],
    totals.byManager.map((t) => ({ ...t, label: t.key })),
    locale,
  );
  const rows = [...byStage, ['', '', '', ''], ...byManager];
  const height = Math.max(rows.length, previousHeight - PIPE.totalsRow + 1);
  while (rows.length < height) rows.push(['', '', '', '']);
  ensureRows(sheet, PIPE.totalsRow + rows.length - 1);
  sheet.getRange(PIPE.totalsRow, 1, rows.length, 4).setValues(rows);
}

// ---------------------------------------------------------------- unreadable, log

export interface UnreadableRow {
  name: string;
  id: string | null;
  url: string;
  reason: string;
  since: string;
}

export function writeUnreadable(sheet: Sheet, rows: UnreadableRow[], locale: Locale, noErrors: string, previousHeight: number): void {
  const out: SheetValue[][] = rows.map((r) => [
    cellOf(r.name),
    cellOf(r.id ? workbookUrl(r.id) : r.url),
    cellOf(r.reason),
    cellOf(r.since),
  ]);
  if (out.length === 0) out.push([noErrors, '', '', '']);
  const height = Math.max(out.length, previousHeight - 1);
  while (out.length < height) out.push(['', '', '', '']);
  ensureRows(sheet, out.length + 1);
  sheet.getRange(2, 1, out.length, 4).setValues(out);
  void locale;
}

/** Keeps the run log to this many rows. */
export const RUN_LOG_KEEP = 500;

export function appendLog(sheet: Sheet, cells: SheetValue[]): void {
  sheet.appendRow(cells.map((c) => (typeof c === 'string' ? asText(c) : c)));
  const last = sheet.getLastRow();
  if (last > RUN_LOG_KEEP * 2) sheet.deleteRows(2, last - 1 - RUN_LOG_KEEP);
}
