import { existsSync, lstatSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve, sep } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import type { Locale } from '../../../sheets-templates/types';
import { todayIso } from '../../domain/dates';
import { show } from '../../domain/messages';
import {
  type RollupError,
  type RollupOptions as RowOptions,
  type RollupRow,
  oneRowPerCustomer,
  rollupRow,
  unreadableReason,
} from '../../domain/rollup';
import { DEFAULT_SETTINGS } from '../../domain/assessment';
import { STAGE_PROBABILITY } from '../../../sheets-templates/vocabularies';
import { renderRollupXlsx } from '../../xlsx/render-rollup';
import { type PreviousSummary, type SummarySettings, readSummaryHistory, readSummarySettings } from '../../xlsx/read-summary';
import { loadAccount } from '../load-account';
import { CliError, currentLocale, fsError, msg, reasonProbe } from '../messages';
import { EXIT, errorLine, oneLine, parseAsOf, parseLocale } from '../output';
import { readInputFile } from '../read-input';
import { type OutputFile, realTarget, withOutput } from '../write-file';

/** File types a folder is searched for. */
export const ACCOUNT_EXTENSIONS = ['.json', '.xlsx'];

export interface RollupResult {
  rows: RollupRow[];
  errors: RollupError[];
}

function isLockFile(name: string): boolean {
  // Excel/WPS `~$name.xlsx`, LibreOffice `.~lock.name.xlsx#`.
  return name.startsWith('~$') || name.startsWith('.~lock.');
}

/**
 * The files to roll up: a folder stands for its *.json and *.xlsx files
 * (sorted, lock files skipped); a file stands for itself.
 * A path that does not exist becomes an error entry, not a stop.
 */
export function expandInputs(inputs: string[], locale: Locale = currentLocale()): { files: string[]; errors: RollupError[] } {
  const files: string[] = [];
  const errors: RollupError[] = [];
  const seen = new Set<string>();
  const add = (f: string) => {
    const key = resolve(f);
    if (seen.has(key)) return;
    seen.add(key);
    files.push(f);
  };
  for (const input of inputs) {
    let isDir = false;
    try {
      isDir = statSync(input).isDirectory();
    } catch (e) {
      errors.push({ file: input, message: withoutFile(fsError(input, e).message, input), reason: unreadableReason('cannot read', locale) });
      continue;
    }
    if (!isDir) {
      add(input);
      continue;
    }
    const names = readdirSync(input)
      .filter((n) => ACCOUNT_EXTENSIONS.includes(extname(n).toLowerCase()) && !isLockFile(n))
      .sort();
    for (const n of names) {
      const f = join(input, n);
      try {
        if (statSync(f).isFile()) add(f);
      } catch {
        // vanished meanwhile: nothing to roll up
      }
    }
  }
  return { files, errors };
}

/** A message of ours without the file name it starts with (the roll-up shows the file in its own column). */
function withoutFile(message: string, file: string): string {
  for (const sep of ['：', ': ']) if (message.startsWith(`${file}${sep}`)) return message.slice(file.length + sep.length);
  return message;
}

/**
 * Reads every file and makes its roll-up row. Never stops on a bad file: an
 * account with problems gets its row (with the count), a file that cannot be
 * read becomes an error entry with the reason (never a quote of its content).
 * The same customer in a second file is one row and a `duplicate` entry naming both.
 */
export async function rollupFiles(
  files: string[],
  opts: { locale: Locale; asOf: string; onFile?: (done: number, file: string) => void } & RowOptions,
): Promise<RollupResult> {
  const all: RollupRow[] = [];
  const errors: RollupError[] = [];
  let done = 0;
  for (const file of files) {
    try {
      const { account, problems } = await loadAccount(file, opts.locale);
      all.push(rollupRow(account, file, problems.length, opts.asOf, DEFAULT_SETTINGS, { showActions: opts.showActions }));
    } catch (e) {
      const probe = reasonProbe(e);
      errors.push({
        file,
        message: withoutFile(errorLine(undefined, e).replace(/^ka-sales: /, ''), file),
        ...(probe ? { reason: unreadableReason(probe, opts.locale) } : {}),
      });
    }
    opts.onFile?.(++done, file);
  }
  const { rows, duplicates } = oneRowPerCustomer(all);
  for (const d of duplicates) {
    errors.push({
      file: d.file,
      message: msg('rollup.duplicate', { other: d.first, customer: show(d.customer) }, opts.locale),
      kind: 'duplicate',
      reason: msg('rollup.duplicateReason', {}, opts.locale),
    });
  }
  return { rows, errors };
}

