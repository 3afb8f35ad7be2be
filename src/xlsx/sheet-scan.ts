/**
 * A fast path for the cells of a worksheet: the content of `<sheetData>`
 * scanned without the XML parser, when it is written the way spreadsheet
 * programs write it — rows of cells, each cell with at most a value (`<v>`)
 * and formulas (`<f>`), unprefixed names, plain attributes. It hands the
 * reader (read-xlsx.ts) each row and each cell as the parser's events would,
 * after the reader has dropped formula text (neededSheetXml); a formula is
 * kept only when its text is TRUE() or FALSE() (a boolean as LibreOffice
 * saves it).
 *
 * It reads the part's bytes as one-byte text (`latin1`: one character a
 * byte, so markup is found where it is in UTF-8) and decodes a value as
 * UTF-8 from the bytes only when it has a byte above 0x7F.
 *
 * It accepts only what it knows to be well-formed XML and what the parser
 * would read alike: anything else (an inline string, a comment, CDATA, a
 * prefix, a numeric character reference, a carriage return or a control
 * character in a value, an attribute twice, text between cells) makes it
 * answer false, and the reader parses the sheet with the XML parser as
 * before, which then reads it or names the part as not XML. So a sheet is
 * read the same whichever path reads it, and a malformed one is refused the
 * same.
 */

import { AMP, APOS, COLON, EQ, GT, isNameChar, isNameStart, isSpace, LT, namedReferences, QUOT, SLASH } from './xml-chars';

/** Where the scanner's rows and cells go: the attributes as written (r, t, s; undefined when absent), value and kept formula. */
export interface CellSink {
  row(r: string | undefined): void;
  cell(r: string | undefined, t: string | undefined, s: string | undefined, v: string | undefined, f: string | undefined): void;
}

