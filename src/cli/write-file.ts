import {
  closeSync,
  constants,
  fchmodSync,
  fsyncSync,
  linkSync,
  lstatSync,
  openSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { CliError, fsError } from './messages';

/**
 * The one way the command line writes a file (new, build, export, rollup,
 * upgrade and its backup, demo):
 *
 * - the bytes go to a temp file in the target's folder, are fsync'ed, and the
 *   temp file is renamed over the target: a reader (or a `kill -9`) sees the
 *   old file or the new one, never a part;
 * - an existing target keeps its permission bits; a symlink's target is
 *   written, the link stays a link;
 * - two writers of one output never interleave: each holds `.NAME.ka-sales.lock`
 *   (created with O_EXCL, holding the writer's pid) from its checks to its
 *   rename; a lock whose process is gone is stale and taken over; the second
 *   writer is refused with a message, never silently;
 * - a temp file left by a writer that died is removed by the next write.
 *
 * Hand-written rather than `write-file-atomic` because that package neither
 * locks across processes nor cleans up after a killed writer.
 */

const TMP_TAG = '.ka-sales-';
const LOCK_TAG = '.ka-sales.lock';
/** A lock older than this is stale whatever its pid says (the pid may have been reused). */
const LOCK_MAX_AGE_MS = 60 * 60 * 1000;

/** The file a write really goes to: a symlink's target (followed to the end), else the path itself, made absolute. */
export function realTarget(target: string): string {
  let p = resolve(target);
  for (let hops = 0; hops < 40; hops++) {
    let st: ReturnType<typeof lstatSync>;
    try {
      st = lstatSync(p);
    } catch {
      // Not there (yet): the folder may itself be reached through links.
      try {
        return join(realpathSync(dirname(p)), basename(p));
      } catch {
        return p;
      }
    }
    if (!st.isSymbolicLink()) return join(realpathSync(dirname(p)), basename(p));
    p = resolve(dirname(p), readlinkSync(p));
  }
  throw new CliError('fs.loop', { file: target });
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function lockPath(real: string): string {
  return join(dirname(real), `.${basename(real)}${LOCK_TAG}`);
}

/** Whether a lock file was left by a writer that is gone (other host's locks are trusted only by age). */
function staleLock(lock: string): boolean {
  try {
    const [pid, host] = readFileSync(lock, 'utf8').split('\n');
    const age = Date.now() - statSync(lock).mtimeMs;
    if (age > LOCK_MAX_AGE_MS) return true;
    if (host !== undefined && host !== '' && host !== hostname()) return false;
    // An empty lock: its writer died between create and write, or is writing now; give it a second.
    if (!pid) return age > 1000;
    return !alive(Number(pid));
  } catch {
    return false;
  }
}

function takeLock(real: string, shown: string): string {
  const lock = lockPath(real);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(lock, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o644);
      try {
        writeSync(fd, `${process.pid}\n${hostname()}\n`);
      } finally {
        closeSync(fd);
      }
      return lock;
    } catch (e) {
      // No folder, no permission, a read-only disk: said of the file the user named, not of our lock.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw fsError(shown, e);
      if (!staleLock(lock)) break;
      try {
        unlinkSync(lock);
      } catch {
        // another writer took it over first
      }
    }
  }
  let pid = '?';
  try {
    pid = readFileSync(lock, 'utf8').split('\n')[0] || '?';
  } catch {
    // gone meanwhile
  }
  throw new CliError('write.locked', { file: shown, pid, lock });
}

/** Removes temp files of this target left by writers that are gone (`kill -9`, power loss). */
function cleanLeftovers(real: string): void {
  const dir = dirname(real);
  const prefix = `.${basename(real)}${TMP_TAG}`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const n of names) {
    if (!n.startsWith(prefix) || !n.endsWith('.tmp')) continue;
    const pid = Number(n.slice(prefix.length).split('-')[0]);
    if (alive(pid)) continue;
    try {
      unlinkSync(join(dir, n));
    } catch {
      // removed by someone else
    }
  }
}

function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // not every file system lets a folder be fsync'ed
  }
}

export interface WriteOptions {
  /** Replace an existing file (else an existing target is refused, checked atomically). */
  overwrite: boolean;
}

/**
 * Writes `data` to `real` (an absolute, symlink-free path whose lock the caller
 * holds): temp file, fsync, rename. The permission bits of an existing file are kept.
 */
function replaceLocked(real: string, data: string | Uint8Array, shown: string, opts: WriteOptions): void {
  let mode = 0o666 & ~process.umask();
  let exists = false;
  try {
    const st = statSync(real);
    exists = true;
    if (!st.isFile()) throw new CliError('write.notFile', { file: shown });
    mode = st.mode & 0o7777;
  } catch (e) {
    if (e instanceof CliError) throw e;
  }
  if (exists && !opts.overwrite) throw new CliError('write.exists', { file: shown });
  const tmp = join(dirname(real), `.${basename(real)}${TMP_TAG}${process.pid}-${Math.random().toString(36).slice(2, 10)}.tmp`);
  let fd: number;
  try {
    fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  } catch (e) {
    throw fsError(shown, e);
  }
  try {
    try {
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
      fchmodSync(fd, mode);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (opts.overwrite) {
      renameSync(tmp, real);
    } else {
      // No clobber, atomically: a hard link fails when the name exists.
      try {
        linkSync(tmp, real);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') throw new CliError('write.exists', { file: shown });
        // File systems without hard links (FAT on a USB stick): checked under the lock, then renamed.
        if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EXDEV') throw e;
        renameSync(tmp, real);
      }
    }
    syncDir(dirname(real));
  } catch (e) {
    // A full disk, a read-only file system…: a sentence about the user's file, and the old file as it was.
    throw e instanceof CliError ? e : fsError(shown, e);
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      // renamed: nothing left
    }
  }
}

/**
 * Runs `fn` holding the lock of `target`'s real file; `fn` gets a writer for
 * it. Everything the command checks about the output (does it exist, is it
 * ours) belongs inside `fn`, so that no other writer changes it meanwhile.
 */
export async function withOutput<T>(target: string, fn: (out: OutputFile) => Promise<T> | T): Promise<T> {
  const real = realTarget(target);
  // A device, pipe or folder is never written (nor a lock file put beside it, in /dev say).
  try {
    if (!statSync(real).isFile()) throw new CliError('write.notFile', { file: target });
  } catch (e) {
    if (e instanceof CliError) throw e;
  }
  const lock = takeLock(real, target);
  try {
    cleanLeftovers(real);
    return await fn({
      real,
      shown: target,
      write: (data, opts) => replaceLocked(real, data, target, opts),
    });
  } finally {
    try {
      unlinkSync(lock);
    } catch {
      // already gone
    }
  }
}

export interface OutputFile {
  /** The file really written (a symlink's target). */
  real: string;
  /** The path as the user gave it, for messages. */
  shown: string;
  write(data: string | Uint8Array, opts: WriteOptions): void;
}

/** Writes one file atomically under its lock (see the module's note). */
export async function writeFileAtomic(target: string, data: string | Uint8Array, opts: WriteOptions): Promise<void> {
  await withOutput(target, (out) => out.write(data, opts));
}
