import { extname } from 'node:path';
import type { Command } from 'commander';
import { decisionChainSvg } from '../../domain/decision-chain';
import { svgToPng } from '../../xlsx/role-map-picture';
import { outputPath, stem } from '../file-names';
import { InputError, loadAccount } from '../load-account';
import { writeFileAtomic } from '../write-file';
import { EXIT, UsageError, formatProblem, parseLocale } from '../output';

/**
 * `ka-sales map FILE [-o map.svg|map.png]`: the account's decision chain
 * (role map as a picture: people by role, stance as colour, influence arrows,
 * the coach, the decision maker's closeness and trust across visits).
 * SVG needs nothing; PNG is rasterised by resvg (no browser).
 */
export function registerMap(program: Command): void {
  program
    .command('map')
    .description('draw the decision chain (role map) of an account as SVG or PNG')
    .argument('<file>', 'account file (.json or .xlsx)')
    .option('-o, --output <file>', 'the picture to write: .svg or .png (default: <file>-map.svg)')
    .option('--lang <locale>', 'zh (default) or en', 'zh')
    .option('--force', 'overwrite the output file if it exists')
    .action(async (file: string, opts: { output?: string; lang?: string; force?: boolean }) => {
      const locale = parseLocale(opts.lang);
      const ext = extname(opts.output ?? '.svg').toLowerCase();
      if (ext !== '.svg' && ext !== '.png') throw new UsageError(`-o must name an .svg or .png file, not "${opts.output}"`);
      const out = outputPath(opts.output, `${stem(file)}-map.svg`, opts.force);
      const { account, problems } = await loadAccount(file, locale).catch((e) => {
        throw e instanceof InputError ? new InputError(`${file}: ${e.message}`) : e;
      });
      const svg = decisionChainSvg(account, locale);
      const png = ext === '.png' ? svgToPng(svg) : null;
      if (ext === '.png' && !png)
        throw new InputError('PNG needs @resvg/resvg-js, which does not load on this platform: write .svg instead');
      await writeFileAtomic(out, png ?? svg, { overwrite: !!opts.force });
      for (const p of problems) process.stderr.write(`${formatProblem(file, p)}\n`);
      process.stderr.write(`${locale === 'zh' ? '已写入' : 'wrote'} ${out}\n`);
      process.exitCode = problems.length ? EXIT.problems : EXIT.ok;
    });
}
