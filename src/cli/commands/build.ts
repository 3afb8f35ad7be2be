import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { UnreadableAccountError, parseAccountJson, text } from '../../domain/account';
import { validateAccount } from '../../domain/validate';
import { renderedLocations, writeAccountWorkbook } from '../../xlsx/render-workbook';
import { outputPath, safeFileName, stem } from '../file-names';
import { InputError } from '../load-account';
import { EXIT, formatProblem, parseLocale } from '../output';
import { locateProblems } from '../xlsx-loader';

export function registerBuild(program: Command): void {
  program
    .command('build')
    .description('write the workbook (.xlsx) of an account JSON: every value as given, its problems reported with tab and cell')
    .argument('<account>', 'account interchange file (.json)')
    .option('-o, --output <file>', 'the workbook to write (default: <customer>.xlsx in the current folder)')
    .option('--lang <locale>', 'zh (default) or en: labels, tab names and messages', 'zh')
    .option('--json', 'print {file, problems: [{path, rule, message, sheet, cell}]} for the written workbook')
    .option('--force', 'overwrite the output file if it exists')
    .action(async (file: string, opts: { output?: string; lang?: string; json?: boolean; force?: boolean }) => {
      const locale = parseLocale(opts.lang);
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
      // Nothing is dropped: values that break a rule are written as they are, and reported.
      await writeAccountWorkbook(account, out, locale);
      const problems = locateProblems(validateAccount(raw, locale), renderedLocations(account, locale));
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ file: out, problems }, null, 2)}\n`);
      } else {
        for (const p of problems) process.stdout.write(`${formatProblem(out, p)}\n`);
      }
      process.stderr.write(`${locale === 'zh' ? '已写入' : 'wrote'} ${out}${problems.length ? (locale === 'zh' ? `（${problems.length} 个待修正问题）` : ` (${problems.length} problems)`) : ''}\n`);
      process.exitCode = problems.length ? EXIT.problems : EXIT.ok;
    });
}
