import { isUnreadableAccount } from '../domain/account';
import type { RepPage } from '../domain/pages';
import { readWorkbook } from './read-workbook';
import { requireRole } from './roles';
import { TEXT, t, uiLocale } from './ui-text';

/**
 * The rep's pages in Sheets (issue #11 items 4 and 5): the decision chain in
 * a sidebar, the visit brief (pick a person, read, print) in a dialog. The
 * server only reads the account (changing nothing) and hands it to
 * dist/RepPages.html, whose script draws the page in the browser with the
 * domain's renderers: they live in that file, not in Code.js, which every
 * custom-function call loads (its budget has no room for them).
 */

export const PAGES_TEXT = {
  chain: { zh: '决策链图', en: 'Decision chain' },
  brief: { zh: '拜访前简报', en: 'Visit brief' },
};

/** The page file with its data in place of the slot: JSON whose `<` is escaped, so no text can end the script element. */
export function fillRepPage(template: string, page: RepPage): string {
  return template.replace('/*KA_PAGE*/null', () => JSON.stringify(page).replace(/</g, '\\u003c'));
}

/** Menu: the decision chain (sidebar) or the visit brief (dialog) of the active workbook's account. */
export function showRepPage(kind: RepPage['kind']): void {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  const locale = uiLocale(ss.getSpreadsheetLocale());
  const ui = SpreadsheetApp.getUi();
  if (!requireRole(ss, ['account'], locale, ui)) return;
  let page: RepPage;
  try {
    page = { kind, account: readWorkbook(ss).account, locale };
  } catch (e) {
    if (!isUnreadableAccount(e)) throw e;
    ui.alert(t(TEXT.notAccountWorkbook, locale, { reason: (e as Error).message }));
    return;
  }
  const html = HtmlService.createHtmlOutput(fillRepPage(HtmlService.createHtmlOutputFromFile('RepPages').getContent(), page));
  const title = PAGES_TEXT[kind][locale];
  if (kind === 'chain') ui.showSidebar(html.setTitle(title));
  else ui.showModalDialog(html.setWidth(820).setHeight(640), title);
}
