import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve, sep } from 'node:path';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import type { Locale } from '../../../sheets-templates/types';
import { todayIso } from '../../domain/dates';
import { type RollupError, type RollupRow, rollupRow } from '../../domain/rollup';
import { type PreviousSummary, readPreviousSummary } from '../../xlsx/read-summary';
import { renderRollupXlsx } from '../../xlsx/render-rollup';
import { STAGE_PROBABILITY } from '../../../sheets-templates/vocabularies';
import { loadAccount } from '../load-account';
import { EXIT, UsageError, errorLine, oneLine, parseAsOf, parseLocale } from '../output';

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
 * (sorted, lock files and `exclude` skipped); a file stands for itself.
 * A path that does not exist becomes an error entry, not a stop.
 */
export function expandInputs(inputs: string[], exclude?: string): { files: string[]; errors: RollupError[] } {
  const files: string[] = [];
  const errors: RollupError[] = [];
  const seen = new Set<string>();
  const excluded = exclude ? resolve(exclude) : undefined;
  const add = (f: string) => {
    const key = resolve(f);
    if (key === excluded || seen.has(key)) return;
    seen.add(key);
    files.push(f);
  };
  for (const input of inputs) {
    let isDir = false;
    try {
      isDir = statSync(input).isDirectory();
    } catch (e) {
      errors.push({ file: input, message: `cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` });
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

/**
 * Reads every file and makes its roll-up row. Never stops on a bad file: an
 * account with problems gets its row (with the count), a file that cannot be
 * read becomes an error entry with the reason.
 */
export async function rollupFiles(
  files: string[],
  opts: { locale: Locale; asOf: string; onFile?: (done: number, file: string) => void },
): Promise<RollupResult> {
  const rows: RollupRow[] = [];
  const errors: RollupError[] = [];
  let done = 0;
  for (const file of files) {
    try {
      const { account, problems } = await loadAccount(file, opts.locale);
      rows.push(rollupRow(account, file, problems.length, opts.asOf));
    } catch (e) {
      errors.push({ file, message: (e instanceof Error ? e.message : String(e)).split('\n')[0] });
    }
    opts.onFile?.(++done, file);
  }
  return { rows, errors };
}

/** Now as 'YYYY-MM-DD HH:mm' in the product's home time zone. */
export function nowStamp(now: Date = new Date(), timeZone = 'Asia/Shanghai'): string {
  try {
    const p = Object.fromEntries(
      new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
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

/** The summary being replaced, when `out` is one: its history and the manager's settings carry over. */
async function previousSummary(out: string): Promise<PreviousSummary | null> {
  if (!existsSync(out)) return null;
  try {
    return readPreviousSummary(readFileSync(out));
  } catch {
    return null;
  }
}

/** When a file was last saved, in the product's home time zone, or null when it cannot be told. */
function lastSaved(file: string): string | null {
  try {
    return nowStamp(statSync(file).mtime);
  } catch {
    return null;
  }
}

/** Writes the roll-up workbook; the links point at the account files from where the summary is. */
export async function writeRollupWorkbook(
  out: string,
  result: RollupResult,
  opts: { locale: Locale; asOf: string; refreshedAt?: string; windowDays?: number },
): Promise<void> {
  const dir = dirname(resolve(out));
  const previous = await previousSummary(out);
  const bytes = await renderRollupXlsx(result.rows, result.errors, {
    locale: opts.locale,
    asOf: opts.asOf,
    refreshedAt: opts.refreshedAt ?? nowStamp(),
    probability: { ...STAGE_PROBABILITY, ...previous?.probability },
    history: previous?.history,
    windowDays: opts.windowDays ?? previous?.windowDays ?? undefined,
    lastSaved,
    linkOf: (f) => relativeLink(f, dir),
    linkText: (f) => basename(f),
  });
  writeFileSync(out, bytes);
}

function parseWindow(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^\d{1,3}$/.test(v.trim()) || n < 1 || n > 366) throw new UsageError(`--window takes a whole number of days from 1 to 366, not "${oneLine(v).slice(0, 40)}"`);
  return n;
}

export function registerRollup(program: Command): void {
  program
    .command('rollup')
    .description('roll up account files into the manager summary (.xlsx): one row per account, pipeline totals, unreadable files')
    .argument('<inputs...>', 'folders (their .json and .xlsx files) or account files')
    .option('-o, --output <file>', 'summary workbook to write (default summary.xlsx; with --json only when given)')
    .option('--json', 'print {rows, errors} as one JSON object on stdout')
    .option('--as-of <date>', 'date staleness is measured against (YYYY-MM-DD, default today in Asia/Shanghai)')
    .option('--window <days>', 'compare with the latest roll-up at least this many days older (default: the summary\'s own setting, else 7)')
    .option('--lang <locale>', 'zh (default) or en', 'zh')
    .action(async (inputs: string[], opts: { output?: string; json?: boolean; asOf?: string; window?: string; lang?: string }) => {
      const locale = parseLocale(opts.lang);
      const asOf = parseAsOf(opts.asOf, todayIso());
      const out = opts.output ?? (opts.json ? undefined : 'summary.xlsx');
      const windowDays = parseWindow(opts.window);
      if (out !== undefined && extname(out).toLowerCase() !== '.xlsx') throw new UsageError(`-o must name an .xlsx file, not "${out}"`);
      if (out !== undefined && !existsSync(dirname(resolve(out)))) throw new UsageError(`the folder of ${out} does not exist`);

      const { files, errors: missing } = expandInputs(inputs, out);
      if (!files.length && !missing.length) {
        throw new UsageError(locale === 'zh' ? `在 ${inputs.join('、')} 中没有找到客户文件（.json、.xlsx）` : `no account files (.json, .xlsx) in ${inputs.join(', ')}`);
      }

      const bar =
        process.stderr.isTTY && files.length > 1
          ? new SingleBar({ stream: process.stderr, format: ' {bar} {value}/{total} {file}', clearOnComplete: true, hideCursor: true })
          : undefined;
      bar?.start(files.length, 0, { file: '' });
      const result = await rollupFiles(files, { locale, asOf, onFile: (done, file) => bar?.update(done, { file: basename(file) }) });
      bar?.stop();
      result.errors = [...missing, ...result.errors];

      for (const e of result.errors) process.stderr.write(`${errorLine(e.file, new Error(e.message))}\n`);
      for (const r of result.rows) {
        if (r.problems) {
          // File names come from the folder: kept to one line whatever they hold.
          process.stderr.write(
            `${oneLine(locale === 'zh' ? `ka-sales: ${r.file}: ${r.problems} 个待修正问题（运行 ka-sales validate 查看）` : `ka-sales: ${r.file}: ${r.problems} problems (run ka-sales validate)`)}\n`,
          );
        }
      }

      if (out !== undefined) await writeRollupWorkbook(out, result, { locale, asOf, windowDays });

      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ rows: result.rows, errors: result.errors }, null, 2)}\n`);
      } else {
        const withProblems = result.rows.filter((r) => r.problems).length;
        process.stdout.write(
          locale === 'zh'
            ? `已写入 ${out}：${result.rows.length} 个客户（${withProblems} 个待修正），${result.errors.length} 个文件无法读取\n`
            : `wrote ${out}: ${result.rows.length} accounts (${withProblems} with problems), ${result.errors.length} unreadable files\n`,
        );
      }
      if (out !== undefined && opts.json) {
        process.stderr.write(locale === 'zh' ? `已写入 ${out}\n` : `wrote ${out}\n`);
      }
      process.exitCode = result.errors.length || result.rows.some((r) => r.problems) ? EXIT.problems : EXIT.ok;
    });
}
