import { writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { Command } from 'commander';
import { UnreadableAccountError } from '../../domain/account';
import { validateAccount } from '../../domain/validate';
import { readXlsxAccount } from '../../xlsx/read-workbook';
import { outputPath, stem } from '../file-names';
import { InputError } from '../load-account';
import { EXIT, UsageError, parseLocale } from '../output';

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('read an account workbook (.xlsx) back into account JSON (stdout, or a file with -o)')
    .argument('<workbook>', 'account workbook (.xlsx)')
    .option('-o, --output <file>', 'write the JSON to this file (a folder: <workbook>.json inside it) instead of stdout')
    .option('--lang <locale>', 'zh (default) or en: messages', 'zh')
    .option('--force', 'overwrite the output file if it exists')
    .action(async (file: string, opts: { output?: string; lang?: string; force?: boolean }) => {
      const locale = parseLocale(opts.lang);
      if (extname(file).toLowerCase() !== '.xlsx') throw new UsageError(`${file}: export reads an .xlsx account workbook`);
      let account;
      try {
        ({ account } = await readXlsxAccount(file));
      } catch (e) {
        if (e instanceof UnreadableAccountError) throw new InputError(`${file}: ${e.message}`);
        throw e;
      }
      const json = `${JSON.stringify(account, null, 2)}\n`;
      const problems = validateAccount(account, locale).length;
      if (opts.output === undefined) {
        process.stdout.write(json);
      } else {
        const out = outputPath(opts.output, `${stem(file)}.json`, opts.force);
        writeFileSync(out, json);
        process.stderr.write(`${locale === 'zh' ? '已写入' : 'wrote'} ${out}\n`);
      }
      if (problems) {
        process.stderr.write(
          locale === 'zh'
            ? `注意：${file} 有 ${problems} 个待修正问题（已原样导出；运行 ka-sales validate 查看）\n`
            : `note: ${file} has ${problems} problems (exported as they are; run ka-sales validate)\n`,
        );
      }
      process.exitCode = EXIT.ok;
    });
}
