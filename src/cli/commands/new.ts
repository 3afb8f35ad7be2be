import type { Command } from 'commander';
import { emptyAccount } from '../../domain/account';
import { writeAccountWorkbook } from '../../xlsx/render-workbook';
import { outputPath, safeFileName } from '../file-names';
import { EXIT, UsageError, parseLocale } from '../output';

export function registerNew(program: Command): void {
  program
    .command('new')
    .description('write an empty account workbook (.xlsx) for a customer')
    .argument('<name>', 'the customer name (客户名称)')
    .option('-o, --output <file>', 'the workbook to write (default: <name>.xlsx in the current folder)')
    .option('--lang <locale>', 'zh (default) or en: labels and tab names', 'zh')
    .option('--force', 'overwrite the output file if it exists')
    .action(async (name: string, opts: { output?: string; lang?: string; force?: boolean }) => {
      const locale = parseLocale(opts.lang);
      if (name.trim() === '') throw new UsageError('the customer name must not be empty');
      const out = outputPath(opts.output, `${safeFileName(name)}.xlsx`, opts.force);
      await writeAccountWorkbook(emptyAccount(name), out, locale);
      process.stderr.write(`${locale === 'zh' ? '已写入' : 'wrote'} ${out}\n`);
      process.exitCode = EXIT.ok;
    });
}
