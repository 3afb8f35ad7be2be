/**
 * The Apps Script entry points, and nothing else: each is a one-line forward
 * into src/sheets. scripts/build-gas.mjs bundles this file as an IIFE
 * (global `KaSales`) and appends, for every function exported here, a
 * top-level `function` of the same name and parameters that calls it — with
 * its JSDoc copied, so that Sheets lists OPP_SCORE and WIN_SCORE (the
 * `@customfunction` tag) and menus, triggers and google.script.run find the
 * names. Nothing here runs when the script loads.
 */
import { newAccountWorkbook, useAsTemplate } from './sheets/account-workbook';
import { KA_FLAGS as kaFlags, KA_VERDICT as kaVerdict, OPP_SCORE as oppScore, WIN_SCORE as winScore } from './sheets/custom-functions';
import { exportAccountJson, importAccountJson, showImportDialog } from './sheets/import-export';
import { buildMenu } from './sheets/menu';
import * as summary from './sheets/summary/entry-points';
import { upgradeActiveWorkbook } from './sheets/upgrade';
import { jumpToCell, showProblems } from './sheets/validate';
import { showRepPage } from './sheets/rep-pages';
import { recordVisit } from './sheets/visit';

// ------------------------------------------------------------------ custom functions

/**
 * Opportunity score, 0–100: the weighted share of "+" among the ten opportunity marks
 * (机会得分：十项机会评估中"+"的加权占比). A mark that is not + - ? or blank is an error naming it.
 *
 * @param {E6:E15} marks The ten marks, items 1–10 in order: + - ? or blank.
 * @param {"real"} group Optional: "real" (items 1–5), "worth" (items 6–10) or "all" (the default).
 * @param {G6:G15} weights Optional: ten weights, numbers ≥ 0 (blank = 1).
 * @return The score, a whole number from 0 to 100.
 * @customfunction
 */
export function OPP_SCORE(marks: unknown, group?: unknown, weights?: unknown): number {
  return oppScore(marks, group, weights);
}

/**
 * Competitiveness score, 0–100: the share of "+" among one party's ten competitiveness marks
 * (竞争力得分：一方十项竞争力评估中"+"的占比). A mark that is not + - ? or blank is an error naming it.
 *
 * @param {D7:D16} marks One party's ten marks: + - ? or blank.
 * @return The score, a whole number from 0 to 100.
 * @customfunction
 */
export function WIN_SCORE(marks: unknown): number {
  return winScore(marks);
}

/**
 * The account's verdict as the engine gives it (追 / 观察 / 虚 / 待评估), from the workbook's tabs (each from A1).
 *
 * @param {'客户全貌'!A1:H1000} overview 客户全貌 (overview).
 * @param {'关键人物'!A1:Z1000} keyPeople 关键人物 (key people).
 * @param {'角色分析'!A1:I1000} roleMap 角色分析 (role map).
 * @param {'机会评估'!A1:H1000} opportunity 机会评估 (opportunity).
 * @param {'竞争力评估'!A1:H1000} competitiveness 竞争力评估 (competitiveness).
 * @param {'行动计划'!A1:F1000} actionPlan 行动计划 (action plan).
 * @param {'_ka_meta'!A1:B200} meta _ka_meta (hidden): the version and where each input area is.
 * @param {TODAY()} asOf Optional: the date to judge by; blank = today.
 * @param {"zh"} locale Optional: "zh" or "en" for the label; blank = the code (pursue, watch, not-real, unassessed).
 * @param {"reason"} part Optional: "reason" for why.
 * @return The verdict, or why.
 * @customfunction
 */
export function KA_VERDICT(
  overview: unknown,
  keyPeople: unknown,
  roleMap: unknown,
  opportunity: unknown,
  competitiveness: unknown,
  actionPlan: unknown,
  meta: unknown,
  asOf?: unknown,
  locale?: unknown,
  part?: unknown,
): string {
  return kaVerdict([overview, keyPeople, roleMap, opportunity, competitiveness, actionPlan], meta, asOf, locale, part);
}

