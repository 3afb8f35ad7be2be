import { crc32, deflateRawSync } from 'node:zlib';
import JSZip from 'jszip';

/**
 * XML-level edits of .xlsx files for the reader tests: the parts of a
 * workbook as a map, edited as text, and written back as a zip by a small
 * writer of our own that can also store parts uncompressed or add a part
 * already deflated (a huge one made in pieces) with its own size and CRC.
 */

export type Parts = Map<string, Buffer>;

export async function unzipParts(bytes: Buffer): Promise<Parts> {
  const zip = await JSZip.loadAsync(bytes);
  const parts: Parts = new Map();
  for (const [name, entry] of Object.entries(zip.files)) if (!entry.dir) parts.set(name, await entry.async('nodebuffer'));
  return parts;
}

/** A part given as its deflated bytes (never held inflated here). */
export interface RawPart {
  name: string;
  deflated: Buffer;
  size: number;
  crc: number;
}

export function zipParts(parts: Parts, opts: { store?: boolean; raw?: RawPart[] } = {}): Buffer {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  const add = (name: string, method: number, data: Buffer, size: number, crc: number) => {
    const n = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6); // names in UTF-8
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(n.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(0x800, 8);
    dir.writeUInt16LE(method, 10);
    dir.writeUInt32LE(crc, 16);
    dir.writeUInt32LE(data.length, 20);
    dir.writeUInt32LE(size, 24);
    dir.writeUInt16LE(n.length, 28);
    dir.writeUInt32LE(offset, 42);
    chunks.push(local, n, data);
    central.push(dir, n);
    offset += 30 + n.length + data.length;
  };
  for (const [name, data] of parts) {
    const crc = crc32(data) >>> 0;
    if (opts.store) add(name, 0, data, data.length, crc);
    else add(name, 8, deflateRawSync(data), data.length, crc);
  }
  for (const r of opts.raw ?? []) add(r.name, 8, r.deflated, r.size, r.crc);
  const dir = Buffer.concat(central);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(parts.size + (opts.raw?.length ?? 0), 8);
  eocd.writeUInt16LE(parts.size + (opts.raw?.length ?? 0), 10);
  eocd.writeUInt32LE(dir.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, dir, eocd]);
}

export const text = (parts: Parts, name: string): string => (parts.get(name) as Buffer).toString('utf8');
export const setText = (parts: Parts, name: string, xml: string): void => {
  parts.set(name, Buffer.from(xml, 'utf8'));
};

/** The part of a worksheet by its tab name (through workbook.xml and its relationships, as ExcelJS writes them). */
export function sheetPart(parts: Parts, tab: string): string {
  const wb = text(parts, 'xl/workbook.xml');
  const esc = tab.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const id = new RegExp(`<sheet [^>]*name="${esc}"[^>]*r:id="([^"]+)"`).exec(wb)?.[1];
  const rels = text(parts, 'xl/_rels/workbook.xml.rels');
  const target =
    new RegExp(`<Relationship [^>]*Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ??
    new RegExp(`<Relationship [^>]*Target="([^"]+)"[^>]*Id="${id}"`).exec(rels)?.[1];
  if (!target) throw new Error(`no sheet part for ${tab}`);
  return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
}

/** Replaces cell `ref` of a sheet's XML with `cell(attrs)`, where attrs are the old cell's `r` and `s` attributes. */
export function replaceCell(xml: string, ref: string, cell: (attrs: string) => string): string {
  const re = new RegExp(`<c r="${ref}"([^>]*?)(?:/>|>.*?</c>)`);
  const m = re.exec(xml);
  if (!m) throw new Error(`no cell ${ref}`);
  const style = /\ss="\d+"/.exec(m[1])?.[0] ?? '';
  return xml.replace(re, cell(`r="${ref}"${style}`));
}
