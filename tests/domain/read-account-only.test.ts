/**
 * readAccountOnly (what the custom functions read with: no unbound-content search, no locations) reads the same
 * account as readAccountFromGrids, on sample and generated accounts in both languages, with and without content
 * outside every binding; it only leaves out what validation reports and where each value is.
 */
import { readAccountFromGrids, readAccountOnly, layoutNames, layoutToGrids } from '../../src/domain/read-workbook';
import { generateAccount, sampleAccounts } from '../../src/domain/sample-accounts';
import { tabName, workbookLayout } from '../../src/domain/layout';

const AS_OF = '2026-11-01';
const accounts = [...sampleAccounts(AS_OF), ...Array.from({ length: 20 }, (_, i) => generateAccount(i, AS_OF))];

describe.each(['zh', 'en'] as const)('%s workbooks', (locale) => {
  test.each(accounts.map((a, i) => [i, a] as const))('account %i: the same account, nothing else', (_, account) => {
    const tabs = workbookLayout(account, locale);
    const grids = layoutToGrids(tabs);
    const names = layoutNames(tabs);
    const full = readAccountFromGrids(grids, names);
    const only = readAccountOnly(grids, names, { locations: false });
    expect(only.account).toEqual(full.account);
    expect({ bound: only.bound, version: only.templateVersion }).toEqual({ bound: true, version: full.templateVersion });
    expect([only.unbound, only.locations]).toEqual([[], {}]);
    // With locations, the same ones as the full read.
    expect(readAccountOnly(grids, names).locations).toEqual(full.locations);
  });
});

test('content outside every binding: the full read reports it, readAccountOnly reads the same account without it', () => {
  const account = sampleAccounts(AS_OF)[0];
  const tabs = workbookLayout(account, 'zh');
  const grids = layoutToGrids(tabs);
  const names = layoutNames(tabs);
  const sheet = tabName('opportunity', 'zh');
  grids[sheet][0][20] = '写在表外的备注';
  const full = readAccountFromGrids(grids, names);
  expect(full.unbound.map((u) => u.sheet)).toEqual([sheet]);
  const only = readAccountOnly(grids, names, { locations: false });
  expect(only.unbound).toEqual([]);
  expect(only.account).toEqual(full.account);
});
