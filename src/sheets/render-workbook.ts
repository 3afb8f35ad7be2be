import type { Locale } from '../../sheets-templates/types';
import { a1, a1Range } from '../domain/a1';
import type { Account } from '../domain/account';
import {
  type CellRef,
  type FormulaSpec,
  type InputType,
  type LayoutCell,
  type RangeRef,
  type TabLayout,
  MARK_OPTIONS,
  isDateValue,
  workbookLayout,
} from '../domain/layout';
import { MARK_ALIASES } from '../../sheets-templates/vocabularies';
import { DATE_FORMAT, DEFAULT_FORMAT, INTEGER_FORMAT, TEXT_FORMAT, cellInput, sheetRef } from './cell-values';
import { type SheetsTab, TABLE_FORMS, healthTab, metaWithPlaces } from './health-tab';
import { renderText } from './render-texts';
import { VALIDATION_HELP, t } from './ui-text';

/**
 * Renders the workbook layout (src/domain/layout.ts) into a spreadsheet with
 * whole-range calls. The structure — tabs, frozen header rows, column widths,
 * merges of long inputs, and per tab one warning-only protection whose
 * unprotected ranges are the inputs — goes in one Sheets API batchUpdate
 * (advanced service), or with SpreadsheetApp calls when that service is off.
 * The content of each tab is one range: one call each for number formats,
 * values (formulas included), notes, validations and font weights.
 *
 * Score cells use the custom functions for the scores (OPP_SCORE, WIN_SCORE)
 * and native formulas for completeness, lead and references.
 */

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type DataValidation = GoogleAppsScript.Spreadsheet.DataValidation;

// ------------------------------------------------------------------ formulas

/** The Sheets formula of a score cell; with `sheet`, its ranges and cells are on that tab (the health tab reads the others). */
export function sheetsFormula(f: FormulaSpec, sheet?: string): string {
  const on = sheet ? sheetRef(sheet) : '';
  const rng = (r: RangeRef) => `${on}${a1Range(r.row1, r.col1, r.row2, r.col2)}`;
  const ref = (c: CellRef) => `${on}${a1(c.row, c.col)}`;
  switch (f.fn) {
    case 'opp':
      return `=OPP_SCORE(${rng(f.marks)},"${f.group}",${rng(f.weights)})`;
    case 'win':
      return f.nameCell ? `=IF(LEN(TRIM(${ref(f.nameCell)}))=0,"",WIN_SCORE(${rng(f.marks)}))` : `=WIN_SCORE(${rng(f.marks)})`;
    case 'completeness': {
      const r = rng(f.marks);
      return `=ROUND(100*(COUNTA(${r})-COUNTIF(${r},"~?")-COUNTIF(${r},"？"))/ROWS(${r}),0)`;
    }
    case 'lead':
      return `=IF(COUNT(${rng(f.competitors)})=0,"",${ref(f.ours)}-MAX(${rng(f.competitors)}))`;
    case 'ref':
      return `=${sheetRef(f.sheet)}${ref(f.cell)}`;
  }
}

// ------------------------------------------------------------------ formats and rules

/**
 * The number format of an input of a type: text stays text (so what a rep
 * types there is never turned into a number, a date or a formula), dates get
 * a date format; numbers keep the automatic format, so a fraction typed into
 * a whole-number field shows as typed and validation can name it.
 */
export function numberFormatOf(type: InputType | undefined): string {
  switch (type) {
    case 'text':
    case 'longText':
    case 'dateOrMonthDay':
    case 'vocab':
    case 'mark':
      return TEXT_FORMAT;
    case 'date':
      return DATE_FORMAT;
    default:
      return DEFAULT_FORMAT;
  }
}

/**
 * The number format of an input cell holding a value: text is plain text in
 * every field (formula-like text in a number field must stay text when a rep
 * edits the cell), a number in a date field is a plain number (Sheets reads a
 * number in a date-formatted cell as a date); otherwise the field's format.
 */
export function inputFormatOf(type: InputType | undefined, value: unknown): string {
  if (typeof value === 'string' && value !== '') return TEXT_FORMAT;
  if (value !== null && value !== undefined && value !== '' && type === 'date') return DEFAULT_FORMAT;
  return numberFormatOf(type);
}

/** Builds each distinct validation rule once per render. */
export class RuleCache {
  private rules = new Map<string, DataValidation>();
  constructor(private readonly locale: Locale) {}

