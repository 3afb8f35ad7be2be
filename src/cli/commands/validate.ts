import type { Command } from 'commander';
import { type LocatedProblem, loadAccount } from '../load-account';
import { EXIT, errorLine, formatProblem, oneLine, parseLocale } from '../output';

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
      let exit: number = EXIT.ok;
      for (const file of files) {
        try {
          const { problems } = await loadAccount(file, locale);
          results.push({ file, problems });
          if (problems.length) exit = Math.max(exit, EXIT.problems);
        } catch (e) {
          process.stderr.write(`${errorLine(file, e)}\n`);
          exit = EXIT.unusable;
        }
      }
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(results.length === 1 && files.length === 1 ? results[0] : results, null, 2)}\n`);
      } else {
        for (const r of results) {
          if (!r.problems.length) process.stdout.write(`${oneLine(`${r.file}: ${locale === 'zh' ? '没有问题' : 'no problems'}`)}\n`);
          for (const p of r.problems) process.stdout.write(`${formatProblem(r.file, p)}\n`);
        }
      }
      process.exitCode = exit;
    });
}
