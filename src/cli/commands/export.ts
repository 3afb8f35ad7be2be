import { statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import type { Command } from 'commander';
import type { Locale } from '../../../sheets-templates/types';
import { UnreadableAccountError } from '../../domain/account';
import { validateRead } from '../../domain/validate';
import { readXlsxBuffer } from '../../xlsx/read-workbook';
import { outputPath, stem } from '../file-names';
import { unreadable } from '../load-account';
import { CliError, msg } from '../messages';
import { EXIT, errorLine, parseLocale } from '../output';
import { readInputFile } from '../read-input';
import { writeFileAtomic } from '../write-file';

function isFolder(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

interface ExportOptions {
  output?: string;
  force?: boolean;
  locale: Locale;
  /** With many inputs: the files written so far (an input never overwrites another's JSON). */
  written?: Set<string>;
}

/** Exports one workbook (to stdout, or to the file or folder of -o). */
async function exportOne(file: string, opts: ExportOptions): Promise<void> {
  const { locale } = opts;
  if (extname(file).toLowerCase() !== '.xlsx') throw new CliError('usage.xlsxOnly', { file, command: 'export' });
  let read: Awaited<ReturnType<typeof readXlsxBuffer>>;
  try {
    read = await readXlsxBuffer(readInputFile(file));
  } catch (e) {
    if (e instanceof UnreadableAccountError) throw unreadable(file, e, locale);
    throw e;
  }
  const json = `${JSON.stringify(read.account, null, 2)}\n`;
  const problems = validateRead(read, locale).length;
  if (opts.output === undefined) {
    process.stdout.write(json);
  } else {
    const out = outputPath(opts.output, `${stem(file)}.json`, opts.force);
    if (opts.written) {
      if (opts.written.has(resolve(out))) throw new CliError('export.sameName', { file, out });
      opts.written.add(resolve(out));
    }
    await writeFileAtomic(out, json, { overwrite: !!opts.force });
    process.stderr.write(`${msg('wrote', { file: out }, locale)}\n`);
  }
  if (problems) {
    process.stderr.write(`${msg('export.problems', { file, count: problems }, locale)}\n`);
  }
}

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('read account workbooks (.xlsx) back into account JSON (stdout, or files with -o)')
    .argument('<workbooks...>', 'account workbooks (.xlsx); with more than one, -o names a folder')
    .option('-o, --output <file>', 'write the JSON to this file or folder (<workbook>.json inside it) instead of stdout')
    .option('--lang <locale>', 'zh (default) or en: messages', 'zh')
    .option('--force', 'overwrite the output file if it exists')
    .action(async (files: string[], opts: { output?: string; lang?: string; force?: boolean }) => {
      const locale = parseLocale(opts.lang);
      if (files.length > 1 && !(opts.output !== undefined && isFolder(opts.output))) {
        throw new CliError('export.folder');
      }
      const written = files.length > 1 ? new Set<string>() : undefined;
      let exit: number = EXIT.ok;
      // One process for many workbooks, read one at a time; one that cannot be read is one line, and the rest go on.
      for (const file of files) {
        try {
          await exportOne(file, { output: opts.output, force: opts.force, locale, written });
        } catch (e) {
          if (files.length === 1 || !(e instanceof CliError)) throw e;
          process.stderr.write(`${errorLine(undefined, e)}\n`);
          exit = EXIT.unusable;
        }
      }
      process.exitCode = exit;
    });
}
