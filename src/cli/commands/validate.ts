import type { Command } from 'commander';
import { type LocatedProblem, forEachAccount } from '../load-account';
import { formatProblem, oneLine, parseLocale, printJson } from '../output';

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('list every problem of accounts (tab, cell, rule, message); changes nothing')
    .argument('<files...>', 'account files (.json or .xlsx)')
    .option('--json', 'print {file, problems: [{path, rule, message}]} per file (an array when several files)')
    .option('--lang <locale>', 'zh (default) or en', 'zh')
    .action(async (files: string[], opts: { json?: boolean; lang?: string }) => {
      const locale = parseLocale(opts.lang);
      const results: Array<{ file: string; problems: LocatedProblem[] }> = [];
      const exit = await forEachAccount(files, locale, ({ file, problems }) => results.push({ file, problems }));
      if (opts.json) {
        printJson(results, files.length);
      } else {
        for (const r of results) {
          if (!r.problems.length) process.stdout.write(`${oneLine(`${r.file}: ${locale === 'zh' ? '没有问题' : 'no problems'}`)}\n`);
          for (const p of r.problems) process.stdout.write(`${formatProblem(r.file, p)}\n`);
        }
      }
      process.exitCode = exit;
    });
}
