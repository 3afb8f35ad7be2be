import { readFile } from 'node:fs/promises';
import type ExcelJS from 'exceljs';
import { excel } from './exceljs';
import { UnreadableAccountError } from '../domain/account';
import type { GridValue } from '../domain/layout';
import { type Grids, type ReadResult, readAccountFromGrids } from '../domain/read-workbook';

/**
 * Reads an account back from an .xlsx workbook (the inverse of
 * render-workbook.ts), whichever program saved it last: ExcelJS turns each
 * tab into plain values (dates as ISO text, rich text and hyperlinks as their
 * text, formulas as their cached result, errors as blank) and the shared
 * reader (src/domain/read-workbook.ts) finds the account in them, tolerant of
 * blank and appended rows, numbers typed as text and dates either way.
 */

/** A cell's value as the shared reader takes it. */
export function gridValue(v: ExcelJS.CellValue | undefined): GridValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText)) return v.richText.map((r) => r.text ?? '').join('');
    if ('error' in v) return null;
    if ('formula' in v || 'sharedFormula' in v) return gridValue((v as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
    if ('hyperlink' in v || 'text' in v) return gridValue((v as ExcelJS.CellHyperlinkValue).text as ExcelJS.CellValue);
  }
  return null;
}

/** Every tab of a workbook as a 2-D array of values (merged cells hold their value in the top-left cell only). */
export function workbookGrids(wb: ExcelJS.Workbook): Grids {
  const grids: Grids = {};
  for (const ws of wb.worksheets) {
    const grid: GridValue[][] = [];
    ws.eachRow({ includeEmpty: false }, (row, rowNo) => {
      const values: GridValue[] = [];
      row.eachCell({ includeEmpty: false }, (cell, colNo) => {
        if (cell.type === excel().ValueType.Merge) return;
        const v = gridValue(cell.value);
        if (v === null) return;
        while (values.length < colNo - 1) values.push(null);
        values[colNo - 1] = v;
      });
      if (values.length) {
        while (grid.length < rowNo - 1) grid.push([]);
        grid[rowNo - 1] = values;
      }
    });
    grids[ws.name] = grid;
  }
  return grids;
}

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0].trim();
}

/**
 * The most sheet data (XML, uncompressed) a workbook may have to be read: an
 * account workbook has well under 1 MB even with thousands of visits, and
 * 25 MB take ExcelJS some ten seconds and a gigabyte of memory to parse.
 * Pictures and other binary parts do not count.
 */
export const MAX_XML_BYTES = 25 * 1024 * 1024;

/**
 * The uncompressed size of a zip's XML parts as its central directory states
 * it (read without inflating anything), or undefined when the directory
 * cannot be found (a damaged file: loading it will say so).
 */
export function declaredXmlBytes(zip: Buffer): number | undefined {
  // End of central directory: signature, ..., entries (u16 at 10), directory offset (u32 at 16); a comment may follow it.
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return undefined;
  let at = zip.readUInt32LE(eocd + 16);
  let total = 0;
  for (let n = zip.readUInt16LE(eocd + 10); n > 0; n--) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== 0x02014b50) return undefined;
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    // 0xFFFFFFFF: a ZIP64 size, 4 GB or more.
    if (/\.(xml|rels|vml)$/i.test(name)) total += size === 0xffffffff ? Number.MAX_SAFE_INTEGER : size;
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return total;
}

/** Loads .xlsx bytes; anything that is not a readable workbook becomes an UnreadableAccountError with one line saying why. */
export async function loadWorkbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  if (bytes.length === 0) throw new UnreadableAccountError('the file is empty');
  if (bytes.subarray(0, 4).equals(OLE)) {
    throw new UnreadableAccountError('not an .xlsx workbook: it is an old .xls file or an encrypted workbook (save it as .xlsx without a password)');
  }
  if (!bytes.subarray(0, 4).equals(ZIP)) throw new UnreadableAccountError('not an .xlsx workbook (it is not a zip archive)');
  const xml = declaredXmlBytes(bytes);
  if (xml !== undefined && xml > MAX_XML_BYTES) {
    const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;
    throw new UnreadableAccountError(`not an account workbook: it holds ${xml >= Number.MAX_SAFE_INTEGER ? 'over 4 GB' : mb(xml)} of sheet data, more than the ${mb(MAX_XML_BYTES)} ka-sales reads`);
  }
  const wb = new (excel().Workbook)();
  try {
    await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch (e) {
    throw new UnreadableAccountError(`not a readable .xlsx workbook (${firstLine(e)})`);
  }
  if (wb.worksheets.length === 0) throw new UnreadableAccountError('not an .xlsx workbook: it has no worksheets');
  return wb;
}

/** The account in .xlsx bytes, with where each value sits. */
export async function readXlsxBuffer(bytes: Buffer): Promise<ReadResult> {
  return readAccountFromGrids(workbookGrids(await loadWorkbook(bytes)));
}

/** The account in an .xlsx file, with where each value sits (tab and cell, for problems). */
export async function readXlsxAccount(file: string): Promise<ReadResult> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    throw new UnreadableAccountError(`cannot read the file (${(e as NodeJS.ErrnoException).code ?? firstLine(e)})`);
  }
  return readXlsxBuffer(bytes);
}
