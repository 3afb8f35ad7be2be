import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';

/**
 * The role-map picture's font, cut down to the characters of one picture.
 *
 * resvg (the native binding) reads the whole font file again for every glyph
 * it draws and every span it shapes: with Noto Sans CJK (a 19 MB collection)
 * that is some 200 reads, 4 GB copied, per picture — nine tenths of a batch
 * `build`. HarfBuzz's hb-subset (`harfbuzzjs`, its WebAssembly build) makes a
 * font of the one face resvg would pick with only the glyphs those characters
 * reach (layout closure included), some 25 KB: the same outlines and metrics,
 * so the same picture, byte for byte (tests/xlsx/font-subset.test.ts).
 *
 * Only when every character is in that face's cmap: a character it lacks would
 * make resvg fall back to another face of the collection, which the subset does
 * not hold, so then (and when harfbuzzjs cannot load) the caller uses the whole
 * font as before.
 */

type Hb = {
  memory: { buffer: ArrayBuffer };
  malloc(n: number): number;
  hb_blob_create(ptr: number, len: number, mode: number, user: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_blob_get_data(blob: number, len: number): number;
  hb_blob_get_length(blob: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(face: number): void;
  hb_face_reference_blob(face: number): number;
  hb_set_add(set: number, cp: number): void;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(input: number): void;
  hb_subset_input_unicode_set(input: number): number;
  hb_subset_or_fail(face: number, input: number): number;
  _initialize?: () => void;
};

/** The WebAssembly global (not in this project's TypeScript libraries). */
const wasmApi = (
  globalThis as unknown as {
    WebAssembly: { Module: new (bytes: Uint8Array) => object; Instance: new (m: object, imports: object) => { exports: object } };
  }
).WebAssembly;

type Loaded = { hb: Hb; face: number; cmap: Uint32Array; count: number };

const loaded = new Map<string, Loaded | null>();

/** Variation selectors pick a glyph through cmap format 14: left to the whole font. */
const isSelector = (cp: number) => (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef) || (cp >= 0x180b && cp <= 0x180f);

/** The offsets of the faces in a font file (one for a plain font, each face of a .ttc collection). */
function faceOffsets(font: Buffer): number[] {
  if (font.toString('latin1', 0, 4) !== 'ttcf') return [0];
  return Array.from({ length: font.readUInt32BE(8) }, (_, i) => font.readUInt32BE(12 + 4 * i));
}

/** The offset of a table of the face at `face`, or -1. */
function table(font: Buffer, face: number, tag: string): number {
  const n = font.readUInt16BE(face + 4);
  for (let i = 0; i < n; i++) {
    const rec = face + 12 + 16 * i;
    if (font.toString('latin1', rec, rec + 4) === tag) return font.readUInt32BE(rec + 8);
  }
  return -1;
}

/** Whether the face's name table names `family` (name 1 or 16, Windows platform, UTF-16BE). */
function namesFamily(font: Buffer, face: number, family: string): boolean {
  const name = table(font, face, 'name');
  if (name < 0) return false;
  const count = font.readUInt16BE(name + 2);
  const strings = name + font.readUInt16BE(name + 4);
  for (let i = 0; i < count; i++) {
    const r = name + 6 + 12 * i;
    const [platform, nameId] = [font.readUInt16BE(r), font.readUInt16BE(r + 6)];
    if (platform !== 3 || (nameId !== 1 && nameId !== 16)) continue;
    const at = strings + font.readUInt16BE(r + 10);
    const bytes = Buffer.from(font.subarray(at, at + font.readUInt16BE(r + 8)));
    if (bytes.swap16().toString('utf16le') === family) return true;
  }
  return false;
}

/** The face's format-12 cmap (Windows, full Unicode) as [start, end, start, end, …], or null. */
function cmapRanges(font: Buffer, face: number): Uint32Array | null {
  const cmap = table(font, face, 'cmap');
  if (cmap < 0) return null;
  for (let i = 0; i < font.readUInt16BE(cmap + 2); i++) {
    const r = cmap + 4 + 8 * i;
    if (font.readUInt16BE(r) !== 3 || font.readUInt16BE(r + 2) !== 10) continue;
    const sub = cmap + font.readUInt32BE(r + 4);
    if (font.readUInt16BE(sub) !== 12) continue;
    const groups = font.readUInt32BE(sub + 12);
    const ranges = new Uint32Array(2 * groups);
    for (let g = 0; g < groups; g++) {
      ranges[2 * g] = font.readUInt32BE(sub + 16 + 12 * g);
      ranges[2 * g + 1] = font.readUInt32BE(sub + 20 + 12 * g);
    }
    return ranges;
  }
  return null;
}

/** Whether the sorted ranges hold `cp`. */
function covers(ranges: Uint32Array, cp: number): boolean {
  let [lo, hi] = [0, ranges.length / 2 - 1];
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cp < ranges[2 * mid]) hi = mid - 1;
    else if (cp > ranges[2 * mid + 1]) lo = mid + 1;
    else return true;
  }
  return false;
}

