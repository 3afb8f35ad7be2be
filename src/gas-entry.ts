/**
 * The Apps Script entry points but the custom functions (those are in
 * gas-custom-functions.ts), and nothing else: each is a one-line forward
 * into src/sheets. scripts/build-gas.mjs bundles this file into
 * Actions.html (global `KaActions`) and appends to Code.js, for every
 * function exported here, a top-level `function` of the same name and
 * parameters that forwards to it, so that menus, triggers and
 * google.script.run find the names. Nothing here runs when the script loads.
 */
import { newAccountWorkbook, useAsTemplate } from './sheets/account-workbook';
import { exportAccountJson, importAccountJson, showImportDialog } from './sheets/import-export';
import { buildMenu } from './sheets/menu';
import * as summary from './sheets/summary/entry-points';
import { upgradeActiveWorkbook } from './sheets/upgrade';
import { jumpToCell, showProblems } from './sheets/validate';
import { showRepPage } from './sheets/rep-pages';
import { recordVisit } from './sheets/visit';

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
