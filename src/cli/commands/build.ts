import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { UnreadableAccountError, parseAccountJson, text } from '../../domain/account';
import { problemMessage } from '../../domain/messages';
import { validateAccount } from '../../domain/validate';
import { XLSX_CELL_LIMIT, overlongCells, renderedLocations, writeAccountWorkbook } from '../../xlsx/render-workbook';
import { outputPath, safeFileName, stem } from '../file-names';
import { InputError, type LocatedProblem } from '../load-account';
import { EXIT, errorLine, formatProblem, parseLocale } from '../output';
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
        if (opts.json) process.stdout.write(`${JSON.stringify({ file: null, problems: tooLong }, null, 2)}\n`);
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
        process.exitCode = EXIT.unusable;
        return;
      }
      // Nothing is dropped: values that break a rule are written as they are, and reported.
      await writeAccountWorkbook(account, out, locale);
      const problems = locateProblems(validateAccount(raw, locale), locations);
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ file: out, problems }, null, 2)}\n`);
      } else {
        for (const p of problems) process.stdout.write(`${formatProblem(out, p)}\n`);
      }
      process.stderr.write(`${locale === 'zh' ? '已写入' : 'wrote'} ${out}${problems.length ? (locale === 'zh' ? `（${problems.length} 个待修正问题）` : ` (${problems.length} problems)`) : ''}\n`);
      process.exitCode = problems.length ? EXIT.problems : EXIT.ok;
    });
}
