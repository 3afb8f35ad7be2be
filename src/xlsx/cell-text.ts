/**
 * Text as an .xlsx file can hold it. XML cannot carry most control characters
 * (ExcelJS silently drops them), an XML parser turns a carriage return into a
 * line feed, and every spreadsheet program reads `_xHHHH_` in a string as an
 * escaped character. OOXML's own escape fixes all three: such characters are
 * written as `_xHHHH_`, and a literal `_xHHHH_` gets its underscore escaped as
 * `_x005F_`. Excel, LibreOffice, WPS and ExcelJS's reader all decode it, so
 * what the user typed comes back unchanged.
 */

// Characters XML 1.0 cannot hold or does not keep: C0 controls except tab and
// line feed (CR is normalised away by parsers), the noncharacters U+FFFE and
// U+FFFF (not XML characters at all) and unpaired surrogates (not encodable as
// UTF-8). DEL is an XML character and is written as itself (exceljs-text.ts):
// LibreOffice does not decode its escape.
const UNSAFE =
  /[\u0000-\u0008\u000b-\u000d\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const LITERAL_ESCAPE = /_(x[0-9a-fA-F]{4}_)/g;

function hex4(ch: string): string {
  return ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
}

/** The string to hand ExcelJS so that the cell reads back as `s`. */
export function xlsxText(s: string): string {
  return s.replace(LITERAL_ESCAPE, '_x005F_$1').replace(UNSAFE, (ch) => `_x${hex4(ch)}_`);
}

/** Display width of text in column-width units (a CJK or full-width character is two). */
export function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    const wide =
      (cp >= 0x1100 && cp <= 0x115f) ||
      (cp >= 0x2e80 && cp <= 0xa4cf) ||
      (cp >= 0xac00 && cp <= 0xd7a3) ||
      (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0xfe30 && cp <= 0xfe4f) ||
      (cp >= 0xff00 && cp <= 0xff60) ||
      (cp >= 0xffe0 && cp <= 0xffe6) ||
      cp >= 0x20000;
    w += wide ? 2 : 1;
  }
  return w;
}

/** The most characters an .xlsx cell holds: Excel cuts longer text when it opens the file. The one home of this limit. */
export const XLSX_CELL_LIMIT = 32_767;
