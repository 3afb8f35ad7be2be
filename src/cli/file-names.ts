import { existsSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { CliError } from './messages';

/**
 * A file name made from user text (a customer name): characters no file
 * system accepts become `_`, leading/trailing dots and spaces go, Windows'
 * reserved device names get a prefix, and the name stays under 200 bytes.
 */
export function safeFileName(name: string, fallback = 'account'): string {
  let s = name
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]/g, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[.\s]+|[.\s]+$/g, '');
  if (!s || /^_+$/.test(s)) s = fallback;
  if (/^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i.test(s)) s = `_${s}`;
  // Whole characters up to 200 bytes (counted once each: a name can be 50,000 characters long).
  let out = '';
  let bytes = 0;
  for (const ch of s) {
    bytes += Buffer.byteLength(ch);
    if (bytes > 200) break;
    out += ch;
  }
  return out;
}

/**
 * Where a command writes: `-o` as given (or, when it names a folder, the
 * default name inside it), else the default name in the current folder.
 * An existing file is not overwritten without --force: it may hold work.
 */
export function outputPath(option: string | undefined, defaultName: string, force: boolean | undefined): string {
  let out = option ?? defaultName;
  if (option !== undefined && existsSync(option) && statSync(option).isDirectory()) out = join(option, defaultName);
  // Early, for a quick answer; the write checks again atomically (src/cli/write-file.ts).
  if (!force && existsSync(out)) throw new CliError('write.exists', { file: out });
  return out;
}

/** `dir/name.xlsx` → `name`. */
export function stem(file: string): string {
  return basename(file, extname(file));
}