/**
 * One formatter per time zone: a roll-up stamps every file it reads, and each
 * Intl.DateTimeFormat holds tens of kilobytes outside the JS heap until it is
 * collected (5,000 of them were 50 MB of the roll-up's peak memory).
 */
const stampFormats = new Map<string, Intl.DateTimeFormat>();

function stampFormat(timeZone: string): Intl.DateTimeFormat {
  let f = stampFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    stampFormats.set(timeZone, f);
  }
  return f;
}

/** Now as 'YYYY-MM-DD HH:mm' in the product's home time zone. */
export function nowStamp(now: Date = new Date(), timeZone = 'Asia/Shanghai'): string {
  // UTC+8 without daylight saving since 1991, as todayIso knows: no time-zone database needed.
  if (timeZone === 'Asia/Shanghai' && now.getTime() >= Date.UTC(1992, 0, 1))
    return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
  try {
    const p = Object.fromEntries(
      stampFormat(timeZone)
        .formatToParts(now)
        .map((x) => [x.type, x.value]),
    );
    return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
  } catch {
    return now.toISOString().slice(0, 16).replace('T', ' ');
  }
}

/** A hyperlink target for `file` relative to the summary's folder: './'-prefixed, percent-encoded. */
export function relativeLink(file: string, summaryDir: string): string {
  const rel = relative(summaryDir, resolve(file)).split(sep);
  const path = rel.map((s) => (s === '..' ? s : encodeURIComponent(s))).join('/');
  return path.startsWith('..') ? path : `./${path}`;
}

/** The roll-up workbook's bytes; the links point at the account files from where the summary `out` is. */
export async function rollupWorkbookBytes(
  out: string,
  result: RollupResult,
  opts: { locale: Locale; asOf: string; refreshedAt?: string; windowDays?: number; previous?: PreviousSummary | null } & RowOptions,
): Promise<Buffer> {
  const dir = dirname(resolve(out));
  const { previous } = opts;
  return renderRollupXlsx(result.rows, result.errors, {
    locale: opts.locale,
    asOf: opts.asOf,
    refreshedAt: opts.refreshedAt ?? nowStamp(),
    probability: { ...STAGE_PROBABILITY, ...previous?.probability },
    history: previous?.history,
    windowDays: opts.windowDays ?? previous?.windowDays ?? undefined,
    lastSaved,
    linkOf: (f) => relativeLink(f, dir),
    linkText: (f) => basename(f),
    showActions: opts.showActions === true,
  });
}

/** Writes the roll-up workbook atomically (demo: its own output, replaced whatever it is; a summary's history carried over). */
export async function writeRollupWorkbook(
  out: string,
  result: RollupResult,
  opts: { locale: Locale; asOf: string; refreshedAt?: string },
): Promise<void> {
  await withOutput(out, async (o) => {
    const existing = await existingOutput(o).catch(() => ({ kind: 'other' as const }));
    const previous = existing.kind === 'summary' ? withHistory(existing.found) : null;
    o.write(await rollupWorkbookBytes(o.real, result, { ...opts, previous }), { overwrite: true });
  });
}

/** When a file was last saved, in the product's home time zone, or null when it cannot be told. */
function lastSaved(file: string): string | null {
  try {
    return nowStamp(statSync(file).mtime);
  } catch {
    return null;
  }
}

function parseWindow(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^\d{1,3}$/.test(v.trim()) || n < 1 || n > 366) throw new CliError('usage.window', { value: show(v) });
  return n;
}

/**
 * A ka-sales summary at the output: its settings, read at once, and its bytes,
 * from which its history is read only once the accounts have been read
 * (withHistory). Read first, a year of history (53,000 rows) made the reading
 * of every workbook after it slower: over 300 workbooks, 2.2× the CPU time of
 * a roll-up into a fresh summary; read after them, 1.08× (alternating runs).
 */
interface FoundSummary {
  settings: SummarySettings;
  bytes: Buffer;
}

/** The summary with its history, or null when the history cannot be read (the file then counts as not a summary, as it always did). */
function withHistory(found: FoundSummary): PreviousSummary | null {
  try {
    return { ...found.settings, history: readSummaryHistory(found.bytes) };
  } catch {
    return null;
  }
}

