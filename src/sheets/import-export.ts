import { a1 } from '../domain/a1';
import { isUnreadableAccount, parseAccountJson, text } from '../domain/account';
import { workbookLayout } from '../domain/layout';
import { problemMessage } from '../domain/messages';
import { validateAccount } from '../domain/validate';
import { createAccountWorkbook, createdHtml } from './account-workbook';
import { readWorkbook } from './read-workbook';
import { registerAccountWorkbook } from './summary/registry';
import { TEXT, t, uiLocale } from './ui-text';
import { esc } from './html';
import { requireRole, settingsOf } from './roles';

/**
 * Account JSON in and out of Google Sheets (forms.md §10). Export shows the
 * workbook's account as JSON in a dialog. Import creates a new workbook from
 * pasted JSON (registered in the summary like any new workbook); it never
 * writes over the workbook it is called from.
 */

/** The most characters a Google Sheets cell holds. */
export const SHEETS_CELL_LIMIT = 50_000;

/** The server function the import dialog calls (a top-level function of the bundle). */
export const IMPORT_FUNCTION = 'kaImportAccountJson';

function locale() {
  return uiLocale(SpreadsheetApp.getActiveSpreadsheet()?.getSpreadsheetLocale());
}

/** The active workbook's account as interchange JSON. */
export function exportAccountJson(): string {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  const loc = uiLocale(ss.getSpreadsheetLocale());
  const ui = SpreadsheetApp.getUi();
  if (!requireRole(ss, ['account'], loc, ui)) return '';
  let json: string;
  try {
    json = JSON.stringify(readWorkbook(ss).account, null, 2);
  } catch (e) {
    if (isUnreadableAccount(e)) {
      ui.alert(t(TEXT.notAccountWorkbook, loc, { reason: (e as Error).message }));
      return '';
    }
    throw e;
  }
  const file = `${ss.getName().replace(/[\\/:*?"<>|]/g, '_')}.json`;
  const html =
    `<div style="font:13px sans-serif"><p>${esc(t(TEXT.exportHelp, loc))}</p>` +
    `<textarea id="j" readonly style="width:100%;height:300px;font:12px monospace">${esc(json)}</textarea>` +
    `<p><button onclick="var j=document.getElementById('j');j.select();document.execCommand('copy')">${esc(t(TEXT.copy, loc))}</button> ` +
    `<a download="${esc(file)}" href="data:application/json;charset=utf-8,${encodeURIComponent(json)}">${esc(t(TEXT.download, loc))}</a></p></div>`;
  ui.showModalDialog(HtmlService.createHtmlOutput(html).setWidth(600).setHeight(420), t(TEXT.exportTitle, loc));
  return json;
}

/** Menu: the import dialog (a text box; its button calls kaImportAccountJson). */
export function showImportDialog(): void {
  const loc = locale();
  if (!requireRole(SpreadsheetApp.getActiveSpreadsheet(), ['account', 'template'], loc, SpreadsheetApp.getUi())) return;
  const html =
    `<div style="font:13px sans-serif"><p>${esc(t(TEXT.importHelp, loc))}</p>` +
    `<textarea id="j" style="width:100%;height:260px;font:12px monospace"></textarea>` +
    `<p><button id="b">${esc(t(TEXT.importButton, loc))}</button></p><div id="out"></div>` +
    `<script>document.getElementById('b').onclick=function(){var out=document.getElementById('out');this.disabled=true;` +
    `google.script.run.withSuccessHandler(function(r){out.innerHTML=r.html;}).withFailureHandler(function(e){out.textContent=String(e&&e.message||e);})` +
    `.${IMPORT_FUNCTION}(document.getElementById('j').value);};</script></div>`;
  SpreadsheetApp.getUi().showModalDialog(HtmlService.createHtmlOutput(html).setWidth(600).setHeight(440), t(TEXT.importTitle, loc));
}

export interface ImportResult {
  ok: boolean;
  message: string;
  /** What the dialog shows. */
  html: string;
  id?: string;
  url?: string;
  problems?: number;
}

/** Called by the import dialog with the pasted text: a new workbook holding the account. */
export function importAccountJson(jsonText: string): ImportResult {
  const loc = locale();
  const fail = (reason: string): ImportResult => {
    const message = t(TEXT.importFailed, loc, { reason });
    return { ok: false, message, html: `<p style="color:#b00">${esc(message)}</p>` };
  };
  let parsed: ReturnType<typeof parseAccountJson>;
  try {
    parsed = parseAccountJson(String(jsonText ?? ''));
  } catch (e) {
    if (isUnreadableAccount(e)) return fail((e as Error).message);
    throw e;
  }
  // A Sheets cell holds 50,000 characters: longer text is refused before a workbook exists, never cut.
  const tooLong = workbookLayout(parsed.account, loc).flatMap((tab) =>
    tab.cells
      .filter((c) => typeof c.value === 'string' && c.value.length > SHEETS_CELL_LIMIT)
      .map(
        (c) =>
          `${tab.name}!${a1(c.row, c.col)} ${problemMessage('too-long', { count: String(c.value).length, limit: SHEETS_CELL_LIMIT }, loc)}`,
      ),
  );
  if (tooLong.length) return fail(tooLong.join('; '));
  const problems = validateAccount(parsed.raw, loc).length;
  const active = SpreadsheetApp.getActiveSpreadsheet();
  const from = active ? settingsOf(active) : {};
  let created: ReturnType<typeof createAccountWorkbook>;
  try {
    created = createAccountWorkbook(parsed.account, loc, from);
  } catch (e) {
    // Nothing registered; a workbook left half-written is named so (deleting a file needs a Drive scope the script does not ask for).
    return fail(String((e as Error)?.message ?? e));
  }
  const name = text(parsed.account.overview.customerName);
  const registered = registerAccountWorkbook(created.id, created.url, name || created.ss.getName(), {
    locale: loc,
    summaryId: from.summary,
  });
  const message = t(TEXT.imported, loc, { name, problems });
  return { ok: true, message, html: createdHtml(created, registered, loc, message), id: created.id, url: created.url, problems };
}