  /** The native rule for an input, or null: dropdowns and dates reject invalid input, numbers too. */
  ruleFor(type: InputType | undefined, options?: string[], min?: number, max?: number): DataValidation | null {
    const key = JSON.stringify([type, options, min, max]);
    if (this.rules.has(key)) return this.rules.get(key) as DataValidation;
    let rule: DataValidation | null = null;
    const b = () => SpreadsheetApp.newDataValidation();
    const num = (lo: number | undefined, hi: number | undefined) => {
      const range = lo !== undefined && hi !== undefined ? ` ${lo}–${hi}` : lo !== undefined ? ` ≥ ${lo}` : '';
      const help = t(VALIDATION_HELP.number, this.locale, { range });
      const base =
        lo !== undefined && hi !== undefined ? b().requireNumberBetween(lo, hi) : b().requireNumberGreaterThanOrEqualTo(lo ?? -1e15);
      return base.setAllowInvalid(false).setHelpText(help).build();
    };
    switch (type) {
      case 'vocab':
        if (options?.length)
          rule = b().requireValueInList(options, true).setAllowInvalid(false).setHelpText(t(VALIDATION_HELP.list, this.locale)).build();
        break;
      case 'mark':
        rule = b()
          .requireValueInList(options?.length ? options : ['+', '-', '?'], true)
          .setAllowInvalid(false)
          .setHelpText(t(VALIDATION_HELP.mark, this.locale))
          .build();
        break;
      case 'date':
        rule = b().requireDate().setAllowInvalid(false).setHelpText(t(VALIDATION_HELP.date, this.locale)).build();
        break;
      case 'integer':
      case 'number':
        rule = num(min, max);
        break;
      case 'weight':
        rule = num(0, undefined);
        break;
      default:
        rule = null;
    }
    if (rule) this.rules.set(key, rule);
    return rule;
  }
}

// ------------------------------------------------------------------ highlighting invalid values

/** The background of a mark or vocabulary input holding a value that is not one of its values. */
export const INVALID_BACKGROUND = '#f4c7c3';
/** What a mark cell may hold (the reader takes the full-width marks as the marks). */
const MARK_VALUES = [...MARK_OPTIONS, ...Object.keys(MARK_ALIASES)];

/** A rectangle of inputs that take one list of values, with the custom formula (relative to its top-left) that flags a value outside it. */
export interface CheckedArea {
  row: number;
  col: number;
  rows: number;
  cols: number;
  formula: string;
}

/**
 * Where a tab's mark and vocabulary inputs are, with the conditional-format formula that highlights a value outside
 * the list: not blank once trimmed and not one of the values (data validation refuses typing one; a paste, an import
 * or an older workbook can hold one, and the reader reports it).
 */
export function checkedAreas(tab: TabLayout, rows: number, cols: number): CheckedArea[] {
  const groups = new Map<string, { values: string[]; mask: boolean[][] }>();
  const mark = (row: number, col: number, type: InputType | undefined, options: string[] | undefined) => {
    const values = type === 'mark' ? MARK_VALUES : type === 'vocab' ? (options ?? []) : [];
    if (!values.length) return;
    const key = JSON.stringify(values);
    if (!groups.has(key)) groups.set(key, { values, mask: Array.from({ length: rows }, () => Array<boolean>(cols).fill(false)) });
    (groups.get(key) as { mask: boolean[][] }).mask[row][col] = true;
  };
  for (const c of tab.cells) if (c.kind === 'input') mark(c.row, c.col, c.type, c.options);
  for (const r of tab.columnRules) for (let row = r.fromRow; row <= r.toRow; row++) mark(row, r.col, r.type, r.options);
  const out: CheckedArea[] = [];
  for (const { values, mask } of groups.values()) {
    const list = `{${values.map((v) => `"${v.replace(/"/g, '""')}"`).join(',')}}`;
    for (const r of rectangles(mask)) {
      const at = a1(r.row, r.col);
      out.push({ ...r, formula: `=AND(LEN(TRIM(${at}))>0,ISNA(MATCH(TRIM(${at}),${list},0)))` });
    }
  }
  return out;
}

/** The API's colour of a #rrggbb. */
function apiColor(hex: string): { red: number; green: number; blue: number } {
  const n = (i: number) => Number.parseInt(hex.slice(i, i + 2), 16) / 255;
  return { red: n(1), green: n(3), blue: n(5) };
}

// ------------------------------------------------------------------ the grid of one tab

interface Rect {
  row: number;
  col: number;
  rows: number;
  cols: number;
}

