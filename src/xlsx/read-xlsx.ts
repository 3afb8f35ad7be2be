import type { GridValue } from '../domain/layout';
import type { Grids } from '../domain/read-workbook';
import { ZipReader } from './zip-parts';
import { type CellSink, scanCells } from './sheet-scan';
import { type XmlHandlers, attr, ownText, parseXml, partText, unreadable, xmlParser } from './xml-parts';

/**
 * Our own .xlsx reader: the workbook, its relationships, shared strings,
 * styles (for which cells are dates) and worksheets, and nothing else, turned
 * into what the domain reads. Whichever honest program wrote the file (Excel,
 * WPS, LibreOffice, Google Sheets, openpyxl, XlsxWriter, ExcelJS): relative
 * and absolute part targets, shared and inline strings, rich text, every cell
 * type, cached formula results, both date systems and merged cells.
 *
 * Values as the domain takes them: text, numbers, booleans; dates (a date
 * cell, or a number under a date format) as ISO text YYYY-MM-DD; errors and
 * empty cells blank; a merged range's value in its top-left cell only.
 * Synchronous and one workbook at a time: nothing is kept after it returns.
 */

export interface DefinedName {
  name: string;
  /** The sheet the reference is on, unquoted; null when the name refers to no single sheet (a constant, a formula, #REF!). */
  sheet: string | null;
  /** The A1 reference without sheet and `$` (`B3`, `A5:Z304`), or the name's text without `$` when it is not a plain reference. */
  ref: string;
}

export interface XlsxContents {
  grids: Grids;
  definedNames: DefinedName[];
}

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

// ------------------------------------------------------------ parts and relationships

/** A relationship target as a part name: absolute (`/xl/x.xml`) from the root, else relative to the source part's folder. */
export function resolveTarget(source: string, target: string): string {
  let t = target.replace(/\\/g, '/');
  try {
    t = decodeURIComponent(t);
  } catch {
    // not percent-encoded after all
  }
  const parts = t.startsWith('/') ? [] : source.split('/').slice(0, -1);
  for (const seg of t.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '' && seg !== '.') parts.push(seg);
  }
  return parts.join('/');
}

function relsPartOf(part: string): string {
  const i = part.lastIndexOf('/');
  return `${part.slice(0, i + 1)}_rels/${part.slice(i + 1)}.rels`;
}

interface Rel {
  type: string;
  target: string;
}

/** The relationships of a part, by id (targets resolved to part names; external ones left out). */
function readRels(zip: ZipReader, part: string, required: boolean): Map<string, Rel> {
  const relsPart = relsPartOf(part);
  const data = zip.read(relsPart);
  const rels = new Map<string, Rel>();
  if (!data) {
    if (required) throw unreadable('missing-part', { part: relsPart });
    return rels;
  }
  parseXml(relsPart, data, {
    open(name, a) {
      if (name !== 'Relationship' || attr(a, 'TargetMode') === 'External') return;
      const id = attr(a, 'Id');
      const target = attr(a, 'Target');
      if (id !== undefined && target !== undefined) rels.set(id, { type: attr(a, 'Type') ?? '', target: resolveTarget(part, target) });
    },
  });
  return rels;
}

function relOfType(rels: Map<string, Rel>, type: string): Rel | undefined {
  for (const r of rels.values()) if (r.type.endsWith(`/${type}`)) return r;
  return undefined;
}

// ------------------------------------------------------------ workbook

interface SheetRef {
  name: string;
  part: string;
}

interface WorkbookPart {
  sheets: SheetRef[];
  date1904: boolean;
  definedNames: DefinedName[];
}

