/**
 * A world for summary tests and the summary benchmark: the Apps Script fake
 * with the Drive and Sheets advanced services, a manager's summary
 * spreadsheet (the active one), and account workbooks registered in it.
 */
import type { Account } from '../../src/domain/account';
import { workbookLayout } from '../../src/domain/layout';
import { layoutToGrids } from '../../src/domain/read-workbook';
import * as customFunctions from '../../src/sheets/custom-functions';
import { renderWorkbook } from '../../src/sheets/render-workbook';
import { addToRegistry } from '../../src/sheets/summary/registry';
import { KIND_COL, SUMMARY_ROWS } from '../../src/sheets/summary/summary-tabs';
import { ROLLUP_TABS } from '../../src/domain/rollup';
import { type FakeDrive, type FakeSheetsApi, installGoogleApis } from '../fakes/google-apis';
import { type FakeGas, type SpreadsheetModel, installFakeGas } from '../fakes/spreadsheet-app';
import { markRole } from './sheets-support';

export interface SummaryWorld {
  fake: FakeGas;
  drive: FakeDrive;
  sheets: FakeSheetsApi;
  summary: SpreadsheetModel;
  /** A clock that tests move by hand. */
  clock: { t: number; now: () => number; sleep: (ms: number) => void };
  /**
   * How account workbooks are made: 'adapter' renders them with the
   * account-workbook adapter (every tab, dropdown, note, score formula);
   * 'values' writes only the layout's values (the same cells the reader
   * reads, ~10× faster in the fake), for tests about the refresh itself.
   */
  render: 'adapter' | 'values';
}

export const AS_OF_INSTANT = Date.UTC(2026, 10, 1, 2, 0, 0); // 2026-11-01 10:00 in Shanghai

export function summaryWorld(opts: { locale?: string; render?: 'adapter' | 'values' } = {}): SummaryWorld {
  const clock = {
    t: AS_OF_INSTANT,
    now: () => clock.t,
    sleep: (ms: number) => {
      clock.t += ms;
    },
  };
  const fake = installFakeGas(globalThis as unknown as Record<string, unknown>, {
    now: () => new Date(clock.t),
    locale: opts.locale ?? 'zh_CN',
    customFunctions: (name) => (customFunctions as unknown as Record<string, (...a: unknown[]) => unknown>)[name],
  });
  const { drive, sheets } = installGoogleApis(fake);
  const summary = fake.createSpreadsheet(opts.locale?.startsWith('en') ? 'Key accounts' : '重点客户汇总');
  markRole(summary, { role: 'summary', id: summary.id });
  fake.setActive(summary);
  return { fake, drive, sheets, summary, clock, render: opts.render ?? 'values' };
}

/** An account workbook with the account's values in it (see SummaryWorld.render). */
export function accountWorkbook(w: SummaryWorld, account: Account, name?: string): SpreadsheetModel {
  const title = name ?? String(account.overview.customerName ?? 'account');
  if (w.render === 'adapter') {
    const m = w.fake.createSpreadsheet(title);
    renderWorkbook(w.fake.api(m), account, 'zh');
    return m;
  }
  const m = w.fake.createSpreadsheet(title, { noSheets: true });
  const api = w.fake.api(m);
  for (const [tab, grid] of Object.entries(layoutToGrids(workbookLayout(account, 'zh')))) {
    const sheet = api.insertSheet(tab);
    const width = Math.max(1, ...grid.map((r) => r.length));
    const quoted = grid.map((r) =>
      Array.from({ length: width }, (_, c) => (typeof r[c] === 'string' && r[c] !== '' ? `'${r[c]}` : (r[c] ?? ''))),
    );
    if (quoted.length) sheet.getRange(1, 1, quoted.length, width).setValues(quoted);
  }
  return m;
}

