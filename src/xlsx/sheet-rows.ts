import type JSZip from 'jszip';
import { columnLetter } from '../domain/a1';
import { xlsxText } from './cell-text';
import { sheetPart, xmlText } from './charts';

/**
 * Many plain rows written straight into a sheet's XML, after ExcelJS has
 * written the rest of the workbook: a year of roll-up history is 50,000 rows,
 * which ExcelJS builds as cell objects in tens of seconds and this writes in
 * about a second. Text goes into the shared-string table (a history repeats
 * its dates, accounts and codes), escaped as cell-text.ts says so it reads
 * back unchanged; numbers are numbers; null is no cell.
 */

export type PlainCell = string | number | null;

const SST = 'xl/sharedStrings.xml';

/** The shared-string table, to which new strings are added once each. */
class SharedStrings {
  private readonly index = new Map<string, number>();
  private readonly added: string[] = [];
  private refs = 0;

  constructor(private readonly base: number) {}

  ref(s: string): number {
    this.refs++;
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.base + this.added.length;
      this.index.set(s, i);
      this.added.push(s);
    }
    return i;
  }

  /** The table with the new strings appended and its counts brought up to date. */
  merged(xml: string): string {
    const items = this.added.map((s) => `<si><t xml:space="preserve">${xmlText(xlsxText(s))}</t></si>`).join('');
    const total = this.base + this.added.length;
    const count = Number(/\scount="(\d+)"/.exec(xml)?.[1] ?? 0) + this.refs;
    return xml
      .replace(/\scount="\d+"/, ` count="${count}"`)
      .replace(/\suniqueCount="\d+"/, ` uniqueCount="${total}"`)
      .replace(/<sst([^>]*)\/>$/, '<sst$1></sst>')
      .replace('</sst>', `${items}</sst>`);
  }
}

function cellXml(ref: string, v: PlainCell, sst: SharedStrings): string {
  if (v === null) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? `<c r="${ref}"><v>${v}</v></c>` : '';
  return `<c r="${ref}" t="s"><v>${sst.ref(v)}</v></c>`;
}

function rowsXml(rows: PlainCell[][], firstRow: number, sst: SharedStrings): string {
  const letters: string[] = [];
  const parts: string[] = [];
  rows.forEach((row, i) => {
    const r = firstRow + i;
    while (letters.length < row.length) letters.push(columnLetter(letters.length));
    parts.push(`<row r="${r}">${row.map((v, c) => cellXml(`${letters[c]}${r}`, v, sst)).join('')}</row>`);
  });
  return parts.join('');
}

async function sharedStringCount(zip: JSZip): Promise<number> {
  const xml = await zip.file(SST)?.async('string');
  return xml ? Number(/\suniqueCount="(\d+)"/.exec(xml)?.[1] ?? (xml.match(/<si>/g) ?? []).length) : 0;
}

/** Appends rows to a sheet of an open workbook package, from `firstRow` (1-based; the sheet must have no row there yet). */
export async function appendRows(zip: JSZip, sheet: string, rows: PlainCell[][], firstRow: number): Promise<void> {
  if (rows.length === 0) return;
  // ExcelJS writes the table whenever a sheet holds text, as every roll-up's does.
  if (zip.file(SST) === null) throw new Error('appendRows: the workbook has no shared-string table');
  const part = await sheetPart(zip, sheet);
  const xml = (await zip.file(part)?.async('string')) ?? '';
  const sst = new SharedStrings(await sharedStringCount(zip));
  const body = rowsXml(rows, firstRow, sst);
  const width = rows.reduce((w, r) => Math.max(w, r.length), 1);
  const withRows = xml.includes('<sheetData/>')
    ? xml.replace('<sheetData/>', `<sheetData>${body}</sheetData>`)
    : xml.replace('</sheetData>', `${body}</sheetData>`);
  zip.file(
    part,
    withRows.replace(/<dimension ref="[^"]*"\/>/, `<dimension ref="A1:${columnLetter(width - 1)}${firstRow + rows.length - 1}"/>`),
  );
  zip.file(SST, sst.merged((await zip.file(SST)?.async('string')) ?? ''));
}