function readWorkbookPart(zip: ZipReader, part: string, rels: Map<string, Rel>): WorkbookPart {
  const data = zip.read(part);
  if (!data) throw unreadable('missing-part', { part });
  const wb: WorkbookPart = { sheets: [], date1904: false, definedNames: [] };
  let name: string | undefined;
  let text = '';
  parseXml(part, data, {
    open(el, a) {
      if (el === 'sheet') {
        const rel = rels.get(attr(a, 'id') ?? '');
        // Chart sheets and dialog sheets hold no cells.
        if (rel?.type.endsWith('/worksheet')) wb.sheets.push({ name: attr(a, 'name') ?? '', part: rel.target });
        else if (!rel) throw unreadable('missing-part', { part: `${attr(a, 'name') ?? ''} (${relsPartOf(part)})` });
      } else if (el === 'workbookPr') {
        const v = attr(a, 'date1904');
        wb.date1904 = v === '1' || v === 'true';
      } else if (el === 'definedName') {
        name = attr(a, 'name') ?? '';
        text = '';
      }
    },
    text(t) {
      if (name !== undefined) text += t;
    },
    close(el) {
      if (el === 'definedName' && name !== undefined) {
        wb.definedNames.push(definedName(name, text));
        name = undefined;
      }
    },
  });
  return wb;
}

/** `'Q''s tab'!$A$5:$Z$304` → sheet `Q's tab`, ref `A5:Z304`. */
export function definedName(name: string, text: string): DefinedName {
  const m =
    /^(?:'((?:[^']|'')+)'|([^'!:,()\s"]+))!(\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?|\$?[A-Z]{1,3}:\$?[A-Z]{1,3}|\$?\d+:\$?\d+)$/i.exec(
      text.trim(),
    );
  if (!m) return { name, sheet: null, ref: text.trim().replace(/\$/g, '') };
  return { name, sheet: m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2], ref: m[3].replace(/\$/g, '').toUpperCase() };
}

// ------------------------------------------------------------ shared strings and text

const ESCAPE = /_x([0-9A-Fa-f]{4})_/g;

/** OOXML's `_xHHHH_` escapes decoded as Excel does: one left-to-right pass, so `_x005F_x0041_` is the literal `_x0041_`. */
export function unescapeText(s: string): string {
  return s.indexOf('_x') < 0 ? s : s.replace(ESCAPE, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/**
 * Collects the text of string items (`<si>` of shared strings, `<is>` of an
 * inline string): plain `<t>` and rich-text runs `<r><t>`, never the phonetic
 * guide `<rPh>` of East Asian text.
 */
class StringItem {
  private depthPh = 0;
  private inT = false;
  private parts: string[] = [];

  open(el: string): void {
    if (el === 'rPh') this.depthPh++;
    else if (el === 't' && this.depthPh === 0) this.inT = true;
  }

  close(el: string): void {
    if (el === 'rPh') this.depthPh--;
    else if (el === 't') this.inT = false;
  }

  text(t: string): void {
    if (this.inT) this.parts.push(t);
  }

  take(): string {
    const s = this.parts.length === 1 ? this.parts[0] : this.parts.join('');
    this.parts = [];
    this.inT = false;
    this.depthPh = 0;
    return ownText(unescapeText(s));
  }
}

function readSharedStrings(zip: ZipReader, part: string): string[] {
  const data = zip.read(part);
  if (!data) throw unreadable('missing-part', { part });
  const strings: string[] = [];
  const item = new StringItem();
  parseXml(part, data, {
    open: (el) => item.open(el),
    text: (t) => item.text(t),
    close(el) {
      if (el === 'si') strings.push(item.take());
      else item.close(el);
    },
  });
  return strings;
}

// ------------------------------------------------------------ styles: which cells hold dates

/** Built-in number formats that are dates or times: 14–22 and 45–47, and the East Asian 27–36 and 50–58. */
const BUILTIN_DATES = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58,
]);