/** Rectangles covering the cells marked true: runs per row, merged down when they line up. */
export function rectangles(mask: boolean[][]): Rect[] {
  const open = new Map<string, Rect>();
  const done: Rect[] = [];
  mask.forEach((row, r) => {
    const runs: Array<[number, number]> = [];
    for (let c = 0; c < row.length; c++) {
      if (!row[c]) continue;
      const start = c;
      while (c + 1 < row.length && row[c + 1]) c++;
      runs.push([start, c]);
    }
    const seen = new Set<string>();
    for (const [c1, c2] of runs) {
      const key = `${c1}:${c2}`;
      seen.add(key);
      const o = open.get(key);
      if (o && o.row + o.rows === r) o.rows++;
      else {
        if (o) done.push(o);
        open.set(key, { row: r, col: c1, rows: 1, cols: c2 - c1 + 1 });
      }
    }
    for (const [k, o] of open) {
      if (!seen.has(k)) {
        done.push(o);
        open.delete(k);
      }
    }
  });
  for (const o of open.values()) done.push(o);
  return done.sort((a, b) => a.row - b.row || a.col - b.col);
}

export interface TabGrid {
  rows: number;
  cols: number;
  values: unknown[][];
  formats: string[][];
  notes: string[][];
  rules: Array<Array<DataValidation | null>>;
  weights: GoogleAppsScript.Spreadsheet.FontWeight[][];
  editable: boolean[][];
  hasNotes: boolean;
  hasRules: boolean;
  /** Long inputs merged across: [row, col, rows, cols] (0-based), rows grouped. */
  merges: Rect[];
  /** Mark and vocabulary inputs, highlighted when they hold a value outside their list. */
  checked: CheckedArea[];
}

const BOLD_KINDS = new Set(['title', 'section', 'header']);

/** Everything one tab's range receives, computed before any service call. */
export function tabGrid(tab: SheetsTab, rules: RuleCache): TabGrid {
  // Loops, not Math.max(...cells): a tab's cells grow with the account.
  let rows = 1;
  let cols = Math.max(1, tab.widths.length);
  for (const c of tab.cells) {
    rows = Math.max(rows, c.row + 1);
    cols = Math.max(cols, c.col + (c.span ?? 1));
  }
  for (const r of tab.columnRules) {
    rows = Math.max(rows, r.toRow + 1);
    cols = Math.max(cols, r.col + 1);
  }
  for (const f of tab.formulas ?? []) [rows, cols] = [Math.max(rows, f.row + 1), Math.max(cols, f.col + 1)];
  const make = <T>(v: T) => Array.from({ length: rows }, () => Array.from({ length: cols }, () => v));
  const g: TabGrid = {
    rows,
    cols,
    values: make<unknown>(''),
    formats: make(DEFAULT_FORMAT),
    notes: make(''),
    rules: make<DataValidation | null>(null),
    weights: make<GoogleAppsScript.Spreadsheet.FontWeight>('normal'),
    editable: make(false),
    hasNotes: false,
    hasRules: false,
    merges: [],
    checked: checkedAreas(tab, rows, cols),
  };
  for (const r of tab.columnRules) {
    const nf = numberFormatOf(r.type);
    const rule = rules.ruleFor(r.type, r.options, r.min, r.max);
    for (let row = r.fromRow; row <= r.toRow; row++) {
      g.formats[row][r.col] = nf;
      g.editable[row][r.col] = true;
      if (rule) {
        g.rules[row][r.col] = rule;
        g.hasRules = true;
      }
    }
  }
  const spans: LayoutCell[] = [];
  for (const c of tab.cells) {
    if (c.kind === 'input') {
      // A real date is typed as ISO text into a date cell (it becomes a date); everything else is literal — so is a
      // date with spaces around it (Sheets would drop them) or before 1900-03-01 (years below 100 or 1900 are
      // read differently by different programs), so that it reads back exactly as it was.
      const date = c.type === 'date' && isDateValue(c.type, c.value) && /^\d{4}-\d\d-\d\d$/.test(c.value) && c.value >= '1900-03-01';
      g.formats[c.row][c.col] = date ? DATE_FORMAT : inputFormatOf(c.type, c.value);
      g.values[c.row][c.col] = date ? (c.value as string) : cellInput(c.value);
      const rule = rules.ruleFor(c.type, c.options, c.min, c.max);
      if (rule) {
        g.rules[c.row][c.col] = rule;
        g.hasRules = true;
      }
      for (let k = 0; k < (c.span ?? 1); k++) g.editable[c.row][c.col + k] = true;
      if ((c.span ?? 1) > 1) spans.push(c);
    } else if (c.formula) {
      g.values[c.row][c.col] = sheetsFormula(c.formula);
      if (c.kind === 'score') g.formats[c.row][c.col] = INTEGER_FORMAT;
    } else {
      g.values[c.row][c.col] = cellInput(renderText(c.value));
    }
    if (c.note) {
      g.notes[c.row][c.col] = renderText(c.note);
      g.hasNotes = true;
    }
    if (BOLD_KINDS.has(c.kind)) g.weights[c.row][c.col] = 'bold';
  }
  for (const f of tab.formulas ?? []) {
    g.values[f.row][f.col] = renderText(f.formula);
    if (f.format) g.formats[f.row][f.col] = f.format;
  }
  // Long inputs in consecutive rows with the same columns merge in one call.
  spans.sort((a, b) => a.col - b.col || (a.span ?? 1) - (b.span ?? 1) || a.row - b.row);
  for (const c of spans) {
    const last = g.merges[g.merges.length - 1];
    if (last && last.col === c.col && last.cols === c.span && last.row + last.rows === c.row) last.rows++;
    else g.merges.push({ row: c.row, col: c.col, rows: 1, cols: c.span as number });
  }
  return g;
}

