/**
 * Workbooks of older definitions of the forms, made honestly.
 *
 * Version 1 (before bindings, read by labels): the current layout rendered by
 * the adapter, then what later versions added taken away as a spreadsheet
 * program deletes it (cells, merges and open ranges shift) — the action-plan
 * tab, the overview's 决策与结果 rows — and one key-people field's column and
 * one overview field's row deleted besides; no defined names; the meta tab
 * says version 1. The account filled in has no value for the two fields (the
 * old forms did not have them), and holds bad values and formula-like text;
 * rows are appended below the key-people table afterwards, as a rep appends
 * visits.
 *
 * Version 3 (bindings and the health tab, no action plan, no decision and
 * outcome): `previousLayout`, the current layout without what version 4
 * added, every binding of version 3 in its place; rendered by the adapters as
 * they render any layout.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { KEY_PEOPLE_FORM, OVERVIEW_FORM } from '../../sheets-templates/forms';
import type { Locale } from '../../sheets-templates/types';
import { type Account, toAccount } from '../../src/domain/account';
import { a1 } from '../../src/domain/a1';
import { type GridValue, META_TAB, TABLE_TAB, type TabLayout, tabName, workbookLayout } from '../../src/domain/layout';
import type { Grids } from '../../src/domain/read-workbook';

export const OLD_VERSION = 1;
/** The last template version before the action plan and the overview's decision and outcome (3: the health tab). */
export const BOUND_VERSION = 3;

/** The overview block and the tab that template version 4 added. */
export const DEAL_BLOCK = OVERVIEW_FORM.blocks.find((b) => b.id === 'deal')!;
/** Rows of the deal block in a layout: its title, its fields and the blank row after them. */
export const DEAL_ROWS = DEAL_BLOCK.fields.length + 2;
export const AP = tabName('actionPlan', 'zh');

/** Row (0-based) of the deal block's title in an overview grid. */
export function dealRow(grid: GridValue[][], locale: Locale = 'zh'): number {
  return grid.findIndex((r) => r?.[0] === DEAL_BLOCK.title[locale]);
}

/** The layout of template version 3 for an account: the current one without the action-plan tab and the overview's deal block. */
export function previousLayout(account: Account, locale: Locale = 'zh'): TabLayout[] {
  const tabs = workbookLayout(account, locale).filter((t) => t.form !== 'actionPlan');
  const ov = tabs.find((t) => t.form === 'overview')!;
  const first = ov.cells.find((c) => c.kind === 'section' && c.value === DEAL_BLOCK.title[locale])!.row;
  const up = (r: number) => (r >= first + DEAL_ROWS ? r - DEAL_ROWS : r);
  ov.cells = ov.cells.filter((c) => c.row < first || c.row >= first + DEAL_ROWS).map((c) => ({ ...c, row: up(c.row) }));
  ov.columnRules = ov.columnRules.map((r) => ({ ...r, fromRow: up(r.fromRow), toRow: up(r.toRow) }));
  ov.names = (ov.names ?? [])
    .filter((n) => !n.since)
    .map((n) => ({ ...n, range: { ...n.range, row1: up(n.range.row1), row2: up(n.range.row2) } }));
  const meta = tabs.find((t) => t.form === 'meta')!;
  const key = meta.cells.find((c) => c.value === 'templateVersion')!;
  meta.cells = meta.cells.map((c) => (c.row === key.row && c.col === 1 ? { ...c, value: BOUND_VERSION } : c));
  return tabs;
}

/** The key-people field the previous definition did not have, and its column in the current layout. */
export const GONE_COLUMN = { id: 'age', col: KEY_PEOPLE_FORM.table.fields.findIndex((f) => f.id === 'age') };
/** The overview field the previous definition did not have. */
export const GONE_ROW = { id: 'surveyMethod', label: OVERVIEW_FORM.blocks[0].fields.find((f) => f.id === 'surveyMethod')!.label };

const EXAMPLE = join(__dirname, '..', 'fixtures', 'example-account.json');

/** What a rep filled into the old workbook: the example, without the two new fields, with bad values and formula-like text. */
export function oldAccount(): Account {
  const a = toAccount(JSON.parse(readFileSync(EXAMPLE, 'utf8')));
  for (const r of a.keyPeople) delete r[GONE_COLUMN.id];
  delete a.overview[GONE_ROW.id];
  a.overview.visitNo = '第三次'; // not a number
  a.overview.budget = '=380*2'; // formula-like text in a number field
  a.overview.date = '下周二'; // not a date
  a.keyPeople[0].family = '+86 138 0000 0000';
  a.keyPeople[0].hobbies = '@书法\t篆刻';
  a.keyPeople[1].othersView = '-不好说';
  a.keyPeople[1].visitDate = '2026-13-45';
  a.roleMap[2].focus = '=HYPERLINK("http://x","y")';
  a.opportunity.items[2].comment = '第一行\n第二行';
  a.opportunity.weights = [1, 2, 'heavy', 1, 1, 1, 1, 1, 1, 0.5];
  a.competitiveness.conclusions = ['=1+1', '需加强与周建国的联系'];
  return a;
}

/** Rows a rep appends to the old key-people tab (by the old headers), below a gap. */
export const APPENDED: Array<Record<string, string | number>> = [
  {
    name: '陈晓',
    visitNo: 1,
    visitDate: '2026-11-02',
    orgTitle: '国库科 科长',
    personality: '考拉',
    peopleInfo: '=SUM(A1:A3)',
    businessNeeds: '+ 加急',
  },
  { name: '王五', visitNo: 'x', birthplace: '@家乡', activityInfo: '- 月底会议' },
];
/** Row (0-based) of the first appended row: after the laid-out blank rows. */
export function appendRow(account: Account): number {
  return TABLE_TAB.firstRow + account.keyPeople.length + KEY_PEOPLE_FORM.table.blankRows + 3;
}

