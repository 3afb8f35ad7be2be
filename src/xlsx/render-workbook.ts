import { writeFile } from 'node:fs/promises';
import type ExcelJS from 'exceljs';
import { excel } from './exceljs';
import { ACTION_PLAN_FORM, KEY_PEOPLE_FORM, OVERVIEW_FORM, ROLE_MAP_FORM } from '../../sheets-templates/forms';
import type { FieldDef, Locale } from '../../sheets-templates/types';
import { type Account, type Row, isBlank } from '../domain/account';
import { a1, columnLetter, sheetRef } from '../domain/a1';
import { OUTPUT, bindingName } from '../domain/bindings';
import { isoDayNumber } from '../domain/dates';
import {
  type CellKind,
  type ColumnRule,
  type FormulaSpec,
  type GridValue,
  type InputType,
  type LayoutCell,
  type TabLayout,
  COMP,
  META_TAB,
  isDateValue,
  workbookLayout,
} from '../domain/layout';
import { type CellLocation, type Grids, fromCell, layoutNames, layoutToGrids, readAccountFromGrids } from '../domain/read-workbook';
import { completeness, leadOverField, oppScore, winScore } from '../domain/scoring';
import { XLSX_CELL_LIMIT, textWidth, xlsxText } from './cell-text';
import { BASE_SIZE, COLORS, DATE_FORMAT, FONT, TEXT_FORMAT, numFmtOf, styleOf, wraps } from './styles';
import { HELPER_HEADERS, cellKey, compileTab } from './formulas';
import { AP_HELPER_HEADERS, type ActionPlanHelpers, KP_HELPER_HEADERS, type KeyPeopleHelpers, keyPeopleHelpers } from './health-formulas';
import { type HealthTabOptions, addHealthTab, healthActionPlan } from './render-health';
import { addInputHighlights } from './highlight';

/**
 * Renders an account workbook as .xlsx with ExcelJS: one worksheet per tab of
 * the shared layout (src/domain/layout.ts), with the layout's values, merges,
 * dropdowns, notes, widths and frozen header rows, label cells protected and
 * input cells open, and native formulas for the scores (src/xlsx/formulas.ts).
 *
 * Values are written as given: text stays text (a string starting with `=`
 * is a string cell, never a formula), numbers stay numbers, and an input of
 * a date type holding a real ISO date becomes a date cell shown as
 * yyyy-mm-dd. Nothing is dropped: a value that breaks a rule is written too,
 * and validation reports it.
 */

/** Earliest and latest dates every spreadsheet program stores as a date (Excel's 1900 leap-year bug ends on 1900-03-01). */
const FIRST_DATE_DAY = isoDayNumber('1900-03-01') as number;
const LAST_DATE_DAY = isoDayNumber('9999-12-31') as number;

/** Exactly an ISO date: text with anything around it stays text, so that it reads back as it was. */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The workbook value of a layout value (text escaped so that it reads back unchanged). */
function cellValue(c: { value: GridValue; kind: CellKind; type?: InputType }): ExcelJS.CellValue {
  const v = c.value;
  if (v === null || v === '') return null;
  if (typeof v === 'string') {
    if (c.kind === 'input' && isDateValue(c.type, v) && ISO_DATE.test(v)) {
      const day = isoDayNumber(v) as number;
      if (day >= FIRST_DATE_DAY && day <= LAST_DATE_DAY) return new Date(day * 86_400_000);
    }
    return xlsxText(v);
  }
  if (typeof v === 'number') return Number.isFinite(v) ? v : xlsxText(String(v));
  return v;
}

// ------------------------------------------------------------------ sizes

/** Lines a text needs in a width (column units), wrapping at the width. */
function linesFor(text: string, width: number): number {
  const avail = Math.max(4, width - 1.5);
  return text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(textWidth(line) / avail)), 0);
}

const LINE_PT = 14;

function fontSizeOf(kind: CellKind, type?: InputType): number {
  if (kind === 'title') return 15;
  if (kind === 'section' || kind === 'score' || type === 'mark') return 12;
  if (kind === 'subtitle') return 11;
  return BASE_SIZE;
}