/** Whether a number format code shows a date: d, y or m (not as minutes beside h or s) outside quotes, escapes and brackets. */
export function isDateFormat(code: string): boolean {
  const s = code
    .split(';')[0]
    .replace(/"[^"]*"/g, '')
    .replace(/\\.|_.|\*./g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/general/gi, '')
    .replace(/AM\/PM|A\/P/gi, '');
  return /[dy年日]/i.test(s) || (/[m月]/i.test(s) && !/[hs]/i.test(s));
}

/** For each cell style index (`s`), whether its number format is a date. */
function readDateStyles(zip: ZipReader, part: string | undefined): boolean[] {
  const data = part ? zip.read(part) : undefined;
  if (!part || !data) return [];
  const custom = new Map<number, string>();
  const styles: boolean[] = [];
  let inCellXfs = false;
  parseXml(part, data, {
    open(el, a) {
      if (el === 'numFmt') custom.set(Number(attr(a, 'numFmtId')), attr(a, 'formatCode') ?? '');
      else if (el === 'cellXfs') inCellXfs = true;
      else if (el === 'xf' && inCellXfs) {
        const id = Number(attr(a, 'numFmtId') ?? 0);
        const code = custom.get(id);
        styles.push(code !== undefined ? isDateFormat(code) : BUILTIN_DATES.has(id));
      }
    },
    close(el) {
      if (el === 'cellXfs') inCellXfs = false;
    },
  });
  return styles;
}

// ------------------------------------------------------------ worksheets

const MS_DAY = 86_400_000;
/** 1899-12-30 and 1904-01-01 as days since 1970-01-01: day 0 of the two date systems. */
const EPOCH_1900 = -25569;
const EPOCH_1904 = -24107;

/** A date serial as ISO text, or the number itself when it is no calendar date (a time of day alone, or out of range). */
export function serialIso(serial: number, date1904: boolean): GridValue {
  if (!(serial >= 1) || serial >= 2958466) return serial;
  // Excel's 1900 system counts a 29 February 1900 that never was: serials before it are one day later than the epoch says.
  const day = Math.floor(serial) + (date1904 ? EPOCH_1904 : serial < 60 ? EPOCH_1900 + 1 : EPOCH_1900);
  return new Date(day * MS_DAY).toISOString().slice(0, 10);
}

/** `B12` → [11, 1] (row, column, 0-based); undefined for anything else. */
function cellRef(ref: string): [number, number] | undefined {
  let col = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i) | 0x20;
    if (c < 0x61 || c > 0x7a) break;
    col = col * 26 + (c - 0x60);
  }
  const row = Number(ref.slice(i));
  return i === 0 || i > 3 || !Number.isInteger(row) || row < 1 ? undefined : [row - 1, col - 1];
}

/** The most rows holding values one tab may have: an account's tables have tens or hundreds of rows. */
export const MAX_ROWS = 10_000;

interface SheetContext {
  maxRows: number;
  /** Try the plain scan first (readPlainSheet): for a summary's history, tens of thousands of plain rows. */
  plain?: boolean;
  /** Try the scanner first (readScannedSheet); false: the XML parser reads every sheet (tests compare the two). */
  scan: boolean;
  part: string;
  tab: string;
  strings: () => string[];
  dateStyles: boolean[];
  date1904: boolean;
}

interface CellState {
  row: number;
  col: number;
  type: string;
  style: number;
  v: string | undefined;
  inV: boolean;
  inIs: boolean;
  /** The cell's formula text, when it has one. */
  f: string | undefined;
  inF: boolean;
}

