import { extname } from 'node:path';
import type { Locale } from '../../sheets-templates/types';
import { type Account, UnreadableAccountError } from '../domain/account';
import { unreadableReason } from '../domain/rollup';
import { type Problem, validateAccount } from '../domain/validate';
import { parseJsonAccount } from './json-input';
import { CliError } from './messages';
import { EXIT, errorLine } from './output';
import { readInputFile } from './read-input';

/** A problem as the CLI reports it: for workbooks also the tab and the cell; for JSON the line of a duplicate key. */
export interface LocatedProblem extends Omit<Problem, 'rule'> {
  rule: Problem['rule'] | 'duplicate-key';
  sheet?: string;
  cell?: string;
  line?: number;
  column?: number;
}

export interface LoadedAccount {
  file: string;
  account: Account;
  problems: LocatedProblem[];
  /** The raw document (JSON) when there is one: what validation looked at. */
  raw?: unknown;
}

/** Raised for input the CLI cannot use at all (exit code 2). */
export class InputError extends Error {}

/** Loaders by file extension; the .xlsx adapter registers its own. They get the file's bytes, read and checked. */
export type AccountLoader = (file: string, bytes: Buffer, locale: Locale) => Promise<LoadedAccount>;
const loaders: Record<string, AccountLoader> = {};

export function registerLoader(ext: string, loader: AccountLoader): void {
  loaders[ext.toLowerCase()] = loader;
}

/** An account .json: UTF-8 only, syntax errors by line and column, duplicate keys reported. */
export function loadJsonBytes(file: string, bytes: Buffer, locale: Locale): LoadedAccount {
  const { raw, account, duplicates } = parseJsonAccount(file, bytes);
  return { file, raw, account, problems: [...duplicates, ...validateAccount(raw, locale)] };
}

/**
 * A reader's "not an account" error in the current language: the reader's own
 * text in that language when it has one, else (zh) the kind of error from the
 * domain's list, (en) the reader's English line.
 */
export function unreadable(file: string, e: UnreadableAccountError, locale: Locale): CliError {
  const detail = e.localized?.[locale] ?? (locale === 'zh' ? unreadableReason(e.message, 'zh') : e.message.split('\n')[0]);
  return new CliError('account.unreadable', { file, detail }, e.message);
}

export async function loadAccount(file: string, locale: Locale): Promise<LoadedAccount> {
  const ext = extname(file).toLowerCase();
  const loader = ext === '.json' ? undefined : loaders[ext];
  if (ext !== '.json' && !loader) throw new CliError('input.type', { file, ext: ext || '(none)' });
  const bytes = readInputFile(file);
  try {
    return loader ? await loader(file, bytes, locale) : loadJsonBytes(file, bytes, locale);
  } catch (e) {
    if (e instanceof UnreadableAccountError) throw unreadable(file, e, locale);
    throw e;
  }
}

/** One input's outcome for `--json`: its result, or `{file, error}` when it could not be read. */
export interface Unreadable {
  file: string;
  error: string;
  code: string;
}

/**
 * Loads each file in turn and hands it to `use`; a file that cannot be read
 * gets one line on stderr and goes to `unusable`. Returns the exit code: 0 all
 * good, 1 some account has problems, 2 some file could not be read.
 */
export async function forEachAccount(
  files: string[],
  locale: Locale,
  use: (loaded: LoadedAccount) => void,
  unusable: (u: Unreadable) => void = () => {},
): Promise<number> {
  let exit: number = EXIT.ok;
  for (const file of files) {
    try {
      const loaded = await loadAccount(file, locale);
      use(loaded);
      if (loaded.problems.length) exit = Math.max(exit, EXIT.problems);
    } catch (e) {
      process.stderr.write(`${errorLine(undefined, e)}\n`);
      unusable({ file, error: errorLine(undefined, e).replace(/^ka-sales: /, ''), code: e instanceof CliError ? e.code : 'unreadable' });
      exit = EXIT.unusable;
    }
  }
  return exit;
}
