import { APOS, COLON, EQ, GT, isNameChar, isNameStart, isSpace, namedReferences, QUOT, SLASH } from './xml-chars';
import type { XmlHandlers } from './xml-parts';

/**
 * A fast path for the small XML parts of a workbook (its relationships, the
 * workbook part, styles, shared strings): the events the XML parser (saxes)
 * would give, found by a scan of the text, when the part is written the way
 * spreadsheet programs write it — an optional XML declaration, elements with
 * plain attributes, text with the five named references. Anything else (a
 * comment, CDATA, a processing instruction, a DOCTYPE, a numeric reference, a
 * tab, line feed or carriage return in an attribute value, a carriage return
 * or a control character in text, an attribute twice, a tag not closed) and
 * the scan gives nothing: the parser reads the part, and reads it or refuses
 * it as before. The events are given only once the whole part is scanned, so
 * a part the scan gives up on has given none.
 */

type XmlEvent = { open: string; attrs: Record<string, string> } | { close: string } | { text: string };

/** The XML declarations the scan takes: version 1.0, UTF-8, standalone or not. */
const DECLARATION = /^<\?xml version="1\.0"(?: encoding="(?:UTF|utf)-8")?(?: standalone="(?:yes|no)")?\?>/;
/** Characters the scan does not take in text: carriage return (XML makes CR LF a line feed) and the ones XML refuses. */
const ODD_TEXT = /[\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|\]\]>/;
/** In an attribute value: the characters XML normalises (tab, line feed, carriage return), refuses, or `<`. */
const ODD_VALUE = /[<\x00-\x1f\ufffe\uffff]/;

function localName(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

class Scan {
  at = 0;
  readonly events: XmlEvent[] = [];
  private readonly open: string[] = [];

  constructor(private readonly xml: string) {}

  private nameEnd(from: number): number {
    const x = this.xml;
    let i = from;
    if (!isNameStart(x.charCodeAt(i))) return -1;
    for (i++; isNameChar(x.charCodeAt(i)); i++);
    if (x.charCodeAt(i) === COLON) {
      if (!isNameStart(x.charCodeAt(i + 1))) return -1;
      for (i += 2; isNameChar(x.charCodeAt(i)); i++);
    }
    return i;
  }

  private skipSpace(): void {
    while (isSpace(this.xml.charCodeAt(this.at))) this.at++;
  }

  /** Text up to the next `<` (or the end): an event when there is any; false when the scan does not take it. */
  private text(root: boolean): boolean {
    const x = this.xml;
    let lt = x.indexOf('<', this.at);
    if (lt < 0) lt = x.length;
    if (lt === this.at) return true;
    const raw = x.slice(this.at, lt);
    this.at = lt;
    // Outside the root only white space may be.
    if (!root && !/^[ \t\n\r]*$/.test(raw)) return false;
    if (ODD_TEXT.test(raw)) return false;
    const t = namedReferences(raw);
    if (t === undefined) return false;
    this.events.push({ text: t });
    return true;
  }

  /** A start tag at `<`: its attributes, self-closing or not. */
  private startTag(): boolean {
    const x = this.xml;
    const end = this.nameEnd(this.at + 1);
    if (end < 0) return false;
    const name = x.slice(this.at + 1, end);
    this.at = end;
    const attrs: Record<string, string> = {};
    for (;;) {
      const before = this.at;
      this.skipSpace();
      const c = x.charCodeAt(this.at);
      if (c === GT || c === SLASH) {
        const self = c === SLASH;
        if (self && x.charCodeAt(this.at + 1) !== GT) return false;
        this.at += self ? 2 : 1;
        this.events.push({ open: localName(name), attrs });
        if (self) this.events.push({ close: localName(name) });
        else this.open.push(name);
        return true;
      }
      if (this.at === before) return false;
      const nameTo = this.nameEnd(this.at);
      if (nameTo < 0) return false;
      const attr = x.slice(this.at, nameTo);
      this.at = nameTo;
      this.skipSpace();
      if (x.charCodeAt(this.at) !== EQ) return false;
      this.at++;
      this.skipSpace();
      const q = x.charCodeAt(this.at);
      if (q !== QUOT && q !== APOS) return false;
      const close = x.indexOf(q === QUOT ? '"' : "'", this.at + 1);
      if (close < 0) return false;
      const raw = x.slice(this.at + 1, close);
      this.at = close + 1;
      const value = ODD_VALUE.test(raw) ? undefined : namedReferences(raw);
      // `__proto__` would not be an own property of a plain object: left to the parser.
      if (value === undefined || attr === '__proto__' || Object.hasOwn(attrs, attr)) return false;
      attrs[attr] = value;
    }
  }

  /** An end tag at `</`: it must close the element open last. */
  private endTag(): boolean {
    const x = this.xml;
    const name = this.open.pop();
    if (name === undefined || !x.startsWith(name, this.at + 2)) return false;
    this.at += 2 + name.length;
    this.skipSpace();
    if (x.charCodeAt(this.at) !== GT) return false;
    this.at++;
    this.events.push({ close: localName(name) });
    return true;
  }

  run(): boolean {
    const x = this.xml;
    const decl = DECLARATION.exec(x);
    // White space at the very start is passed over without an event, as the parser does (then no declaration may follow).
    if (decl) this.at = decl[0].length;
    else this.skipSpace();
    let roots = 0;
    while (this.at < x.length) {
      if (!this.text(this.open.length > 0)) return false;
      if (this.at >= x.length) break;
      const next = x.charCodeAt(this.at + 1);
      if (next === SLASH) {
        if (!this.endTag()) return false;
      } else {
        // A second root, or anything that is not an element (<!-- <![CDATA[ <? <!DOCTYPE).
        if (this.open.length === 0 && roots++ > 0) return false;
        if (!isNameStart(next) || !this.startTag()) return false;
      }
    }
    return roots === 1 && this.open.length === 0;
  }
}

/** The parser's events for `xml` into `h` when the scan takes the whole part (true); else false, and `h` got nothing. */
export function scanXml(xml: string, h: XmlHandlers): boolean {
  const scan = new Scan(xml);
  if (!scan.run()) return false;
  for (const e of scan.events) {
    if ('open' in e) h.open?.(e.open, e.attrs);
    else if ('close' in e) h.close?.(e.close);
    else h.text?.(e.text);
  }
  return true;
}
