import type { Command } from 'commander';
import { type LocatedProblem, type Unreadable, forEachAccount } from '../load-account';
import { msg } from '../messages';
import { formatProblem, oneLine, parseLocale, printJson } from '../output';

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('list every problem of accounts (tab, cell, rule, message); changes nothing')
    .argument('<files...>', 'account files (.json or .xlsx)')
    .option(
      '--json',
      'print {file, problems: [{path, rule, message}]} per file, {file, error, code} for a file that cannot be read (an array when several files)',
    )
    .option('--lang <locale>', 'zh (default) or en', 'zh')
    .action(async (files: string[], opts: { json?: boolean; lang?: string }) => {
      const locale = parseLocale(opts.lang);
      // One entry per file named, in order: its problems, or why it could not be read.
      const results: Array<{ file: string; problems: LocatedProblem[] } | Unreadable> = [];
      const exit = await forEachAccount(
        files,
        locale,
        ({ file, problems }) => results.push({ file, problems }),
        (u) => results.push(u),
      );
      if (opts.json) {
        printJson(results, files.length);
      } else {
        for (const r of results) {
          if (!('problems' in r)) continue;
          if (!r.problems.length) process.stdout.write(`${oneLine(`${r.file}: ${msg('noProblems', {}, locale)}`)}\n`);
          for (const p of r.problems) process.stdout.write(`${formatProblem(r.file, p)}\n`);
        }
      }
      process.exitCode = exit;
    });
}
