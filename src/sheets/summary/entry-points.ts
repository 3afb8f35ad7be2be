import type { Locale } from '../../../sheets-templates/types';
import { errorText } from './cells';
import { type RefreshOptions, type RefreshResult, refreshSummary } from './refresh';
import { SUMMARY_ID_PROPERTY, addAccountByUrl, summaryLocale } from './registry';
import { ensureSummaryTabs } from './summary-tabs';
import { MENU, MESSAGES, fill } from './texts';
import { CONTINUATION_HANDLER, TIMER_HANDLER, installHourlyRefresh, removeHourlyRefresh } from './triggers';

/**
 * What the summary spreadsheet's menu items and triggers call. src/gas-entry.ts
 * exposes each as a top-level function of the same name (the trigger handler
 * names are fixed: TIMER_HANDLER, CONTINUATION_HANDLER).
 */

function ui(): GoogleAppsScript.Base.Ui | null {
  try {
    return SpreadsheetApp.getUi();
  } catch {
    return null; // a trigger has no UI
  }
}

function activeLocale(): Locale {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  return ss ? summaryLocale(ss) : 'zh';
}

function runFromMenu(opts: RefreshOptions): RefreshResult {
  const r = refreshSummary({ ...opts, trigger: 'menu' });
  ui()?.alert(r.message);
  return r;
}

/** Menu: refresh now (incremental; resumes an unfinished refresh). */
export function kaSummaryRefreshNow(): RefreshResult {
  return runFromMenu({ mode: 'incremental' });
}

/** Menu: rebuild every row from every registered workbook. */
export function kaSummaryFullRebuild(): RefreshResult {
  return runFromMenu({ mode: 'full' });
}

/** Hourly trigger. Failures are in the run-log tab; thrown again so Apps Script's failure e-mail reaches the owner. */
export function kaSummaryRefreshOnTimer(): RefreshResult {
  const r = refreshSummary({ trigger: 'timer', lockWaitMs: 1_000 });
  if (r.status === 'failed') throw new Error(r.message);
  return r;
}

/** One-off continuation trigger of an unfinished refresh. */
export function kaSummaryContinue(): RefreshResult {
  const r = refreshSummary({ trigger: 'continuation', lockWaitMs: 1_000 });
  if (r.status === 'failed') throw new Error(r.message);
  return r;
}

/** Menu: add an account workbook by its link. */
export function kaSummaryAddByUrl(): void {
  const u = SpreadsheetApp.getUi();
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  const locale = summaryLocale(ss);
  const answer = u.prompt(MESSAGES.addPromptTitle[locale], MESSAGES.addPromptText[locale], u.ButtonSet.OK_CANCEL);
  if (answer.getSelectedButton() !== u.Button.OK) return;
  const r = addAccountByUrl(ss, answer.getResponseText());
  u.alert(r.message);
}

/** Menu: refresh every hour. */
export function kaSummaryInstallTimer(): void {
  const locale = activeLocale();
  try {
    ui()?.alert(installHourlyRefresh() ? MESSAGES.timerInstalled[locale] : MESSAGES.timerAlreadyInstalled[locale]);
  } catch (e) {
    ui()?.alert(fill(MESSAGES.failed, locale, { error: errorText(e) }));
  }
}

/** Menu: stop the hourly refresh (and any pending continuation). */
export function kaSummaryRemoveTimer(): void {
  const locale = activeLocale();
  ui()?.alert(fill(MESSAGES.timerRemoved, locale, { n: removeHourlyRefresh() }));
}

/**
 * Makes the active spreadsheet the manager summary: creates its tabs and
 * records its id in the script property new workbooks register with.
 */
export function useAsSummary(ss: GoogleAppsScript.Spreadsheet.Spreadsheet = SpreadsheetApp.getActiveSpreadsheet()): void {
  ensureSummaryTabs(ss, summaryLocale(ss));
  PropertiesService.getScriptProperties().setProperty(SUMMARY_ID_PROPERTY, ss.getId());
}

/** The summary's menu items: [caption, top-level function name]; null is a separator. */
export function summaryMenuItems(locale: Locale): Array<[string, string] | null> {
  return [
    [MENU.refresh[locale], 'kaSummaryRefreshNow'],
    [MENU.fullRebuild[locale], 'kaSummaryFullRebuild'],
    null,
    [MENU.addByUrl[locale], 'kaSummaryAddByUrl'],
    null,
    [MENU.installTimer[locale], 'kaSummaryInstallTimer'],
    [MENU.removeTimer[locale], 'kaSummaryRemoveTimer'],
  ];
}

/** The names src/gas-entry.ts must expose as top-level functions. */
export const SUMMARY_ENTRY_POINTS = [
  'kaSummaryRefreshNow',
  'kaSummaryFullRebuild',
  'kaSummaryAddByUrl',
  'kaSummaryInstallTimer',
  'kaSummaryRemoveTimer',
  TIMER_HANDLER,
  CONTINUATION_HANDLER,
] as const;
