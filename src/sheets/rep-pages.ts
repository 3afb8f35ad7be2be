import type { Locale } from '../../sheets-templates/types';
import { type Account, text } from '../domain/account';
import type { RepPage } from '../domain/pages';
import { readWorkbook } from './read-workbook';
import { TEXT, t, uiLocale } from './ui-text';

/**
 * The rep's pages in Sheets (issue #11 items 4 and 5): the decision chain in
 * a sidebar and the visit brief in a dialog. The server reads the account
 * (changing nothing) and hands it to RepPages.html, whose script draws the
 * page in the browser with the domain's renderers: they live in that file,
 * not in Code.js, which every custom-function call loads.
 */

/** The HTML file of the Apps Script project (dist/RepPages.html, built by scripts/build-gas.mjs). */
export const REP_PAGES_FILE = 'RepPages';
/** Where the page's data goes in that file. */
export const PAGE_DATA_SLOT = '/*KA_PAGE*/null';

export const PAGES_TEXT = {
  chainMenu: { zh: '决策链图', en: 'Decision chain' },
  briefMenu: { zh: '拜访前简报…', en: 'Visit brief…' },
  askPerson: { zh: '拜访谁？（{names}）', en: 'Whom are you visiting? ({names})' },
  unknownPerson: { zh: '表中没有这个姓名，请按表中的写法填写。', en: 'No one of that name in this workbook: spell it as the tabs do.' },
};

/** The page file with its data: JSON that cannot end the script element (`<`, U+2028/9 escaped). */
export function fillRepPage(template: string, page: RepPage): string {
  const json = JSON.stringify(page).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  return template.replace(PAGE_DATA_SLOT, () => json);
}

function pageOutput(page: RepPage): GoogleAppsScript.HTML.HtmlOutput {
  return HtmlService.createHtmlOutput(fillRepPage(HtmlService.createHtmlOutputFromFile(REP_PAGES_FILE).getContent(), page));
}

/** The active workbook's account and locale, or null after telling the user why it cannot be read. */
function active(): { account: Account; locale: Locale } | null {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  const locale = uiLocale(ss.getSpreadsheetLocale());
  try {
    return { account: readWorkbook(ss).account, locale };
  } catch (e) {
    if ((e as Error)?.name !== 'UnreadableAccountError') throw e;
    SpreadsheetApp.getUi().alert(t(TEXT.notAccountWorkbook, locale, { reason: (e as Error).message }));
    return null;
  }
}

/** Menu: the decision chain in a sidebar. */
export function showDecisionChain(): void {
  const a = active();
  if (a) SpreadsheetApp.getUi().showSidebar(pageOutput({ kind: 'chain', ...a }).setTitle(t(PAGES_TEXT.chainMenu, a.locale)));
}

/** Menu: asks whom the rep is visiting, then shows that person's brief in a dialog. */
export function showVisitBrief(): void {
  const a = active();
  if (!a) return;
  const ui = SpreadsheetApp.getUi();
  const names = [...new Set([...a.account.keyPeople, ...a.account.roleMap].map((r) => text(r.name)).filter(Boolean))];
  const answer = ui.prompt(t(PAGES_TEXT.briefMenu, a.locale), t(PAGES_TEXT.askPerson, a.locale, { names: names.join(a.locale === 'zh' ? '、' : ', ') }), ui.ButtonSet.OK_CANCEL);
  const name = answer.getResponseText().trim();
  if (answer.getSelectedButton() !== ui.Button.OK || !name) return;
  if (!names.includes(name)) ui.alert(t(PAGES_TEXT.unknownPerson, a.locale));
  else ui.showModalDialog(pageOutput({ kind: 'brief', ...a, name }).setWidth(820).setHeight(640), t(PAGES_TEXT.briefMenu, a.locale).replace('…', ''));
}
