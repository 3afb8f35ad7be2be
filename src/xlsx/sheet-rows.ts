import { columnLetter } from '../domain/a1';
import { xlsxText } from './cell-text';
import { sheetPart, xmlText } from './charts';
import { partBytes } from './part-bytes';
import { StyleTable, type XmlStyle } from './xml-styles';
import type { PackageParts } from './zip-package';

/**
 * Many rows written straight into a sheet's XML, after ExcelJS has written
 * the rest of the workbook: a summary of 5,000 accounts, or a year of
 * roll-up history (50,000 rows), which ExcelJS would build as cell objects —
 * hundreds of megabytes and tens of seconds — and this writes a row at a
 * time. Text goes into the shared-string table (a history repeats its dates,
 * accounts and codes), escaped as cell-text.ts says so it reads back
 * unchanged; numbers are numbers; null is no cell. A cell may carry a style
 * (added to the workbook's style table once per distinct style), a formula
 * with its cached result, or an external hyperlink.
 */

export type PlainCell = string | number | null;

export interface XmlCell {
  /** Text (a shared string), a number, or null for a cell with only a style. */
  value: PlainCell;
  style?: XmlStyle;
  /** A formula (without `=`); `value` is its cached result ('' for an empty text). */
  formula?: string;
  /** An external hyperlink's target; `value` is the text shown. */
  link?: { target: string; tooltip?: string };
}

/** A row: plain values, or styled cells and a height (points). */
export type XmlRow = PlainCell[] | { cells: Array<XmlCell | null>; height?: number };

const SST = 'xl/sharedStrings.xml';
const STYLES = 'xl/styles.xml';
const HYPERLINK = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink';

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

function sharedStringCount(xml: string): number {
  return Number(/\suniqueCount="(\d+)"/.exec(xml)?.[1] ?? (xml.match(/<si>/g) ?? []).length);
}

/** Where `<hyperlinks>` goes in a worksheet: before the first of these (ECMA-376's element order). */
const AFTER_HYPERLINKS = [
  '<printOptions',
  '<pageMargins',
  '<pageSetup',
  '<headerFooter',
  '<rowBreaks',
  '<colBreaks',
  '<drawing',
  '<legacyDrawing',
  '<tableParts',
  '<extLst',
  '</worksheet>',
];

/**
 * Rows appended to the sheets of an open workbook package: open it, append
 * to each sheet, then `close()` writes the shared strings and styles once.
 */
export class SheetRowsWriter {
  private constructor(
    private readonly zip: PackageParts,
    private readonly sstXml: string,
    private readonly sst: SharedStrings,
    private readonly styles: StyleTable | null,
  ) {}

  static async open(zip: PackageParts): Promise<SheetRowsWriter> {
    // ExcelJS writes the table whenever a sheet holds text, as every roll-up's does.
    const sstXml = await zip.file(SST)?.async('string');
    if (sstXml === undefined) throw new Error('appendRows: the workbook has no shared-string table');
    const styles = await zip.file(STYLES)?.async('string');
    return new SheetRowsWriter(zip, sstXml, new SharedStrings(sharedStringCount(sstXml)), styles ? new StyleTable(styles) : null);
  }

  private cellXml(ref: string, cell: XmlCell | PlainCell, links: Array<{ ref: string; link: NonNullable<XmlCell['link']> }>): string {
    const c: XmlCell = cell !== null && typeof cell === 'object' ? cell : { value: cell };
    if (c.style && !this.styles) throw new Error('appendRows: the workbook has no style table');
    const s = this.styles?.id(c.style) ?? 0;
    const sAttr = s ? ` s="${s}"` : '';
    const v = c.value;
    if (c.link) links.push({ ref, link: c.link });
    if (c.formula !== undefined) {
      const f = `<f>${xmlText(c.formula)}</f>`;
      if (typeof v === 'number' && Number.isFinite(v)) return `<c r="${ref}"${sAttr}>${f}<v>${v}</v></c>`;
      return `<c r="${ref}"${sAttr} t="str">${f}<v>${xmlText(xlsxText(typeof v === 'string' ? v : ''))}</v></c>`;
    }
    if (v === null || (typeof v === 'number' && !Number.isFinite(v))) return s ? `<c r="${ref}"${sAttr}/>` : '';
    if (typeof v === 'number') return `<c r="${ref}"${sAttr}><v>${v}</v></c>`;
    return `<c r="${ref}"${sAttr} t="s"><v>${this.sst.ref(v)}</v></c>`;
  }

