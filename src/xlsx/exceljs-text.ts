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

/**
 * Writing: DEL (U+007F) is an XML character, but ExcelJS drops it, and
 * LibreOffice does not decode its `_x007F_` escape (a re-saved workbook would
 * hold the literal text `_x007F_`). So DEL is written as itself, which
 * ExcelJS, LibreOffice and Excel all read and LibreOffice writes back as is.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const utils = require('exceljs/lib/utils/utils') as { xmlEncode(text: string): string };
const xmlEncode = utils.xmlEncode;
utils.xmlEncode = (text: string): string =>
  text.includes('\u007f') ? text.split('\u007f').map(xmlEncode).join('\u007f') : xmlEncode(text);