/** A row height (points) that shows the cell's text, or undefined when the default does. */
function heightFor(c: LayoutCell, width: number): number | undefined {
  const size = fontSizeOf(c.kind, c.type);
  const lineHeight = Math.max(LINE_PT, size * 1.35);
  const text = c.value === null ? '' : String(c.value);
  const wrap = c.kind === 'header' || c.kind === 'label' || c.kind === 'subtitle' || (c.kind === 'input' && wraps(c.type));
  let lines = wrap ? linesFor(text, width) : 1;
  // A free-text field (not a table cell) offers room for a few lines.
  if (c.kind === 'input' && c.type === 'longText' && (c.span ?? 1) > 1) lines = Math.max(lines, 3);
  const h = Math.ceil(lines * lineHeight + 4);
  return h > 18 || c.kind === 'title' ? Math.max(h, c.kind === 'title' ? 28 : 0) : undefined;
}

// ------------------------------------------------------------------ scores

/**
 * The value each score cell shows for the tab's values (the cached result
 * written with its formula, for viewers that do not recalculate), computed
 * by the scoring engine from the cells as the reader reads them.
 */
export function scoreValues(tab: TabLayout, grids: Grids): Map<string, GridValue> {
  const grid = grids[tab.name] ?? [];
  const specs = new Map(tab.cells.filter((c) => c.formula).map((c) => [cellKey(c.row, c.col), c.formula as FormulaSpec]));
  const memo = new Map<string, GridValue>();
  const at = (r: number, c: number) => grid[r]?.[c] ?? null;
  const column = (r1: number, r2: number, c: number, type: InputType) => {
    const out: unknown[] = [];
    for (let r = r1; r <= r2; r++) out.push(fromCell(at(r, c), type));
    return out;
  };
  const valueAt = (key: string): GridValue => {
    if (memo.has(key)) return memo.get(key) as GridValue;
    const f = specs.get(key);
    const v = f ? compute(f) : null;
    memo.set(key, v);
    return v;
  };
  const compute = (f: FormulaSpec): GridValue => {
    switch (f.fn) {
      case 'opp':
        return oppScore(
          column(f.marks.row1, f.marks.row2, f.marks.col1, 'mark'),
          f.group,
          column(f.weights.row1, f.weights.row2, f.weights.col1, 'weight'),
        );
      case 'win':
        if (f.nameCell && fromCell(at(f.nameCell.row, f.nameCell.col), 'text') === undefined) return '';
        return winScore(column(f.marks.row1, f.marks.row2, f.marks.col1, 'mark'));
      case 'completeness':
        return completeness(column(f.marks.row1, f.marks.row2, f.marks.col1, 'mark'));
      case 'lead': {
        const ours = valueAt(cellKey(f.ours.row, f.ours.col));
        const others: number[] = [];
        for (let c = f.competitors.col1; c <= f.competitors.col2; c++) {
          const v = valueAt(cellKey(f.competitors.row1, c));
          if (typeof v === 'number') others.push(v);
        }
        return typeof ours === 'number' ? (leadOverField(ours, others) ?? '') : '';
      }
      case 'ref': {
        const v = grids[f.sheet]?.[f.cell.row]?.[f.cell.col] ?? null;
        return v === null ? '' : v;
      }
    }
  };
  for (const key of specs.keys()) valueAt(key);
  return memo;
}

// ------------------------------------------------------------------ render

const PROTECTION: Partial<ExcelJS.WorksheetProtection> = {
  selectLockedCells: true,
  selectUnlockedCells: true,
  formatCells: true,
  formatColumns: true,
  formatRows: true,
  insertRows: true,
  deleteRows: true,
  insertHyperlinks: true,
  autoFilter: true,
};

/** The longest list of options Excel takes written out in a validation (`"a,b,c"`): 255 characters. */
const MAX_LIST_LITERAL = 255;

/**
 * Dropdown lists too long to write out (the action plan's 针对: every red flag
 * and assessment item) are written once into the hidden meta tab, from column
 * D on, and the validations refer to their range.
 */
