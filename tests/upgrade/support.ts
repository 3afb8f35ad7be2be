/**
 * Workbooks of "the previous definition of the forms", made honestly: the
 * current layout rendered by the adapter, then one key-people field's column
 * and one overview field's row deleted as a spreadsheet program deletes them
 * (cells, merges and open ranges shift), and the meta tab set to
 * TEMPLATE_VERSION − 1. The account filled in has no value for the two
 * fields (the old forms did not have them), and holds bad values and
 * formula-like text; rows are appended below the key-people table afterwards,
 * as a rep appends visits.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { KEY_PEOPLE_FORM, OVERVIEW_FORM, TEMPLATE_VERSION } from '../../sheets-templates/forms';
import type { Locale } from '../../sheets-templates/types';
import { type Account, toAccount } from '../../src/domain/account';
import { a1 } from '../../src/domain/a1';
import { type GridValue, META_TAB, TABLE_TAB, tabName } from '../../src/domain/layout';
import type { Grids } from '../../src/domain/read-workbook';

export const OLD_VERSION = TEMPLATE_VERSION - 1;

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