function cellValue(c: CellState, inline: StringItem, ctx: SheetContext): GridValue {
  const v = c.v;
  // LibreOffice saves a boolean cell as the formula TRUE() or FALSE() with a numeric result (1 or 0): it is the boolean.
  const bool = c.f === undefined ? null : /^\s*(TRUE|FALSE)\(\)\s*$/i.exec(c.f);
  if (bool) return bool[1].toUpperCase() === 'TRUE';
  // An inline string is its text whatever the cell's type says (and its text never carries over to the next cell).
  if (c.inIs) return inline.take();
  switch (c.type) {
    case 's': {
      if (v === undefined) return null;
      const s = ctx.strings()[Number(v)];
      return s === undefined ? null : s;
    }
    case 'inlineStr':
    case 'str':
      return v === undefined ? null : ownText(unescapeText(v));
    case 'b':
      return v === undefined ? null : v.trim() === '1' || v.trim().toLowerCase() === 'true';
    case 'e':
      return null;
    case 'd': {
      if (v === undefined) return null;
      const m = /^\s*(\d{4}-\d{2}-\d{2})/.exec(v);
      return ownText(m ? m[1] : v);
    }
    default: {
      if (v === undefined || v.trim() === '') return null;
      const n = Number(v);
      if (!Number.isFinite(n)) return null;
      return ctx.dateStyles[c.style] ? serialIso(n, ctx.date1904) : n;
    }
  }
}

function setCell(grid: GridValue[][], row: number, col: number, value: GridValue): void {
  while (grid.length <= row) grid.push([]);
  const values = grid[row];
  while (values.length < col) values.push(null);
  values[col] = value;
}

/** Merged ranges keep their value in the top-left cell only (a writer may leave values in the others). */
function blankMerged(grid: GridValue[][], merges: string[]): void {
  for (const m of merges) {
    const [a, b] = m.split(':');
    const from = cellRef(a ?? '');
    const to = cellRef(b ?? '');
    if (!from || !to) continue;
    for (let r = from[0]; r <= Math.min(to[0], grid.length - 1); r++) {
      const values = grid[r];
      for (let c = from[1]; c <= Math.min(to[1], values.length - 1); c++) if (r !== from[0] || c !== from[1]) values[c] = null;
    }
  }
}

/** Drops trailing blanks of each row (the domain reads a row's length as its last value). */
function trimRows(grid: GridValue[][]): void {
  for (const values of grid) while (values.length && values[values.length - 1] === null) values.pop();
  while (grid.length && grid[grid.length - 1].length === 0) grid.pop();
}

/** False only when no element named `f` (with or without a prefix) can be in the XML: most tabs of a summary have none. */
function mayHaveFormulas(xml: string): boolean {
  return xml.includes('<f') || /:f[\s>/]/.test(xml);
}

/**
 * The part of a worksheet's XML a reader needs: formulas' text (their cached
 * results stay; TRUE() and FALSE() too) and everything after the merged cells (conditional formats,
 * data validations, page setup) go before parsing; they are most of the
 * bytes of a form tab. The root element is closed again.
 */
export function neededSheetXml(xml: string): string {
  const noFormulas = withoutFormulas(xml);
  const root = /<((?:[\w.-]+:)?)worksheet[\s>]/.exec(noFormulas);
  if (!root) return noFormulas;
  const close = (el: string) => {
    const tag = `</${root[1]}${el}>`;
    const at = noFormulas.lastIndexOf(tag);
    return at < 0 ? -1 : at + tag.length;
  };
  const end = Math.max(close('mergeCells'), close('sheetData'));
  return end < 0 ? noFormulas : `${noFormulas.slice(0, end)}</${root[1]}worksheet>`;
}

/** XML without its formulas' text, but for TRUE() and FALSE(): they are how LibreOffice saves a boolean (cellValue). */
function withoutFormulas(xml: string): string {
  return !mayHaveFormulas(xml)
    ? xml
    : xml.replace(/<(?:[\w.-]+:)?f\b[^>]*?\/>|<((?:[\w.-]+:)?f)\b[^>]*>([^<]*)<\/\1>/g, (m, _f, text?: string) =>
        text !== undefined && /^\s*(TRUE|FALSE)\(\)\s*$/i.test(text) ? m : '',
      );
}

// ------------------------------------------------------------ plain sheets, without the XML parser

