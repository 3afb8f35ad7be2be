import { mkdirSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import type { Command } from 'commander';
import { type Account, text } from '../../domain/account';
import { todayIso } from '../../domain/dates';
import { sampleAccounts } from '../../domain/sample-accounts';
import { decisionChain, decisionChainSvg } from '../../domain/decision-chain';
import { visitBriefHtml } from '../../domain/visit-brief';
import { accountWorkbookBufferWithPicture, svgToPng } from '../../xlsx/role-map-picture';
import { EXIT, parseAsOf, parseLocale } from '../output';
import { msg } from '../messages';
import { writeFileAtomic } from '../write-file';
import { rollupFiles, writeRollupWorkbook } from './rollup';

/** A file name for an account: its number and customer name, without characters file systems refuse. */
export function sampleFileName(index: number, customerName: unknown): string {
  const name = text(customerName).replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_') || 'account';
  return `${String(index + 1).padStart(2, '0')}-${name}`;
}

/**
 * Writes the sample accounts (JSON, and .xlsx workbooks when the .xlsx
 * renderer is available) and their roll-up into a folder.
 * Returns the files written, relative to the working folder.
 */
export async function writeDemo(
  dir: string,
  opts: { asOf: string; locale: 'zh' | 'en'; pinAsOf?: boolean },
): Promise<{ written: string[]; summary: string; rows: number }> {
  const accounts = sampleAccounts(opts.asOf);
  const jsonDir = join(dir, 'json');
  mkdirSync(jsonDir, { recursive: true });
  const written: string[] = [];
  for (const [i, a] of accounts.entries()) {
    const f = join(jsonDir, `${sampleFileName(i, a.overview.customerName)}.json`);
    await writeFileAtomic(f, `${JSON.stringify(a, null, 2)}\n`, { overwrite: true });
    written.push(f);
  }
  // An as-of date given on the command line is written into each workbook's health tab; else the tab says today, live.
  const workbooks = await writeWorkbooks(dir, accounts, opts.locale, opts.pinAsOf ? opts.asOf : undefined);
  for (const w of workbooks) written.push(w);
  for (const w of await writePages(dir, accounts[0], opts.locale)) written.push(w);
  // The summary is the roll-up of the workbooks the reps fill in, read back as `rollup` reads them.
  const result = await rollupFiles(workbooks, { locale: opts.locale, asOf: opts.asOf });
  const summary = join(dir, opts.locale === 'zh' ? 'summary.xlsx' : 'summary-en.xlsx');
  await writeRollupWorkbook(summary, result, { locale: opts.locale, asOf: opts.asOf });
  written.push(summary);
  return { written, summary, rows: result.rows.length };
}

/**
 * The first account's decision chain (SVG, and PNG when resvg loads) and the
 * visit brief of its first key decision maker, in dir/pages/: no browser needed.
 */
async function writePages(dir: string, account: Account, locale: 'zh' | 'en'): Promise<string[]> {
  const pagesDir = join(dir, 'pages');
  mkdirSync(pagesDir, { recursive: true });
  const name = sampleFileName(0, account.overview.customerName);
  const svg = decisionChainSvg(account, locale);
  const files: Array<[string, string | Buffer | null]> = [
    [`${name}-map.svg`, svg],
    [`${name}-map.png`, svgToPng(svg)],
  ];
  const dm = decisionChain(account).decisionMakers[0]?.name;
  if (dm) files.push([`${name}-brief.html`, visitBriefHtml(account, dm, locale, { printButton: true })]);
  const written: string[] = [];
  for (const [f, data] of files) {
    if (data === null) continue;
    await writeFileAtomic(join(pagesDir, f), data, { overwrite: true });
    written.push(join(pagesDir, f));
  }
  return written;
}

/** The accounts as .xlsx workbooks (what the reps fill in), in dir/accounts/. */
async function writeWorkbooks(dir: string, accounts: Account[], locale: 'zh' | 'en', asOf?: string): Promise<string[]> {
  const wbDir = join(dir, 'accounts');
  mkdirSync(wbDir, { recursive: true });
  const files: string[] = [];
  for (const [i, a] of accounts.entries()) {
    const f = join(wbDir, `${sampleFileName(i, a.overview.customerName)}.xlsx`);
    await writeFileAtomic(f, await accountWorkbookBufferWithPicture(a, locale, { asOf }), { overwrite: true });
    files.push(f);
  }
  return files;
}

function workbookOf(written: string[], prefix = '01-'): string {
  const f = written.find((w) => w.endsWith('.xlsx') && basename(w).startsWith(prefix)) ?? written[0];
  return relative(process.cwd(), f) || f;
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('write sample accounts (.json, .xlsx) and their manager roll-up into a folder')
    .option('-o, --output <dir>', 'folder to write into', 'out')
    .option('--as-of <date>', 'the date the samples are dated from (YYYY-MM-DD, default today in Asia/Shanghai)')
    .option('--lang <locale>', 'zh (default) or en', 'zh')
    .action(async (opts: { output: string; asOf?: string; lang?: string }) => {
      const locale = parseLocale(opts.lang);
      const asOf = parseAsOf(opts.asOf, todayIso());
      const { written, summary, rows } = await writeDemo(opts.output, { asOf, locale, pinAsOf: opts.asOf !== undefined });
      const lines = [
        msg('demo.wrote', { count: written.length, rows, asOf }, locale),
        ...written.map((f) => `  ${relative(process.cwd(), f) || f}`),
        '',
        msg('demo.open', { file: summary }, locale),
        msg('demo.try', {}, locale),
        `  npx ka-sales score ${workbookOf(written)}`,
        `  npx ka-sales validate ${workbookOf(written, '07-')}`,
        `  npx ka-sales rollup ${join(opts.output, 'accounts')} -o ${summary}`,
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
      process.exitCode = EXIT.ok;
    });
}
