import { isUnreadableAccount } from '../../domain/account';
import { isoFromDayNumber, serialDayNumber } from '../../domain/dates';
import type { GridValue } from '../../domain/layout';
import type { DefinedName } from '../../domain/bindings';
import { type Grids, readAccountFromGrids } from '../../domain/read-workbook';
import { type RollupOptions, type RollupRow, rollupRow } from '../../domain/rollup';
import { DEFAULT_SETTINGS } from '../../domain/assessment';
import { validateRead } from '../../domain/validate';
import { namesOfApi } from '../read-workbook';
import { errorText } from './cells';
import type { FailureKind } from './texts';

/**
 * Reads one account workbook for the roll-up, in ONE service call:
 * `Sheets.Spreadsheets.get(id, {includeGridData, fields})` of the Sheets
 * advanced service returns the values of every tab at once. SpreadsheetApp
 * cannot read several tabs in one call (openById, then one getValues per
 * tab: seven calls per workbook). The price is the Sheets API's quota of 60
 * read requests per minute per user, so reads are paced at most one a
 * second (`minGapMs`), and a quota error is retried by a later run.
 *
 * When the Sheets advanced service is not enabled, the workbook is read with
 * SpreadsheetApp through the account-workbook adapter's reader (openById,
 * then getSheets and one getDataRange().getValues() per tab: 2 + 3 × tabs
 * calls; see bench/summary-model.ts).
 *
 * Only raw values are read: the refresh computes every score with the domain
 * engine and never takes a custom function's result out of another file.
 */

export type ReadOutcome =
  | { ok: true; grids: Grids; names?: DefinedName[]; calls: number }
  | { ok: false; kind: FailureKind; message: string; calls: number };

export function sheetsApiAvailable(): boolean {
  return typeof Sheets !== 'undefined' && !!Sheets && !!Sheets.Spreadsheets;
}

/**
 * What a cell holds, as getValues would give it: a number in a cell formatted
 * as a date (the API renders it as a serial) is the ISO date; any other number
 * stays a number (only the cell's format says it is a date).
 */
function cellValueOf(cell: GoogleAppsScript.Sheets.Schema.CellData | undefined): GridValue {
  const v = cell?.effectiveValue;
  if (!v) return null;
  if (v.stringValue !== undefined) return v.stringValue;
  const kind = cell?.effectiveFormat?.numberFormat?.type;
  const day = kind === 'DATE' || kind === 'DATE_TIME' ? serialDayNumber(v.numberValue) : null;
  if (day !== null) return isoFromDayNumber(day);
  if (v.numberValue !== undefined) return v.numberValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.errorValue) return `#${v.errorValue.type ?? 'ERROR'}`;
  return null;
}

export function gridsOfSpreadsheet(s: GoogleAppsScript.Sheets.Schema.Spreadsheet): Grids {
  const grids: Grids = {};
  for (const sheet of s.sheets ?? []) {
    const title = sheet.properties?.title;
    if (!title) continue;
    const g: GridValue[][] = [];
    for (const block of sheet.data ?? []) {
      const r0 = block.startRow ?? 0;
      const c0 = block.startColumn ?? 0;
      (block.rowData ?? []).forEach((row, i) => {
        g[r0 + i] ??= [];
        const out = g[r0 + i];
        (row.values ?? []).forEach((cell, j) => {
          out[c0 + j] = cellValueOf(cell);
        });
      });
    }
    for (let r = 0; r < g.length; r++) g[r] = Array.from(g[r] ?? [], (v) => (v === undefined ? null : v));
    grids[title] = g;
  }
  return grids;
}

/** The failure kind of an error thrown by openById or the Sheets API. */
export function classifyError(e: unknown): FailureKind {
  const m = errorText(e);
  if (/not found|was not found|does not exist|\b404\b|property openById/i.test(m)) return 'gone';
  if (/permission|access denied|forbidden|\b403\b|not have access/i.test(m)) return 'no-access';
  return 'transient';
}

export interface ReadOptions {
  /** Reads a workbook with SpreadsheetApp (the adapter's reader) when the Sheets API is not enabled. */
  fallback?: (id: string) => Grids;
  /** Sheets API read calls made in this run, for pacing. */
  pace?: { last: number; minGapMs: number; now: () => number; sleep: (ms: number) => void };
}

/** Reads one workbook's tabs. Never throws: a failure comes back with its kind and message. */
export function readWorkbookGrids(id: string, opts: ReadOptions = {}): ReadOutcome {
  if (sheetsApiAvailable()) {
    const p = opts.pace;
    if (p && p.last > 0) {
      const wait = p.last + p.minGapMs - p.now();
      if (wait > 0) p.sleep(wait);
    }
    // Paced start to start (the quota counts requests per minute): a read's own latency is part of its gap.
    if (p) p.last = p.now();
    try {
      const s = (Sheets as GoogleAppsScript.Sheets).Spreadsheets.get(id, {
        includeGridData: true,
        fields:
          'namedRanges(name,range),sheets(properties(title,sheetId),data(startRow,startColumn,rowData(values(effectiveValue,effectiveFormat/numberFormat/type))))',
      });
      return { ok: true, grids: gridsOfSpreadsheet(s), names: namesOfApi(s), calls: 1 };
    } catch (e) {
      return { ok: false, kind: classifyError(e), message: errorText(e), calls: 1 };
    }
  }
  if (!opts.fallback) return { ok: false, kind: 'transient', message: 'no reader: enable the Sheets advanced service', calls: 0 };
  try {
    return { ok: true, grids: opts.fallback(id), calls: 0 };
  } catch (e) {
    if (isUnreadableAccount(e)) return { ok: false, kind: 'broken', message: e.message, calls: 0 };
    return { ok: false, kind: classifyError(e), message: errorText(e), calls: 0 };
  }
}

export type RowOutcome = { ok: true; row: RollupRow } | { ok: false; kind: FailureKind; message: string };

/** The roll-up row of a workbook from its tabs: the domain reads, validates and scores it. */
export function rollupFromGrids(grids: Grids, file: string, asOf: string, names: DefinedName[] = [], opts: RollupOptions = {}): RowOutcome {
  try {
    const read = readAccountFromGrids(grids, names);
    const problems = validateRead(read).length;
    return { ok: true, row: rollupRow(read.account, file, problems, asOf, DEFAULT_SETTINGS, opts) };
  } catch (e) {
    if (isUnreadableAccount(e)) return { ok: false, kind: 'broken', message: e.message };
    return { ok: false, kind: 'broken', message: errorText(e) };
  }
}
