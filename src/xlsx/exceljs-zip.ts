import { partBytes } from './part-bytes';

/**
 * ExcelJS writes each part of a workbook into JSZip as a string, which JSZip
 * cuts into blocks before encoding (part-bytes.ts says how that breaks a
 * character outside the BMP in two). Every string part is handed over as its
 * UTF-8 bytes, encoded whole. Imported for its effect by excel().
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ZipWriter } = require('exceljs/lib/utils/zip-stream') as {
  ZipWriter: { prototype: { append(data: unknown, options: { name: string; base64?: boolean }): void } };
};

const append = ZipWriter.prototype.append;
ZipWriter.prototype.append = function (data, options) {
  append.call(this, typeof data === 'string' && !options.base64 ? partBytes(data) : data, options);
};
