import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { Locale } from '../../../sheets-templates/types';
import { text } from '../../domain/account';
import { problemMessage } from '../../domain/messages';
import { XLSX_CELL_LIMIT, overlongCells, renderedLocations } from '../../xlsx/render-workbook';
import { accountWorkbookBufferWithPicture } from '../../xlsx/role-map-picture';
import { outputPath, safeFileName, stem } from '../file-names';
import { type LocatedProblem, loadJsonBytes } from '../load-account';
import { CliError, msg } from '../messages';
import { EXIT, errorLine, formatProblem, parseLocale, printJson } from '../output';
import { readInputFile } from '../read-input';
import { writeFileAtomic } from '../write-file';
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
  const { account, problems: found } = loadJsonBytes(file, readInputFile(file), locale);
  const name = safeFileName(text(account.overview.customerName), stem(file));
  const out = outputPath(opts.output, `${name}.xlsx`, opts.force);
  if (opts.written) {
    if (opts.written.has(resolve(out))) throw new CliError('build.sameName', { file, out });
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
      `${errorLine(file, new CliError('build.tooLong', { file, out, count: overlong.length, limit: XLSX_CELL_LIMIT }))}\n`,
    );
    return EXIT.unusable;
  }
  // Nothing is dropped: values that break a rule are written as they are, and reported.
  await writeFileAtomic(out, await accountWorkbookBufferWithPicture(account, locale), { overwrite: !!opts.force });
  const dups = found.filter((p) => p.rule === 'duplicate-key');
  const problems = [
    ...dups,
    ...locateProblems(found.filter((p) => p.rule !== 'duplicate-key') as Parameters<typeof locateProblems>[0], locations),
  ];
  if (opts.json) {
    opts.results.push({ file: out, problems });
  } else {
    for (const p of problems) process.stdout.write(`${formatProblem(out, p)}\n`);
  }
  process.stderr.write(
    `${problems.length ? msg('wroteProblems', { file: out, count: problems.length }, locale) : msg('wrote', { file: out }, locale)}\n`,
  );
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
        throw new CliError('build.folder');
      }
      const results: unknown[] = [];
      const written = files.length > 1 ? new Set<string>() : undefined;
      let exit: number = EXIT.ok;
      // One process for many accounts: each input is built alone; one that cannot be built is one line, and the rest go on.
      for (const file of files) {
        try {
          exit = Math.max(exit, await buildOne(file, { ...opts, locale, results, written }));
        } catch (e) {
          if (files.length === 1 || !(e instanceof CliError)) throw e;
          process.stderr.write(`${errorLine(undefined, e)}\n`);
          exit = EXIT.unusable;
        }
      }
      if (opts.json) printJson(results, files.length);
      process.exitCode = exit;
    });
}
