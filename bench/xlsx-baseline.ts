import { inflateRawSync } from 'node:zlib';
import { SaxesParser } from 'saxes';
import { zipEntries } from '../src/xlsx/zip-parts';

/** The parts an .xlsx reader needs: workbook, its relationships, shared strings, styles, worksheets. */
export const NEEDED = /^xl\/(workbook\.xml|_rels\/workbook\.xml\.rels|sharedStrings\.xml|styles\.xml|worksheets\/sheet\d+\.xml)$/i;

/** The baseline of the roll-up target: inflate the parts a reader needs with native zlib and parse them with saxes, nothing else. */
export function unzipParseBaseline(bytes: Buffer): number {
  let events = 0;
  for (const e of zipEntries(bytes).values()) {
    if (!NEEDED.test(e.name)) continue;
    const start = e.headerOffset + 30 + bytes.readUInt16LE(e.headerOffset + 26) + bytes.readUInt16LE(e.headerOffset + 28);
    const raw = bytes.subarray(start, start + e.compressedSize);
    const xml = (e.method === 8 ? inflateRawSync(raw) : raw).toString('utf8');
    const p = new SaxesParser();
    p.on('opentag', () => events++);
    p.on('text', () => events++);
    p.write(xml).close();
  }
  return events;
}
