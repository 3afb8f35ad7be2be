/**
 * What the two scanners (sheet-scan.ts for a worksheet's cells, xml-scan.ts for
 * the small parts) share: character codes, the subset of XML names they take,
 * and the five named references.
 */

export const LT = 60;
export const GT = 62;
export const SLASH = 47;
export const EQ = 61;
export const QUOT = 34;
export const APOS = 39;
export const COLON = 58;
export const AMP = 38;

export function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

/** A name's first character as the scanners take it (a subset of XML's): a-z, A-Z, `_`. */
export function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

/** A name's other characters as the scanners take them: those, digits, `.` and `-`. */
export function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57) || c === 46 || c === 45;
}

const NAMED_REFERENCE = /&(lt|gt|amp|quot|apos);|&/g;
const REFERENCE_TEXT: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Text with the five named references replaced; undefined when it has any other `&` (the XML parser's case). */
export function namedReferences(s: string): string | undefined {
  if (s.indexOf('&') < 0) return s;
  let plain = true;
  const out = s.replace(NAMED_REFERENCE, (m, name?: string) => {
    if (name === undefined) plain = false;
    return name === undefined ? m : REFERENCE_TEXT[name];
  });
  return plain ? out : undefined;
}