/** Column widths in pixels from the layout's widths in characters. */
export function pixelWidth(chars: number): number {
  return Math.round(chars * 9 + 12);
}

/** Runs of equal width: [first column (0-based), count, pixels]. */
export function widthRuns(widths: number[]): Array<[number, number, number]> {
  const px = widths.map(pixelWidth);
  const runs: Array<[number, number, number]> = [];
  for (let c = 0; c < px.length; ) {
    let n = 1;
    while (c + n < px.length && px[c + n] === px[c]) n++;
    runs.push([c, n, px[c]]);
    c += n;
  }
  return runs;
}

/** Sets column widths given in characters, one call per run of equal widths (never column by column). */
export function setColumnWidthsInChars(sheet: GoogleAppsScript.Spreadsheet.Sheet, widths: number[]): void {
  for (const [c, n, px] of widthRuns(widths)) sheet.setColumnWidths(c + 1, n, px);
}

const NEW_SHEET_ROWS = 1000;
const NEW_SHEET_COLUMNS = 26;

/**
 * How many rows a tab is made with: a table's tab (key people, role map, action plan) exactly as many as the table
 * and its room — the health tab passes those tabs to its custom functions as whole columns, and Sheets passes every
 * row a tab has, blank or not, so fewer rows make each call cheaper; below the room a rep adds rows as Sheets offers
 * ("add more rows" at the bottom of the tab), and a row typed there still counts. Every other tab Sheets' default,
 * 1,000, or more when its content needs them.
 */
export function tabRowCount(tab: TabLayout, g: TabGrid): number {
  return TABLE_FORMS.includes(tab.form) ? g.rows : Math.max(NEW_SHEET_ROWS, g.rows);
}

/**
 * A tab's content: values, then number formats, notes, rules, bold. The
 * values go into cells of the automatic format, where a quote prefix is
 * Sheets' documented way to store literal text; the plain-text format of
 * text columns comes after, for what reps type there later.
 */
function writeContent(range: GoogleAppsScript.Spreadsheet.Range, g: TabGrid): void {
  range.setValues(g.values);
  range.setNumberFormats(g.formats);
  if (g.hasNotes) range.setNotes(g.notes);
  if (g.hasRules) range.setDataValidations(g.rules);
  range.setFontWeights(g.weights);
}

function a1OfRect(r: Rect): string {
  return a1Range(r.row, r.col, r.row + r.rows - 1, r.col + r.cols - 1);
}