/** What is at the output: nothing, a ka-sales summary (its settings and history carry over), or something else. */
async function existingOutput(out: OutputFile): Promise<{ kind: 'none' } | { kind: 'summary'; found: FoundSummary } | { kind: 'other' }> {
  try {
    lstatSync(out.real);
  } catch {
    return { kind: 'none' };
  }
  let bytes: Buffer;
  try {
    bytes = readInputFile(out.real);
  } catch (e) {
    if (e instanceof CliError && e.code === 'input.tooBig') return { kind: 'other' };
    throw e;
  }
  let settings: SummarySettings | null = null;
  try {
    settings = readSummarySettings(bytes);
  } catch {
    // not a workbook at all
  }
  return settings ? { kind: 'summary', found: { settings, bytes } } : { kind: 'other' };
}

interface RollupOptions {
  output?: string;
  json?: boolean;
  asOf?: string;
  lang?: string;
  force?: boolean;
  window?: string;
  showActions?: boolean;
  hideActions?: boolean;
}

/**
 * Whether the summary shows the next action's text and owner: the flag when
 * given (and from then on, as the summary's setting), else the summary's own
 * setting, else not.
 */
function showActionsOf(opts: RollupOptions, previous: SummarySettings | null): boolean {
  if (opts.showActions && opts.hideActions) throw new CliError('usage.actions', {});
  if (opts.showActions) return true;
  if (opts.hideActions) return false;
  return previous?.showActions ?? false;
}