/** Text of a value the scanner takes: no `>` (nor so `]]>`), no carriage return (XML makes CR LF a line feed), no refused character. */
const ODD_TEXT = /[>&\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/;
const ODD_TEXT_BUT_AMP = /[>\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/;
/** A formula the reader keeps (read-xlsx.ts: neededSheetXml): TRUE() or FALSE(), as LibreOffice saves a boolean. */
const BOOLEAN_FORMULA = /^\s*(TRUE|FALSE)\(\)\s*$/i;
/** What a formula's text must hold to be one of those, whatever its encoding: most are not, and need no decoding. */
const BOOLEAN_CALL = /(?:TRUE|FALSE)\(\)/i;

/**
 * A cell without a value, as spreadsheet programs write the cells of formula columns whose results are not saved:
 * a cell reference, maybe a style and a type, maybe a formula (not TRUE() or FALSE(): those are kept). It reads as
 * blank whatever it says, so it is passed over; the pattern takes only well-formed XML (each attribute once, in
 * this order, with plain values).
 */
const EMPTY_CELL =
  '<c r="[A-Z]{1,3}[1-9][0-9]{0,6}"(?: s="[0-9]{1,5}")?(?: t="[a-zA-Z]{1,9}")?' +
  '(?:/>|>(?:<f(?: t="[a-z]{1,9}")?(?: ref="[A-Z0-9:]{1,40}")?(?: si="[0-9]{1,7}")?' +
  '(?:/>|>(?![^<]*(?:[Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee])\\(\\))[^<]*</f>))?</c>)';
const EMPTY_CELLS = new RegExp(`(?:${EMPTY_CELL}){1,256}`, 'y');
/** The rest of a row when it is cells without values only (at most 256 at a time: the pattern's backtracking grows with them). */
const EMPTY_ROW = new RegExp(`(?:${EMPTY_CELL}){0,256}</row>`, 'y');

/** A value's text with the five named references replaced; undefined when it has any other `&` or a character the scanner does not take. */
function decodeText(text: string): string | undefined {
  if (!ODD_TEXT.test(text)) return text;
  if (ODD_TEXT_BUT_AMP.test(text)) return undefined;
  return namedReferences(text);
}

/**
 * Whether an attribute value from `from` to `to` is taken as it is: printable ASCII without markup or reference (no
 * character XML normalises, refuses or would have to decode).
 */
function plainValue(x: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = x.charCodeAt(i);
    if (c < 32 || c > 126 || c === LT || c === GT || c === AMP) return false;
  }
  return true;
}

/** Whether text from `from` to `to` is ASCII. */
function ascii(x: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (x.charCodeAt(i) > 127) return false;
  return true;
}

class Scanner {
  at: number;
  /** Attributes of the tag read last: r, t, s as written; `pr` the first prefixed `…:r`. */
  r: string | undefined;
  t: string | undefined;
  s: string | undefined;
  pr: string | undefined;
  selfClosing = false;
  /** Names of the tag's attributes so far (the first `count`): an attribute given twice is not XML. */
  private readonly names: string[] = [];
  private count = 0;

  constructor(
    readonly xml: string,
    readonly bytes: Buffer,
    from: number,
    readonly to: number,
  ) {
    this.at = from;
  }

  skipSpace(): void {
    const x = this.xml;
    let i = this.at;
    while (i < this.to && isSpace(x.charCodeAt(i))) i++;
    this.at = i;
  }

  /** At `<name` followed by a space, `>` or `/`: moves past `<name`. */
  startTag(name: string): boolean {
    const x = this.xml;
    const end = this.at + 1 + name.length;
    if (!x.startsWith(name, this.at + 1)) return false;
    const c = x.charCodeAt(end);
    if (!(isSpace(c) || c === GT || c === SLASH)) return false;
    this.at = end;
    return true;
  }

  /** Moves past what `pattern` (sticky) matches here, when it does. */
  skip(pattern: RegExp): boolean {
    pattern.lastIndex = this.at;
    if (!pattern.test(this.xml) || pattern.lastIndex > this.to) return false;
    this.at = pattern.lastIndex;
    return true;
  }

  /** At `literal`: moves past it. */
  take(literal: string): boolean {
    if (!this.xml.startsWith(literal, this.at)) return false;
    this.at += literal.length;
    return true;
  }

  /** One name (`a`, `x14ac:dyDescent`) at the current position; its end, or -1. */
  private nameEnd(): number {
    const x = this.xml;
    let i = this.at;
    if (!isNameStart(x.charCodeAt(i))) return -1;
    for (i++; isNameChar(x.charCodeAt(i)); i++);
    if (x.charCodeAt(i) === COLON) {
      if (!isNameStart(x.charCodeAt(i + 1))) return -1;
      for (i += 2; isNameChar(x.charCodeAt(i)); i++);
    }
    return i;
  }

  /** A tag's attributes and its end (`>` or `/>`); false when they are not plain. */
  attributes(): boolean {
    const x = this.xml;
    this.count = 0;
    this.r = this.t = this.s = this.pr = undefined;
    for (;;) {
      const before = this.at;
      this.skipSpace();
      const c = x.charCodeAt(this.at);
      if (c === GT || c === SLASH) {
        this.selfClosing = c === SLASH;
        if (this.selfClosing && x.charCodeAt(this.at + 1) !== GT) return false;
        this.at += this.selfClosing ? 2 : 1;
        return this.at <= this.to;
      }
      // An attribute is preceded by white space.
      if (this.at === before) return false;
      const end = this.nameEnd();
      if (end < 0) return false;
      const name = x.slice(this.at, end);
      this.at = end;
      this.skipSpace();
      if (x.charCodeAt(this.at) !== EQ) return false;
      this.at++;
      this.skipSpace();
      const q = x.charCodeAt(this.at);
      if (q !== QUOT && q !== APOS) return false;
      const close = x.indexOf(q === QUOT ? '"' : "'", this.at + 1);
      if (close < 0 || close >= this.to) return false;
      if (!plainValue(x, this.at + 1, close) || this.seen(name)) return false;
      const value = x.slice(this.at + 1, close);
      this.at = close + 1;
      if (name === 'r') this.r = value;
      else if (name === 't') this.t = value;
      else if (name === 's') this.s = value;
      else if (this.pr === undefined && name.endsWith(':r') && name.indexOf(':') === name.length - 2) this.pr = value;
    }
  }

  /** Whether the tag has an attribute `name` already; records it. */
  private seen(name: string): boolean {
    const names = this.names;
    for (let i = 0; i < this.count; i++) if (names[i] === name) return true;
    names[this.count++] = name;
    return false;
  }

  /**
   * Text up to the next `<`, which must start `close`, decoded from UTF-8 (references left as written); moves past
   * `close`. Undefined when there is no such end; '' for a formula the reader drops (`formula`: only TRUE() and
   * FALSE() are kept, and their text is ASCII).
   */
  textUntil(close: string, formula = false): string | undefined {
    const x = this.xml;
    const lt = x.indexOf('<', this.at);
    if (lt < 0 || lt >= this.to || !x.startsWith(close, lt)) return undefined;
    const from = this.at;
    this.at = lt + close.length;
    if (formula && !BOOLEAN_CALL.test(x.slice(from, lt))) return '';
    return ascii(x, from, lt) ? x.slice(from, lt) : this.bytes.toString('utf8', from, lt);
  }

  /**
   * A cell's content after its start tag, through `</c>`: values and formulas with white space between them. The
   * last value and the last kept formula count, as when the parser reads them; false when anything else is there.
   */
  cellContent(sink: CellSink): boolean {
    const x = this.xml;
    const { r, t, s } = this;
    const pr = this.pr;
    let v: string | undefined;
    let f: string | undefined;
    for (;;) {
      this.skipSpace();
      if (this.at >= this.to || x.charCodeAt(this.at) !== LT) return false;
      if (this.take('</c>')) break;
      if (this.take('<v>')) {
        const text = this.textUntil('</v>');
        v = text === undefined ? undefined : decodeText(text);
        if (v === undefined) return false;
      } else if (this.take('<v/>')) v = '';
      else if (this.startTag('f')) {
        if (!this.attributes()) return false;
        if (this.selfClosing) continue;
        const text = this.textUntil('</f>', true);
        if (text === undefined) return false;
        if (BOOLEAN_FORMULA.test(text)) f = text;
      } else return false;
    }
    sink.cell(r ?? pr, t, s, v, f);
    return true;
  }
}

/**
 * Scans `xml` (the part's `bytes` as one-byte text) from `from` to `to` (the content of `<sheetData>`) into `sink`;
 * false, at the first thing it does not take, when the reader must parse the sheet instead (what the sink got so far
 * is then to be thrown away).
 */
export function scanCells(xml: string, bytes: Buffer, from: number, to: number, sink: CellSink): boolean {
  const p = new Scanner(xml, bytes, from, to);
  let inRow = false;
  for (;;) {
    p.skipSpace();
    if (p.at >= to) return !inRow && p.at === to;
    if (xml.charCodeAt(p.at) !== LT) return false;
    if (inRow && p.skip(EMPTY_CELLS)) continue;
    if (inRow && p.startTag('c')) {
      if (!p.attributes()) return false;
      // A cell without a reference is where the one before it was, plus one: the one before may have been passed over.
      if (p.r === undefined && p.pr === undefined) return false;
      if (p.selfClosing) sink.cell(p.r ?? p.pr, p.t, p.s, undefined, undefined);
      else if (!p.cellContent(sink)) return false;
    } else if (inRow && p.take('</row>')) inRow = false;
    else if (!inRow && p.startTag('row')) {
      if (!p.attributes()) return false;
      sink.row(p.r);
      inRow = !p.selfClosing && !p.skip(EMPTY_ROW);
    } else return false;
  }
}
