/**
 * A world for summary tests and the summary benchmark: the Apps Script fake
 * with the Drive and Sheets advanced services, a manager's summary
 * spreadsheet (the active one), and account workbooks registered in it.
 */
import type { Account } from '../../src/domain/account';
import { workbookLayout } from '../../src/domain/layout';
import { layoutToGrids } from '../../src/domain/read-workbook';
import { addToRegistry } from '../../src/sheets/summary/registry';
import { type FakeDrive, type FakeSheetsApi, installGoogleApis } from '../fakes/google-apis';
import { type FakeGas, type SpreadsheetModel, installFakeGas } from '../fakes/spreadsheet-app';

export interface SummaryWorld {
  fake: FakeGas;
  drive: FakeDrive;
  sheets: FakeSheetsApi;
  summary: SpreadsheetModel;
  /** A clock that tests move by hand. */
  clock: { t: number; now: () => number; sleep: (ms: number) => void };
}

export const AS_OF_INSTANT = Date.UTC(2026, 10, 1, 2, 0, 0); // 2026-11-01 10:00 in Shanghai

export function summaryWorld(opts: { locale?: string } = {}): SummaryWorld {
  const clock = {
    t: AS_OF_INSTANT,
    now: () => clock.t,
    sleep: (ms: number) => {
      clock.t += ms;
    },
  };
  const fake = installFakeGas(globalThis as unknown as Record<string, unknown>, { now: () => new Date(clock.t), locale: opts.locale ?? 'zh_CN' });
  const { drive, sheets } = installGoogleApis(fake);
  const summary = fake.createSpreadsheet(opts.locale?.startsWith('en') ? 'Key accounts' : '重点客户汇总');
  fake.setActive(summary);
  return { fake, drive, sheets, summary, clock };
}

/**
 * An account workbook with the account's values in it, as a rep's workbook
 * holds them (every tab of the layout; text written as text).
 */
export function accountWorkbook(w: SummaryWorld, account: Account, name?: string): SpreadsheetModel {
  const m = w.fake.createSpreadsheet(name ?? String(account.overview.customerName ?? 'account'), { noSheets: true });
  const api = w.fake.api(m);
  const grids = layoutToGrids(workbookLayout(account, 'zh'));
  for (const [tab, grid] of Object.entries(grids)) {
    const sheet = api.insertSheet(tab);
    const width = Math.max(1, ...grid.map((r) => r.length));
    if (grid.length === 0) continue;
    sheet.getRange(1, 1, grid.length, width).setValues(grid.map((r) => Array.from({ length: width }, (_, c) => (typeof r[c] === 'string' && r[c] !== '' ? `'${r[c]}` : (r[c] ?? '')))));
  }
  return m;
}

/** Creates an account workbook and registers it in the summary (as the menu does). */
export function registeredWorkbook(w: SummaryWorld, account: Account, name?: string): SpreadsheetModel {
  const m = accountWorkbook(w, account, name);
  addToRegistry(w.fake.api(w.summary), m.id, m.name, w.clock.t);
  return m;
}

/** Changes one input of a workbook the way a rep typing would (the overview's budget cell). */
export function editWorkbook(w: SummaryWorld, m: SpreadsheetModel, sheetName: string, a1: string, value: string | number): void {
  w.fake.api(m).getSheetByName(sheetName)?.getRange(a1).setValue(value);
}

/** The values of a tab of the summary, as getValues gives them. */
export function tabValues(w: SummaryWorld, name: string): unknown[][] {
  const sheet = w.fake.api(w.summary).getSheetByName(name);
  if (!sheet) throw new Error(`no tab ${name}`);
  return sheet.getDataRange().getValues();
}

/** Every formula on every tab of the summary. */
export function summaryFormulas(w: SummaryWorld): string[] {
  const out: string[] = [];
  for (const s of w.summary.sheets) for (const row of s.cells.values()) for (const c of row.values()) if (c.f !== undefined) out.push(c.f);
  return out;
}
