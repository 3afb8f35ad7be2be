import type ExcelJS from 'exceljs';
import { excel } from './exceljs';
import type { Locale } from '../../sheets-templates/types';
import { STAGE_PROBABILITY } from '../../sheets-templates/vocabularies';
import { vocabLabel, vocabLabelOfCode, vocabulary } from '../domain/vocab';
import { columnLetter, sheetRef } from '../domain/a1';
import { cutText, t } from '../domain/messages';
import type { Verdict } from '../domain/assessment';
import { HISTORY_COLUMNS, type Review, type ReviewInfo, type Snapshot, buildReview, snapshotCells } from '../domain/review';
import {
  CHANGE_COLUMNS,
  columnsFor,
  ROLLUP_TABS,
  ROLLUP_TEXTS,
  type RollupColumn,
  type RollupColumnId,
  type RollupError,
  type RollupRow,
  outcomeTotals,
  pipelineTotals,
  round2,
  rollupCells,
  stageForecast,
  unreadableReason,
} from '../domain/rollup';
import { XLSX_CELL_LIMIT, xlsxText } from './cell-text';
import { type ChartSpec, addChartsToZip } from './charts';
import { SheetRowsWriter, type XmlCell, type XmlRow } from './sheet-rows';
import type { XmlStyle } from './xml-styles';
import { ZipPackage } from './zip-package';

/**
 * The manager roll-up as an .xlsx workbook (forms.md §9): 汇总 (one row per
 * account, with data bars and colours a manager reads at a glance), 管道
 * (pipeline totals by stage and by sales manager, over stage probabilities a
 * manager can edit) and 无法读取 (files that could not be read, and why).
 *
 * Everything taken from an account is written as a plain string cell, never
 * as a formula; the only formulas are our own, and they refer to cells, never
 * embed account text. No personal field of a key person is in a RollupRow.
 */

export interface RollupWorkbookOptions {
  locale: Locale;
  /** When the roll-up was made, shown in 更新时间 (e.g. '2026-11-01 09:30'). */
  refreshedAt: string;
  /** The as-of date (ISO) the scores and staleness are measured against. */
  asOf: string;
  /** Stage probabilities for the forecast (zh stage → 0..1); the manager can change them in the file. */
  probability?: Record<string, number>;
  /** The history carried over from the summary this one replaces. */
  history?: Snapshot[];
  /** Days back the changes compare with (default 7). */
  windowDays?: number;
  /** When an account's file was last saved ('YYYY-MM-DD HH:mm'), or null when unknown. */
  lastSaved?: (file: string) => string | null;
  /** The hyperlink target for an account's file (e.g. a path relative to the summary), or null for none. */
  linkOf?: (file: string) => string | null;
  /** The text shown in the link cell (default: the file as given). */
  linkText?: (file: string) => string;
  /**
   * The manager's opt-in (RollupOptions.showActions): the next open action's
   * text and owner as two more columns (the rows must be made with it too);
   * kept on 管道 for the next roll-up either way. Off by default.
   */
  showActions?: boolean;
}

/** The UI font (as the account workbooks use); other programs substitute a sans-serif. */
const FONT: Record<Locale, string> = { zh: 'Microsoft YaHei', en: 'Calibri' };

const L = (t: { zh: string; en: string }, locale: Locale) => t[locale];

const COLORS = {
  header: 'FF1F4E79',
  headerText: 'FFFFFFFF',
  section: 'FFDDEBF7',
  input: 'FFFFF2CC',
  border: 'FFBFBFBF',
  bar: 'FF5B9BD5',
  rivalBar: 'FFF4B183',
  link: 'FF0563C1',
  flag: 'FFFCE4E4',
  flagText: 'FF9C0006',
  problems: 'FFFFE699',
  total: 'FFF2F2F2',
};

const VERDICT_FILL: Record<Verdict, { fill: string; font: string }> = {
  pursue: { fill: 'FFC6EFCE', font: 'FF006100' },
  watch: { fill: 'FFFFEB9C', font: 'FF9C5700' },
  'not-real': { fill: 'FFFFC7CE', font: 'FF9C0006' },
  unassessed: { fill: 'FFE7E6E6', font: 'FF595959' },
};

const thin: Partial<ExcelJS.Borders> = {
  top: { style: 'thin', color: { argb: COLORS.border } },
  left: { style: 'thin', color: { argb: COLORS.border } },
  bottom: { style: 'thin', color: { argb: COLORS.border } },
  right: { style: 'thin', color: { argb: COLORS.border } },
};

function solid(argb: string): ExcelJS.Fill {
  return { type: 'pattern', pattern: 'solid', fgColor: { argb } };
}

/** Text as the file can hold it and every program reads it back unchanged (control characters, `_xHHHH_`). */
const safeText = xlsxText;

/** Writes account text: always a string cell, so `=…`, `+…`, `@…` stay text. */
function setText(cell: ExcelJS.Cell, s: string): void {
  const fits = cutText(s, XLSX_CELL_LIMIT);
  cell.value = safeText(fits);
  cell.numFmt = '@';
}

