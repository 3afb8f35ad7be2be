import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { Locale } from '../../sheets-templates/types';
import { type Account, UnreadableAccountError, parseAccountJson } from '../domain/account';
import { type Problem, validateAccount } from '../domain/validate';
import { EXIT, errorLine } from './output';

/** A problem as the CLI reports it: for workbooks also the tab and the cell. */
export interface LocatedProblem extends Problem {
  sheet?: string;
  cell?: string;
}

export interface LoadedAccount {
  file: string;
  account: Account;
  problems: LocatedProblem[];
}

/** Raised for input the CLI cannot use at all (exit code 2). */
export class InputError extends Error {}

/** Loaders by file extension; the .xlsx adapter registers its own. */
export type AccountLoader = (file: string, locale: Locale) => Promise<LoadedAccount>;
const loaders: Record<string, AccountLoader> = {};

export function registerLoader(ext: string, loader: AccountLoader): void {
  loaders[ext.toLowerCase()] = loader;
}

function loadJson(file: string, locale: Locale): LoadedAccount {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  try {
    const { raw, account } = parseAccountJson(text);
    return { file, account, problems: validateAccount(raw, locale) };
  } catch (e) {
    if (e instanceof UnreadableAccountError) throw new InputError(e.message);
    throw e;
  }
}

export async function loadAccount(file: string, locale: Locale): Promise<LoadedAccount> {
  const ext = extname(file).toLowerCase();
  if (ext === '.json') return loadJson(file, locale);
  const loader = loaders[ext];
  if (!loader) throw new InputError(`unsupported file type "${ext || '(none)'}": give an account .json${loaders['.xlsx'] ? ' or .xlsx' : ''} file`);
  try {
    return await loader(file, locale);
  } catch (e) {
    if (e instanceof UnreadableAccountError) throw new InputError(e.message);
    throw e;
  }
}

/**
 * Loads each file in turn and hands it to `use`; a file that cannot be read
 * gets one line on stderr. Returns the exit code: 0 all good, 1 some account
 * has problems, 2 some file could not be read.
 */
export async function forEachAccount(files: string[], locale: Locale, use: (loaded: LoadedAccount) => void): Promise<number> {
  let exit: number = EXIT.ok;
  for (const file of files) {
    try {
      const loaded = await loadAccount(file, locale);
      use(loaded);
      if (loaded.problems.length) exit = Math.max(exit, EXIT.problems);
    } catch (e) {
      process.stderr.write(`${errorLine(file, e)}\n`);
      exit = EXIT.unusable;
    }
  }
  return exit;
}
