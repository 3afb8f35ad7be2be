import { KEY_PEOPLE_FORM } from '../../sheets-templates/forms';
import type { Locale } from '../../sheets-templates/types';
import { TABLE_TAB, tabNames } from '../domain/layout';
import { boundColumns } from '../domain/bindings';
import { cellInput } from './cell-values';
import { readNames } from './read-workbook';
import { numberFormatOf } from './render-workbook';
import { TEXT, t, uiLocale } from './ui-text';
import { requireRole } from './roles';

/**
 * "Record a new visit": asks whose visit it was, and appends a key-people row
 * pre-filled from that person's latest row (latest by visit date, then visit
 * number) with the next visit number and today's date, the two "this visit"
 * changes (closeness, trust) left blank, so the rep types only what changed.
 * A person with no row yet gets a first visit with just the name, number and date.
 */

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

const FIELDS = KEY_PEOPLE_FORM.table.fields;
/** Fields a new visit starts blank: how this visit changed closeness and trust. */
export const CLEARED_ON_NEW_VISIT = ['closeness', 'trust'];
/** The columns a new visit needs to find by their bindings: whose row it is, its number and date, and the first it leaves blank. */
const VISIT_COLUMNS = ['name', 'visitNo', 'visitDate', ...CLEARED_ON_NEW_VISIT];

function isDate(v: unknown): v is Date {
  return Object.prototype.toString.call(v) === '[object Date]';
}

function text(v: unknown): string {
  return v === null || v === undefined ? '' : String(v).trim();
}

/** Columns (0-based) of the key-people fields in a workbook made before bindings: by their header labels (either locale), else by position. */
export function keyPeopleColumns(header: unknown[]): Record<string, number> {
  const clean = header.map((h) => text(h).replace(/\s*\*$/, ''));
  return Object.fromEntries(
    FIELDS.map((f, i) => {
      const at = clean.findIndex((h) => h === f.label.zh || h === f.label.en);
      return [f.id, at >= 0 ? at : i];
    }),
  );
}

function sortKey(v: unknown, timeZone: string): string {
  if (isDate(v)) return Utilities.formatDate(v, timeZone, 'yyyy-MM-dd');
  return text(v);
}

export interface NewVisit {
  /** 1-based sheet row written. */
  row: number;
  visitNo: number;
  /** True when the person had no row before. */
  first: boolean;
  /** 1-based column of the first field the rep fills (closeness). */
  nextColumn: number;
}

/**
 * Appends the new visit of `name` to a key-people sheet (one read, one write). `columns`: where each field is,
 * from the workbook's bindings; without them (a workbook made before bindings) the header labels say.
 */
export function appendVisit(sheet: Sheet, name: string, today: string, timeZone: string, columns?: Record<string, number>): NewVisit {
  const values = sheet.getDataRange().getValues();
  const col = columns ?? keyPeopleColumns(values[TABLE_TAB.headerRow] ?? []);
  const width = Math.max(...Object.values(col)) + 1;
  let lastFilled = TABLE_TAB.headerRow;
  const mine: unknown[][] = [];
  for (let r = TABLE_TAB.firstRow; r < values.length; r++) {
    const row = values[r];
    if (row.slice(0, width).some((v) => text(v) !== '')) lastFilled = r;
    if (text(row[col.name]) === name) mine.push(row);
  }
  const visitNos = mine.map((r) => Number(r[col.visitNo])).filter((n) => Number.isFinite(n));
  const visitNo = (visitNos.length ? visitNos.reduce((m, n) => Math.max(m, n)) : 0) + 1;
  const latest = [...mine].sort((a, b) => {
    const da = sortKey(a[col.visitDate], timeZone);
    const db = sortKey(b[col.visitDate], timeZone);
    if (da !== db) return da < db ? 1 : -1;
    return (Number(b[col.visitNo]) || 0) - (Number(a[col.visitNo]) || 0);
  })[0];
  const out: unknown[] = Array.from({ length: width }, (_, c) => (latest ? latest[c] : ''));
  // Each column's number format is set before the write (text columns as text), so the row reads back as typed
  // wherever it lands — also past the rows the workbook was formatted with (03-18 stays 03-18, 00123 stays 00123).
  const formats: string[] = Array.from({ length: width }, () => numberFormatOf(undefined));
  // A field the forms added since the workbook was made has no column in it.
  const placed = FIELDS.filter((f) => col[f.id] !== undefined);
  for (const f of placed) formats[col[f.id]] = numberFormatOf(f.type);
  for (const f of placed) {
    const c = col[f.id];
    let v: unknown = out[c];
    if (f.id === 'name') v = name;
    else if (f.id === 'visitNo') v = visitNo;
    else if (f.id === 'visitDate') v = today;
    else if (CLEARED_ON_NEW_VISIT.includes(f.id)) v = '';
    // The date is written as typed (it becomes a date cell); the rest as the literal values they were.
    out[c] = f.id === 'visitDate' ? v : cellInput(v, formats[c]);
  }
  const row = lastFilled + 2; // 1-based row after the last filled one
  if (row > sheet.getMaxRows()) sheet.insertRowsAfter(sheet.getMaxRows(), row - sheet.getMaxRows());
  sheet.getRange(row, 1, 1, width).setNumberFormats([formats]).setValues([out]);
  return { row, visitNo, first: !latest, nextColumn: col.closeness + 1 };
}

/** Menu: record a new visit. */
export function recordVisit(): NewVisit | null {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  const locale: Locale = uiLocale(ss.getSpreadsheetLocale());
  const ui = SpreadsheetApp.getUi();
  if (!requireRole(ss, ['account'], locale, ui)) return null;
  let sheet: Sheet | null = null;
  for (const n of tabNames('keyPeople')) sheet ??= ss.getSheetByName(n);
  if (!sheet) {
    ui.alert(t(TEXT.noKeyPeopleTab, locale));
    return null;
  }
  const answer = ui.prompt(t(TEXT.visitTitle, locale), t(TEXT.askPerson, locale), ui.ButtonSet.OK_CANCEL);
  const name = answer.getResponseText().trim();
  if (answer.getSelectedButton() !== ui.Button.OK || !name) return null;
  const tz = ss.getSpreadsheetTimeZone();
  const columns = boundColumns(
    readNames(ss),
    'keyPeople',
    FIELDS.map((f) => f.id),
    sheet.getName(),
    VISIT_COLUMNS,
  );
  const visit = appendVisit(sheet, name, Utilities.formatDate(new Date(), tz, 'yyyy-MM-dd'), tz, columns);
  sheet.getRange(visit.row, visit.nextColumn).activate();
  ss.toast(
    visit.first
      ? t(TEXT.visitFirst, locale, { name, row: visit.row })
      : t(TEXT.visitAdded, locale, { name, no: visit.visitNo, row: visit.row }),
    t(TEXT.visitTitle, locale),
  );
  return visit;
}