/** Cell data the plain scan does not read: a prefixed element, an inline string, CDATA, a formula, a comment. */
const NOT_PLAIN = /<[\w.-]+:|<is[\s>]|<!\[CDATA\[|<f[\s>/]|<!--/;
const PLAIN_CELL = /<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g;
const PLAIN_VALUE = /^\s*<v>([^<]*)<\/v>\s*$|^\s*<v\s*\/>\s*$|^\s*$/;
const ENTITY = /&(?:(lt|gt|amp|quot|apos)|#(\d+)|#x([0-9a-fA-F]+));/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(ENTITY, (_m, name?: string, dec?: string, hex?: string) =>
    name ? NAMED[name] : String.fromCodePoint(dec ? Number(dec) : parseInt(hex as string, 16)),
  );
}

function plainAttr(attrs: string, name: string): string | undefined {
  const at = attrs.indexOf(` ${name}="`);
  if (at < 0) return undefined;
  const from = at + name.length + 3;
  return attrs.slice(from, attrs.indexOf('"', from));
}

/**
 * A sheet of plain cells (every cell with its reference, a value in `<v>` and
 * nothing else: no prefixes, inline strings, formulas, merges or comments, as
 * ka-sales writes its summary's history and Excel, WPS and LibreOffice save it)
 * read by scanning its cells, several times faster than the XML parser on the
 * 50,000 rows of a year of history. Undefined when the sheet is not that plain:
 * the parser reads it then.
 */
export function readPlainSheet(xml: string, ctx: SheetContext): GridValue[][] | undefined {
  const start = xml.indexOf('<sheetData>');
  const end = xml.lastIndexOf('</sheetData>');
  // Merged cells keep their value in the top-left cell only: the parser's path knows them.
  if (xml.includes('<mergeCell')) return undefined;
  if (start < 0 || end < start || NOT_PLAIN.test(xml.slice(start, end))) return undefined;
  const grid: GridValue[][] = [];
  const c: CellState = { row: -1, col: -1, type: 'n', style: 0, v: undefined, inV: false, inIs: false, f: undefined, inF: false };
  const inline = new StringItem();
  let rowsUsed = 0;
  PLAIN_CELL.lastIndex = start;
  for (let m = PLAIN_CELL.exec(xml); m && m.index < end; m = PLAIN_CELL.exec(xml)) {
    const at = cellRef(plainAttr(m[1], 'r') ?? '');
    const inner = m[2] === undefined ? null : PLAIN_VALUE.exec(m[2]);
    if (!at || (m[2] !== undefined && !inner)) return undefined;
    c.type = plainAttr(m[1], 't') ?? 'n';
    c.style = Number(plainAttr(m[1], 's') ?? 0);
    c.v = inner?.[1] === undefined ? undefined : decodeEntities(inner[1]);
    const value = cellValue(c, inline, ctx);
    if (value === null) continue;
    if (!grid[at[0]]?.length && ++rowsUsed > ctx.maxRows) throw unreadable('too-many-rows', { tab: ctx.tab, limit: ctx.maxRows });
    setCell(grid, at[0], at[1], value);
  }
  trimRows(grid);
  return grid;
}

/**
 * A tab's grid, built from the events of its XML (the parser's, or the scanner's: sheet-scan.ts): rows, cells with
 * their value and formula, inline strings, merged ranges.
 */
class SheetBuilder implements XmlHandlers, CellSink {
  readonly grid: GridValue[][] = [];
  private readonly merges: string[] = [];
  private readonly inline = new StringItem();
  private readonly c: CellState = {
    row: -1,
    col: -1,
    type: 'n',
    style: 0,
    v: undefined,
    inV: false,
    inIs: false,
    f: undefined,
    inF: false,
  };
  private rowAt = -1;
  private rowsUsed = 0;

  constructor(private readonly ctx: SheetContext) {}

  /** Outside any cell: where the scanner may take over from the parser. */
  get betweenCells(): boolean {
    return !this.c.inIs && !this.c.inV && !this.c.inF;
  }

  row(r: string | undefined): void {
    const n = Number(r);
    this.rowAt = Number.isInteger(n) && n >= 1 ? n - 1 : this.rowAt + 1;
    this.c.col = -1;
  }

  private openCell(r: string | undefined, t: string | undefined, s: string | undefined): void {
    const c = this.c;
    const at = cellRef(r ?? '');
    c.row = at ? at[0] : this.rowAt;
    c.col = at ? at[1] : c.col + 1;
    c.type = t ?? 'n';
    c.style = Number(s ?? 0);
    c.v = undefined;
    c.f = undefined;
    c.inIs = false;
  }

  private closeCell(): void {
    const c = this.c;
    const value = cellValue(c, this.inline, this.ctx);
    if (value !== null && c.row >= 0) {
      if (!this.grid[c.row]?.length && ++this.rowsUsed > this.ctx.maxRows)
        throw unreadable('too-many-rows', { tab: this.ctx.tab, limit: this.ctx.maxRows });
      setCell(this.grid, c.row, c.col, value);
    }
    c.inIs = false;
  }

  cell(r: string | undefined, t: string | undefined, s: string | undefined, v: string | undefined, f: string | undefined): void {
    this.openCell(r, t, s);
    this.c.v = v;
    this.c.f = f;
    this.closeCell();
  }

  open(el: string, a: Record<string, string>): void {
    const c = this.c;
    if (el === 'c') this.openCell(a.r ?? attr(a, 'r'), a.t, a.s);
    else if (el === 'f') {
      c.inF = true;
      c.f = '';
    } else if (el === 'v') {
      c.inV = true;
      c.v = '';
    } else if (el === 'row') this.row(a.r);
    else if (el === 'is') c.inIs = true;
    else if (el === 'mergeCell') this.merges.push(a.ref ?? '');
    else if (c.inIs) this.inline.open(el);
  }

  text(t: string): void {
    const c = this.c;
    if (c.inV) c.v += t;
    else if (c.inF) c.f += t;
    else if (c.inIs) this.inline.text(t);
  }

  close(el: string): void {
    const c = this.c;
    if (el === 'v') c.inV = false;
    else if (el === 'f') c.inF = false;
    else if (el === 'c') this.closeCell();
    else if (c.inIs && el !== 'is') this.inline.close(el);
  }

  finish(): GridValue[][] {
    blankMerged(this.grid, this.merges);
    trimRows(this.grid);
    return this.grid;
  }
}

const SHEET_DATA = '<sheetData>';
const SHEET_DATA_END = '</sheetData>';
const MERGE_CELLS_END = '</mergeCells>';

/**
 * A worksheet whose cells the scanner takes (sheet-scan.ts): what comes before and after them (the root element,
 * columns, merged ranges) parsed as before, the cells scanned; undefined when the scanner does not take them, and
 * the parser reads the whole sheet. Only the part's bytes up to its cells and merged ranges are read (the rest is
 * what neededSheetXml drops), as one-byte text: a byte a character.
 */
function readScannedSheet(bytes: Buffer, ctx: SheetContext): GridValue[][] | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return undefined;
  const close = bytes.lastIndexOf(SHEET_DATA_END);
  const open = close < 0 ? -1 : bytes.indexOf(SHEET_DATA);
  if (open < 0 || close < open) return undefined;
  const end = Math.max(close + SHEET_DATA_END.length, bytes.lastIndexOf(MERGE_CELLS_END) + MERGE_CELLS_END.length);
  const from = open + SHEET_DATA.length;
  const head = withoutFormulas(partText(bytes.subarray(0, from)));
  if (/<((?:[\w.-]+:)?)worksheet[\s>]/.exec(head)?.[1] !== '') return undefined;
  const sheet = new SheetBuilder(ctx);
  const parser = xmlParser(ctx.part, sheet);
  parser.write(head);
  if (!sheet.betweenCells || !scanCells(bytes.toString('latin1', 0, close), bytes, from, close, sheet)) return undefined;
  const tail = withoutFormulas(bytes.toString('utf8', close, end));
  const cut = Math.max(SHEET_DATA_END.length, tail.lastIndexOf(MERGE_CELLS_END) + MERGE_CELLS_END.length);
  parser.write(`${tail.slice(0, cut)}</worksheet>`);
  parser.close();
  return sheet.finish();
}

