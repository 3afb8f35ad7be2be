import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Account } from '../../src/domain/account';
import { emptyAccount, toAccount } from '../../src/domain/account';
import { type LayoutCell, workbookLayout } from '../../src/domain/layout';
import { a1 } from '../../src/domain/a1';
import { layoutToGrids, readAccountFromGrids } from '../../src/domain/read-workbook';
import { createAccountWorkbook } from '../../src/sheets/account-workbook';
import * as customFunctions from '../../src/sheets/custom-functions';
import { SETTINGS_KEY, type Settings } from '../../src/sheets/roles';
import { installSheetsBatchUpdate } from '../fakes/sheets-batch-update';
import { FakeGas, type FakeGasOptions, type SpreadsheetModel } from '../fakes/spreadsheet-app';

/** Test support for the account-workbook adapter: the fake installed as globals, custom functions from the TS module. */

export const EXAMPLE_JSON = readFileSync(join(__dirname, '..', 'fixtures', 'example-account.json'), 'utf8');
export function exampleAccount(): Account {
  return toAccount(JSON.parse(EXAMPLE_JSON));
}

/** What an export must give back for an account: the pure round trip of the layout. */
export function canonical(account: Account): Account {
  return readAccountFromGrids(layoutToGrids(workbookLayout(account, 'zh'))).account;
}

const SERVICES = [
  'SpreadsheetApp',
  'HtmlService',
  'PropertiesService',
  'LockService',
  'ScriptApp',
  'Utilities',
  'Session',
  'DriveApp',
  'Logger',
  'Charts',
  'Sheets',
  'Drive',
];

/**
 * A fresh fake installed on globalThis; the active spreadsheet is a blank one
 * ("the template"). The Sheets advanced service (batchUpdate) is on, as the
 * manifest enables it, unless `sheetsApi: false`.
 */
export function setupSheets(opts: FakeGasOptions & { activeLocale?: string; sheetsApi?: boolean } = {}): {
  fake: FakeGas;
  active: SpreadsheetModel;
} {
  const fake = new FakeGas({
    customFunctions: (name) => (customFunctions as unknown as Record<string, (...a: unknown[]) => unknown>)[name],
    ...opts,
  });
  for (const k of SERVICES) delete (globalThis as Record<string, unknown>)[k];
  fake.install(globalThis as unknown as Record<string, unknown>);
  if (opts.sheetsApi !== false) installSheetsBatchUpdate(fake);
  const active = fake.createSpreadsheet('Template', { locale: opts.activeLocale, boundScript: 'ka-sales shim' });
  markRole(active, { role: 'template', id: active.id });
  fake.setActive(active);
  return { fake, active };
}

/** Records a spreadsheet's role and settings as the product does (developer metadata `ka-sales`), without counting calls. */
export function markRole(m: SpreadsheetModel, settings: Settings): void {
  m.metadata = m.metadata.filter((d) => d.key !== SETTINGS_KEY);
  m.metadata.push({ id: 1_000_000 + m.metadata.length, key: SETTINGS_KEY, value: JSON.stringify(settings), visibility: 'DOCUMENT' });
}

export function settingsIn(m: SpreadsheetModel): Settings {
  return JSON.parse(m.metadata.find((d) => d.key === SETTINGS_KEY)?.value ?? '{}');
}

/** The only spreadsheet created since `before` (ids the fake made). */
export function newest(fake: FakeGas): SpreadsheetModel {
  const all = [...fake.spreadsheets.values()];
  return all[all.length - 1];
}

/** What a person types for a layout value: text, as the keyboard gives it. */
export function typed(v: unknown): string {
  return v === null || v === undefined ? '' : String(v);
}

/**
 * Types every input value of an account's layout into a workbook that was
 * created for `blank` (an empty account), through the fake UI (validation
 * applies; text is parsed as typed), cell by cell. Overview tables of the
 * blank workbook have only their blank rows, so each section is found by its
 * title and the rows are typed from the section's start.
 */
export function typeAccountIn(
  fake: FakeGas,
  ss: SpreadsheetModel,
  account: Account,
  blank: Account = emptyAccount(),
): { rejected: string[] } {
  const rejected: string[] = [];
  const blankTabs = new Map(workbookLayout(blank, 'zh').map((t) => [t.name, t]));
  for (const tab of workbookLayout(account, 'zh')) {
    const sections = tab.cells.filter((c) => c.kind === 'section').map((c) => c.row);
    const blankSections = (blankTabs.get(tab.name)?.cells ?? []).filter((c) => c.kind === 'section').map((c) => c.row);
    const targetRow = (row: number) => {
      const k = sections.filter((r) => r <= row).length - 1;
      return k < 0 ? row : blankSections[k] + (row - sections[k]);
    };
    for (const c of tab.cells as LayoutCell[]) {
      if (c.kind !== 'input' || c.value === null || c.value === '') continue;
      const r = fake.userTypes(ss, tab.name, a1(targetRow(c.row), c.col), [[typed(c.value)]]);
      rejected.push(...r.rejected.map((x) => `${tab.name}!${x}`));
    }
  }
  return { rejected };
}

/** The example account made as a workbook from the menu's code, active in a fresh fake. */
export function exampleWorkbook() {
  const env = setupSheets();
  const made = createAccountWorkbook(exampleAccount(), 'zh');
  const ss = env.fake.model(made.id);
  env.fake.setActive(ss);
  return { ...env, ss, api: env.fake.api(ss) };
}