/** HarfBuzz with the font's face named `family` loaded, or null when harfbuzzjs or the face is not there. */
function load(fontFile: string, family: string): Loaded | null {
  const font = readFileSync(fontFile);
  const offset = faceOffsets(font).findIndex((o) => namesFamily(font, o, family));
  const cmap = offset < 0 ? null : cmapRanges(font, faceOffsets(font)[offset]);
  if (!cmap) return null;
  let hb: Hb;
  try {
    // A path, not a module: the package is ES-only, and only its WebAssembly is wanted (it imports nothing).
    const wasm = readFileSync(require.resolve('harfbuzzjs/dist/harfbuzz-subset.wasm'));
    // V8's baseline code only: its optimising tier would spend some 300 ms of CPU on hb-subset's big functions in a
    // one-workbook process for nothing (a subset is 20 ms either way). The process runs no other WebAssembly.
    setFlagsFromString('--liftoff-only');
    hb = new wasmApi.Instance(new wasmApi.Module(wasm), {}).exports as unknown as Hb;
  } catch {
    return null;
  }
  hb._initialize?.();
  const ptr = hb.malloc(font.length);
  new Uint8Array(hb.memory.buffer, ptr, font.length).set(font);
  const face = hb.hb_face_create(hb.hb_blob_create(ptr, font.length, 1, 0, 0), offset);
  return { hb, face, cmap, count: 0 };
}

function loadedFor(fontFile: string, family: string): Loaded | null {
  const key = `${fontFile}\n${family}`;
  if (!loaded.has(key)) loaded.set(key, load(fontFile, family));
  return loaded.get(key) ?? null;
}

/** The subset's bytes for these code points, or null. */
function subsetBytes({ hb, face }: Loaded, codePoints: Iterable<number>): Buffer | null {
  const input = hb.hb_subset_input_create_or_fail();
  if (!input) return null;
  const set = hb.hb_subset_input_unicode_set(input);
  for (const cp of codePoints) hb.hb_set_add(set, cp);
  const out = hb.hb_subset_or_fail(face, input);
  hb.hb_subset_input_destroy(input);
  if (!out) return null;
  const blob = hb.hb_face_reference_blob(out);
  const bytes = Buffer.from(new Uint8Array(hb.memory.buffer, hb.hb_blob_get_data(blob, 0), hb.hb_blob_get_length(blob)));
  hb.hb_blob_destroy(blob);
  hb.hb_face_destroy(out);
  return bytes;
}

/**
 * A font file holding the face `family` of `fontFile` cut down to the characters
 * of `text` (and printable ASCII), or null when the whole font must be used.
 * A new file each call (pictures may be drawn at once), in the system's
 * temporary folder: the caller removes it after drawing.
 */
export function subsetFontFile(fontFile: string, family: string, text: string): string | null {
  const font = loadedFor(fontFile, family);
  if (!font) return null;
  const codePoints = new Set<number>();
  for (let cp = 0x20; cp < 0x7f; cp++) codePoints.add(cp);
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number;
    if (cp < 0x20 || cp > 0x7e) {
      if (cp !== 0x09 && cp !== 0x0a && cp !== 0x0d && (isSelector(cp) || !covers(font.cmap, cp))) return null;
      codePoints.add(cp);
    }
  }
  const bytes = subsetBytes(font, codePoints);
  if (!bytes) return null;
  font.count += 1;
  // A new name (never an existing file or link: 'wx'), removed by the caller after drawing.
  const file = join(tmpdir(), `ka-sales-font-${process.pid}-${font.count}-${Date.now()}.otf`);
  try {
    writeFileSync(file, bytes, { flag: 'wx', mode: 0o600 });
  } catch {
    return null; // no writable temporary folder: the whole font
  }
  return file;
}
