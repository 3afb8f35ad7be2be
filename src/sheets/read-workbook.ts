import type { GridValue } from '../domain/layout';
import { type Grids, type ReadResult, readAccountFromGrids } from '../domain/read-workbook';

/**
 * Reads an account back from a spreadsheet: each tab's values in one call,
 * dates turned into ISO text in the spreadsheet's time zone, then the
 * domain's reader (the same one the .xlsx adapter uses).
 */

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

function isDate(v: unknown): v is Date {
  return Object.prototype.toString.call(v) === '[object Date]';
}

/** A cell value as the domain reader takes it: dates as 'YYYY-MM-DD', '' as blank. */
export function gridValue(v: unknown, timeZone: string): GridValue {
  if (v === null || v === undefined || v === '') return null;
  if (isDate(v)) return Utilities.formatDate(v, timeZone, 'yyyy-MM-dd');
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return String(v);
}

/** Every tab's values, as plain 2-D grids. */
export function readGrids(ss: Spreadsheet): Grids {
  const tz = ss.getSpreadsheetTimeZone();
  const grids: Grids = {};
  for (const sheet of ss.getSheets()) {
    grids[sheet.getName()] = sheet
      .getDataRange()
      .getValues()
      .map((row) => row.map((v) => gridValue(v, tz)));
  }
  return grids;
}

/** The account of a spreadsheet, with where each field sits. Throws UnreadableAccountError for other spreadsheets. */
export function readWorkbook(ss: Spreadsheet): ReadResult {
  return readAccountFromGrids(readGrids(ss));
}