  /**
   * Appends rows to a sheet, from `firstRow` (1-based; the sheet must have no row there yet). Rows are taken one at
   * a time and kept as UTF-8 bytes, never as one long string: a summary of 5,000 accounts is megabytes of XML.
   */
  async append(sheet: string, rows: Iterable<XmlRow>, firstRow: number): Promise<void> {
    const letters: string[] = [];
    const chunks: Buffer[] = [];
    const links: Array<{ ref: string; link: NonNullable<XmlCell['link']> }> = [];
    let pending = '';
    let r = firstRow - 1;
    let width = 1;
    for (const row of rows) {
      r++;
      const cells = Array.isArray(row) ? row : row.cells;
      while (letters.length < cells.length) letters.push(columnLetter(letters.length));
      width = Math.max(width, cells.length);
      const height = Array.isArray(row) || row.height === undefined ? '' : ` ht="${row.height}" customHeight="1"`;
      pending += `<row r="${r}"${height}>`;
      for (let i = 0; i < cells.length; i++) pending += this.cellXml(`${letters[i]}${r}`, cells[i], links);
      pending += '</row>';
      if (pending.length > 1 << 16) {
        chunks.push(Buffer.from(pending));
        pending = '';
      }
    }
    if (r < firstRow) return;
    chunks.push(Buffer.from(pending));
    const part = await sheetPart(this.zip, sheet);
    const xml = ((await this.zip.file(part)?.async('string')) ?? '').replace(
      /<dimension ref="[^"]*"\/>/,
      `<dimension ref="A1:${columnLetter(width - 1)}${r}"/>`,
    );
    const empty = xml.indexOf('<sheetData/>');
    const head = empty >= 0 ? `${xml.slice(0, empty)}<sheetData>` : xml.slice(0, xml.indexOf('</sheetData>'));
    let tail = empty >= 0 ? `</sheetData>${xml.slice(empty + '<sheetData/>'.length)}` : xml.slice(xml.indexOf('</sheetData>'));
    if (links.length) tail = await this.addLinks(part, tail, links);
    const bytes = Buffer.concat([Buffer.from(head), ...chunks, Buffer.from(tail)]);
    // A plain Uint8Array: JSZip (when it is the package) copies a Node Buffer byte by byte before compressing it (part-bytes.ts).
    this.zip.file(part, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length));
  }

  /** External hyperlinks: a relationship each in the sheet's relationships, and the `<hyperlinks>` list in `xml` (the sheet from `</sheetData>`). */
  private async addLinks(part: string, xml: string, links: Array<{ ref: string; link: NonNullable<XmlCell['link']> }>): Promise<string> {
    if (xml.includes('<hyperlinks>')) throw new Error(`appendRows: ${part} has hyperlinks already`);
    const relsPart = part.replace(/([^/]+)$/, '_rels/$1.rels');
    const rels =
      (await this.zip.file(relsPart)?.async('string')) ??
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>';
    const id = (i: number) => `rIdKaLink${i + 1}`;
    const relItems = links
      .map((l, i) => `<Relationship Id="${id(i)}" Type="${HYPERLINK}" Target="${xmlText(l.link.target)}" TargetMode="External"/>`)
      .join('');
    this.zip.file(relsPart, partBytes(rels.replace('</Relationships>', `${relItems}</Relationships>`)));
    const list = links
      .map(
        (l, i) =>
          `<hyperlink ref="${l.ref}" r:id="${id(i)}"${l.link.tooltip === undefined ? '' : ` tooltip="${xmlText(xlsxText(l.link.tooltip))}"`}/>`,
      )
      .join('');
    // After everything that precedes it (conditional formats hold extLst elements of their own).
    const tail = Math.max(...['</sheetData>', '</conditionalFormatting>', '</dataValidations>'].map((tag) => xml.lastIndexOf(tag)));
    const at = Math.min(...AFTER_HYPERLINKS.map((tag) => xml.indexOf(tag, tail)).filter((i) => i >= 0));
    return `${xml.slice(0, at)}<hyperlinks>${list}</hyperlinks>${xml.slice(at)}`;
  }

  /** Writes the shared strings and the style table with what the rows added. */
  close(): void {
    this.zip.file(SST, partBytes(this.sst.merged(this.sstXml)));
    if (this.styles) this.zip.file(STYLES, partBytes(this.styles.merged()));
  }
}

/** Appends rows to a sheet of an open workbook package, from `firstRow` (1-based; the sheet must have no row there yet). */
export async function appendRows(zip: PackageParts, sheet: string, rows: Iterable<XmlRow>, firstRow: number): Promise<void> {
  if (Array.isArray(rows) && rows.length === 0) return;
  const writer = await SheetRowsWriter.open(zip);
  await writer.append(sheet, rows, firstRow);
  writer.close();
}
