import type { Locale, Localized } from '../../../sheets-templates/types';
import { cutText } from '../../domain/messages';
import { setColumnWidthsInChars } from '../render-workbook';
import { asText, cellOf, errorText, localTime, rewriteOf, spreadsheetIdOf, workbookUrl } from './cells';
import type { Block } from './summary-tabs';
import { type EntryStatus, MESSAGES, REGISTRY_COLUMNS, REGISTRY_TAB, STATUS_LABELS, fill, localeOf } from './texts';

/**
 * The registry of account workbooks: tab 账户清单 of the manager's summary
 * spreadsheet, one row per workbook (file id, link, name, added at, last read,
 * status, note). Workbooks created from the menu register themselves; the
 * manager adds existing ones by link. A manager may also paste a link into
 * the link column by hand: the id is then taken from the link.
 *
 * Which summary a new workbook registers in: the one recorded in the
 * spreadsheet it was made from (roles.ts), passed as `summaryId`. Without it,
 * registration is skipped and says so; the manager can always add the
 * workbook by link.
 */

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

export interface RegistryEntry {
  /** 1-based sheet row. */
  row: number;
  /** The workbook's id (from the id column, else from the link); null when neither holds one. */
  id: string | null;
  url: string;
  name: string;
  addedAt: string;
  lastRead: string;
  status: EntryStatus;
  note: string;
  /** The row's cells as read. */
  cells: unknown[];
}

const COL = Object.fromEntries(REGISTRY_COLUMNS.map((c, i) => [c.id, i])) as Record<(typeof REGISTRY_COLUMNS)[number]['id'], number>;
export const REGISTRY_WIDTH = REGISTRY_COLUMNS.length;

/** A tab by its name in either locale. */
export function findTab(ss: Spreadsheet, name: Localized): Sheet | null {
  return ss.getSheetByName(name.zh) ?? ss.getSheetByName(name.en);
}

export function summaryLocale(ss: Spreadsheet): Locale {
  return localeOf(ss.getSpreadsheetLocale());
}

/** The registry tab, created (header, widths, frozen header) when missing. */
export function ensureRegistryTab(ss: Spreadsheet, locale: Locale): Sheet {
  const found = findTab(ss, REGISTRY_TAB);
  if (found) return found;
  const sheet = ss.insertSheet(REGISTRY_TAB[locale]);
  sheet
    .getRange(1, 1, 1, REGISTRY_WIDTH)
    .setValues([REGISTRY_COLUMNS.map((c) => c.label[locale])])
    .setFontWeight('bold');
  sheet.setFrozenRows(1);
  setColumnWidthsInChars(
    sheet,
    REGISTRY_COLUMNS.map((c) => c.width),
  );
  return sheet;
}

function str(v: unknown): string {
  if (v instanceof Date) return v.toISOString();
  return v === null || v === undefined ? '' : String(v).trim();
}

export function parseStatus(v: unknown): EntryStatus {
  const s = str(v);
  for (const [k, l] of Object.entries(STATUS_LABELS) as Array<[EntryStatus, Localized]>) if (s === k || s === l.zh || s === l.en) return k;
  return 'new';
}

/** The registry's rows from its values (header first). Rows holding neither an id nor a link are skipped. */
export function parseRegistry(values: unknown[][]): RegistryEntry[] {
  const out: RegistryEntry[] = [];
  for (let r = 1; r < values.length; r++) {
    const cells = values[r] ?? [];
    const idCell = str(cells[COL.id]);
    const url = str(cells[COL.url]);
    if (!idCell && !url) continue;
    out.push({
      row: r + 1,
      id: spreadsheetIdOf(idCell) ?? spreadsheetIdOf(url),
      url,
      name: str(cells[COL.name]),
      addedAt: str(cells[COL.addedAt]),
      lastRead: str(cells[COL.lastRead]),
      status: parseStatus(cells[COL.status]),
      note: str(cells[COL.note]),
      cells,
    });
  }
  return out;
}

/** Every registry row: two service calls (range, values). */
export function readRegistry(sheet: Sheet): RegistryEntry[] {
  return parseRegistry(sheet.getDataRange().getValues());
}

/** What the refresh records for a workbook in the registry. */
export interface Marker {
  lastRead?: string;
  status: EntryStatus;
  note: string;
}

/**
 * The last-read / status / note columns of every listed row as one block,
 * keyed by the rows' ids as just read (so a row added or moved meanwhile is
 * not overwritten with another workbook's marker). Rows without a marker keep
 * their cells.
 */
