import type { Locale } from '../../sheets-templates/types';
import type { CellLocation } from '../domain/read-workbook';
import { type Problem, validateRead } from '../domain/validate';
import { readXlsxBuffer } from '../xlsx/read-workbook';
import type { LoadedAccount, LocatedProblem } from './load-account';

/**
 * Each problem with the tab and cell its path is in; a row-level path takes
 * its row's first located cell. One pass over the locations builds the
 * row index, so the time is linear in the account's size.
 */
export function locateProblems(problems: Problem[], locations: Record<string, CellLocation>): LocatedProblem[] {
  const firstUnder = new Map<string, CellLocation>();
  for (const [key, loc] of Object.entries(locations)) {
    // Every proper prefix of a located path ('a.b.c' → 'a', 'a.b') gets its first located cell.
    for (let i = key.indexOf('.'); i !== -1; i = key.indexOf('.', i + 1)) {
      const prefix = key.slice(0, i);
      if (!firstUnder.has(prefix)) firstUnder.set(prefix, loc);
    }
  }
  return problems.map((p) => {
    const loc = (Object.hasOwn(locations, p.path) ? locations[p.path] : undefined) ?? firstUnder.get(p.path);
    return loc ? { path: p.path, rule: p.rule, message: p.message, sheet: loc.sheet, cell: loc.cell } : p;
  });
}

/** The .xlsx loader of `score`, `validate` and `rollup`: the account, and its problems with tab and cell. */
export async function loadXlsxAccount(file: string, bytes: Buffer, locale: Locale): Promise<LoadedAccount> {
  const read = await readXlsxBuffer(bytes);
  return { file, account: read.account, problems: locateProblems(validateRead(read, locale), read.locations) };
}
