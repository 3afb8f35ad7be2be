import { readFile } from 'node:fs/promises';
import type ExcelJS from 'exceljs';
import { UnreadableAccountError } from '../domain/account';
import { type ReadResult, accountTabs, readAccountFromGrids } from '../domain/read-workbook';
import { excel } from './exceljs';
import { type DefinedName, readXlsx } from './read-xlsx';
import { MAX_PART_BYTES } from './zip-parts';

/**
 * Reads an account back from an .xlsx workbook (the inverse of
 * render-workbook.ts), whichever program saved it last: our own reader
 * (read-xlsx.ts) turns each tab into plain values and the shared reader
 * (src/domain/read-workbook.ts) finds the account in them, tolerant of blank
 * and appended rows, numbers typed as text and dates either way.
 */

/** The most sheet data (XML, uncompressed) one part of a workbook may have to be read. */
export const MAX_XML_BYTES = MAX_PART_BYTES;

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0].trim();
}

/**
 * Loads .xlsx bytes into ExcelJS, for the commands that write a workbook
 * from another (upgrade copies the tabs it does not lay out). The bytes are
 * read by our reader first, so that what it refuses is refused here alike.
 */
export async function loadWorkbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  readXlsx(bytes);
  const wb = new (excel().Workbook)();
  try {
    await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch (e) {
    throw new UnreadableAccountError(`not a readable .xlsx workbook (${firstLine(e)})`);
  }
  return wb;
}

/** The account in .xlsx bytes, with where each value sits. Tabs the account is not read from are not inflated. */
export async function readXlsxBuffer(bytes: Buffer): Promise<ReadResult> {
  let wanted: ((tab: string) => boolean) | undefined;
  const tabs = (name: string, names: DefinedName[]) => {
    wanted = wanted ?? accountTabs(names);
    return wanted(name);
  };
  const { grids, definedNames } = readXlsx(bytes, { tabs });
  return readAccountFromGrids(grids, definedNames);
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
