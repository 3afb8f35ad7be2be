/**
 * Decoding of OOXML's `_xHHHH_` character escapes in cell text, whatever the
 * case of the hex digits. ExcelJS decodes upper-case hex only, but LibreOffice
 * writes lower-case (`_x000e_`), so without this a control character a user
 * had in a cell would come back as the literal text `_x000e_` after a
 * LibreOffice save. `_x005F_` (an escaped underscore) keeps a literal
 * `_xHHHH_` intact, because the replacement is a single left-to-right pass.
 * Imported for its effect by the .xlsx reader.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const TextXform = require('exceljs/lib/xlsx/xform/strings/text-xform') as { prototype: object };

const ESCAPE = /_x([0-9A-Fa-f]{4})_/g;

Object.defineProperty(TextXform.prototype, 'model', {
  configurable: true,
  get(this: { _text: string[] }): string {
    return this._text.join('').replace(ESCAPE, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  },
});

export {};
