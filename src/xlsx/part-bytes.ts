/**
 * A part's text as the bytes to hand JSZip. JSZip 3.10 stores a string as it
 * is and, when it writes the archive, encodes it to UTF-8 in blocks of 16 KiB
 * of UTF-16 code units, each block on its own (lib/stream/DataWorker.js,
 * Utf8EncodeWorker): a character outside the Basic Multilingual Plane (an
 * emoji, a rare CJK ideograph) whose surrogate pair straddles a block boundary
 * is written as two U+FFFD. Encoded whole here, nothing is cut. A plain
 * Uint8Array, not a Buffer: JSZip copies a Node Buffer byte by byte.
 */
export function partBytes(text: string): Uint8Array {
  const b = Buffer.from(text, 'utf8');
  return new Uint8Array(b.buffer, b.byteOffset, b.length);
}
