import type { Locale } from '../../sheets-templates/types';
import { summaryMenuItems } from './summary/entry-points';
import { MENU_TITLE, TEXT, t, uiLocale } from './ui-text';
import { UPGRADE_TEXT } from './upgrade';

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

/** The locale of the menu: from the spreadsheet, zh when it cannot be read (an add-on before authorisation). */
function menuLocale(e?: { source?: GoogleAppsScript.Spreadsheet.Spreadsheet; authMode?: unknown }): Locale {
  try {
    if (e?.authMode === ScriptApp.AuthMode.NONE) return 'zh';
    const ss = e?.source ?? SpreadsheetApp.getActiveSpreadsheet();
    return uiLocale(ss?.getSpreadsheetLocale());
  } catch {
    return 'zh';
  }
}

function addItems(menu: GoogleAppsScript.Base.Menu, items: MenuItem[]): GoogleAppsScript.Base.Menu {
  for (const item of items) {
    if (item === null) menu.addSeparator();
    else menu.addItem(item[0], item[1]);
  }
  return menu;
}

/** Simple trigger: builds the menu. */
export function buildMenu(e?: { source?: GoogleAppsScript.Spreadsheet.Spreadsheet; authMode?: unknown }): void {
  const locale = menuLocale(e);
  const ui = SpreadsheetApp.getUi();
  const menu = addItems(ui.createMenu(MENU_TITLE[locale]), accountMenuItems(locale));
  menu.addSeparator();
  menu.addSubMenu(addItems(ui.createMenu(t(TEXT.summaryMenu, locale)), summaryMenuItems(locale)));
  menu.addSubMenu(addItems(ui.createMenu(t(TEXT.setupMenu, locale)), setupMenuItems(locale)));
  menu.addToUi();
}

/** Every function the menus name (for the bundle test). */
export function menuFunctionNames(): string[] {
  const all = [...accountMenuItems('zh'), ...summaryMenuItems('zh'), ...setupMenuItems('zh')];
  return all.filter((x): x is [string, string] => x !== null).map((x) => x[1]);
}
