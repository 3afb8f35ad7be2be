import type { Locale } from '../../sheets-templates/types';
import type { CellLocation } from '../domain/read-workbook';
import { type Problem, validateRead } from '../domain/validate';
import { readXlsxAccount } from '../xlsx/read-workbook';
import type { LoadedAccount, LocatedProblem } from './load-account';

/** Each problem with the tab and cell its path is in (a row-level path takes its row's first located cell). */
export function locateProblems(problems: Problem[], locations: Record<string, CellLocation>): LocatedProblem[] {
  const keys = Object.keys(locations);
  return problems.map((p) => {
    const loc = locations[p.path] ?? locations[keys.find((k) => k.startsWith(`${p.path}.`)) ?? ''];
    return loc ? { path: p.path, rule: p.rule, message: p.message, sheet: loc.sheet, cell: loc.cell } : p;
  });
}

/** The .xlsx loader of `score`, `validate` and `rollup`: the account, and its problems with tab and cell. */
export async function loadXlsxAccount(file: string, locale: Locale): Promise<LoadedAccount> {
  const read = await readXlsxAccount(file);
  return { file, account: read.account, problems: locateProblems(validateRead(read, locale), read.locations) };
}
