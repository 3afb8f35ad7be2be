/**
 * What the Sheets adapter writes into cells, made safe.
 *
 * `Range.setValues` parses a string as if a user typed it: "=…" becomes a
 * formula, "380" a number, "2026-10-12" a date, "TRUE" a boolean. A leading
 * apostrophe (Sheets' quote prefix) stores the rest as literal text, and the
 * apostrophe is not part of the value. Text columns are formatted as plain
 * text ("@") so that what a rep types there later stays text too.
 *
 * Rendering writes every string with the quote prefix into cells of the
 * automatic format, and applies "@" afterwards. Writing into a cell that is
 * already plain text (a new visit row) prefixes only strings that start with
 * "=" or "'": Google does not document whether a plain-text cell keeps a
 * typed apostrophe, so the prefix is kept to the strings that need it.
 * Strings from accounts never become formulas.
 */

/** Plain-text number format. */
export const TEXT_FORMAT = '@';
/** Sheets' default ("automatic") number format, as getNumberFormat reports it. */
export const DEFAULT_FORMAT = '0.###############';
export const DATE_FORMAT = 'yyyy-mm-dd';
export const INTEGER_FORMAT = '0';

export type CellInput = string | number | boolean | Date;

/** A string as literal text for a cell of the given number format. */
export function textCell(s: string, numberFormat: string = DEFAULT_FORMAT): string {
  if (s === '') return '';
  if (numberFormat === TEXT_FORMAT) return s.startsWith('=') || s.startsWith("'") ? `'${s}` : s;
  return `'${s}`;
}

/** A value for setValues: strings as literal text, numbers and booleans as they are, blanks as ''. */
export function cellInput(v: unknown, numberFormat: string = DEFAULT_FORMAT): CellInput {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? v : textCell(String(v), numberFormat);
  if (typeof v === 'boolean') return v;
  if (Object.prototype.toString.call(v) === '[object Date]') return v as Date;
  return textCell(String(v), numberFormat);
}

export { sheetRef } from '../domain/a1';
