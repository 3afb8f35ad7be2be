import { type Stats, closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { CliError, bytesText, fsError, msg } from './messages';

/**
 * The largest input file read (an account .json or .xlsx). A real account is
 * well under 1 MB; the limit only keeps a wrong file (a video, a disk image)
 * from filling the memory.
 */
export const MAX_INPUT_BYTES = 32 * 1024 * 1024;

function kindOf(st: Stats): string {
  if (st.isDirectory()) return msg('kind.directory');
  if (st.isFIFO()) return msg('kind.fifo');
  if (st.isSocket()) return msg('kind.socket');
  if (st.isCharacterDevice() || st.isBlockDevice()) return msg('kind.device');
  return msg('kind.other');
}

function check(file: string, st: Stats, limit: number): void {
  if (!st.isFile()) throw new CliError('input.special', { file, kind: kindOf(st) });
  if (st.size > limit) throw new CliError('input.tooBig', { file, size: bytesText(st.size), limit: bytesText(limit) });
}

/**
 * The bytes of an input file, after checks made before a byte is read: a
 * folder, a named pipe, a socket or a device (`/dev/zero`) is refused, and so
 * is a file over `limit`. The file is opened without blocking (a pipe swapped in
 * after the check cannot hang the run) and checked again on its descriptor;
 * at most `limit` bytes are read whatever happens to the file meanwhile.
 */
export function readInputFile(file: string, limit = MAX_INPUT_BYTES): Buffer {
  let st: Stats;
  try {
    st = statSync(file);
  } catch (e) {
    throw fsError(file, e);
  }
  check(file, st, limit);
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw fsError(file, e);
  }
  try {
    check(file, fstatSync(fd), limit);
    const buf = Buffer.allocUnsafe(Math.min(limit + 1, Math.max(st.size, 0) + 1));
    let got = 0;
    for (;;) {
      if (got === buf.length) break;
      const n = readSync(fd, buf, got, buf.length - got, null);
      if (n === 0) break;
      got += n;
    }
    if (got > limit) throw new CliError('input.tooBig', { file, size: `> ${bytesText(limit)}`, limit: bytesText(limit) });
    if (got === buf.length) {
      // The file grew after the check: read on, up to the limit.
      const rest: Buffer[] = [buf];
      const chunk = Buffer.allocUnsafe(64 * 1024);
      for (;;) {
        const n = readSync(fd, chunk, 0, chunk.length, null);
        if (n === 0) break;
        got += n;
        if (got > limit) throw new CliError('input.tooBig', { file, size: `> ${bytesText(limit)}`, limit: bytesText(limit) });
        rest.push(Buffer.from(chunk.subarray(0, n)));
      }
      return Buffer.concat(rest, got);
    }
    return buf.subarray(0, got);
  } catch (e) {
    throw fsError(file, e);
  } finally {
    closeSync(fd);
  }
}