/**
 * The account's red flags as the engine gives them, in its order (红旗), from the workbook's tabs (each from A1).
 *
 * @param {'客户全貌'!A1:H1000} overview 客户全貌 (overview).
 * @param {'关键人物'!A1:Z1000} keyPeople 关键人物 (key people).
 * @param {'角色分析'!A1:I1000} roleMap 角色分析 (role map).
 * @param {'机会评估'!A1:H1000} opportunity 机会评估 (opportunity).
 * @param {'竞争力评估'!A1:H1000} competitiveness 竞争力评估 (competitiveness).
 * @param {'行动计划'!A1:F1000} actionPlan 行动计划 (action plan).
 * @param {'_ka_meta'!A1:B200} meta _ka_meta (hidden): the version and where each input area is.
 * @param {TODAY()} asOf Optional: the date to judge by; blank = today.
 * @param {"zh"} locale Optional: "zh" or "en" for labels; blank = codes (no-coach, stale…) joined by ", ".
 * @param {"unanswered"} mode Optional: "unanswered" = the raised flags no open action answers; "open" / "overdue" = how many actions are.
 * @return The flags raised (blank when none), or a count of actions.
 * @customfunction
 */
export function KA_FLAGS(
  overview: unknown,
  keyPeople: unknown,
  roleMap: unknown,
  opportunity: unknown,
  competitiveness: unknown,
  actionPlan: unknown,
  meta: unknown,
  asOf?: unknown,
  locale?: unknown,
  mode?: unknown,
): string | number {
  return kaFlags([overview, keyPeople, roleMap, opportunity, competitiveness, actionPlan], meta, asOf, locale, mode);
}

// ------------------------------------------------------------------ simple triggers

/** Builds the menu when the spreadsheet opens. */
export function onOpen(e?: GoogleAppsScript.Events.SheetsOnOpen): void {
  buildMenu(e);
}

/** Builds the menu when installed as an add-on. */
export function onInstall(e?: GoogleAppsScript.Events.AddonOnInstall): void {
  buildMenu(e as unknown as GoogleAppsScript.Events.SheetsOnOpen);
}

// ------------------------------------------------------------------ account workbook menu

export function kaNewAccount(): void {
  newAccountWorkbook();
}

export function kaValidateSheet(): void {
  showProblems('sheet');
}

export function kaValidateWorkbook(): void {
  showProblems('workbook');
}

export function kaRecordVisit(): void {
  recordVisit();
}

/** The decision chain (role map as a picture) in a sidebar. */
export function kaDecisionChain(): void {
  showRepPage('chain');
}

/** The visit brief: pick a person, read or print their page. */
export function kaVisitBrief(): void {
  showRepPage('brief');
}

export function kaImportJson(): void {
  showImportDialog();
}

export function kaExportJson(): void {
  exportAccountJson();
}

/** Upgrades the workbook to the latest template, keeping every value (a backup copy first). */
export function kaUpgradeWorkbook(): void {
  upgradeActiveWorkbook();
}

export function kaUseAsTemplate(): void {
  useAsTemplate();
}

export function kaUseAsSummary(): void {
  summary.useAsSummary();
}

// ------------------------------------------------------------------ called by dialogs (google.script.run)

export function kaJumpToCell(sheetName: string, cell: string): void {
  jumpToCell(sheetName, cell);
}

export function kaImportAccountJson(jsonText: string): { ok: boolean; message: string; html: string } {
  const r = importAccountJson(jsonText);
  return { ok: r.ok, message: r.message, html: r.html };
}

// ------------------------------------------------------------------ manager summary (menu and triggers)

export function kaSummaryRefreshNow(): void {
  summary.kaSummaryRefreshNow();
}

export function kaSummaryFullRebuild(): void {
  summary.kaSummaryFullRebuild();
}

export function kaSummaryNewAccount(): void {
  summary.kaSummaryNewAccount();
}

export function kaSummaryAddByUrl(): void {
  summary.kaSummaryAddByUrl();
}

export function kaSummaryInstallTimer(): void {
  summary.kaSummaryInstallTimer();
}

export function kaSummaryRemoveTimer(): void {
  summary.kaSummaryRemoveTimer();
}

/** Hourly trigger of the summary refresh (the event names the trigger, hence the summary). */
export function kaSummaryRefreshOnTimer(e?: { triggerUid?: string }): void {
  summary.kaSummaryRefreshOnTimer(e);
}

/** One-off trigger continuing an unfinished summary refresh. */
export function kaSummaryContinue(e?: { triggerUid?: string }): void {
  summary.kaSummaryContinue(e);
}