/** Prints what the roll-up found (stderr) and its result (stdout); returns the exit code. */
function report(result: RollupResult, out: string | undefined, opts: RollupOptions, locale: Locale): number {
  for (const e of result.errors) process.stderr.write(`${oneLine(`ka-sales: ${e.file}: ${e.message}`)}\n`);
  for (const r of result.rows) {
    // File names come from the folder: kept to one line whatever they hold.
    if (r.problems)
      process.stderr.write(`${oneLine(`ka-sales: ${msg('rollup.problems', { file: r.file, count: r.problems }, locale)}`)}\n`);
  }
  const withProblems = result.rows.filter((r) => r.problems).length;
  const counts = { rows: result.rows.length, withProblems, errors: result.errors.length };
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ rows: result.rows, errors: result.errors }, null, 2)}\n`);
    if (out !== undefined) process.stderr.write(`${oneLine(msg('wrote', { file: out }, locale))}\n`);
  } else {
    process.stdout.write(
      `${oneLine(out === undefined ? msg('rollup.doneNoFile', counts, locale) : msg('rollup.done', { file: out, ...counts }, locale))}\n`,
    );
  }
  if (!result.rows.length) return EXIT.unusable;
  return result.errors.length || withProblems ? EXIT.problems : EXIT.ok;
}

async function rollupWithProgress(files: string[], locale: Locale, asOf: string, showActions = false): Promise<RollupResult> {
  const bar =
    process.stderr.isTTY && files.length > 1
      ? new SingleBar({ stream: process.stderr, format: ' {bar} {value}/{total} {file}', clearOnComplete: true, hideCursor: true })
      : undefined;
  bar?.start(files.length, 0, { file: '' });
  const result = await rollupFiles(files, {
    locale,
    asOf,
    showActions,
    onFile: (done, file) => bar?.update(done, { file: basename(file) }),
  });
  bar?.stop();
  return result;
}

/**
 * Whether the roll-up may go on into `out`: never into one of its own inputs
 * unless it is a summary, never over a file that is not a summary without
 * --force, and only with something to read.
 */
function checkOutput(
  kind: 'none' | 'summary' | 'other',
  job: { out: string; inputs: string[]; own: string[]; accounts: string[]; missing: RollupError[] },
  opts: RollupOptions,
  locale: Locale,
): void {
  if (job.own.length && kind !== 'summary') throw new CliError('rollup.isInput', { file: job.out });
  if (kind === 'other' && !opts.force) throw new CliError('rollup.notSummary', { file: job.out });
  if (!job.accounts.length && !job.missing.length)
    throw new CliError('rollup.noFiles', { inputs: job.inputs.join(locale === 'zh' ? '、' : ', ') });
}

/**
 * The roll-up into `out`, under its write lock: an existing file is replaced
 * only when it is a ka-sales summary (its stage probabilities carried over) or
 * with --force; one of the roll-up's own inputs never; and nothing is written
 * when no account could be read. The summary's history is read after the
 * accounts (FoundSummary); when it cannot be read the file is not a summary,
 * as it always was, and the same rules apply then.
 */
async function rollupInto(out: string, inputs: string[], opts: RollupOptions, locale: Locale, asOf: string): Promise<number> {
  return withOutput(out, async (o) => {
    const existing = await existingOutput(o);
    const { files, errors: missing } = expandInputs(inputs, locale);
    const own = files.filter((f) => realTarget(f) === o.real);
    const job = { out, inputs, own, accounts: files.filter((f) => !own.includes(f)), missing };
    const found = existing.kind === 'summary' ? existing.found : null;
    // With no account to read, nothing is gained by reading the history later.
    let previous = found && !job.accounts.length ? withHistory(found) : undefined;
    checkOutput(found && previous === null ? 'other' : existing.kind, job, opts, locale);
    let showActions = showActionsOf(opts, found?.settings ?? null);
    let result = await rollupWithProgress(job.accounts, locale, asOf, showActions);
    if (found && previous === undefined) {
      previous = withHistory(found);
      if (!previous) {
        checkOutput('other', job, opts, locale);
        if (showActionsOf(opts, null) !== showActions) {
          showActions = showActionsOf(opts, null);
          result = await rollupWithProgress(job.accounts, locale, asOf, showActions);
        }
      }
    }
    result.errors = [...missing, ...result.errors];
    if (!result.rows.length) {
      report(result, undefined, { ...opts, json: opts.json }, locale);
      throw new CliError('rollup.nothingRead', { file: out });
    }
    o.write(
      await rollupWorkbookBytes(o.real, result, {
        locale,
        asOf,
        windowDays: parseWindow(opts.window),
        previous: previous ?? null,
        showActions,
      }),
      { overwrite: true },
    );
    return report(result, out, opts, locale);
  });
}

/**
 * A roll-up reads thousands of workbooks in one process, each a few megabytes
 * of text that dies at once: by default V8 lets its young generation grow to
 * 32 MB and the old one to tens of megabytes of dead text between collections
 * (65–80 MB over 300 workbooks, whatever is kept). Told to favour memory, it
 * collects sooner: ~20–25 MB over the same workbooks, for reading ~20 % slower
 * (measured in one process, under a load of 7–9). V8 reads this flag as it
 * goes (heap sizing); set once, before the first workbook. With it, a year of
 * history read before the workbooks made reading them twice as slow, which
 * is why a summary's history is read after them (FoundSummary); 154 MB at
 * 5,000 workbooks without it, 114 MB with it.
 */
function favourMemory(): void {
  setFlagsFromString('--optimize-for-size');
}

export function registerRollup(program: Command): void {
  program
    .command('rollup')
    .description('roll up account files into the manager summary (.xlsx): one row per account, pipeline totals, unreadable files')
    .argument('<inputs...>', 'folders (their .json and .xlsx files) or account files')
    .option('-o, --output <file>', 'summary workbook to write (default summary.xlsx; with --json only when given)')
    .option('--json', 'print {rows, errors} as one JSON object on stdout')
    .option('--as-of <date>', 'date staleness is measured against (YYYY-MM-DD, default today in Asia/Shanghai)')
    .option('--window <days>', "compare with the latest roll-up at least this many days older (default: the summary's own setting, else 7)")
    .option(
      '--show-actions',
      "the manager's choice: two more columns with each account's next open action and its owner as the rep wrote them; kept by later roll-ups until --hide-actions",
    )
    .option('--hide-actions', 'only the count and due date of actions (the default); kept by later roll-ups')
    .option('--lang <locale>', 'zh (default) or en', 'zh')
    .option('--force', 'replace an existing -o file that is not a ka-sales summary (a summary is replaced without it; an input never)')
    .action(async (inputs: string[], opts: RollupOptions) => {
      const locale = parseLocale(opts.lang);
      const asOf = parseAsOf(opts.asOf, todayIso());
      const out = opts.output ?? (opts.json ? undefined : 'summary.xlsx');
      parseWindow(opts.window);
      showActionsOf(opts, null);
      favourMemory();
      if (out !== undefined && extname(out).toLowerCase() !== '.xlsx') throw new CliError('usage.outXlsx', { value: show(out) });
      if (out !== undefined && !existsSync(dirname(resolve(out)))) throw new CliError('usage.noFolder', { file: out });
      if (out !== undefined) {
        process.exitCode = await rollupInto(out, inputs, opts, locale, asOf);
        return;
      }
      const { files, errors: missing } = expandInputs(inputs, locale);
      if (!files.length && !missing.length) throw new CliError('rollup.noFiles', { inputs: inputs.join(locale === 'zh' ? '、' : ', ') });
      const result = await rollupWithProgress(files, locale, asOf, opts.showActions === true);
      result.errors = [...missing, ...result.errors];
      process.exitCode = report(result, undefined, opts, locale);
    });
}