class ListSource {
  readonly lists: string[][] = [];

  formula(options: string[]): string {
    const literal = `"${options.map((o) => o.replace(/"/g, '""')).join(',')}"`;
    if (literal.length <= MAX_LIST_LITERAL) return literal;
    let k = this.lists.findIndex((l) => l.join('\u0000') === options.join('\u0000'));
    if (k < 0) k = this.lists.push(options) - 1;
    const col = columnLetter(META_LIST_COL + k);
    return `${sheetRef(META_TAB)}$${col}$1:$${col}$${options.length}`;
  }

  write(wb: ExcelJS.Workbook): void {
    const ws = wb.getWorksheet(META_TAB);
    if (!ws) return;
    this.lists.forEach((list, k) =>
      list.forEach((o, r) => {
        ws.getCell(r + 1, META_LIST_COL + k + 1).value = xlsxText(o);
      }),
    );
  }
}

/** Column (0-based) of the meta tab's first list (A and B hold its keys and values). */
const META_LIST_COL = 3;

function listValidation(options: string[], type: InputType | undefined, locale: Locale, lists: ListSource): ExcelJS.DataValidation {
  const zh = locale === 'zh';
  const mark = type === 'mark';
  return {
    type: 'list',
    allowBlank: true,
    formulae: [lists.formula(options)],
    showErrorMessage: true,
    // Marks: a warning, not a stop, so that full-width ＋ － ？ (typed with a Chinese IME) can be kept.
    errorStyle: mark ? 'warning' : 'stop',
    errorTitle: zh ? '请从下拉列表中选择' : 'Choose from the list',
    error: mark
      ? zh
        ? '评估只能填 + - ? 或留空（全角 ＋ － ？ 也可以）。要保留输入的内容吗？'
        : 'A mark is + - ? or blank (full-width ＋ － ？ work too). Keep what you typed?'
      : zh
        ? `可选：${options.join('、')}`
        : `Options: ${options.join(', ')}`,
  };
}

/**
 * A warning (not a stop: what was typed can be kept, and validation reports
 * it) for number and date inputs, with the field's bounds.
 */
function valueValidation(
  type: InputType | undefined,
  min: number | undefined,
  max: number | undefined,
  locale: Locale,
): ExcelJS.DataValidation | undefined {
  const zh = locale === 'zh';
  const common = { allowBlank: true, showErrorMessage: true, errorStyle: 'warning' };
  if (type === 'date') {
    return {
      ...common,
      type: 'date',
      operator: 'greaterThan',
      formulae: [new Date(Date.UTC(1900, 0, 1))],
      errorTitle: zh ? '日期' : 'Date',
      error: zh ? '请填日期，如 2026-10-12。要保留输入的内容吗？' : 'Enter a date such as 2026-10-12. Keep what you typed?',
    } as ExcelJS.DataValidation;
  }
  if (type !== 'integer' && type !== 'number' && type !== 'weight') return undefined;
  const lo = type === 'weight' ? 0 : min;
  const bounds =
    lo !== undefined && max !== undefined ? `${lo}–${max}` : lo !== undefined ? `≥ ${lo}` : max !== undefined ? `≤ ${max}` : '';
  const what = type === 'integer' ? (zh ? '整数' : 'a whole number') : zh ? '数字' : 'a number';
  return {
    ...common,
    type: type === 'integer' ? 'whole' : 'decimal',
    operator:
      lo !== undefined && max !== undefined
        ? 'between'
        : lo !== undefined
          ? 'greaterThanOrEqual'
          : max !== undefined
            ? 'lessThanOrEqual'
            : 'between',
    formulae: lo !== undefined && max !== undefined ? [lo, max] : lo !== undefined ? [lo] : max !== undefined ? [max] : [-1e15, 1e15],
    errorTitle: zh ? '数字' : 'Number',
    error: zh
      ? `请填${what}${bounds ? `（${bounds}）` : ''}。要保留输入的内容吗？`
      : `Enter ${what}${bounds ? ` (${bounds})` : ''}. Keep what you typed?`,
  } as ExcelJS.DataValidation;
}

