import type { Locale } from '../../sheets-templates/types';
import { type Account, emptyAccount, text } from '../domain/account';
import { renderWorkbook } from './render-workbook';
import { type RegisterResult, registerAccountWorkbook } from './summary/registry';
import { TEXT, t, uiLocale } from './ui-text';
import { esc } from './html';
import { type Settings, confirmRoleChange, requireRole, roleOf, settingsOf, writeSettings } from './roles';

/**
 * New account workbooks. The deployment model (README): a blank *template*
 * spreadsheet carries the bound script (one-line wrappers forwarding to the
 * ka-sales library), so a copy of it has the menu and the custom functions.
 * A new workbook is a copy of the template with every tab rendered from the
 * form definitions; without a template it is a plain new spreadsheet (no
 * menu, no custom functions, unless the user has the add-on).
 */

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
/** Defined by the add-on build (dist-addon/Addon.js): the add-on's menu is in every spreadsheet, no template needed. */
declare const KA_ADDON: boolean | undefined;

export interface CreatedWorkbook {
  ss: Spreadsheet;
  id: string;
  url: string;
  name: string;
  fromTemplate: boolean;
}

/** A blank spreadsheet to render into: a copy of the template when one is known, else a new one. */
function blankSpreadsheet(title: string, templateId: string | undefined): { ss: Spreadsheet; fromTemplate: boolean } {
  if (templateId) return { ss: SpreadsheetApp.openById(templateId).copy(title), fromTemplate: true };
  return { ss: SpreadsheetApp.create(title), fromTemplate: false };
}

/**
 * Creates a workbook holding an account (a blank one for a new customer, or
 * an imported one), copied from the template `from` knows, and records in it
 * its role, that template and the summary it reports to.
 */
export function createAccountWorkbook(account: Account, locale: Locale, from: Settings = {}): CreatedWorkbook {
  const name = text(account.overview.customerName);
  const template = from.role === 'template' ? from.id : from.template;
  const { ss, fromTemplate } = blankSpreadsheet(t(TEXT.workbookTitle, locale, { name: name || '?' }), template);
  try {
    writeSettings(ss, { role: 'account', id: ss.getId(), template, summary: from.summary });
    renderWorkbook(ss, account, locale);
  } catch (e) {
    // Marked, so that nobody fills in a workbook whose tabs are incomplete.
    ss.rename(`${t(TEXT.incomplete, locale)} ${ss.getName()}`);
    throw e;
  }
  return { ss, id: ss.getId(), url: ss.getUrl(), name, fromTemplate };
}

/** The dialog after a workbook was created: its link, the registration result, a template warning. */
export function createdHtml(created: CreatedWorkbook, registered: RegisterResult, locale: Locale, headline: string): string {
  return (
    `<div style="font:14px sans-serif"><p>${esc(headline)}</p>` +
    `<p><a href="${esc(created.url)}" target="_blank" rel="noopener">${esc(t(TEXT.open, locale))}</a></p>` +
    `<p style="color:#555">${esc(registered.message)}</p>` +
    (created.fromTemplate || typeof KA_ADDON !== 'undefined'
      ? ''
      : `<p style="color:#b00">${esc(t(TEXT.createdWithoutTemplate, locale))}</p>`) +
    `</div>`
  );
}

/**
 * Menu (account workbook or template; the summary's own item passes itself as
 * `from`): asks the customer name, creates the workbook, registers it in the
 * summary the active spreadsheet reports to.
 */
export function newAccountWorkbook(from?: Settings): CreatedWorkbook | null {
  const active = SpreadsheetApp.getActiveSpreadsheet();
  const locale = uiLocale(active?.getSpreadsheetLocale());
  const ui = SpreadsheetApp.getUi();
  if (!from && !requireRole(active, ['account', 'template'], locale, ui)) return null;
  const settings = from ?? settingsOf(active);
  const answer = ui.prompt(t(TEXT.newAccountTitle, locale), t(TEXT.askCustomer, locale), ui.ButtonSet.OK_CANCEL);
  if (answer.getSelectedButton() !== ui.Button.OK) return null;
  const name = answer.getResponseText().trim();
  if (!name) {
    ui.alert(t(TEXT.nameRequired, locale));
    return null;
  }
  const created = createAccountWorkbook(emptyAccount(name), locale, settings);
  const registered = registerAccountWorkbook(created.id, created.url, name, { locale, summaryId: settings.summary });
  ui.showModalDialog(
    HtmlService.createHtmlOutput(createdHtml(created, registered, locale, t(TEXT.created, locale, { name })))
      .setWidth(420)
      .setHeight(200),
    t(TEXT.newAccountTitle, locale),
  );
  return created;
}

/**
 * Menu (setup): makes the active spreadsheet — blank, one sheet, no role — the
 * template new workbooks are copied from. Its owner only, after a confirmation.
 */
export function useAsTemplate(): boolean {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  const locale = uiLocale(ss.getSpreadsheetLocale());
  const ui = SpreadsheetApp.getUi();
  const sheets = ss.getSheets();
  if (roleOf(ss) || sheets.length !== 1 || sheets[0].getLastRow() > 0) {
    ui.alert(t(TEXT.templateNotBlank, locale, { count: sheets.length }));
    return false;
  }
  if (!confirmRoleChange(ss, 'template', locale, ui)) return false;
  writeSettings(ss, { role: 'template', id: ss.getId() });
  ui.alert(t(TEXT.templateSet, locale));
  return true;
}

export { emptyAccount };