export function markersBlock(sheet: Sheet, entries: RegistryEntry[], markers: Map<string, Marker>, locale: Locale): Block {
  const last = entries.reduce((m, e) => Math.max(m, e.row), 0);
  const byRow = new Map(entries.map((e) => [e.row, e]));
  const rows: Array<Array<string | number | boolean | Date | null>> = [];
  for (let r = 2; r <= last; r++) {
    const e = byRow.get(r);
    const m = e?.id ? markers.get(e.id) : undefined;
    const cells = e?.cells ?? [];
    if (!m) {
      rows.push([rewriteOf(cells[COL.lastRead]), rewriteOf(cells[COL.status]), rewriteOf(cells[COL.note])]);
    } else {
      rows.push([
        m.lastRead !== undefined ? cellOf(m.lastRead) : rewriteOf(cells[COL.lastRead]),
        STATUS_LABELS[m.status][locale],
        cellOf(m.note),
      ]);
    }
  }
  return { sheet, row: 2, col: COL.lastRead + 1, values: rows };
}

export type RegisterResult =
  | { ok: true; already: boolean; message: string }
  | { ok: false; reason: 'not-configured' | 'invalid-id' | 'failed'; message: string };

/** Appends a workbook to a summary's registry unless its id is there already. */
export function addToRegistry(ss: Spreadsheet, id: string, name: string, now: number): RegisterResult {
  const locale = summaryLocale(ss);
  const sheet = ensureRegistryTab(ss, locale);
  const existing = readRegistry(sheet).find((e) => e.id === id);
  if (existing) return { ok: true, already: true, message: fill(MESSAGES.alreadyRegistered, locale, { name: existing.name || name }) };
  const row: Array<string | number> = REGISTRY_COLUMNS.map(() => '');
  row[COL.id] = asText(id);
  row[COL.url] = asText(workbookUrl(id));
  row[COL.name] = asText(name);
  row[COL.addedAt] = asText(localTime(now, ss.getSpreadsheetTimeZone()));
  row[COL.status] = STATUS_LABELS.new[locale];
  // appendRow adds the row after the last one in a single call, so two reps
  // registering at once do not write over each other.
  sheet.appendRow(row);
  return { ok: true, already: false, message: fill(MESSAGES.added, locale, { name }) };
}

/**
 * Registers a workbook a rep has just created from the menu in the manager's
 * summary. Never throws: workbook creation must not fail because the summary
 * is unreachable (the rep has no edit access to it, it was deleted…); the
 * message says what to do instead.
 */
export function registerAccountWorkbook(
  id: string,
  url: string,
  name: string,
  opts: { summaryId?: string; locale?: Locale; now?: () => number } = {},
): RegisterResult {
  const locale = opts.locale ?? 'zh';
  const checked = spreadsheetIdOf(id) ?? spreadsheetIdOf(url);
  if (!checked) return { ok: false, reason: 'invalid-id', message: fill(MESSAGES.invalidUrl, locale, { value: id || url }) };
  const summaryId = opts.summaryId;
  if (!summaryId || !spreadsheetIdOf(summaryId))
    return { ok: false, reason: 'not-configured', message: MESSAGES.noSummaryConfigured[locale] };
  try {
    const ss = SpreadsheetApp.openById(spreadsheetIdOf(summaryId) as string);
    return addToRegistry(ss, checked, name, (opts.now ?? Date.now)());
  } catch (e) {
    return { ok: false, reason: 'failed', message: fill(MESSAGES.registerFailed, locale, { error: errorText(e) }) };
  }
}

/**
 * Adds a workbook by the link a manager pasted. Opens it once to check
 * access and to take its name; never changes it.
 */
export function addAccountByUrl(ss: Spreadsheet, input: string, now: number = Date.now()): RegisterResult {
  const locale = summaryLocale(ss);
  const id = spreadsheetIdOf(input);
  if (!id) return { ok: false, reason: 'invalid-id', message: fill(MESSAGES.invalidUrl, locale, { value: cutText(input, 200) }) };
  let name: string;
  try {
    name = SpreadsheetApp.openById(id).getName();
  } catch (e) {
    return { ok: false, reason: 'failed', message: fill(MESSAGES.cannotOpen, locale, { error: errorText(e) }) };
  }
  return addToRegistry(ss, id, name, now);
}