function renderTab(
  wb: ExcelJS.Workbook,
  tab: TabLayout,
  locale: Locale,
  grids: Grids,
  lists: ListSource,
  kp?: KeyPeopleHelpers,
  ap?: ActionPlanHelpers,
): void {
  const ws = wb.addWorksheet(tab.name, { state: tab.hidden ? 'hidden' : 'visible' });
  // The layout's widths, widened where a short one-cell label would otherwise wrap.
  const widths = tab.widths.map((w) => Math.max(4, w));
  for (const c of tab.cells) {
    if ((c.kind === 'label' || c.kind === 'reference') && (c.span ?? 1) === 1 && typeof c.value === 'string' && c.col < widths.length) {
      const need = textWidth(c.value) + 2;
      if (need <= 14 && need > widths[c.col]) widths[c.col] = need;
    }
  }
  widths.forEach((w, i) => {
    ws.getColumn(i + 1).width = w;
  });
  const widthOf = (col: number, span = 1) => {
    let w = 0;
    for (let c = col; c < col + span; c++) w += widths[c] ?? 9;
    return w;
  };

  // Column rules first: a whole-column style is the default of the cells written after it.
  const lastLaidOutRow = tab.cells.reduce((m, c) => Math.max(m, c.row), 0);
  for (const rule of tab.columnRules) if (rule.toRow > lastLaidOutRow) applyColumnRule(ws, rule, locale, lastLaidOutRow, lists);

  // Cells whose dropdown comes from a column rule (one validation per range, none overlapping).
  const ruled = new Set<string>();
  for (const rule of tab.columnRules)
    if (rule.options?.length || valueValidation(rule.type, rule.min, rule.max, locale))
      for (let r = rule.fromRow; r <= rule.toRow; r++) ruled.add(cellKey(r, rule.col));

  // Formulas and the helper columns they use.
  const compiled = compileTab(tab);
  const results = scoreValues(tab, grids);

  const heights = new Map<number, number>();
  for (const c of tab.cells) {
    const cell = ws.getCell(c.row + 1, c.col + 1);
    const style = styleOf(c.kind, locale, c.type);
    if (c.formula) {
      const formula = compiled.formulas.get(cellKey(c.row, c.col)) as string;
      const result = results.get(cellKey(c.row, c.col)) ?? null;
      cell.value = { formula, result: typeof result === 'string' ? xlsxText(result) : (result ?? undefined) } as ExcelJS.CellFormulaValue;
      if (c.formula.fn === 'lead') style.numFmt = '+0;-0;0';
      if (c.kind === 'reference') style.numFmt = 'General';
    } else {
      cell.value = cellValue(c);
      if (cell.value instanceof Date) style.numFmt = DATE_FORMAT;
      // Text is a text cell whatever the field (F2 + Enter on `=1+1` in a number field must not make a formula);
      // a number in a date field is a plain number, so that it reads back as the number it is, not a date.
      else if (c.kind === 'input' && typeof c.value === 'string' && c.value !== '') style.numFmt = TEXT_FORMAT;
      else if (c.value !== null && c.value !== '' && (c.type === 'date' || c.type === 'dateOrMonthDay')) style.numFmt = 'General';
    }
    if (typeof c.value === 'number' && c.kind === 'label') style.alignment = { ...style.alignment, horizontal: 'center' };
    if (c.kind === 'input' && c.type === 'text' && tab.form === 'competitiveness' && c.row === COMP.namesRow) {
      style.font = { ...style.font, bold: true };
      style.alignment = { ...style.alignment, horizontal: 'center' };
    }
    if (c.note) cell.note = { texts: [{ text: c.note, font: { name: FONT[locale], size: 9 } }] } as ExcelJS.Comment;
    const span = c.span ?? 1;
    for (let k = 0; k < span; k++) ws.getCell(c.row + 1, c.col + 1 + k).style = style;
    if (span > 1) ws.mergeCells(c.row + 1, c.col + 1, c.row + 1, c.col + span);
    const h = heightFor(c, widthOf(c.col, span));
    if (h !== undefined) heights.set(c.row, Math.max(heights.get(c.row) ?? 0, h));
    if (c.kind === 'input' && !ruled.has(cellKey(c.row, c.col))) {
      const dv = c.options?.length ? listValidation(c.options, c.type, locale, lists) : valueValidation(c.type, c.min, c.max, locale);
      if (dv) cell.dataValidation = dv;
    }
  }
  for (const [row, h] of heights) ws.getRow(row + 1).height = Math.min(h, 400);
  for (const rule of tab.columnRules) if (rule.toRow <= lastLaidOutRow) applyColumnRule(ws, rule, locale, lastLaidOutRow, lists);

  // Hidden helper columns: each row's normalised mark or weight, locked.
  const headerRow = Math.max(0, tab.frozenRows - 1);
  for (const h of compiled.helperColumns) {
    const col = ws.getColumn(h.col + 1);
    col.width = 14;
    col.hidden = true;
    const head = ws.getCell(headerRow + 1, h.col + 1);
    head.value = `${HELPER_HEADERS[h.kind][locale]} (${a1(0, h.source).replace(/\d+$/, '')})`;
    head.style = { font: { name: FONT[locale], size: 9, italic: true, color: { argb: COLORS.helperFont } }, protection: { locked: true } };
  }
  for (const h of compiled.helpers) {
    const cell = ws.getCell(h.row + 1, h.col + 1);
    cell.value = { formula: h.formula } as ExcelJS.CellFormulaValue;
    cell.style = { font: { name: FONT[locale], size: 9, color: { argb: COLORS.helperFont } }, protection: { locked: true, hidden: true } };
  }
  if (compiled.helperColumns.length && tab.form !== 'meta') {
    // The helpers are ours, not the rep's content: a binding says so (bindings.ts, `out`).
    const cols = compiled.helperColumns.map((h) => h.col);
    const rows = [headerRow, ...compiled.helpers.map((h) => h.row)];
    const last = Math.max(...rows);
    const ref = `$${a1(Math.min(...rows), Math.min(...cols)).replace(/(\d+)$/, '$$$1')}:$${a1(last, Math.max(...cols)).replace(/(\d+)$/, '$$$1')}`;
    wb.definedNames.add(`${sheetRef(tab.name)}${ref}`, bindingName(tab.form, OUTPUT, 'helpers'));
  }

  if (kp) writeTableHelpers(wb, ws, kp, KP_HELPER_HEADERS, 'keyPeople', headerRow, locale);
  if (ap) writeTableHelpers(wb, ws, ap, AP_HELPER_HEADERS, 'actionPlan', headerRow, locale);
  addInputHighlights(ws, tab);

  if (tab.frozenRows > 0) {
    ws.views = [{ state: 'frozen', xSplit: 0, ySplit: tab.frozenRows, topLeftCell: a1(tab.frozenRows, 0), activeCell: 'A1' }];
  }
  const totalWidth = widths.reduce((a, b) => a + b, 0);
  ws.pageSetup = {
    paperSize: 9,
    orientation: totalWidth > 95 ? 'landscape' : 'portrait',
    fitToPage: true,
    fitToWidth: Math.max(1, Math.ceil(totalWidth / 200)),
    fitToHeight: 0,
    printTitlesRow: tab.frozenRows > 0 ? `1:${tab.frozenRows}` : undefined,
    margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
  } as Partial<ExcelJS.PageSetup>;
  void ws.protect('', PROTECTION);
}