/** Without the Sheets advanced service: the structure with SpreadsheetApp calls, tab by tab. */
export function renderTabWithSpreadsheetApp(sheet: Sheet, tab: TabLayout, g: TabGrid): void {
  // A new sheet has 1000 rows and 26 columns: ask only when the tab needs more (an existing sheet may have them already).
  if (g.rows > NEW_SHEET_ROWS && g.rows > sheet.getMaxRows()) sheet.insertRowsAfter(sheet.getMaxRows(), g.rows - sheet.getMaxRows());
  // A table's tab only as tall as the table and its room (tabRowCount): the rows below are blank (a new sheet, or a
  // tab the upgrade has cleared).
  const rows = tabRowCount(tab, g);
  if (rows < NEW_SHEET_ROWS && sheet.getMaxRows() > rows) sheet.deleteRows(rows + 1, sheet.getMaxRows() - rows);
  if (g.cols > NEW_SHEET_COLUMNS && g.cols > sheet.getMaxColumns())
    sheet.insertColumnsAfter(sheet.getMaxColumns(), g.cols - sheet.getMaxColumns());
  writeContent(sheet.getRange(1, 1, g.rows, g.cols), g);
  for (const m of g.merges) sheet.getRange(m.row + 1, m.col + 1, m.rows, m.cols).mergeAcross();
  if (tab.frozenRows > 0) sheet.setFrozenRows(tab.frozenRows);
  setColumnWidthsInChars(sheet, tab.widths);
  if (g.checked.length) {
    const ranges = sheet.getRangeList(g.checked.map((c) => a1OfRect({ row: c.row, col: c.col, rows: c.rows, cols: c.cols }))).getRanges();
    const rule = (c: CheckedArea, i: number) =>
      SpreadsheetApp.newConditionalFormatRule()
        .whenFormulaSatisfied(c.formula)
        .setBackground(INVALID_BACKGROUND)
        .setRanges([ranges[i]])
        .build();
    sheet.setConditionalFormatRules(g.checked.map(rule));
  }
  // Labels are protected with a warning (the owner, too, is warned); the inputs are not.
  const protection = sheet.protect().setWarningOnly(true);
  const open = rectangles(g.editable);
  if (open.length) protection.setUnprotectedRanges(sheet.getRangeList(open.map(a1OfRect)).getRanges());
  if (tab.hidden) sheet.hideSheet();
}

/** The tab's bindings as named ranges (bindings.ts), replacing any of the same name. */
export function setBindings(ss: Spreadsheet, sheet: Sheet, tab: TabLayout): void {
  for (const { name, range: r } of tab.names ?? []) ss.setNamedRange(name, sheet.getRange(a1Range(r.row1, r.col1, r.row2, r.col2)));
}

/**
 * The order tabs get their content in (with the Sheets API): the health tab (first, whose formulas read every other
 * tab) last, so that its custom functions run once on the whole workbook rather than again after each tab.
 */
function contentOrder(tabs: TabLayout[]): number[] {
  return [...tabs.keys()].sort((a, b) => Number(a === 0) - Number(b === 0) || a - b);
}

function renderWithSpreadsheetApp(ss: Spreadsheet, tabs: TabLayout[], grids: TabGrid[]): void {
  const existing = ss.getSheets();
  for (const extra of existing.slice(1)) ss.deleteSheet(extra);
  tabs.forEach((tab, i) => {
    const sheet = i === 0 && existing.length ? existing[0].setName(tab.name) : ss.insertSheet(tab.name, i);
    renderTabWithSpreadsheetApp(sheet, tab, grids[i]);
    setBindings(ss, sheet, tab);
  });
}

type Request = GoogleAppsScript.Sheets.Schema.Request;

/**
 * The structure of every tab as Sheets API requests, for one batchUpdate:
 * the tabs (size, frozen rows, hidden), the old sheets deleted, column
 * widths, merges of long inputs, and each tab's warning-only protection with
 * its inputs left open.
 */
