import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { UnreadableAccountError } from '../domain/account';
import { type ReaderMessage, readerMessage } from '../domain/messages';
import { scanXml } from './xml-scan';

/**
 * SAX reading of one XML part of an .xlsx, namespace prefixes ignored
 * (`x:c` and `c` are the same element: some writers prefix SpreadsheetML).
 */

export interface XmlHandlers {
  open?: (name: string, attrs: Record<string, string>) => void;
  close?: (name: string) => void;
  text?: (text: string) => void;
}

export function unreadable(
  code: ReaderMessage,
  args: { part?: string; tab?: string; mb?: number; limit?: number } = {},
): UnreadableAccountError {
  return new UnreadableAccountError(readerMessage(code, args, 'en'), {
    zh: readerMessage(code, args, 'zh'),
    en: readerMessage(code, args, 'en'),
  });
}

export function localName(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

/** An attribute by local name (`r:id`, `ns0:id` and `id` all answer to `id`), exact names first. */
export function attr(attrs: Record<string, string>, name: string): string | undefined {
  if (name in attrs) return attrs[name];
  for (const k in attrs) if (localName(k) === name) return attrs[k];
  return undefined;
}

/**
 * Text of its own, not a window onto the XML it was parsed from. The parser's
 * text is a slice of the whole part's string, and V8 keeps a slice's parent
 * alive: one customer name kept from each of 5,000 workbooks kept each one's
 * shared-string XML too (26 KB a workbook, 100 MB over a roll-up). Short
 * strings are copied by V8 anyway; a longer one is copied here, so the part's
 * text can be collected as soon as it is parsed.
 */
export function ownText(s: string): string {
  return s.length < 13 ? s : ` ${s}`.slice(1);
}

/** A part's text: UTF-16 when it starts with its byte-order mark, else UTF-8; a byte-order mark is not XML. */
export function partText(data: Buffer): string {
  const text = data[0] === 0xff && data[1] === 0xfe ? data.toString('utf16le') : data.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** A parser of one part fed in pieces (`write`, then `close`); an XML error becomes an UnreadableAccountError naming the part. */
export function xmlParser(part: string, h: XmlHandlers): { write(text: string): void; close(): void } {
  const parser = new SaxesParser({ xmlns: false });
  parser.on('error', () => {
    throw unreadable('bad-xml', { part });
  });
  // Bound: the handlers may be methods of an object.
  if (h.open) {
    const open = h.open.bind(h);
    parser.on('opentag', (tag: SaxesTagPlain) => open(localName(tag.name), tag.attributes));
  }
  if (h.close) {
    const close = h.close.bind(h);
    parser.on('closetag', (tag: SaxesTagPlain) => close(localName(tag.name)));
  }
  if (h.text) {
    const text = h.text.bind(h);
    parser.on('text', text);
    parser.on('cdata', text);
  }
  return {
    write: (text) => void parser.write(text),
    close: () => void parser.close(),
  };
}

/**
 * Parses a part (its bytes, or its text already decoded); an XML error becomes an UnreadableAccountError naming the
 * part. A part written as spreadsheet programs write it is scanned (xml-scan.ts: the same events, faster); any other
 * goes to the parser.
 */
export function parseXml(part: string, data: Buffer | string, h: XmlHandlers): void {
  const text = typeof data === 'string' ? data : partText(data);
  if (scanXml(text, h)) return;
  const parser = xmlParser(part, h);
  parser.write(text);
  parser.close();
}
