import type { Locale } from '../../sheets-templates/types';
import type { LocatedProblem } from './load-account';

/** Exit codes: 0 all good, 1 the input has problems, 2 usage error or unreadable input. */
export const EXIT = { ok: 0, problems: 1, unusable: 2 } as const;

export function parseLocale(v: string | undefined): Locale {
  if (v === undefined || v === 'zh' || v === 'zh-CN') return 'zh';
  if (v === 'en') return 'en';
  throw new UsageError(`--lang must be zh or en, not "${v}"`);
}

export class UsageError extends Error {}

export function parseAsOf(v: string | undefined, today: string): string {
  if (v === undefined) return today;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`)) || new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) !== v) {
    throw new UsageError(`--as-of must be a real date YYYY-MM-DD, not "${v}"`);
  }
  return v;
}

/** One line per problem, for people. */
export function formatProblem(file: string, p: LocatedProblem): string {
  const where = p.sheet ? `${p.sheet}!${p.cell} ` : '';
  // One line per problem even when a value quoted in the message holds a line break.
  return `${file}: ${where}[${p.rule}] ${p.path}: ${p.message}`.replace(/\r\n|\r|\n/g, '\\n');
}

/** One-line error text: never a stack trace. */
export function errorLine(file: string | undefined, e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return `ka-sales: ${file ? `${file}: ` : ''}${msg.split('\n')[0]}`;
}