export function structureRequests(tabs: TabLayout[], grids: TabGrid[], ids: number[], oldIds: number[]): Request[] {
  const requests: Request[] = [];
  tabs.forEach((tab, i) => {
    const g = grids[i];
    requests.push({
      addSheet: {
        properties: {
          sheetId: ids[i],
          title: tab.name,
          index: i,
          hidden: !!tab.hidden,
          gridProperties: {
            rowCount: tabRowCount(tab, g),
            columnCount: Math.max(NEW_SHEET_COLUMNS, g.cols),
            frozenRowCount: tab.frozenRows,
          },
        },
      },
    });
  });
  for (const sheetId of oldIds) requests.push({ deleteSheet: { sheetId } });
  tabs.forEach((tab, i) => {
    const sheetId = ids[i];
    const g = grids[i];
    for (const [c, n, px] of widthRuns(tab.widths)) {
      requests.push({
        updateDimensionProperties: {
          range: { sheetId, dimension: 'COLUMNS', startIndex: c, endIndex: c + n },
          properties: { pixelSize: px },
          fields: 'pixelSize',
        },
      });
    }
    for (const m of g.merges) {
      requests.push({
        mergeCells: {
          range: { sheetId, startRowIndex: m.row, endRowIndex: m.row + m.rows, startColumnIndex: m.col, endColumnIndex: m.col + m.cols },
          mergeType: 'MERGE_ROWS',
        },
      });
    }
    const open = rectangles(g.editable).map((r) => ({
      sheetId,
      startRowIndex: r.row,
      endRowIndex: r.row + r.rows,
      startColumnIndex: r.col,
      endColumnIndex: r.col + r.cols,
    }));
    requests.push({ addProtectedRange: { protectedRange: { range: { sheetId }, warningOnly: true, unprotectedRanges: open } } });
    g.checked.forEach((c, index) => {
      const range = { sheetId, startRowIndex: c.row, endRowIndex: c.row + c.rows, startColumnIndex: c.col, endColumnIndex: c.col + c.cols };
      const condition = { type: 'CUSTOM_FORMULA', values: [{ userEnteredValue: c.formula }] };
      const format = { backgroundColor: apiColor(INVALID_BACKGROUND) };
      requests.push({ addConditionalFormatRule: { rule: { ranges: [range], booleanRule: { condition, format } }, index } });
    });
    for (const { name, range: r } of tab.names ?? []) {
      requests.push({
        addNamedRange: {
          namedRange: {
            name,
            range: { sheetId, startRowIndex: r.row1, endRowIndex: r.row2 + 1, startColumnIndex: r.col1, endColumnIndex: r.col2 + 1 },
          },
        },
      });
    }
  });
  return requests;
}

/** The Sheets advanced service, when the manifest enables it. */
function sheetsApi(): GoogleAppsScript.Sheets | null {
  return typeof Sheets !== 'undefined' && Sheets && Sheets.Spreadsheets && typeof Sheets.Spreadsheets.batchUpdate === 'function'
    ? Sheets
    : null;
}

/** Sheet ids for the new tabs that the spreadsheet does not use yet. */
function freshIds(n: number, used: number[]): number[] {
  const ids: number[] = [];
  for (let id = 1001; ids.length < n; id++) if (!used.includes(id)) ids.push(id);
  return ids;
}

/** With the Sheets advanced service: the whole structure in one batchUpdate, then each tab's content in one range. */
function renderWithSheetsApi(api: GoogleAppsScript.Sheets, ss: Spreadsheet, tabs: TabLayout[], grids: TabGrid[]): boolean {
  const oldIds = ss.getSheets().map((s) => s.getSheetId());
  const ids = freshIds(tabs.length, oldIds);
  try {
    api.Spreadsheets!.batchUpdate({ requests: structureRequests(tabs, grids, ids, oldIds) }, ss.getId());
  } catch (e) {
    // The batch is atomic: nothing changed, so SpreadsheetApp can do it all instead.
    console.warn(`Sheets API batchUpdate failed, rendering with SpreadsheetApp: ${(e as Error)?.message ?? e}`);
    return false;
  }
  for (const i of contentOrder(tabs)) {
    const g = grids[i];
    writeContent(ss.getRange(`${sheetRef(tabs[i].name)}${a1Range(0, 0, g.rows - 1, g.cols - 1)}`), g);
  }
  return true;
}

/** An account workbook's tabs in Sheets: the health tab first, the layout's tabs, the meta tab with the bindings' places. */
export function sheetsTabs(layout: TabLayout[], locale: Locale): SheetsTab[] {
  return [
    healthTab(layout, locale, sheetsFormula, INTEGER_FORMAT),
    ...layout.map((t) => (t.form === 'meta' ? metaWithPlaces(t, layout) : t)),
  ];
}

export interface RenderResult {
  /** Whether the structure went through the Sheets advanced service (one call) or SpreadsheetApp. */
  via: 'sheets-api' | 'spreadsheet-app';
}

/**
 * Renders an account into a fresh spreadsheet (just created, or copied from
 * the blank template). Whatever sheets it had are replaced by the tabs of
 * the layout, in order.
 */
export function renderWorkbook(ss: Spreadsheet, account: Account, locale: Locale, layout = workbookLayout(account, locale)): RenderResult {
  const tabs = sheetsTabs(layout, locale);
  const rules = new RuleCache(locale);
  const grids = tabs.map((tab) => tabGrid(tab, rules));
  const api = sheetsApi();
  if (api && renderWithSheetsApi(api, ss, tabs, grids)) return { via: 'sheets-api' };
  renderWithSpreadsheetApp(ss, tabs, grids);
  return { via: 'spreadsheet-app' };
}
