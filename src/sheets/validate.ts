import type { Locale } from '../../sheets-templates/types';
import { isUnreadableAccount } from '../domain/account';
import { requireRole } from './roles';
import { type Problem, validateRead } from '../domain/validate';
import { readWorkbook } from './read-workbook';
import { RULE_LABELS, TEXT, t, uiLocale } from './ui-text';
import { esc } from './html';

/**
 * "Validate this sheet / the whole workbook": reads the account (one read per
 * tab), runs the domain's validation and lists every problem in a sidebar
 * (tab, cell, rule, message); clicking a cell goes to it. Reading is all it
 * does to the workbook: no value, note, format or validation is changed.
 */

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

export interface LocatedProblem extends Problem {
  sheet: string;
  cell: string;
}

/** The function the sidebar calls (a top-level function of the bundle). */
export const JUMP_FUNCTION = 'kaJumpToCell';

function cellOrder(cell: string): [number, number] {
  const m = /^([A-Z]+)(\d+)$/.exec(cell);
  if (!m) return [0, 0];
  let col = 0;
  for (const ch of m[1]) col = col * 26 + ch.charCodeAt(0) - 64;
  return [Number(m[2]), col];
}

/** Every problem of the workbook's account, located, in tab order then row then column. */
export function workbookProblems(ss: Spreadsheet, locale: Locale): LocatedProblem[] {
  const read = readWorkbook(ss);
  const order = new Map(ss.getSheets().map((s, i) => [s.getName(), i]));
  const problems = validateRead(read, locale).map((p) => {
    const at = read.locations[p.path];
    return { ...p, sheet: at?.sheet ?? '', cell: at?.cell ?? '' };
  });
  return problems.sort((a, b) => {
    const ta = order.get(a.sheet) ?? -1;
    const tb = order.get(b.sheet) ?? -1;
    if (ta !== tb) return ta - tb;
    const [ra, ca] = cellOrder(a.cell);
    const [rb, cb] = cellOrder(b.cell);
    return ra - rb || ca - cb;
  });
}

/** The sidebar's HTML: a table of problems; a click on a cell calls kaJumpToCell(tab, cell). */
export function problemsHtml(problems: LocatedProblem[], locale: Locale, heading: string): string {
  const rows = problems
    .map(
      (p) =>
        `<tr><td>${esc(p.sheet)}</td><td>${p.cell ? `<a href="#" class="cell" data-sheet="${esc(p.sheet)}" data-cell="${esc(p.cell)}">${esc(p.cell)}</a>` : ''}</td>` +
        `<td>${esc(RULE_LABELS[p.rule]?.[locale] ?? p.rule)}</td><td>${esc(p.message)}</td></tr>`,
    )
    .join('');
  const body = problems.length
    ? `<p>${esc(t(TEXT.problemsFound, locale, { count: problems.length }))}</p>` +
      `<table><thead><tr><th>${esc(t(TEXT.colTab, locale))}</th><th>${esc(t(TEXT.colCell, locale))}</th><th>${esc(t(TEXT.colRule, locale))}</th><th>${esc(t(TEXT.colMessage, locale))}</th></tr></thead><tbody>${rows}</tbody></table>`
    : `<p>${esc(t(TEXT.noProblems, locale))}</p>`;
  return (
    `<!DOCTYPE html><html><head><base target="_top"><style>body{font:13px sans-serif;margin:8px}table{border-collapse:collapse;width:100%}` +
    `td,th{border-bottom:1px solid #ddd;padding:4px;text-align:left;vertical-align:top}a.cell{font-family:monospace}</style></head><body>` +
    `<h3>${esc(heading)}</h3>${body}<p style="color:#666">${esc(t(TEXT.clickToJump, locale))}</p>` +
    `<script>document.querySelectorAll('a.cell').forEach(function(a){a.addEventListener('click',function(e){e.preventDefault();` +
    `google.script.run.${JUMP_FUNCTION}(a.getAttribute('data-sheet'),a.getAttribute('data-cell'));});});</script></body></html>`
  );
}

/** Menu: validate the whole workbook (`scope: 'workbook'`) or only the active tab. */
export function showProblems(scope: 'sheet' | 'workbook'): LocatedProblem[] {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  const locale = uiLocale(ss.getSpreadsheetLocale());
  const ui = SpreadsheetApp.getUi();
  if (!requireRole(ss, ['account'], locale, ui)) return [];
  let problems: LocatedProblem[];
  try {
    problems = workbookProblems(ss, locale);
  } catch (e) {
    if (isUnreadableAccount(e)) {
      ui.alert(t(TEXT.notAccountWorkbook, locale, { reason: (e as Error).message }));
      return [];
    }
    throw e;
  }
  let heading = `${t(TEXT.problemsTitle, locale)} – ${ss.getName()}`;
  if (scope === 'sheet') {
    const name = ss.getActiveSheet().getName();
    problems = problems.filter((p) => p.sheet === name);
    heading = `${t(TEXT.problemsTitle, locale)} – ${name}`;
  }
  ui.showSidebar(HtmlService.createHtmlOutput(problemsHtml(problems, locale, heading)).setTitle(t(TEXT.problemsTitle, locale)));
  return problems;
}

/** Called from the sidebar: selects the cell (changes nothing else). */
export function jumpToCell(sheetName: string, a1Cell: string): void {
  const sheet = SpreadsheetApp.getActiveSpreadsheet().getSheetByName(String(sheetName));
  if (!sheet) return;
  sheet.getRange(String(a1Cell)).activate();
}
