/** A1 notation for 0-based row/column indices. */
export function columnLetter(col: number): string {
  let s = '';
  let n = col + 1;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function a1(row: number, col: number): string {
  return `${columnLetter(col)}${row + 1}`;
}

export function a1Range(r1: number, c1: number, r2: number, c2: number): string {
  return `${a1(r1, c1)}:${a1(r2, c2)}`;
}

/** A sheet name as a reference prefix, `'name'!`: always quoted, quotes doubled (formulas, defined names, A1 ranges). */
export function sheetRef(name: string): string {
  return `'${name.replace(/'/g, "''")}'!`;
}
