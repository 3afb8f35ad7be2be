import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { Locale } from '../../../sheets-templates/types';
import { UnreadableAccountError, parseAccountJson, text } from '../../domain/account';
import { problemMessage } from '../../domain/messages';
import { validateAccount } from '../../domain/validate';
import { XLSX_CELL_LIMIT, overlongCells, renderedLocations } from '../../xlsx/render-workbook';
import { writeAccountWorkbookWithPicture } from '../../xlsx/role-map-picture';
import { outputPath, safeFileName, stem } from '../file-names';
import { InputError, type LocatedProblem } from '../load-account';
import { EXIT, UsageError, errorLine, formatProblem, parseLocale, printJson } from '../output';
import { locateProblems } from '../xlsx-loader';

interface BuildOptions {
  output?: string;
  json?: boolean;
  force?: boolean;
  locale: Locale;
  /** --json results, one per input. */
  results: unknown[];
  /** With many inputs: the files written so far (an input never overwrites another's workbook). */
  written?: Set<string>;
}

/** Builds one account's workbook; returns its exit code (problems are reported, not thrown). */
async function buildOne(file: string, opts: BuildOptions): Promise<number> {
  const locale = opts.locale;
  let textIn: string;
  try {
    textIn = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`${file}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let parsed: ReturnType<typeof parseAccountJson>;
  try {
    parsed = parseAccountJson(textIn);
  } catch (e) {
    if (e instanceof UnreadableAccountError) throw new InputError(`${file}: ${e.message}`);
    throw e;
  }
  const { raw, account } = parsed;
  const name = safeFileName(text(account.overview.customerName), stem(file));
  const out = outputPath(opts.output, `${name}.xlsx`, opts.force);
  if (opts.written) {
    if (opts.written.has(resolve(out))) throw new InputError(`${file}: ${out} was just written from another input: not overwritten (two accounts of the same customer name?)`);
    opts.written.add(resolve(out));
  }
  const locations = renderedLocations(account, locale);
  // Text longer than a cell holds would be cut by Excel: nothing is written, and each such cell is named.
  const overlong = overlongCells(account, locale);
  if (overlong.length) {
    const pathAt = new Map(Object.entries(locations).map(([path, l]) => [`${l.sheet}!${l.cell}`, path]));
    const tooLong: LocatedProblem[] = overlong.map((c) => ({
      path: pathAt.get(`${c.sheet}!${c.cell}`) ?? '',
      rule: 'too-long',
      message: problemMessage('too-long', { count: c.length, limit: XLSX_CELL_LIMIT }, locale),
      sheet: c.sheet,
      cell: c.cell,
    }));
    if (opts.json) opts.results.push({ file: null, problems: tooLong });
    else for (const p of tooLong) process.stdout.write(`${formatProblem(out, p)}\n`);
    process.stderr.write(
      `${errorLine(
        file,
        new Error(
          locale === 'zh'
            ? `未写入 ${out}：${overlong.length} 个值超过 .xlsx 单元格上限 ${XLSX_CELL_LIMIT} 个字符（不会截断保存）`
            : `${out} not written: ${overlong.length} value(s) longer than an .xlsx cell holds (${XLSX_CELL_LIMIT} characters), and cutting them would lose text`,
        ),
      )}\n`,
    );
    return EXIT.unusable;
  }
  // Nothing is dropped: values that break a rule are written as they are, and reported.
  await writeAccountWorkbookWithPicture(account, out, locale);
  const problems = locateProblems(validateAccount(raw, locale), locations);
  if (opts.json) {
    opts.results.push({ file: out, problems });
  } else {
    for (const p of problems) process.stdout.write(`${formatProblem(out, p)}\n`);
  }
  process.stderr.write(`${locale === 'zh' ? '已写入' : 'wrote'} ${out}${problems.length ? (locale === 'zh' ? `（${problems.length} 个待修正问题）` : ` (${problems.length} problems)`) : ''}\n`);
  return problems.length ? EXIT.problems : EXIT.ok;
}

function isFolder(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

export function registerBuild(program: Command): void {
  program
    .command('build')
    .description('write the workbook (.xlsx) of each account JSON: every value as given, its problems reported with tab and cell')
    .argument('<accounts...>', 'account interchange files (.json); with more than one, -o names a folder')
    .option('-o, --output <file>', 'the workbook to write, or a folder (default: <customer>.xlsx in the current folder)')
    .option('--lang <locale>', 'zh (default) or en: labels, tab names and messages', 'zh')
    .option('--json', 'print {file, problems: [{path, rule, message, sheet, cell}]} for the written workbook (a list for many inputs)')
    .option('--force', 'overwrite the output file if it exists')
    .action(async (files: string[], opts: { output?: string; lang?: string; json?: boolean; force?: boolean }) => {
      const locale = parseLocale(opts.lang);
      if (files.length > 1 && !(opts.output !== undefined && isFolder(opts.output))) {
        throw new UsageError('with more than one account, -o must name an existing folder for the workbooks');
      }
      const results: unknown[] = [];
      const written = files.length > 1 ? new Set<string>() : undefined;
      let exit: number = EXIT.ok;
      // One process for many accounts: each input is built alone; one that cannot be built is one line, and the rest go on.
      for (const file of files) {
        try {
          exit = Math.max(exit, await buildOne(file, { ...opts, locale, results, written }));
        } catch (e) {
          if (files.length === 1 || !(e instanceof InputError || e instanceof UsageError)) throw e;
          process.stderr.write(`${errorLine(undefined, e)}\n`);
          exit = EXIT.unusable;
        }
      }
      if (opts.json) printJson(results, files.length);
      process.exitCode = exit;
    });
}
