/**
 * What the summary writes into cells, made safe: text copied from accounts is
 * always written as literal text, and workbook ids are checked before they
 * become a link.
 *
 * `Range.setValues` parses a string as if a user typed it: "=…" becomes a
 * formula, "+1" or "1e3" a number, "2026-01-02" a date, "TRUE" a boolean.
 * A leading apostrophe is Sheets' documented quote prefix: the rest of the
 * string is stored as text and the apostrophe is not part of the value
 * (getValues returns the text without it). So every string the summary
 * writes from an account, a registry row or an error message goes through
 * `asText`; numbers stay numbers.
 */
import { cutText } from '../../domain/messages';
import { textCell } from '../cell-values';

/** Longest text the summary copies into one cell (Sheets allows 50,000 characters). */
export const MAX_CELL_TEXT = 5000;

export type SheetValue = string | number | boolean | Date | null;

/** A string as a literal-text cell value (the adapter's quote prefix), cut to MAX_CELL_TEXT with an ellipsis. */
export function asText(s: string): string {
  return textCell(s.length > MAX_CELL_TEXT ? `${s.slice(0, MAX_CELL_TEXT - 1)}…` : s);
}

/** A value for setValues: strings as literal text, numbers as numbers, blanks as ''. */
export function cellOf(v: string | number | boolean | null | undefined): string | number | boolean {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? v : '';
  if (typeof v === 'boolean') return v;
  return asText(v);
}

/**
 * A value read back with getValues, to be written again unchanged: the same
 * rules as `cellOf` (read text lost its quote prefix, so it gets it back).
 */
export function rewriteOf(v: unknown): SheetValue {
  if (v instanceof Date) return v;
  if (typeof v === 'string') return asText(v);
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  return '';
}

const ID = /^[A-Za-z0-9_-]{20,128}$/;

/**
 * The spreadsheet id in a Google Sheets link or a bare id, or null. Accepts
 * `https://docs.google.com/spreadsheets/d/<id>/…` (with /u/0/ and similar),
 * `…/open?id=<id>` and the id alone.
 */
export function spreadsheetIdOf(urlOrId: unknown): string | null {
  if (typeof urlOrId !== 'string') return null;
  const s = urlOrId.trim();
  if (ID.test(s)) return s;
  const m = /^https:\/\/(?:docs|drive)\.google\.com\/(?:[\w/.-]*?\/)?(?:spreadsheets\/(?:u\/\d+\/)?d|file\/d)\/([A-Za-z0-9_-]+)/.exec(s);
  if (m && ID.test(m[1])) return m[1];
  const q = /^https:\/\/(?:docs|drive)\.google\.com\/[^?#]*\?(?:[^#]*&)?id=([A-Za-z0-9_-]+)/.exec(s);
  if (q && ID.test(q[1])) return q[1];
  return null;
}

/** The link the summary shows for a workbook: built from a checked id only, never from typed text. */
export function workbookUrl(id: string): string {
  if (!ID.test(id)) throw new RangeError(`not a spreadsheet id: ${JSON.stringify(id)}`);
  return `https://docs.google.com/spreadsheets/d/${id}/edit`;
}

/**
 * "YYYY-MM-DD HH:mm" of an instant in a time zone, by Apps Script's own
 * formatter (no Intl locale trick: ICU versions differ in what en-CA prints).
 */
export function localTime(ms: number, timeZone: string): string {
  return Utilities.formatDate(new Date(ms), timeZone || 'Asia/Shanghai', 'yyyy-MM-dd HH:mm');
}

/**
 * A formatter of many instants as "YYYY-MM-DD HH:mm" in a time zone, for one
 * call in all: the zone's offset now (one formatDate), applied to each. An
 * instant on the other side of a daylight-saving change shows an hour off
 * (China has none).
 */
export function localTimes(nowMs: number, timeZone: string): (ms: number) => string {
  const z = Utilities.formatDate(new Date(nowMs), timeZone || 'Asia/Shanghai', 'Z'); // e.g. +0800
  const offset = (z.startsWith('-') ? -1 : 1) * (Number(z.slice(1, 3)) * 60 + Number(z.slice(3, 5))) * 60_000;
  return (ms) => new Date(ms + offset).toISOString().slice(0, 16).replace('T', ' ');
}

/** Today's ISO date (YYYY-MM-DD) in a spreadsheet's time zone. */
export function todayIn(ms: number, timeZone: string): string {
  return Utilities.formatDate(new Date(ms), timeZone || 'Asia/Shanghai', 'yyyy-MM-dd');
}

/** Text of a caught error, for a log or an error tab. */
export function errorText(e: unknown): string {
  const s = e instanceof Error ? e.message : String(e);
  return cutText(s, 500);
}
