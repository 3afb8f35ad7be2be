/**
 * A1 notation for the fake SpreadsheetApp (test code). Rows and columns are
 * 1-based here, as Apps Script counts them.
 */

export interface GridRect {
  row: number;
  col: number;
  numRows: number;
  numCols: number;
}

export function colLetters(col: number): string {
  let s = '';
  let n = col;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function colNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

export function a1Of(rect: GridRect): string {
  const tl = `${colLetters(rect.col)}${rect.row}`;
  if (rect.numRows === 1 && rect.numCols === 1) return tl;
  return `${tl}:${colLetters(rect.col + rect.numCols - 1)}${rect.row + rect.numRows - 1}`;
}

/** Splits `'My sheet'!A1:B2` into the sheet name (unquoted) and the range part. */
export function splitSheet(a1: string): { sheet?: string; range: string } {
  const bang = a1.lastIndexOf('!');
  if (bang < 0) return { range: a1 };
  let sheet = a1.slice(0, bang);
  if (sheet.startsWith("'") && sheet.endsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
  return { sheet, range: a1.slice(bang + 1) };
}

const CELL = /^\$?([A-Za-z]+)\$?(\d+)$/;
const COL = /^\$?([A-Za-z]+)$/;
const ROW = /^\$?(\d+)$/;

/**
 * Parses A1 notation against a sheet's size: `A1`, `A1:C3`, `A:A` (whole
 * columns), `2:4` (whole rows), `A2:B` (open-ended). Returns null when it is not A1 notation.
 */
export function parseA1(a1: string, maxRows: number, maxCols: number): GridRect | null {
  const parts = a1.trim().split(':');
  if (parts.length > 2 || parts.some((p) => p === '')) return null;
  type End = { row?: number; col?: number };
  const end = (p: string): End | null => {
    let m = CELL.exec(p);
    if (m) return { col: colNumber(m[1]), row: Number(m[2]) };
    m = COL.exec(p);
    if (m) return { col: colNumber(m[1]) };
    m = ROW.exec(p);
    if (m) return { row: Number(m[1]) };
    return null;
  };
  const a = end(parts[0]);
  const b = parts.length === 2 ? end(parts[1]) : a;
  if (!a || !b) return null;
  if (parts.length === 1 && (a.row === undefined || a.col === undefined)) return null;
  const r1 = a.row ?? 1;
  const c1 = a.col ?? 1;
  const r2 = b.row ?? maxRows;
  const c2 = b.col ?? maxCols;
  const row = Math.min(r1, r2);
  const col = Math.min(c1, c2);
  return { row, col, numRows: Math.abs(r2 - r1) + 1, numCols: Math.abs(c2 - c1) + 1 };
}
