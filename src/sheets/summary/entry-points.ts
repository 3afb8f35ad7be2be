import type { Locale } from '../../../sheets-templates/types';
import { errorText } from './cells';
import { type RefreshOptions, type RefreshResult, refreshSummary } from './refresh';
import { addAccountByUrl, summaryLocale } from './registry';
import { newAccountWorkbook } from '../account-workbook';
import { ROLE_LABELS, ROLE_TEXT, confirmRoleChange, requireRole, roleOf, settingsOf, templateIdOf, writeSettings } from '../roles';
import { t } from '../ui-text';
import { boundSummary } from './state';
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

/**
 * The summary a time-driven trigger refreshes: the one it was bound to when
 * created (state.ts; an add-on's trigger has no active spreadsheet), else the
 * active one (a bound script's trigger).
 */
function triggerSummary(e?: { triggerUid?: string }): GoogleAppsScript.Spreadsheet.Spreadsheet | undefined {
  const id = boundSummary(e?.triggerUid);
  return id ? SpreadsheetApp.openById(id) : undefined;
}

function runFromTrigger(trigger: 'timer' | 'continuation', e?: { triggerUid?: string }): RefreshResult {
  const r = refreshSummary({ trigger, lockWaitMs: 1_000, spreadsheet: triggerSummary(e) });
  if (r.status === 'failed') throw new Error(r.message);
  return r;
}

/** Hourly trigger. Failures are in the run log (on the summary tab); thrown again so Apps Script's failure e-mail reaches the owner. */
export function kaSummaryRefreshOnTimer(e?: { triggerUid?: string }): RefreshResult {
  return runFromTrigger('timer', e);
}

/** One-off continuation trigger of an unfinished refresh. */
export function kaSummaryContinue(e?: { triggerUid?: string }): RefreshResult {
  return runFromTrigger('continuation', e);
}

/** The active spreadsheet when it is a summary; otherwise null, having said so. */
function activeSummary(): GoogleAppsScript.Spreadsheet.Spreadsheet | null {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  return ss && requireRole(ss, ['summary'], summaryLocale(ss), ui()) ? ss : null;
}

/** Menu: add an account workbook by its link. */
export function kaSummaryAddByUrl(): void {
  const ss = activeSummary();
  if (!ss) return;
  const u = SpreadsheetApp.getUi();
  const locale = summaryLocale(ss);
  const answer = u.prompt(MESSAGES.addPromptTitle[locale], MESSAGES.addPromptText[locale], u.ButtonSet.OK_CANCEL);
  if (answer.getSelectedButton() !== u.Button.OK) return;
  const r = addAccountByUrl(ss, answer.getResponseText());
  u.alert(r.message);
}

/** Menu: a new account workbook that reports to this summary (a rep's first; later ones are made from it). */
export function kaSummaryNewAccount(): void {
  const ss = activeSummary();
  if (ss) newAccountWorkbook({ template: templateIdOf(ss), summary: ss.getId() });
}

/** Menu: refresh every hour. */
export function kaSummaryInstallTimer(): void {
  const ss = activeSummary();
  if (!ss) return;
  const locale = summaryLocale(ss);
  try {
    ui()?.alert(installHourlyRefresh(ss.getId()) ? MESSAGES.timerInstalled[locale] : MESSAGES.timerAlreadyInstalled[locale]);
  } catch (e) {
    ui()?.alert(fill(MESSAGES.failed, locale, { error: errorText(e) }));
  }
}

/** Menu: stop the hourly refresh (and any pending continuation). */
export function kaSummaryRemoveTimer(): void {
  const ss = activeSummary();
  if (ss) ui()?.alert(fill(MESSAGES.timerRemoved, summaryLocale(ss), { n: removeHourlyRefresh(ss.getId()) }));
}

/**
 * Menu (setup): makes the active spreadsheet — one with no role, or a copy of
 * the template or of a summary — a manager summary: its owner only, after a
 * confirmation. Creates its tabs and records its role and the template its
 * team's workbooks are copied from (the template this file was copied from).
 */
export function useAsSummary(): boolean {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  const locale = summaryLocale(ss);
  const u = SpreadsheetApp.getUi();
  const settings = settingsOf(ss);
  const role = roleOf(ss, settings);
  if (role) {
    u.alert(t(ROLE_TEXT.wrongPlace, locale, { want: ROLE_LABELS.none[locale], is: ROLE_LABELS[role][locale] }));
    return false;
  }
  if (!confirmRoleChange(ss, 'summary', locale, u)) return false;
  ensureSummaryTabs(ss, locale);
  writeSettings(ss, { role: 'summary', id: ss.getId(), template: templateIdOf(ss, settings) });
  u.alert(`${ROLE_LABELS.summary[locale]}: ✓ ${ss.getName()}`);
  return true;
}

/** The summary's menu items: [caption, top-level function name]; null is a separator. */
export function summaryMenuItems(locale: Locale): Array<[string, string] | null> {
  return [
    [MENU.refresh[locale], 'kaSummaryRefreshNow'],
    [MENU.fullRebuild[locale], 'kaSummaryFullRebuild'],
    null,
    [MENU.newAccount[locale], 'kaSummaryNewAccount'],
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
  'kaSummaryNewAccount',
  'kaSummaryAddByUrl',
  'kaSummaryInstallTimer',
  'kaSummaryRemoveTimer',
  TIMER_HANDLER,
  CONTINUATION_HANDLER,
] as const;