interface TableHelpers<K extends string> {
  sheet: string;
  firstRow: number;
  lastRow: number;
  columns: Array<{ kind: K; col: number }>;
  rowFormulas(row: number): Record<K, string>;
}

/** A table's hidden helper columns (health-formulas.ts: key people, action plan) over its rows and its room, locked. */
function writeTableHelpers<K extends string>(
  wb: ExcelJS.Workbook,
  ws: ExcelJS.Worksheet,
  kp: TableHelpers<K>,
  headers: Record<K, { zh: string; en: string }>,
  form: string,
  headerRow: number,
  locale: Locale,
): void {
  const style: Partial<ExcelJS.Style> = {
    font: { name: FONT[locale], size: 9, color: { argb: COLORS.helperFont } },
    protection: { locked: true, hidden: true },
  };
  for (const h of kp.columns) {
    const col = ws.getColumn(h.col + 1);
    col.width = 14;
    col.hidden = true;
    const head = ws.getCell(headerRow + 1, h.col + 1);
    head.value = headers[h.kind][locale];
    head.style = { ...style, font: { ...style.font, italic: true } };
  }
  // One shared formula per column (the first row's; every spreadsheet program moves shared formulas with the rows).
  const first = kp.rowFormulas(kp.firstRow);
  for (const h of kp.columns) {
    const master = a1(kp.firstRow, h.col);
    for (let r = kp.firstRow; r <= kp.lastRow; r++) {
      const cell = ws.getCell(r + 1, h.col + 1);
      const shared = { formula: first[h.kind], shareType: 'shared', ref: `${master}:${a1(kp.lastRow, h.col)}` };
      cell.value = (r === kp.firstRow ? shared : { sharedFormula: master }) as unknown as ExcelJS.CellFormulaValue;
      cell.style = style;
    }
  }
  const cols = kp.columns.map((h) => h.col);
  const ref = `$${a1(headerRow, Math.min(...cols)).replace(/(\d+)$/, '$$$1')}:$${a1(kp.lastRow, Math.max(...cols)).replace(/(\d+)$/, '$$$1')}`;
  wb.definedNames.add(`${sheetRef(kp.sheet)}${ref}`, bindingName(form, OUTPUT, 'helpers'));
}

