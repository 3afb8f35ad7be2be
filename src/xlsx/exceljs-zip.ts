import * as zlib from 'node:zlib';
import { partBytes } from './part-bytes';

/**
 * ExcelJS writes each part of a workbook into JSZip as a string, which JSZip
 * cuts into blocks before encoding (part-bytes.ts says how that breaks a
 * character outside the BMP in two). Every string part is handed over as its
 * UTF-8 bytes, encoded whole. Imported for its effect by excel().
 *
 * And every part is handed over deflated by Node's zlib (native: a fifth of the
 * time of JSZip's JavaScript deflate, which was a quarter of a `build`), as
 * JSZip's own CompressedObject, which it writes as it is: the same parts, the
 * same level (zlib's default, JSZip's too), only the deflate streams' bytes
 * differ. Without zlib.crc32 (Node before 20.15) JSZip deflates as before.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ZipWriter } = require('exceljs/lib/utils/zip-stream') as {
  ZipWriter: { prototype: { append(data: unknown, options: { name: string; base64?: boolean }): void } };
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const CompressedObject = require('jszip/lib/compressedObject') as new (
  compressedSize: number,
  uncompressedSize: number,
  crc32: number,
  compression: unknown,
  data: Uint8Array,
) => object;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { DEFLATE } = require('jszip/lib/compressions') as { DEFLATE: unknown };

const crc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;

/** The part's bytes deflated, as JSZip holds a compressed file (a plain Uint8Array: JSZip copies a Buffer byte by byte). */
function deflated(bytes: Uint8Array): object {
  const packed = zlib.deflateRawSync(bytes);
  const data = new Uint8Array(packed.buffer, packed.byteOffset, packed.length);
  return new CompressedObject(data.length, bytes.length, (crc32 as (data: Uint8Array) => number)(bytes), DEFLATE, data);
}

const append = ZipWriter.prototype.append;
ZipWriter.prototype.append = function (data, options) {
  if (options.base64) return append.call(this, data, options);
  const bytes = typeof data === 'string' ? partBytes(data) : data;
  append.call(this, crc32 && bytes instanceof Uint8Array && bytes.length > 0 ? deflated(bytes) : bytes, options);
};
