import { a1Range } from '../domain/a1';
import { type DefinedName, NAME_PREFIX } from '../domain/bindings';
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

/** The bindings (named ranges) of a spreadsheet as the Sheets API returns them. */
export function namesOfApi(s: GoogleAppsScript.Sheets.Schema.Spreadsheet): DefinedName[] {
  const title = new Map((s.sheets ?? []).map((x) => [x.properties?.sheetId ?? 0, x.properties?.title ?? '']));
  return (s.namedRanges ?? []).map((n) => {
    const r = n.range ?? {};
    const [r1, c1] = [r.startRowIndex ?? 0, r.startColumnIndex ?? 0];
    return {
      name: n.name ?? '',
      sheet: title.get(r.sheetId ?? 0) ?? null,
      ref: a1Range(r1, c1, (r.endRowIndex ?? r1 + 1) - 1, (r.endColumnIndex ?? c1 + 1) - 1),
    };
  });
}

/** A spreadsheet's bindings: one Sheets API call when the advanced service is on, else SpreadsheetApp's named ranges. */
export function readNames(ss: Spreadsheet): DefinedName[] {
  if (typeof Sheets !== 'undefined' && Sheets?.Spreadsheets?.get) {
    return namesOfApi(Sheets.Spreadsheets.get(ss.getId(), { fields: 'namedRanges(name,range),sheets(properties(sheetId,title))' }));
  }
  return ss
    .getNamedRanges()
    .filter((n) => n.getName().startsWith(NAME_PREFIX))
    .map((n) => {
      const r = n.getRange();
      return { name: n.getName(), sheet: r.getSheet().getName(), ref: r.getA1Notation() };
    });
}

/** The account of a spreadsheet, with where each field sits. Throws UnreadableAccountError for other spreadsheets. */
export function readWorkbook(ss: Spreadsheet): ReadResult {
  return readAccountFromGrids(readGrids(ss), readNames(ss));
}
