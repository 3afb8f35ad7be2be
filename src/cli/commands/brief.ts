import type { Command } from 'commander';
import { knowsPerson, visitBriefHtml } from '../../domain/visit-brief';
import { outputPath, stem } from '../file-names';
import { InputError, loadAccount } from '../load-account';
import { writeFileAtomic } from '../write-file';
import { EXIT, UsageError, formatProblem, parseLocale } from '../output';

/**
 * `ka-sales brief FILE --person NAME [-o brief.html]`: one printable page
 * (A4) to read before meeting a person of the account.
 */
export function registerBrief(program: Command): void {
  program
    .command('brief')
    .description('write the visit brief of one person of an account: one printable HTML page')
    .argument('<file>', 'account file (.json or .xlsx)')
    .requiredOption('--person <name>', 'the person, as named on 关键人物 or 角色分析')
    .option('-o, --output <file>', 'the page to write (default: <file>-brief.html)')
    .option('--lang <locale>', 'zh (default) or en', 'zh')
    .option('--force', 'overwrite the output file if it exists')
    .action(async (file: string, opts: { person: string; output?: string; lang?: string; force?: boolean }) => {
      const locale = parseLocale(opts.lang);
      const { account, problems } = await loadAccount(file, locale).catch((e) => {
        throw e instanceof InputError ? new InputError(`${file}: ${e.message}`) : e;
      });
      // The name is not repeated: messages never quote personal data.
      if (!knowsPerson(account, opts.person)) {
        throw new UsageError(
          locale === 'zh'
            ? `${file}：关键人物和角色分析中都没有 --person 给出的姓名；请按表中的写法填写姓名`
            : `${file}: no key-people visit and no role-map row has the name given with --person; spell it as the workbook does`,
        );
      }
      const out = outputPath(opts.output, `${stem(file)}-brief.html`, opts.force);
      await writeFileAtomic(out, visitBriefHtml(account, opts.person, locale, { printButton: true }), { overwrite: !!opts.force });
      for (const p of problems) process.stderr.write(`${formatProblem(file, p)}\n`);
      process.stderr.write(`${locale === 'zh' ? '已写入' : 'wrote'} ${out}\n`);
      process.exitCode = problems.length ? EXIT.problems : EXIT.ok;
    });
}