function dateValue(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

function styleHeader(cell: ExcelJS.Cell): void {
  cell.font = { bold: true, color: { argb: COLORS.headerText } };
  cell.fill = solid(COLORS.header);
  cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  cell.border = thin;
}

function dataBar(ws: ExcelJS.Worksheet, ref: string, color: string, max: number | null, priority: number): void {
  const rule = {
    type: 'dataBar',
    priority,
    gradient: false,
    border: false,
    showValue: true,
    cfvo: [{ type: 'num', value: 0 }, max === null ? { type: 'max' } : { type: 'num', value: max }],
    color: { argb: color },
  };
  ws.addConditionalFormatting({ ref, rules: [rule as unknown as ExcelJS.ConditionalFormattingRule] });
}

/** The stages of the probability table: the vocabulary's, in order (a stage's probability is keyed by its code). */
function stageValues(): Array<{ code: string; value: string }> {
  return vocabulary('stage')?.values ?? [];
}

/** The offline summary's columns, in order, without the manager's opt-in columns (which come after them). */
export const SUMMARY_COLUMNS = columnsFor('xlsx');
/** Every column the summary may have: the opt-in ones last, so no other column moves. */
const ALL_COLUMNS = columnsFor('xlsx', { showActions: true });

/** Where things are on the summary tab (1-based rows). */
export const SUMMARY_ROWS = { title: 1, counts: 2, header: 3, first: 4 };

/** The hidden tab that marks a workbook as a ka-sales summary (the roll-up replaces only such a file). */
export const SUMMARY_META_TAB = '_ka_summary';
export const SUMMARY_KIND = 'ka-sales-summary';
export const SUMMARY_FORMAT = 1;

/** One run's context, passed to each tab's renderer. */
interface Ctx {
  wb: ExcelJS.Workbook;
  locale: Locale;
  opts: RollupWorkbookOptions;
  /** The summary tab's columns: the domain's, with the manager's opt-in. */
  columns: RollupColumn[];
  probability: Record<string, number>;
  review: Review;
  errors: RollupError[];
  names: Record<keyof typeof ROLLUP_TABS, string>;
  charts: ChartSpec[];
  /**
   * The rows of the tabs that grow with the accounts (汇总, 变化, 历史, 无法读取): too many for ExcelJS cell objects
   * (a cell object each, hundreds of MB at 5,000 accounts), made one at a time and written into the sheet's XML afterwards.
   */
  bulk: Array<{ sheet: string; firstRow: number; rows: () => Iterable<XmlRow> }>;
}

export function renderRollupWorkbook(
  rows: RollupRow[],
  errors: RollupError[],
  opts: RollupWorkbookOptions,
): { wb: ExcelJS.Workbook; charts: ChartSpec[]; bulk: Ctx['bulk'] } {
  const { locale } = opts;
  const probability = opts.probability ?? STAGE_PROBABILITY;
  const wb = new (excel().Workbook)();
  wb.creator = 'ka-sales';
  wb.created = new Date(0);
  wb.modified = new Date(0);
  // Forces a recalculation when Excel / WPS opens the file, so the formulas
  // over edited probabilities are always current.
  wb.calcProperties = { fullCalcOnLoad: true };
  const names = Object.fromEntries(Object.entries(ROLLUP_TABS).map(([k, v]) => [k, L(v, locale)])) as Ctx['names'];
  for (const tab of ['summary', 'pipeline', 'changes', 'history', 'unreadable'] as const) wb.addWorksheet(names[tab]);
  const ctx: Ctx = {
    wb,
    locale,
    opts,
    columns: columnsFor('xlsx', { showActions: opts.showActions === true }),
    probability,
    review: buildReview(rows, {
      asOf: opts.asOf,
      history: opts.history,
      windowDays: opts.windowDays,
      lastSaved: opts.lastSaved,
      unreadable: errors.length,
      forecastOf: (r) => stageForecast(r, probability),
    }),
    errors,
    names,
    charts: [],
    bulk: [],
  };
  renderSummaryTab(ctx);
  renderPipelineTab(ctx);
  renderChangesTab(ctx);
  renderHistoryTab(ctx);
  renderUnreadableTab(ctx);
  renderMetaTab(ctx);
  oneFont(wb, locale);
  return { wb, charts: ctx.charts, bulk: ctx.bulk };
}

function oneFont(wb: ExcelJS.Workbook, locale: Locale): void {
  for (const ws of wb.worksheets) {
    ws.eachRow({ includeEmpty: true }, (row) =>
      row.eachCell({ includeEmpty: true }, (cell) => {
        cell.font = { size: 10, ...cell.font, name: FONT[locale] };
      }),
    );
  }
}

function sheet(ctx: Ctx, tab: keyof typeof ROLLUP_TABS): ExcelJS.Worksheet {
  return ctx.wb.getWorksheet(ctx.names[tab]) as ExcelJS.Worksheet;
}

// ------------------------------------------------------------------ 汇总

const colOf = Object.fromEntries(ALL_COLUMNS.map((c, i) => [c.id, i + 1])) as Record<RollupColumnId, number>;
const letter = (id: RollupColumnId) => columnLetter(colOf[id] - 1);

function lastSummaryRow(ctx: Ctx): number {
  return Math.max(SUMMARY_ROWS.first, SUMMARY_ROWS.first + ctx.review.rows.length - 1);
}

/** A whole summary column as a formula range. */
function summaryRange(ctx: Ctx, id: RollupColumnId): string {
  return `${sheetRef(ctx.names.summary)}$${letter(id)}$${SUMMARY_ROWS.first}:$${letter(id)}$${lastSummaryRow(ctx)}`;
}

function summaryTitle(ctx: Ctx, ws: ExcelJS.Worksheet): void {
  const { locale, opts, review } = ctx;
  const title = ws.getCell(SUMMARY_ROWS.title, 1);
  setText(title, t(ROLLUP_TEXTS.summaryTitle, locale, { asOf: opts.asOf, at: opts.refreshedAt }));
  title.font = { bold: true, size: 14 };
  setText(ws.getCell(SUMMARY_ROWS.counts, 1), t(ROLLUP_TEXTS.summaryCounts, locale, { ...review.counts }));
  ws.getRow(SUMMARY_ROWS.title).height = 24;
}

function summaryHeader(ctx: Ctx, ws: ExcelJS.Worksheet): void {
  ctx.columns.forEach((c, i) => {
    const cell = ws.getCell(SUMMARY_ROWS.header, i + 1);
    cell.value = L(c.label, ctx.locale);
    styleHeader(cell);
    if (c.note) cell.note = L(c.note, ctx.locale);
    ws.getColumn(i + 1).width = c.width;
  });
  ws.getRow(SUMMARY_ROWS.header).height = 32;
}

function renderSummaryTab(ctx: Ctx): void {
  const ws = sheet(ctx, 'summary');
  ws.views = [{ state: 'frozen', xSplit: 1, ySplit: SUMMARY_ROWS.header }];
  summaryTitle(ctx, ws);
  summaryHeader(ctx, ws);
  ctx.bulk.push({ sheet: ctx.names.summary, firstRow: SUMMARY_ROWS.first, rows: () => summaryRows(ctx) });
  if (ctx.review.rows.length) summaryBars(ctx, ws);
  ws.autoFilter = { from: { row: SUMMARY_ROWS.header, column: 1 }, to: { row: SUMMARY_ROWS.header, column: ctx.columns.length } };
  ws.pageSetup = {
    orientation: 'landscape',
    paperSize: 9,
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    margins: { left: 0.3, right: 0.3, top: 0.4, bottom: 0.4, header: 0.2, footer: 0.2 },
  };
  ws.pageSetup.printTitlesRow = `${SUMMARY_ROWS.header}:${SUMMARY_ROWS.header}`;
}

function* summaryRows(ctx: Ctx): Iterable<XmlRow> {
  const styles = new Map<string, XmlStyle>();
  for (const [i, row] of ctx.review.rows.entries()) yield summaryRow(ctx, row, SUMMARY_ROWS.first + i, styles);
}

/** The base of every cell the roll-up writes: the UI font at 10 points (as every ExcelJS cell gets it from oneFont). */
function baseFont(ctx: Ctx, font?: XmlStyle['font']): XmlStyle['font'] {
  return { size: 10, ...font, name: FONT[ctx.locale] };
}

/** Account text as a cell: always a string cell (`@`), so `=…`, `+…`, `@…` stay text; cut to what a cell holds. */
function textCell(s: string, style: XmlStyle = {}): XmlCell {
  const fits = cutText(s, XLSX_CELL_LIMIT);
  return { value: fits, style: { ...style, numFmt: '@' } };
}

function summaryRow(ctx: Ctx, row: RollupRow, r: number, styles: Map<string, XmlStyle>): XmlRow {
  const values = rollupCells(row, { locale: ctx.locale, probability: ctx.probability, review: ctx.review.info.get(row) });
  const cells = ctx.columns.map((c) => {
    const cell = summaryValue(ctx, c, values[c.id], row, r);
    // A cell's style follows from these alone; made once each (5,000 rows × 28 columns of style objects otherwise).
    const v = values[c.id];
    const key = [
      c.id,
      c.type === 'verdict' ? row.verdict : '',
      cell.style?.numFmt ?? '',
      cell.link ? 'L' : '',
      !!v,
      typeof v === 'number' && v > 0,
    ].join('|');
    const style = styles.get(key) ?? styles.set(key, summaryStyle(ctx, c, cell, v)).get(key);
    return { ...cell, style };
  });
  // Red flags are one per line: room for all of them.
  return { cells, height: Math.max(1, row.redFlags.length) * 14 + 4 };
}

function summaryStyle(ctx: Ctx, c: RollupColumn, cell: XmlCell, v: string | number | null): XmlStyle {
  const style: XmlStyle = { ...cell.style, border: COLORS.border };
  if (c.type === 'flags' && v) {
    style.fill = COLORS.flag;
    style.font = { color: COLORS.flagText };
    style.alignment = { wrapText: true, vertical: 'middle' };
  }
  if (c.id === 'problems' && typeof v === 'number' && v > 0) style.fill = COLORS.problems;
  if (['score', 'lead', 'count', 'number', 'date'].includes(c.type)) style.alignment = { ...style.alignment, horizontal: 'right' };
  if (c.id === 'hasCoach' || c.id === 'stage') style.alignment = { horizontal: 'center' };
  style.alignment = { vertical: 'middle', ...style.alignment };
  style.font = baseFont(ctx, style.font);
  return style;
}

function summaryValue(ctx: Ctx, c: RollupColumn, v: string | number | null, row: RollupRow, r: number): XmlCell {
  switch (c.type) {
    case 'text':
    case 'flags':
    case 'datetime':
      return textCell(v === null ? '' : String(v));
    case 'verdict': {
      const style = VERDICT_FILL[row.verdict];
      return textCell(String(v), { fill: style.fill, font: { bold: true, color: style.font }, alignment: { horizontal: 'center' } });
    }
    case 'date':
      return typeof v === 'string' && v ? { value: excelSerial(v), style: { numFmt: 'yyyy-mm-dd' } } : { value: null };
    case 'link':
      return linkValue(ctx, String(v));
    default:
      if (c.id === 'forecast') return forecastFormula(ctx, v, r);
      if (typeof v !== 'number') return { value: null };
      if (c.type === 'lead') return { value: v, style: { numFmt: '+0;-0;0' } };
      if (c.type === 'number') return { value: v, style: { numFmt: '#,##0.##;-#,##0.##;0' } };
      return { value: v };
  }
}

/** A date (ISO) as the spreadsheet's serial day number (1900 date system). */
function excelSerial(iso: string): number {
  return dateValue(iso).getTime() / 86_400_000 + 25569;
}

function linkValue(ctx: Ctx, file: string): XmlCell {
  const target = ctx.opts.linkOf ? ctx.opts.linkOf(file) : null;
  const shown = ctx.opts.linkText ? ctx.opts.linkText(file) : file;
  if (!target) return textCell(shown);
  return { value: shown, link: { target, tooltip: shown }, style: { font: { color: COLORS.link, underline: true } } };
}

/** Budget × the stage's probability from the pipeline tab: exact matches only (no wildcards). */
function forecastFormula(ctx: Ctx, v: string | number | null, r: number): XmlCell {
  const { probStages, probValues } = probabilityRanges(ctx);
  const b = `${letter('budget')}${r}`;
  return {
    formula: `IF(ISNUMBER(${b}),ROUND(${b}*SUMPRODUCT(--(${probStages}=${letter('stage')}${r}),${probValues}),2),"")`,
    value: v ?? '',
    style: { numFmt: '#,##0.##;-#,##0.##;0' },
  };
}

function summaryBars(ctx: Ctx, ws: ExcelJS.Worksheet): void {
  const range = (id: RollupColumnId) => `${letter(id)}${SUMMARY_ROWS.first}:${letter(id)}${lastSummaryRow(ctx)}`;
  let priority = 1;
  for (const id of ['real', 'worth', 'opp', 'win'] as const) dataBar(ws, range(id), COLORS.bar, 100, priority++);
  dataBar(ws, range('bestCompetitorWin'), COLORS.rivalBar, 100, priority++);
  dataBar(ws, range('budget'), 'FF70AD47', null, priority++);
  for (const id of ['lead', 'dOpp', 'dWin'] as const) {
    ws.addConditionalFormatting({
      ref: range(id),
      rules: [
        {
          type: 'colorScale',
          priority: priority++,
          cfvo: [
            { type: 'num', value: -50 },
            { type: 'num', value: 0 },
            { type: 'num', value: 50 },
          ],
          color: [{ argb: 'FFF8696B' }, { argb: 'FFFFFFFF' }, { argb: 'FF63BE7B' }],
        },
      ],
    });
  }
}

// ------------------------------------------------------------------ 管道

/**
 * Where things are on the pipeline tab (1-based rows), shared by both tabs'
 * formulas: the review window in B2, the manager's opt-in to show actions in
 * D2 (its label in C2), the probabilities from row 5.
 */
export const PIPE = { windowRow: 2, showActionsCol: 4, probHeaderRow: 4, firstProbRow: 5 };

function probabilityRanges(ctx: Ctx): { probStages: string; probValues: string } {
  const last = PIPE.firstProbRow + stageValues().length - 1;
  const p = sheetRef(ctx.names.pipeline);
  return { probStages: `${p}$A$${PIPE.firstProbRow}:$A$${last}`, probValues: `${p}$B$${PIPE.firstProbRow}:$B$${last}` };
}

function pipeSection(ws: ExcelJS.Worksheet, r: number, text: string, width = 4): void {
  const cell = ws.getCell(r, 1);
  setText(cell, text);
  cell.font = { bold: true, color: { argb: COLORS.header } };
  for (let c = 1; c <= width; c++) ws.getCell(r, c).fill = solid(COLORS.section);
}

function pipeHeader(ws: ExcelJS.Worksheet, r: number, labels: string[]): void {
  labels.forEach((l, i) => {
    const cell = ws.getCell(r, i + 1);
    setText(cell, l);
    styleHeader(cell);
  });
}

function editable(cell: ExcelJS.Cell): void {
  cell.fill = solid(COLORS.input);
  cell.border = thin;
  cell.protection = { locked: false };
}

function renderPipelineTab(ctx: Ctx): void {
  const ws = sheet(ctx, 'pipeline');
  const { locale } = ctx;
  ws.getColumn(1).width = 18;
  for (const c of [2, 3, 4]) ws.getColumn(c).width = 16;
  const title = ws.getCell('A1');
  setText(
    title,
    `${L(ROLLUP_TABS.pipeline, locale)} · ${locale === 'zh' ? '截至' : 'as of'} ${ctx.opts.asOf} · ${ctx.review.rows.length} ${locale === 'zh' ? '个客户' : 'accounts'}`,
  );
  title.font = { bold: true, size: 14 };
  ws.getRow(1).height = 26;
  pipelineSettings(ctx, ws);
  const lastProbRow = PIPE.firstProbRow + stageValues().length - 1;
  // The outcome table first: its first row's label (进行中) is the cell the pipeline tables compare the outcome column with.
  const outcomeEnd = outcomeTable(ctx, ws, lastProbRow + 2);
  const openCell = `$A$${lastProbRow + 4}`;
  const stageEnd = totalsTable(ctx, ws, outcomeEnd + 2, 'stage', openCell);
  const managerEnd = totalsTable(ctx, ws, stageEnd + 2, 'salesManager', openCell);
  forecastByDate(ctx, ws, managerEnd + 2);
  stageChart(ctx, outcomeEnd + 2, stageEnd);
  ws.pageSetup = { orientation: 'portrait', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 };
}

/** The manager's settings: the review window and the stage probabilities (keyed by stage code in column C). */
function pipelineSettings(ctx: Ctx, ws: ExcelJS.Worksheet): void {
  const { locale } = ctx;
  setText(ws.getCell(PIPE.windowRow, 1), L(ROLLUP_TEXTS.windowDays, locale));
  const w = ws.getCell(PIPE.windowRow, 2);
  w.value = ctx.review.windowDays;
  w.note = L(ROLLUP_TEXTS.windowNote, locale);
  editable(w);
  showActionsSetting(ctx, ws);
  pipeSection(ws, PIPE.probHeaderRow - 1, L(ROLLUP_TEXTS.probabilities, locale));
  pipeHeader(ws, PIPE.probHeaderRow, [
    L(ROLLUP_TEXTS.stage, locale),
    L(ROLLUP_TEXTS.probability, locale),
    L(ROLLUP_TEXTS.stageCode, locale),
  ]);
  stageValues().forEach((s, i) => {
    const r = PIPE.firstProbRow + i;
    setText(ws.getCell(r, 1), vocabLabel('stage', s.value, locale));
    ws.getCell(r, 1).border = thin;
    const p = ws.getCell(r, 2);
    p.value = ctx.probability[s.code] ?? 0;
    p.numFmt = '0%';
    editable(p);
    setText(ws.getCell(r, 3), s.code);
    ws.getCell(r, 3).font = { color: { argb: 'FF808080' } };
  });
  ws.getCell(PIPE.firstProbRow, 2).note =
    locale === 'zh'
      ? '概率可修改：加权预测 = 项目预算 × 阶段概率，改后自动重算，下次汇总沿用。'
      : 'Change a probability: forecast = budget × the stage’s probability, recalculated and kept by the next roll-up.';
}

/** The manager's opt-in to the next action's text and owner: 是 / 否 in D2, a list to choose from, kept by the next roll-up. */
function showActionsSetting(ctx: Ctx, ws: ExcelJS.Worksheet): void {
  const { locale } = ctx;
  const label = ws.getCell(PIPE.windowRow, PIPE.showActionsCol - 1);
  setText(label, L(ROLLUP_TEXTS.showActions, locale));
  label.alignment = { wrapText: true, vertical: 'middle' };
  ws.getRow(PIPE.windowRow).height = 30;
  const v = ws.getCell(PIPE.windowRow, PIPE.showActionsCol);
  setText(v, L(ctx.opts.showActions ? ROLLUP_TEXTS.yes : ROLLUP_TEXTS.no, locale));
  v.note = L(ROLLUP_TEXTS.showActionsNote, locale);
  v.dataValidation = { type: 'list', allowBlank: false, formulae: [`"${L(ROLLUP_TEXTS.yes, locale)},${L(ROLLUP_TEXTS.no, locale)}"`] };
  editable(v);
}

type TotalsKey = 'stage' | 'salesManager';

const isOpen = (r: RollupRow) => (r.outcome ?? 'open') === 'open';

/**
 * A totals table of the open deals (the pipeline) keyed on one summary column; keys are written as text and
 * compared cell to cell. Won, lost and abandoned deals are in the outcome table instead. Returns its total row.
 */
function totalsTable(ctx: Ctx, ws: ExcelJS.Worksheet, startRow: number, keyCol: TotalsKey, openCell: string): number {
  const { locale } = ctx;
  const rows = ctx.review.rows.filter(isOpen);
  const totals = pipelineTotals(rows, ctx.probability);
  const items =
    keyCol === 'stage'
      ? totals.byStage.map((t) => ({ key: t.key, label: vocabLabel('stage', t.key, locale), match: (r: RollupRow) => r.stage === t.key }))
      : totals.byManager.map((t) => ({ key: t.key, label: t.key, match: (r: RollupRow) => r.salesManager === t.key }));
  pipeSection(ws, startRow, L(keyCol === 'stage' ? ROLLUP_TEXTS.byStage : ROLLUP_TEXTS.byManager, locale));
  const keyLabel = L(keyCol === 'stage' ? ROLLUP_TEXTS.stage : ROLLUP_TEXTS.salesManager, locale);
  pipeHeader(ws, startRow + 1, [keyLabel, L(ROLLUP_TEXTS.count, locale), L(ROLLUP_TEXTS.budget, locale), L(ROLLUP_TEXTS.forecast, locale)]);
  const first = startRow + 2;
  const forecasts = rows.map((r) => stageForecast(r, ctx.probability) ?? 0);
  const open = `--(${summaryRange(ctx, 'outcome')}=${openCell})`;
  items.forEach((it, i) => {
    const mine = rows.map((row, k) => (it.match(row) ? k : -1)).filter((k) => k >= 0);
    const sums = [
      mine.length,
      round2(mine.reduce((s, k) => s + (rows[k].budget ?? 0), 0)),
      round2(mine.reduce((s, k) => s + forecasts[k], 0)),
    ];
    const label = it.key === '' ? L(ROLLUP_TEXTS.none, locale) : it.label;
    // A blank key is matched as "", never by the placeholder label shown in its place.
    const match = `--(${summaryRange(ctx, keyCol)}=${it.key === '' ? '""' : `$A${first + i}`}),${open}`;
    totalsRow(ctx, ws, first + i, label, match, ['budget', 'forecast'], sums);
  });
  return totalsFooter(ctx, ws, first, items.length, startRow);
}

/** Count, budget and our quote of the accounts of each outcome (open, won, lost, abandoned). Returns its total row. */
function outcomeTable(ctx: Ctx, ws: ExcelJS.Worksheet, startRow: number): number {
  const { locale } = ctx;
  pipeSection(ws, startRow, L(ROLLUP_TEXTS.byOutcome, locale));
  // The outcome and quote headings are the summary columns' own.
  const heading = (id: RollupColumnId) => L(SUMMARY_COLUMNS[colOf[id] - 1].label, locale);
  pipeHeader(ws, startRow + 1, [heading('outcome'), L(ROLLUP_TEXTS.count, locale), L(ROLLUP_TEXTS.budget, locale), heading('ourQuote')]);
  const first = startRow + 2;
  const totals = outcomeTotals(ctx.review.rows);
  totals.forEach((t, i) => {
    const label = vocabLabelOfCode('outcome', t.outcome, locale);
    const match = `--(${summaryRange(ctx, 'outcome')}=$A${first + i})`;
    totalsRow(ctx, ws, first + i, label, match, ['budget', 'ourQuote'], [t.count, t.budget, t.ourQuote]);
  });
  return totalsFooter(ctx, ws, first, totals.length, startRow);
}

function totalsRow(
  ctx: Ctx,
  ws: ExcelJS.Worksheet,
  r: number,
  label: string,
  match: string,
  sumOf: RollupColumnId[],
  sums: number[],
): void {
  const keyCell = ws.getCell(r, 1);
  setText(keyCell, label);
  keyCell.border = thin;
  const formulas = [`SUMPRODUCT(${match})`, ...sumOf.map((id) => `SUMPRODUCT(${match},${summaryRange(ctx, id)})`)];
  formulas.forEach((formula, i) => {
    const cell = ws.getCell(r, i + 2);
    cell.value = { formula, result: sums[i] } as ExcelJS.CellFormulaValue;
    cell.numFmt = i === 0 ? '0' : '#,##0.##;-#,##0.##;0';
    cell.border = thin;
  });
}

function totalsFooter(ctx: Ctx, ws: ExcelJS.Worksheet, first: number, count: number, startRow: number): number {
  const last = first + count - 1;
  const t = last + 1;
  setText(ws.getCell(t, 1), L(ROLLUP_TEXTS.total, ctx.locale));
  for (let c = 1; c <= 4; c++) {
    const cell = ws.getCell(t, c);
    cell.font = { bold: true };
    cell.fill = solid(COLORS.total);
    cell.border = thin;
  }
  for (const c of [2, 3, 4]) {
    const col = columnLetter(c - 1);
    let sum = 0;
    for (let r = first; r <= last; r++) sum += Number((ws.getCell(r, c).value as ExcelJS.CellFormulaValue).result ?? 0);
    const cell = ws.getCell(t, c);
    cell.value = { formula: count ? `SUM(${col}${first}:${col}${last})` : '0', result: round2(sum) } as ExcelJS.CellFormulaValue;
    cell.numFmt = c === 2 ? '0' : '#,##0.##;-#,##0.##;0';
  }
  if (count) {
    dataBar(ws, `C${first}:C${last}`, 'FF70AD47', null, 100 + startRow);
    dataBar(ws, `D${first}:D${last}`, COLORS.bar, null, 200 + startRow);
  }
  return t;
}

/** The forecast by stage of every snapshot date in the history: one row a date, one column a stage. */
function forecastByDate(ctx: Ctx, ws: ExcelJS.Worksheet, startRow: number): void {
  const stages = stageValues();
  const dates = ctx.review.forecastByDate.map((d) => d.date);
  pipeSection(ws, startRow, L(ROLLUP_TEXTS.forecastByDate, ctx.locale), stages.length + 1);
  pipeHeader(ws, startRow + 1, [L(ROLLUP_TEXTS.date, ctx.locale), ...stages.map((s) => vocabLabelOfCode('stage', s.code, ctx.locale))]);
  const first = startRow + 2;
  const table = ctx.review.forecastByDate.map((d) => stages.map((st) => d.byStage[st.code] ?? 0));
  dates.forEach((d, i) => {
    setText(ws.getCell(first + i, 1), d);
    table[i].forEach((v, k) => {
      const cell = ws.getCell(first + i, k + 2);
      cell.value = v;
      cell.numFmt = '#,##0.##;-#,##0.##;0';
      cell.border = thin;
    });
  });
  if (dates.length) historyChart(ctx, { first, last: first + dates.length - 1, header: startRow + 1, dates, table });
}

function stageChart(ctx: Ctx, startRow: number, totalRow: number): void {
  const p = sheetRef(ctx.names.pipeline);
  const first = startRow + 2;
  const last = totalRow - 1;
  if (last < first) return;
  const header = startRow + 1;
  const ws = sheet(ctx, 'pipeline');
  const num = (r: number, c: number) => Number((ws.getCell(r, c).value as ExcelJS.CellFormulaValue).result ?? 0);
  const rows = Array.from({ length: last - first + 1 }, (_, i) => first + i);
  ctx.charts.push({
    sheet: ctx.names.pipeline,
    title: L(ROLLUP_TEXTS.byStage, ctx.locale),
    grouping: 'clustered',
    categoriesRef: `${p}$A$${first}:$A$${last}`,
    categories: rows.map((r) => String(ws.getCell(r, 1).value ?? '')),
    series: [3, 4].map((c) => ({
      nameRef: `${p}$${columnLetter(c - 1)}$${header}`,
      name: String(ws.getCell(header, c).value ?? ''),
      valuesRef: `${p}$${columnLetter(c - 1)}$${first}:$${columnLetter(c - 1)}$${last}`,
      values: rows.map((r) => num(r, c)),
    })),
    anchor: { col: 5, row: 0, cols: 8, rows: 18 },
  });
}

function historyChart(ctx: Ctx, t: { first: number; last: number; header: number; dates: string[]; table: number[][] }): void {
  const p = sheetRef(ctx.names.pipeline);
  const stages = stageValues();
  ctx.charts.push({
    sheet: ctx.names.pipeline,
    title: L(ROLLUP_TEXTS.forecastByDate, ctx.locale),
    grouping: 'stacked',
    categoriesRef: `${p}$A$${t.first}:$A$${t.last}`,
    categories: t.dates,
    series: stages.map((s, k) => {
      const col = columnLetter(k + 1);
      return {
        nameRef: `${p}$${col}$${t.header}`,
        name: vocabLabelOfCode('stage', s.code, ctx.locale),
        valuesRef: `${p}$${col}$${t.first}:$${col}$${t.last}`,
        values: t.table.map((row) => row[k]),
      };
    }),
    anchor: { col: 5, row: 19, cols: 8, rows: 18 },
  });
}

// ------------------------------------------------------------------ 变化, 历史, 无法读取

function renderChangesTab(ctx: Ctx): void {
  const ws = sheet(ctx, 'changes');
  const { locale } = ctx;
  const columns = CHANGE_COLUMNS.map((id) => SUMMARY_COLUMNS[colOf[id] - 1]);
  const customer = SUMMARY_COLUMNS[colOf.customerName - 1];
  pipeHeader(ws, 1, [customer.label[locale], L(ROLLUP_TEXTS.since, locale), ...columns.map((c) => c.label[locale])]);
  [16, 12, ...columns.map((c) => c.width)].forEach((w, i) => {
    ws.getColumn(i + 1).width = w;
  });
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  if (!ctx.review.changed.length) setText(ws.getCell(2, 1), L(ROLLUP_TEXTS.noChanges, locale));
  else ctx.bulk.push({ sheet: ctx.names.changes, firstRow: 2, rows: () => changeRows(ctx) });
}

function* changeRows(ctx: Ctx): Iterable<XmlRow> {
  const { locale } = ctx;
  const style: XmlStyle = { border: COLORS.border, alignment: { wrapText: true, vertical: 'top' }, font: baseFont(ctx) };
  const number: XmlStyle = { ...style, numFmt: '+0;-0;0' };
  const text: XmlStyle = { ...style, numFmt: '@' };
  for (const row of ctx.review.changed) {
    const info = ctx.review.info.get(row) as ReviewInfo;
    const values = rollupCells(row, { locale, probability: ctx.probability, review: info });
    const since = info.change.since ?? L(ROLLUP_TEXTS.newAccount, locale);
    const cells = [values.customerName, since, ...CHANGE_COLUMNS.map((id) => values[id])];
    yield { cells: cells.map((v) => (typeof v === 'number' ? { value: v, style: number } : { ...textCell(v ?? ''), style: text })) };
  }
}

function renderHistoryTab(ctx: Ctx): void {
  const ws = sheet(ctx, 'history');
  pipeHeader(
    ws,
    1,
    HISTORY_COLUMNS.map((c) => c.label[ctx.locale]),
  );
  HISTORY_COLUMNS.forEach((_, i) => {
    ws.getColumn(i + 1).width = i === 1 ? 18 : 12;
  });
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  ctx.bulk.push({ sheet: ctx.names.history, firstRow: 2, rows: () => ctx.review.history.map(snapshotCells) });
}

function renderUnreadableTab(ctx: Ctx): void {
  const ws = sheet(ctx, 'unreadable');
  const { locale, errors } = ctx;
  [40, 44, 60].forEach((w, i) => {
    ws.getColumn(i + 1).width = w;
  });
  pipeHeader(ws, 1, [L(ROLLUP_TEXTS.file, locale), L(ROLLUP_TEXTS.reason, locale), L(ROLLUP_TEXTS.detail, locale)]);
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  if (!errors.length) {
    setText(ws.getCell(2, 1), L(ROLLUP_TEXTS.noErrors, locale));
    ws.getCell(2, 1).font = { italic: true, color: { argb: 'FF595959' } };
  }
  ctx.bulk.push({ sheet: ctx.names.unreadable, firstRow: 2, rows: () => unreadableRows(ctx) });
  ws.pageSetup = { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 };
}

function* unreadableRows(ctx: Ctx): Iterable<XmlRow> {
  const style = (c: number): XmlStyle => ({
    border: COLORS.border,
    alignment: c > 1 ? { wrapText: true, vertical: 'top' } : { vertical: 'top' },
    font: baseFont(ctx),
  });
  for (const e of ctx.errors) {
    const texts = [e.file, e.reason ?? unreadableReason(e.message, ctx.locale), e.message];
    yield { cells: texts.map((text, i) => textCell(text, style(i + 1))) };
  }
}

function renderMetaTab(ctx: Ctx): void {
  const ws = ctx.wb.addWorksheet(SUMMARY_META_TAB, { state: 'veryHidden' });
  setText(ws.getCell('A1'), 'kind');
  setText(ws.getCell('B1'), SUMMARY_KIND);
  setText(ws.getCell('A2'), 'format');
  ws.getCell('B2').value = SUMMARY_FORMAT;
}

/**
 * How hard the summary's own parts are deflated (zlib's 1–9): a year of weekly history is 15 MB of sheet XML, which
 * Node's zlib deflates in ~0.3 s at level 1 (2.5 MB) and ~0.9 s at level 6 (1.9 MB), measured under a load of 11.
 */
const SUMMARY_DEFLATE_LEVEL = 1;

/** The roll-up workbook as .xlsx bytes, with its native charts and its history. */
export async function renderRollupXlsx(rows: RollupRow[], errors: RollupError[], opts: RollupWorkbookOptions): Promise<Buffer> {
  const { wb, charts, bulk } = renderRollupWorkbook(rows, errors, opts);
  const zip = new ZipPackage(Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer));
  await addChartsToZip(zip, charts);
  const writer = await SheetRowsWriter.open(zip);
  for (const b of bulk) await writer.append(b.sheet, b.rows(), b.firstRow);
  writer.close();
  // Node's own deflate of the parts we wrote; ExcelJS's are copied as they are (JSZip held every part inflated and
  // deflated them all again in JavaScript: 1.0 s at level 3 for a year of history).
  return zip.toBuffer(SUMMARY_DEFLATE_LEVEL);
}