/** A rep's edit of many cells at once: the workbook's tabs hold the account's values afterwards ('values' worlds). */
export function rewriteWorkbook(w: SummaryWorld, m: SpreadsheetModel, account: Account): void {
  const api = w.fake.api(m);
  for (const [tab, grid] of Object.entries(layoutToGrids(workbookLayout(account, 'zh')))) {
    const sheet = api.getSheetByName(tab);
    if (!sheet) throw new Error(`no tab ${tab}`);
    sheet.clearContents();
    const width = Math.max(1, ...grid.map((r) => r.length));
    const quoted = grid.map((r) =>
      Array.from({ length: width }, (_, c) => (typeof r[c] === 'string' && r[c] !== '' ? `'${r[c]}` : (r[c] ?? ''))),
    );
    if (quoted.length) sheet.getRange(1, 1, quoted.length, width).setValues(quoted);
  }
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

/** A key of the summary's state in the running user's properties (state.ts). */
export function stateKey(w: SummaryWorld, key: string): string {
  return `${key}:${w.summary.id}`;
}

/** The values of a tab of the summary, as getValues gives them. */
export function tabValues(w: SummaryWorld, name: string): unknown[][] {
  const sheet = w.fake.api(w.summary).getSheetByName(name);
  if (!sheet) throw new Error(`no tab ${name}`);
  return sheet.getDataRange().getValues();
}

const blank = (r: unknown[]) => r.every((v) => v === '' || v === null);

/** The account rows of the summary tab (below its title, counts and header; above its sections). */
export function summaryRows(w: SummaryWorld, tab: string = ROLLUP_TABS.summary.zh): unknown[][] {
  const rows = tabValues(w, tab).slice(SUMMARY_ROWS.first - 1);
  const end = rows.findIndex((r) => String(r[KIND_COL]).endsWith('-head'));
  const out = end < 0 ? rows : rows.slice(0, end);
  while (out.length && blank(out[out.length - 1])) out.pop();
  return out;
}

/** The rows of one section below the accounts on the summary tab (its kind: 'unreadable' or 'log'), cut to `width` cells. */
function sectionRows(w: SummaryWorld, kind: string, width: number): unknown[][] {
  return tabValues(w, ROLLUP_TABS.summary.zh)
    .filter((r) => r[KIND_COL] === kind)
    .map((r) => r.slice(0, width));
}

/** The files the summary could not read: name, link, reason, last read OK (or one line saying every file was read). */
export function unreadableRows(w: SummaryWorld): unknown[][] {
  return sectionRows(w, 'unreadable', 4);
}

/** The run log's rows, oldest first (the tab shows the latest first). */
export function runLog(w: SummaryWorld): unknown[][] {
  return sectionRows(w, 'log', 8).reverse();
}

/** The ranges of each chart on a tab of the summary, in A1 notation with the tab's name. */
export function chartRanges(w: SummaryWorld, tab: string): string[][] {
  const snap = w.fake.snapshot(w.summary) as { sheets: Array<{ name: string; charts: Array<{ ranges: string[] }> }> };
  return (snap.sheets.find((s) => s.name === tab)?.charts ?? []).map((c) => c.ranges);
}

/** Every formula on every tab of the summary. */
export function summaryFormulas(w: SummaryWorld): string[] {
  const out: string[] = [];
  for (const s of w.summary.sheets) for (const row of s.cells.values()) for (const c of row.values()) if (c.f !== undefined) out.push(c.f);
  return out;
}

/**
 * The ranges of values the summary's writes since `from` (an index into
 * `w.sheets.rangesWritten`) touched, counted honestly: each range of a Sheets
 * API batchUpdate, and each SpreadsheetApp call that writes values
 * (setValue(s), appendRow, setFormula(s)) counted since the last resetCalls.
 */
export function rangesWritten(w: SummaryWorld, from = 0): string[] {
  const apps = Object.entries(w.fake.calls)
    .filter(([k]) => /^Range\.(setValues?|setFormulas?|setRichTextValues?)$|^Sheet\.appendRow$/.test(k))
    .flatMap(([k, n]) => Array(n).fill(k) as string[]);
  return [...w.sheets.rangesWritten.slice(from), ...apps];
}