export function fieldLabel(id: string, locale: Locale = 'zh'): string {
  return KEY_PEOPLE_FORM.table.fields.find((f) => f.id === id)!.label[locale];
}

/** The overview row (0-based) of a label in a grid. */
export function rowOfLabel(grid: GridValue[][], label: string): number {
  return grid.findIndex((r) => typeof r?.[0] === 'string' && r[0].replace(/\s*\*$/, '') === label);
}

/** The key-people tab's column (0-based) under a header label in a grid. */
export function colOfHeader(grid: GridValue[][], label: string): number {
  return (grid[TABLE_TAB.headerRow] ?? []).indexOf(label);
}

export const KP = tabName('keyPeople', 'zh');
export const OV = tabName('overview', 'zh');
export { META_TAB };

// ------------------------------------------------------------------ .xlsx (ExcelJS)

function shiftRange(range: string, at: number, axis: 'row' | 'col'): string | null {
  const m = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(range);
  if (!m) return range;
  const col = (s: string) => [...s].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  let [c1, r1, c2, r2] = [col(m[1]), +m[2] - 1, col(m[3]), +m[4] - 1];
  if (axis === 'row') {
    if (r1 === at && r2 === at) return null;
    if (r1 > at) r1--;
    if (r2 >= at) r2--;
  } else {
    if (c1 === at && c2 === at) return null;
    if (c1 > at) c1--;
    if (c2 >= at) c2--;
  }
  return c1 === c2 && r1 === r2 ? null : `${a1(r1, c1)}:${a1(r2, c2)}`;
}

/** Deletes a row or column (0-based) as Excel does: ExcelJS's splice moves the cells; the merges are moved here (ExcelJS leaves them). */
export function deleteInWorksheet(ws: ExcelJS.Worksheet, at: number, axis: 'row' | 'col'): void {
  // ExcelJS cannot move a shared formula (a spreadsheet program does): each cell gets its own formula first.
  ws.eachRow((row) =>
    row.eachCell((c) => {
      const v = c.value as { sharedFormula?: string; shareType?: string; result?: unknown } | null;
      if (v && typeof v === 'object' && (v.sharedFormula || v.shareType === 'shared'))
        c.value = { formula: c.formula, result: v.result } as ExcelJS.CellFormulaValue;
    }),
  );
  const merges = [...((ws.model as unknown as { merges: string[] }).merges ?? [])];
  for (const m of merges) ws.unMergeCells(m);
  if (axis === 'row') ws.spliceRows(at + 1, 1);
  else ws.spliceColumns(at + 1, 1);
  for (const m of merges) {
    const shifted = shiftRange(m, at, axis);
    if (shifted) ws.mergeCells(shifted);
  }
}

/** The current workbook of `account`, made into one of the previous definition (bytes of an .xlsx file). */
export async function oldXlsx(
  account: Account,
  render: (a: Account) => Promise<Buffer>,
  edit?: (wb: ExcelJS.Workbook) => void,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await render(account)) as unknown as ExcelJS.Buffer);
  // What version 4 added: the action-plan tab, the overview's deal rows.
  wb.removeWorksheet(wb.getWorksheet(AP)!.id);
  const ovDeal = wb.getWorksheet(OV)!;
  let deal = -1;
  ovDeal.eachRow((r, n) => {
    if (r.getCell(1).value === DEAL_BLOCK.title.zh) deal = n - 1;
  });
  if (deal < 0) throw new Error('test: deal block not found');
  for (let k = 0; k < DEAL_ROWS; k++) deleteInWorksheet(ovDeal, deal, 'row');
  const kp = wb.getWorksheet(KP)!;
  deleteInWorksheet(kp, GONE_COLUMN.col, 'col');
  const ov = wb.getWorksheet(OV)!;
  let row = -1;
  ov.eachRow((r, n) => {
    if (String(r.getCell(1).value ?? '').replace(/\s*\*$/, '') === GONE_ROW.label.zh) row = n - 1;
  });
  if (row < 0) throw new Error('test: overview row not found');
  deleteInWorksheet(ov, row, 'row');
  const meta = wb.getWorksheet(META_TAB)!;
  meta.getCell('B1').value = OLD_VERSION;
  // Version 1 workbooks were made before bindings: no defined names, no binding version.
  wb.definedNames.model = [];
  meta.eachRow((r) => {
    if (r.getCell(1).value === 'bindingVersion') [1, 2].forEach((c) => (r.getCell(c).value = null));
  });
  // Visits appended under the old headers.
  const headers = (kp.getRow(TABLE_TAB.headerRow + 1).values as unknown[]).map((v) => (typeof v === 'string' ? v : ''));
  APPENDED.forEach((r, i) => {
    for (const [id, v] of Object.entries(r)) {
      const col = headers.indexOf(fieldLabel(id));
      if (col < 1) throw new Error(`test: no column ${id}`);
      kp.getCell(appendRow(account) + i + 1, col).value = v;
    }
  });
  edit?.(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Non-blank values of a grid, for "nothing changed" checks. */
export function filledCells(grids: Grids, sheet: string): string[] {
  const out: string[] = [];
  (grids[sheet] ?? []).forEach((row, r) => (row ?? []).forEach((v, c) => v !== null && v !== '' && out.push(`${a1(r, c)}=${String(v)}`)));
  return out;
}