function readSheet(zip: ZipReader, ctx: SheetContext): GridValue[][] {
  const bytes = zip.read(ctx.part);
  if (!bytes) throw unreadable('missing-part', { part: ctx.part });
  if (ctx.scan && !ctx.plain) {
    const scanned = readScannedSheet(bytes, ctx);
    if (scanned) return scanned;
  }
  const text = partText(bytes);
  const plain = ctx.plain ? readPlainSheet(text, ctx) : undefined;
  if (plain) return plain;
  const sheet = new SheetBuilder(ctx);
  parseXml(ctx.part, neededSheetXml(text), sheet);
  return sheet.finish();
}

// ------------------------------------------------------------ the whole file

function checkKind(bytes: Buffer): void {
  if (bytes.length === 0) throw unreadable('empty');
  if (bytes.subarray(0, 4).equals(OLE)) throw unreadable('xls');
  if (!bytes.subarray(0, 4).equals(ZIP)) throw unreadable('not-zip');
}

/** The workbook part: the package's officeDocument relationship, or xl/workbook.xml when there is no package relationship part. */
function workbookPartOf(zip: ZipReader): string {
  const rels = readRels(zip, '', false);
  const doc = relOfType(rels, 'officeDocument');
  if (doc) return doc.target;
  if (zip.has('mimetype') && (zip.read('mimetype')?.toString('latin1') ?? '').includes('opendocument')) throw unreadable('ods');
  return 'xl/workbook.xml';
}

