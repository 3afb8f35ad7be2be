import { crc32, inflateRawSync } from 'node:zlib';
import type { UnreadableAccountError } from '../domain/account';
import { unreadable } from './xml-parts';

/**
 * The parts of a zip archive (an .xlsx file), read from its central
 * directory without inflating anything; a part is inflated only when asked
 * for, with Node's own zlib, its size capped before and while inflating and
 * its CRC-32 checked after. Parts nobody asks for (pictures, printer
 * settings) cost nothing, whatever size they claim.
 */

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  headerOffset: number;
}

/** The most one part may inflate to, and the most all parts read from one archive may (the sheet XML of an account is well under 1 MB). */
export const MAX_PART_BYTES = 25 * 1024 * 1024;
export const MAX_ARCHIVE_BYTES = 50 * 1024 * 1024;

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

function findEocd(zip: Buffer): number {
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) if (zip.readUInt32LE(i) === EOCD) return i;
  return -1;
}

/** The entries of the central directory, by lower-case name (part names are case-insensitive in an .xlsx). */
export function zipEntries(zip: Buffer): Map<string, ZipEntry> {
  const eocd = findEocd(zip);
  if (eocd < 0) throw unreadable('not-zip-directory');
  const entries = new Map<string, ZipEntry>();
  let at = zip.readUInt32LE(eocd + 16);
  for (let n = zip.readUInt16LE(eocd + 10); n > 0; n--) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== CENTRAL) throw unreadable('not-zip-directory');
    const nameLength = zip.readUInt16LE(at + 28);
    const entry: ZipEntry = {
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
      flags: zip.readUInt16LE(at + 8),
      method: zip.readUInt16LE(at + 10),
      crc: zip.readUInt32LE(at + 16),
      compressedSize: zip.readUInt32LE(at + 20),
      size: zip.readUInt32LE(at + 24),
      headerOffset: zip.readUInt32LE(at + 42),
    };
    entries.set(entry.name.toLowerCase(), entry);
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

/** Reads parts of one archive, counting what they inflate to against the archive's cap. */
export class ZipReader {
  private readonly entries: Map<string, ZipEntry>;
  private inflated = 0;

  constructor(private readonly zip: Buffer) {
    this.entries = zipEntries(zip);
  }

  has(name: string): boolean {
    return this.entries.has(name.toLowerCase());
  }

  /** Every part name, as the archive spells it. */
  names(): string[] {
    return [...this.entries.values()].map((e) => e.name);
  }

  /** A part's bytes, or undefined when there is no such part. Throws UnreadableAccountError when it is damaged or too large. */
  read(name: string): Buffer | undefined {
    const e = this.entries.get(name.toLowerCase());
    if (!e) return undefined;
    // 0xFFFFFFFF: a ZIP64 size, 4 GB or more.
    if (e.size > MAX_PART_BYTES || e.size === 0xffffffff || this.inflated + e.size > MAX_ARCHIVE_BYTES) throw this.tooLarge(e);
    if (e.flags & 1) throw unreadable('encrypted');
    const raw = this.stored(e);
    let data: Buffer;
    if (e.method === 0) data = raw;
    else if (e.method === 8) data = this.inflate(e, raw);
    else throw unreadable('damaged-part', { part: e.name });
    if (data.length !== e.size || crc32(data) >>> 0 !== e.crc) throw unreadable('damaged-part', { part: e.name });
    this.inflated += data.length;
    return data;
  }

  private stored(e: ZipEntry): Buffer {
    const at = e.headerOffset;
    if (at + 30 > this.zip.length || this.zip.readUInt32LE(at) !== LOCAL) throw unreadable('damaged-part', { part: e.name });
    const start = at + 30 + this.zip.readUInt16LE(at + 26) + this.zip.readUInt16LE(at + 28);
    if (start + e.compressedSize > this.zip.length) throw unreadable('damaged-part', { part: e.name });
    return this.zip.subarray(start, start + e.compressedSize);
  }

  private inflate(e: ZipEntry, raw: Buffer): Buffer {
    try {
      // One byte over the declared size is enough to know the declaration was false.
      return inflateRawSync(raw, { maxOutputLength: Math.max(1, e.size + 1) });
    } catch {
      // Not deflate data, or more of it than declared (ERR_BUFFER_TOO_LARGE).
      throw unreadable('damaged-part', { part: e.name });
    }
  }

  private tooLarge(e: ZipEntry): UnreadableAccountError {
    const mb = (n: number) => Math.round(n / 1024 / 1024);
    return unreadable('too-large', {
      part: e.name,
      mb: e.size === 0xffffffff ? 4096 : mb(this.inflated + e.size),
      limit: mb(MAX_PART_BYTES),
    });
  }
}
