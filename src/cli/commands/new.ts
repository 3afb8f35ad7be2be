import type { Command } from 'commander';
import { emptyAccount } from '../../domain/account';
import { accountWorkbookBuffer } from '../../xlsx/render-workbook';
import { outputPath, safeFileName } from '../file-names';
import { CliError, msg } from '../messages';
import { EXIT, parseLocale } from '../output';
import { writeFileAtomic } from '../write-file';

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
      if (name.trim() === '') throw new CliError('usage.emptyName');
      const out = outputPath(opts.output, `${safeFileName(name)}.xlsx`, opts.force);
      await writeFileAtomic(out, await accountWorkbookBuffer(emptyAccount(name), locale), { overwrite: !!opts.force });
      process.stderr.write(`${msg('wrote', { file: out })}\n`);
      process.exitCode = EXIT.ok;
    });
}
