import { crc32, deflateRawSync } from 'node:zlib';
import { type ZipEntry, zipEntries } from './zip-parts';
import { ZipReader } from './zip-parts';

/**
 * A workbook package we write into (the manager summary): the parts of a zip
 * we made (ExcelJS's output), read as text on demand, some replaced or added,
 * then written out as a new zip with Node's own zlib. Parts left alone keep
 * their compressed bytes as they are (not inflated, not deflated again); a
 * changed part is deflated once, natively. It answers the few calls of
 * JSZip's that charts.ts and sheet-rows.ts make (`file(name)`, `file(name,
 * data)`, `files`), so either can write into it; JSZip itself would hold every
 * part inflated and deflate them in JavaScript (pako): for a year of history,
 * 15 MB of sheet XML, ~1 s and tens of megabytes more.
 */

/** A package's part contents: text or bytes. */
export type PartData = string | Uint8Array;

/** The calls of JSZip's that our package writers make: JSZip and ZipPackage both answer them. */
export interface PackageParts {
  readonly files: Record<string, unknown>;
  file(name: string): { async(type: 'string'): Promise<string> } | null;
  file(name: string, data: PartData): unknown;
}

/** 1980-01-01 00:00 in MS-DOS time and date: every part of the file carries the same (a roll-up's bytes depend on its content only). */
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

interface OutPart {
  name: Buffer;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  data: Buffer;
}

export class ZipPackage implements PackageParts {
  private readonly source: Buffer;
  private readonly reader: ZipReader;
  /** Part names in their order in the source, then the added ones. */
  private readonly order: string[];
  private readonly original = new Map<string, ZipEntry>();
  private readonly changed = new Map<string, PartData>();

  constructor(zip: Buffer) {
    this.source = zip;
    this.reader = new ZipReader(zip);
    const entries = [...zipEntries(zip).values()].sort((a, b) => a.headerOffset - b.headerOffset);
    this.order = entries.map((e) => e.name);
    for (const e of entries) this.original.set(e.name, e);
  }

  get files(): Record<string, unknown> {
    return Object.fromEntries(this.order.map((n) => [n, true]));
  }

  file(name: string): { async(type: 'string'): Promise<string> } | null;
  file(name: string, data: PartData): this;
  file(name: string, data?: PartData): { async(type: 'string'): Promise<string> } | null | this {
    if (data !== undefined) {
      if (!this.original.has(name) && !this.changed.has(name)) this.order.push(name);
      this.changed.set(name, data);
      return this;
    }
    const text = this.text(name);
    return text === undefined ? null : { async: async () => text };
  }

  private text(name: string): string | undefined {
    const data = this.changed.get(name);
    if (data !== undefined)
      return typeof data === 'string' ? data : Buffer.from(data.buffer, data.byteOffset, data.length).toString('utf8');
    if (!this.original.has(name)) return undefined;
    return this.reader.read(name)?.toString('utf8');
  }

  /** The package as .xlsx bytes: changed and added parts deflated at `level`, the others copied as they are. */
  toBuffer(level = 6): Buffer {
    const parts = this.order.map((n) => this.outPart(n, level));
    const chunks: Buffer[] = [];
    const central: Buffer[] = [];
    let offset = 0;
    for (const p of parts) {
      const local = header(0x04034b50, p, 30);
      chunks.push(local, p.name, p.data);
      const c = header(0x02014b50, p, 46);
      c.writeUInt32LE(offset, 42);
      central.push(c, p.name);
      offset += local.length + p.name.length + p.data.length;
    }
    const centralSize = central.reduce((n, b) => n + b.length, 0);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(parts.length, 8);
    end.writeUInt16LE(parts.length, 10);
    end.writeUInt32LE(centralSize, 12);
    end.writeUInt32LE(offset, 16);
    return Buffer.concat([...chunks, ...central, end]);
  }

  private outPart(name: string, level: number): OutPart {
    const nameBytes = Buffer.from(name, 'utf8');
    const data = this.changed.get(name);
    if (data === undefined) {
      const e = this.original.get(name) as ZipEntry;
      return { name: nameBytes, method: e.method, crc: e.crc, compressedSize: e.compressedSize, size: e.size, data: this.stored(e) };
    }
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data.buffer, data.byteOffset, data.length);
    const deflated = deflateRawSync(bytes, { level });
    return { name: nameBytes, method: 8, crc: crc32(bytes) >>> 0, compressedSize: deflated.length, size: bytes.length, data: deflated };
  }

  /** A part's compressed bytes in the source, as they are. */
  private stored(e: ZipEntry): Buffer {
    const at = e.headerOffset;
    const start = at + 30 + this.source.readUInt16LE(at + 26) + this.source.readUInt16LE(at + 28);
    return this.source.subarray(start, start + e.compressedSize);
  }
}

/** A local file header (30 bytes) or a central directory header (46 bytes) of a part, without its name. */
function header(signature: number, p: OutPart, size: 30 | 46): Buffer {
  const b = Buffer.alloc(size);
  b.writeUInt32LE(signature, 0);
  const at = size === 46 ? 2 : 0;
  if (size === 46) b.writeUInt16LE(20, 4); // made by: MS-DOS, version 2.0
  b.writeUInt16LE(20, 4 + at); // version needed: 2.0 (deflate)
  b.writeUInt16LE(0x0800, 6 + at); // UTF-8 names
  b.writeUInt16LE(p.method, 8 + at);
  b.writeUInt16LE(DOS_TIME, 10 + at);
  b.writeUInt16LE(DOS_DATE, 12 + at);
  b.writeUInt32LE(p.crc, 14 + at);
  b.writeUInt32LE(p.compressedSize, 18 + at);
  b.writeUInt32LE(p.size, 22 + at);
  b.writeUInt16LE(p.name.length, 26 + at);
  return b;
}