/**
 * A table column's dropdown and format down to the rule's last row, every
 * cell in it open for input. A rule reaching past the laid-out rows (room to
 * append) styles the whole column, so that rows appended anywhere below are
 * open too; the laid-out cells keep their own styles.
 */
function applyColumnRule(ws: ExcelJS.Worksheet, rule: ColumnRule, locale: Locale, lastLaidOutRow: number, lists: ListSource): void {
  const style: Partial<ExcelJS.Style> = {
    font: { name: FONT[locale], size: BASE_SIZE },
    numFmt: numFmtOf(rule.type),
    alignment: { vertical: 'middle', wrapText: wraps(rule.type) },
    protection: { locked: false },
  };
  if (rule.toRow > lastLaidOutRow) {
    ws.getColumn(rule.col + 1).style = style;
  } else {
    for (let r = rule.fromRow; r <= rule.toRow; r++) {
      const cell = ws.getCell(r + 1, rule.col + 1);
      if (cell.style?.protection?.locked !== false) cell.style = style;
    }
  }
  const dv = rule.options?.length
    ? listValidation(rule.options, rule.type, locale, lists)
    : valueValidation(rule.type, rule.min, rule.max, locale);
  if (dv) {
    // Range validations are in ExcelJS's model but not its typings.
    (ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations.add(
      `${a1(rule.fromRow, rule.col)}:${a1(rule.toRow, rule.col)}`,
      dv,
    );
  }
}

export { XLSX_CELL_LIMIT };

export interface OverlongCell {
  sheet: string;
  cell: string;
  length: number;
}

function overlongIn(layout: TabLayout[]): OverlongCell[] {
  const out: OverlongCell[] = [];
  for (const tab of layout) {
    for (const c of tab.cells) {
      if (typeof c.value === 'string' && c.value.length > XLSX_CELL_LIMIT)
        out.push({ sheet: tab.name, cell: a1(c.row, c.col), length: c.value.length });
    }
  }
  return out;
}

/** The cells of the account's workbook whose text is longer than an .xlsx cell holds. */
export function overlongCells(account: Account, locale: Locale = 'zh'): OverlongCell[] {
  return overlongIn(workbookLayout(account, locale));
}

/** Raised instead of writing a workbook in which Excel would cut text short. */
export class CellTooLongError extends Error {
  constructor(readonly cells: OverlongCell[]) {
    const list = cells.map((c) => `${c.sheet}!${c.cell} (${c.length})`).join(', ');
    super(
      `${cells.length} value(s) longer than an .xlsx cell holds (${XLSX_CELL_LIMIT} characters), not written so that nothing is cut: ${list}`,
    );
    this.name = 'CellTooLongError';
  }
}

/**
 * The account's workbook (ExcelJS), every tab of the layout (the account's current one unless given: tests lay out
 * an older template's). Throws CellTooLongError rather than write text Excel would cut.
 */
export function renderAccountWorkbook(
  account: Account,
  locale: Locale = 'zh',
  opts: HealthTabOptions = {},
  layout = workbookLayout(account, locale),
): ExcelJS.Workbook {
  const overlong = overlongIn(layout);
  if (overlong.length) throw new CellTooLongError(overlong);
  const grids = layoutToGrids(layout);
  const wb = new (excel().Workbook)();
  wb.creator = 'ka-sales';
  wb.created = new Date();
  wb.modified = wb.created;
  wb.calcProperties = { fullCalcOnLoad: true };
  // The health tab first: it is what a rep sees on opening the workbook.
  const kp = keyPeopleHelpers(layout.find((t) => t.form === 'keyPeople') as TabLayout);
  addHealthTab(wb, account, layout, kp, locale, opts);
  const lists = new ListSource();
  const ap = healthActionPlan(layout, locale);
  for (const tab of layout)
    renderTab(wb, tab, locale, grids, lists, tab.form === 'keyPeople' ? kp : undefined, tab.form === 'actionPlan' ? ap : undefined);
  lists.write(wb);
  for (const n of layoutNames(layout)) wb.definedNames.add(`${sheetRef(n.sheet as string)}${absoluteRef(n.ref)}`, n.name);
  wb.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 0, visibility: 'visible' }];
  return wb;
}

