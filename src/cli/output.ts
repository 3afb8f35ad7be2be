import type { Locale } from '../../sheets-templates/types';
import { show } from '../domain/messages';
import type { LocatedProblem } from './load-account';
import { CliError, fsError, msg } from './messages';

/** Exit codes: 0 all good, 1 the input has problems, 2 usage error or unreadable input. */
export const EXIT = { ok: 0, problems: 1, unusable: 2 } as const;

export function parseLocale(v: string | undefined): Locale {
  if (v === undefined || v === 'zh' || v === 'zh-CN') return 'zh';
  if (v === 'en') return 'en';
  throw new CliError('usage.lang', { value: show(v) });
}

/** A usage error (exit 2) whose text is already in the user's language. */
export class UsageError extends Error {}

export function parseAsOf(v: string | undefined, today: string): string {
  if (v === undefined) return today;
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(v) ||
    Number.isNaN(Date.parse(`${v}T00:00:00Z`)) ||
    new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) !== v
  ) {
    throw new CliError('usage.asOf', { value: show(v) });
  }
  return v;
}

/**
 * Text as one terminal line: a line break becomes `\n`, and every other
 * control character (carriage return, escape, C1 controls, line and paragraph
 * separators) `\uXXXX`, so that text quoted from a file can neither break the
 * line nor drive the terminal. Tabs stay.
 */
export function oneLine(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s
    .replace(/\r\n|\r|\n/g, '\\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** One line per problem, for people. */
export function formatProblem(file: string, p: LocatedProblem): string {
  const where = p.sheet ? `${p.sheet}!${p.cell} ` : p.line ? `${p.line}:${p.column} ` : '';
  // One line per problem even when a value quoted in the message holds a line break.
  return oneLine(`${file}: ${where}[${p.rule}] ${p.path}: ${p.message}`);
}

/**
 * One-line error text: never a stack trace, never Node's or a library's own
 * message (they quote paths and content in English): a catalogue message
 * names its file itself; a file-system error becomes the catalogue's sentence;
 * anything else is an internal error, named by its kind only.
 */
export function errorLine(file: string | undefined, e: unknown): string {
  let text: string;
  if (e instanceof CliError) text = e.message;
  else if (e instanceof UsageError) text = `${file ? `${file}: ` : ''}${e.message}`;
  else if ((e as NodeJS.ErrnoException | undefined)?.code && typeof (e as NodeJS.ErrnoException).syscall === 'string')
    text = fsError(file ?? (e as NodeJS.ErrnoException).path ?? '', e).message;
  else if (e instanceof RangeError) text = `${file ? `${file}: ` : ''}${msg('internal', { detail: 'RangeError' })}`;
  else text = `${file ? `${file}: ` : ''}${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`;
  return oneLine(`ka-sales: ${text}`);
}

/** `--json` output: one entry per file named — the one file's object, or an array when several files were named. */
export function printJson(results: unknown[], fileCount: number): void {
  process.stdout.write(`${JSON.stringify(fileCount === 1 ? results[0] : results, null, 2)}\n`);
}
