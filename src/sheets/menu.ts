import type { Locale } from '../../sheets-templates/types';
import { summaryMenuItems } from './summary/entry-points';
import { MENU_TITLE, TEXT, t, uiLocale } from './ui-text';
import { PAGES_TEXT } from './rep-pages';
import { UPGRADE_TEXT } from './upgrade';
import { type Role, roleOf } from './roles';

/**
 * The custom menu, built on open: zh-CN, or English when the spreadsheet's
 * locale is not Chinese. Every item names a top-level function of the bundle
 * (src/gas-entry.ts).
 */

/** [caption, top-level function] or null for a separator. */
export type MenuItem = [string, string] | null;

export function accountMenuItems(locale: Locale): MenuItem[] {
  return [
    [t(TEXT.newAccount, locale), 'kaNewAccount'],
    null,
    [t(TEXT.validateSheet, locale), 'kaValidateSheet'],
    [t(TEXT.validateWorkbook, locale), 'kaValidateWorkbook'],
    [t(TEXT.recordVisit, locale), 'kaRecordVisit'],
    [PAGES_TEXT.chain[locale], 'kaDecisionChain'],
    [`${PAGES_TEXT.brief[locale]}…`, 'kaVisitBrief'],
    null,
    [t(TEXT.importJson, locale), 'kaImportJson'],
    [t(TEXT.exportJson, locale), 'kaExportJson'],
    null,
    [t(UPGRADE_TEXT.menu, locale), 'kaUpgradeWorkbook'],
  ];
}

export function setupMenuItems(locale: Locale): MenuItem[] {
  return [
    [t(TEXT.useAsTemplate, locale), 'kaUseAsTemplate'],
    [t(TEXT.useAsSummary, locale), 'kaUseAsSummary'],
  ];
}

type OpenEvent = { source?: GoogleAppsScript.Spreadsheet.Spreadsheet; authMode?: unknown };

/**
 * The locale of the menu and the role of the spreadsheet. Under AuthMode.NONE
 * (an add-on not yet used in this file) neither can be read: zh, role unknown.
 */
function openContext(e?: OpenEvent): { locale: Locale; role: Role | null | undefined } {
  try {
    if (e?.authMode === ScriptApp.AuthMode.NONE) return { locale: 'zh', role: undefined };
    const ss = e?.source ?? SpreadsheetApp.getActiveSpreadsheet();
    return { locale: uiLocale(ss?.getSpreadsheetLocale()), role: ss ? roleOf(ss) : null };
  } catch {
    return { locale: 'zh', role: undefined };
  }
}

function addItems(menu: GoogleAppsScript.Base.Menu, items: MenuItem[]): GoogleAppsScript.Base.Menu {
  for (const item of items) {
    if (item === null) menu.addSeparator();
    else menu.addItem(item[0], item[1]);
  }
  return menu;
}

/**
 * The menu of a spreadsheet by what it is: an account workbook gets the
 * account items, a summary the summary items, the template new workbooks and
 * import, any other spreadsheet the setup items. When the role cannot be read
 * (undefined) every item is offered, and each checks where it runs.
 */
export function menuFor(role: Role | null | undefined, locale: Locale): { items: MenuItem[]; summary: boolean; setup: boolean } {
  if (role === 'account') return { items: accountMenuItems(locale), summary: false, setup: false };
  if (role === 'summary') return { items: summaryMenuItems(locale), summary: false, setup: false };
  if (role === 'template')
    return { items: [accountMenuItems(locale)[0], [t(TEXT.importJson, locale), 'kaImportJson']], summary: false, setup: false };
  if (role === null) return { items: [], summary: false, setup: true };
  return { items: accountMenuItems(locale), summary: true, setup: true };
}

/**
 * Simple trigger: builds the menu. Inside an add-on (`KA_ADDON`, defined by
 * the add-on build's second file) it goes under Extensions, as add-on menus must.
 */
export function buildMenu(e?: OpenEvent): void {
  const { locale, role } = openContext(e);
  const ui = SpreadsheetApp.getUi();
  const m = menuFor(role, locale);
  const addon = typeof KA_ADDON !== 'undefined';
  const menu = addItems(addon ? ui.createAddonMenu() : ui.createMenu(MENU_TITLE[locale]), m.items);
  if (m.summary) menu.addSeparator().addSubMenu(addItems(ui.createMenu(t(TEXT.summaryMenu, locale)), summaryMenuItems(locale)));
  if (m.setup) menu.addSubMenu(addItems(ui.createMenu(t(TEXT.setupMenu, locale)), setupMenuItems(locale)));
  menu.addToUi();
}

declare const KA_ADDON: boolean | undefined;

/** Every function the menus name (for the bundle test). */
export function menuFunctionNames(): string[] {
  const all = [...accountMenuItems('zh'), ...summaryMenuItems('zh'), ...setupMenuItems('zh')];
  return all.filter((x): x is [string, string] => x !== null).map((x) => x[1]);
}