/** `B3` → `$B$3`, `A5:Z304` → `$A$5:$Z$304`. */
function absoluteRef(ref: string): string {
  return ref.replace(/([A-Z]+)(\d+)/g, '$$$1$$$2');
}

/** The account's workbook as .xlsx bytes. */
export async function accountWorkbookBuffer(account: Account, locale: Locale = 'zh', opts: HealthTabOptions = {}): Promise<Buffer> {
  return Buffer.from(await renderAccountWorkbook(account, locale, opts).xlsx.writeBuffer());
}

/** Writes the account's workbook to a file. */
export async function writeAccountWorkbook(
  account: Account,
  file: string,
  locale: Locale = 'zh',
  opts: HealthTabOptions = {},
): Promise<void> {
  await writeFile(file, await accountWorkbookBuffer(account, locale, opts));
}

/**
 * Where each account path lands in the workbook rendered from this account
 * (tab and cell), for reporting the problems of the JSON it was built from.
 * Rows are located by position, including rows the reader would skip as
 * empty (they are given a stand-in value so that row numbers line up).
 */
export function renderedLocations(account: Account, locale: Locale = 'zh'): Record<string, CellLocation> {
  const probe = structuredClone(account);
  const holdSomething = (rows: unknown, fields: FieldDef[], fixed?: string) => {
    if (!Array.isArray(rows)) return;
    const target = fields.find((f) => f.id !== fixed) as FieldDef;
    for (const r of rows as Row[]) {
      if (!fields.some((f) => f.id !== fixed && !isBlank(r[f.id]))) r[target.id] = '\u0001';
    }
  };
  holdSomething(probe.keyPeople, KEY_PEOPLE_FORM.table.fields);
  holdSomething(probe.roleMap, ROLE_MAP_FORM.table.fields, 'role');
  holdSomething(probe.actionPlan, ACTION_PLAN_FORM.table.fields);
  for (const block of OVERVIEW_FORM.blocks) if (block.kind === 'table') holdSomething(probe.overview[block.path[0]], block.fields);
  const tabs = workbookLayout(probe, locale);
  return readAccountFromGrids(layoutToGrids(tabs), layoutNames(tabs)).locations;
}