/**
 * The grids and defined names of .xlsx bytes; anything else is an
 * UnreadableAccountError with one line saying why. `maxRows` bounds the rows
 * holding values on one tab (an account's; a summary's history holds more).
 * `tabs` says which tabs to read (given the workbook's defined names): the
 * others are not inflated. `scan: false` has the XML parser read every sheet,
 * as the scanner's tests do to compare the two.
 */
export function readXlsx(
  bytes: Buffer,
  opts: { maxRows?: number; tabs?: (name: string, definedNames: DefinedName[]) => boolean; plain?: boolean; scan?: boolean } = {},
): XlsxContents {
  checkKind(bytes);
  const zip = new ZipReader(bytes);
  const part = workbookPartOf(zip);
  if (!zip.has(part)) throw unreadable('missing-part', { part });
  const rels = readRels(zip, part, true);
  const wb = readWorkbookPart(zip, part, rels);
  if (wb.sheets.length === 0) throw unreadable('no-worksheets');
  const stringsPart = relOfType(rels, 'sharedStrings')?.target;
  let strings: string[] | undefined;
  const ctx: SheetContext = {
    maxRows: opts.maxRows ?? MAX_ROWS,
    plain: opts.plain,
    scan: opts.scan !== false,
    part: '',
    tab: '',
    dateStyles: readDateStyles(zip, relOfType(rels, 'styles')?.target),
    date1904: wb.date1904,
    strings: () => (strings ??= readSharedStrings(zip, stringsPart ?? `${part.slice(0, part.lastIndexOf('/') + 1)}sharedStrings.xml`)),
  };
  const grids: Grids = {};
  for (const sheet of wb.sheets) {
    // A tab the caller does not need is not inflated at all.
    if (!opts.tabs || opts.tabs(sheet.name, wb.definedNames))
      grids[sheet.name] = readSheet(zip, { ...ctx, part: sheet.part, tab: sheet.name });
  }
  return { grids, definedNames: wb.definedNames };
}
