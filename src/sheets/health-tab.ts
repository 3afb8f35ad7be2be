import { HEALTH_LABELS, HEALTH_TAB } from '../../sheets-templates/health';
import type { Locale, Localized } from '../../sheets-templates/types';
import { a1, a1Range, columnLetter, sheetRef } from '../domain/a1';
import { RED_FLAGS, RED_FLAG_LABELS } from '../domain/assessment';
import { OUTPUT, bindingName } from '../domain/bindings';
import { questionsHeading, redFlagGuide } from '../domain/health';
import { COMP, type FormulaSpec, type LayoutCell, META_TAB, OPP, type TabLayout } from '../domain/layout';
import { ACCOUNT_RANGE_FORMS, ACTION_LIST_COLUMNS, FLAG_SEPARATOR, LISTED_ACTIONS } from './custom-functions';

/**
 * The account-health tab (概览) of a Sheets account workbook, its first tab:
 * the verdict and why, the scores, and every red flag with whether it is
 * raised, what it means, the guiding questions of 五/七 that bear on it and
 * a next step — live, through =KA_VERDICT() / =KA_FLAGS() over the form tabs
 * and =OPP_SCORE() / =WIN_SCORE() over the marks. Texts from
 * sheets-templates/health.ts (the .xlsx tab uses the same). An output tab:
 * no reader reads it; only its as-of cell is an input.
 *
 * The custom functions read the tabs with the one reader, by the bindings:
 * the hidden meta tab gets, for each binding, a formula giving its place
 * (`row:column:rows:columns`) over the same range as the named range, which
 * Sheets moves with inserted rows and columns as it moves the name.
 */

/** A cell holding a formula of this adapter's own (written as is; `format` its number format). */
export interface SheetsFormulaCell {
  row: number;
  col: number;
  formula: string;
  format?: string;
}

/** A tab as the Sheets renderer takes it: the layout, plus formulas only Sheets has. */
export interface SheetsTab extends TabLayout {
  formulas?: SheetsFormulaCell[];
}

/** Rows (0-based) of the health tab. */
export const HEALTH = {
  asOfRow: 2,
  customerRow: 3,
  stageRow: 4,
  verdictRow: 5,
  flagsRow: 6,
  scoresSection: 8,
  firstScoreRow: 9,
  cols: { label: 0, value: 1, meaning: 2, questions: 3, next: 4, answered: 5 },
};

/** The first row of the binding places on the meta tab (after its key/value rows). */
export const PLACES_FIRST_ROW = 8;

/** A spec's formula with every range on `sheet` (the health tab reads the other tabs). */
export type FormulaOf = (f: FormulaSpec, sheet?: string) => string;

/**
 * The tables that own their tab below the header: a row typed anywhere below is a row of the table (as the reader
 * reads it). The health tab passes them as whole columns, and their tabs are made only as tall as the table and its
 * room (`tabRowCount`).
 */
export const TABLE_FORMS: ReadonlyArray<TabLayout['form']> = ['keyPeople', 'roleMap', 'actionPlan'];

/**
 * The inputs of a tab: a range from A1 over every row and column its inputs use (not its score cells below them: a
 * score of a bad mark is an error, which Sheets would hand on instead of calling the function). For the key-people,
 * role-map and action-plan tables, whole columns (`A:Z`): every row of the tab, however many a rep adds, so a row
 * typed below the table's room (after adding rows) counts as the reader counts it. Sheets passes as many rows as the
 * tab has: a table's tab is made as tall as the table and its room (`tabRowCount`), so no more than those unless a
 * rep adds rows (a workbook made before that has 1,000); the custom function skips the blank ones for one native
 * `join` each. Rows and columns inserted inside a range grow it, as they grow the bindings.
 */
function tabRange(tab: TabLayout): string {
  let rows = 1;
  let cols = tab.widths.length;
  for (const c of tab.cells) if (c.kind === 'input') [rows, cols] = [Math.max(rows, c.row + 1), Math.max(cols, c.col + (c.span ?? 1))];
  for (const n of tab.names ?? [])
    if (!n.name.includes(`_${OUTPUT}_`)) [rows, cols] = [Math.max(rows, n.range.row2 + 1), Math.max(cols, n.range.col2 + 1)];
  if (TABLE_FORMS.includes(tab.form)) return `${sheetRef(tab.name)}A:${columnLetter(cols - 1)}`;
  return `${sheetRef(tab.name)}${a1Range(0, 0, rows - 1, cols - 1)}`;
}

/** The arguments KA_VERDICT / KA_FLAGS take: the input tabs, then the meta tab. */
export function accountArguments(tabs: TabLayout[]): string {
  const byForm = new Map(tabs.map((t) => [t.form, t]));
  // A layout without one of the forms (a workbook of an older template) passes "" for it: the reader sees an empty tab.
  const forms = ACCOUNT_RANGE_FORMS.map((f) => {
    const tab = byForm.get(f);
    return tab ? tabRange(tab) : '""';
  });
  return [...forms, `${sheetRef(META_TAB)}A1:B${PLACES_FIRST_ROW + 200}`].join(',');
}

/** The meta tab with each binding's place: `=ROW(r)&":"&COLUMN(r)&":"&ROWS(r)&":"&COLUMNS(r)` over the binding's range. */
export function metaWithPlaces(meta: TabLayout, tabs: TabLayout[]): SheetsTab {
  const names = tabs.flatMap((t) => (t.names ?? []).map((n) => ({ ...n, sheet: t.name })));
  const cells: LayoutCell[] = [...meta.cells];
  const formulas: SheetsFormulaCell[] = [];
  names.forEach((n, i) => {
    const r = `${sheetRef(n.sheet)}${a1Range(n.range.row1, n.range.col1, n.range.row2, n.range.col2)}`;
    cells.push({ row: PLACES_FIRST_ROW + i, col: 0, kind: 'label', value: n.name });
    formulas.push({ row: PLACES_FIRST_ROW + i, col: 1, formula: `=ROW(${r})&":"&COLUMN(${r})&":"&ROWS(${r})&":"&COLUMNS(${r})` });
  });
  return { ...meta, cells, formulas };
}

const str = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** The cell a binding of `form` starts at, as a reference from another tab. */
function boundCell(tabs: TabLayout[], form: string, ...parts: string[]): string {
  const tab = tabs.find((t) => t.form === form) as TabLayout;
  const n = (tab.names ?? []).find((x) => x.name === bindingName(form, ...parts));
  return n ? `=${sheetRef(tab.name)}${a1(n.range.row1, n.range.col1)}` : '=""';
}

/** The score cells of a form tab by row: their specs, to be written again on the health tab over that tab. */
function scoreSpecs(tab: TabLayout): Map<number, FormulaSpec[]> {
  const out = new Map<number, FormulaSpec[]>();
  for (const c of tab.cells) if (c.kind === 'score' && c.formula) out.set(c.row, [...(out.get(c.row) ?? []), c.formula as FormulaSpec]);
  return out;
}

/** The open actions' list: its heading, its column headers, =KA_ACTIONS() spilling below them, then how many more. */
function openActionList(
  cells: LayoutCell[],
  formulas: SheetsFormulaCell[],
  top: number,
  openCount: string,
  args: string,
  locale: Locale,
): void {
  const L = (t: Localized) => t[locale];
  cells.push({ row: top, col: 0, kind: 'section', value: L(HEALTH_LABELS.actions), span: ACTION_LIST_COLUMNS.length });
  const header: Record<(typeof ACTION_LIST_COLUMNS)[number], Localized> = {
    dueDate: HEALTH_LABELS.due,
    overdue: HEALTH_LABELS.overdue,
    action: HEALTH_LABELS.action,
    owner: HEALTH_LABELS.owner,
    status: HEALTH_LABELS.status,
  };
  ACTION_LIST_COLUMNS.forEach((c, col) => cells.push({ row: top + 1, col, kind: 'header', value: L(header[c]) }));
  // The array spills over LISTED_ACTIONS rows and the list's columns: nothing else is written there.
  formulas.push({ row: top + 2, col: 0, formula: `=KA_ACTIONS(${args})` });
  // (The text is a token in Code.js until the workbook is written: SUBSTITUTE fills its {n} in the sheet.)
  const n = `${openCount}-${LISTED_ACTIONS}`;
  formulas.push({ row: top + 2 + LISTED_ACTIONS, col: 0, formula: `=IF(${n}>0,SUBSTITUTE(${str(L(HEALTH_LABELS.more))},"{n}",${n}),"")` });
}

/** The health tab: labels and texts as cells, the live values as formulas (see the file's comment). */
export function healthTab(tabs: TabLayout[], locale: Locale, formulaOf: FormulaOf, integerFormat: string): SheetsTab {
  const H = HEALTH;
  const L = (t: Localized) => t[locale];
  const colon = locale === 'zh' ? '：' : ': ';
  const cells: LayoutCell[] = [
    { row: 0, col: 0, kind: 'title', value: L(HEALTH_LABELS.title), span: 5 },
    { row: 1, col: 0, kind: 'subtitle', value: L(HEALTH_LABELS.subtitle), span: 5 },
    { row: H.asOfRow, col: 0, kind: 'label', value: L(HEALTH_LABELS.asOf), note: L(HEALTH_LABELS.asOfNote) },
    { row: H.asOfRow, col: 1, kind: 'input', type: 'date', value: null },
  ];
  const formulas: SheetsFormulaCell[] = [];
  const put = (row: number, label: Localized | string, formula: string, format?: string) => {
    cells.push({ row, col: 0, kind: 'label', value: typeof label === 'string' ? label : L(label) });
    formulas.push({ row, col: 1, formula, format });
  };
  const asOf = `IF(ISBLANK($B$${H.asOfRow + 1}),TODAY(),$B$${H.asOfRow + 1})`;
  const args = `${accountArguments(tabs)},${asOf}`;
  put(H.customerRow, HEALTH_LABELS.customer, boundCell(tabs, 'overview', 'header', 'customerName'));
  put(H.stageRow, HEALTH_LABELS.stage, boundCell(tabs, 'overview', 'header', 'stage'));
  put(H.verdictRow, HEALTH_LABELS.verdict, `=KA_VERDICT(${args},"${locale}")`);
  cells.push({ row: H.verdictRow, col: 2, kind: 'label', value: `${L(HEALTH_LABELS.reason)}${colon}` });
  formulas.push({ row: H.verdictRow, col: 3, formula: `=KA_VERDICT(${args},"${locale}","reason")` });
  put(H.flagsRow, HEALTH_LABELS.flags, `=KA_FLAGS(${args},"${locale}")`);

  // Scores: the assessment tabs' own score formulas, over those tabs.
  const opp = tabs.find((t) => t.form === 'opportunity') as TabLayout;
  const comp = tabs.find((t) => t.form === 'competitiveness') as TabLayout;
  const oppSpecs = scoreSpecs(opp);
  const compSpecs = scoreSpecs(comp);
  cells.push({ row: H.scoresSection, col: 0, kind: 'section', value: L(HEALTH_LABELS.scores), span: 2 });
  let row = H.firstScoreRow;
  const score = (label: Localized | string, spec: FormulaSpec | undefined, sheet: string) => {
    if (spec) put(row++, label, formulaOf(spec, sheet), integerFormat);
  };
  score(HEALTH_LABELS.opp, oppSpecs.get(OPP.scoreRows.opp)?.[0], opp.name);
  score(HEALTH_LABELS.real, oppSpecs.get(OPP.scoreRows.real)?.[0], opp.name);
  score(HEALTH_LABELS.worth, oppSpecs.get(OPP.scoreRows.worth)?.[0], opp.name);
  score(HEALTH_LABELS.oppCompleteness, oppSpecs.get(OPP.scoreRows.completeness)?.[0], opp.name);
  score(HEALTH_LABELS.compCompleteness, compSpecs.get(COMP.scoreRows.completeness)?.[0], comp.name);
  for (const spec of compSpecs.get(COMP.scoreRows.win) ?? []) {
    if (spec.fn !== 'win') continue;
    // Us, then each competitor by the name typed on the competitiveness tab.
    const name = spec.nameCell ? `${sheetRef(comp.name)}${a1(spec.nameCell.row, spec.nameCell.col)}` : str(L(HEALTH_LABELS.us));
    formulas.push({ row, col: 0, formula: `=${str(`${L(HEALTH_LABELS.win)}${colon}`)}&${name}` });
    formulas.push({ row: row++, col: 1, formula: formulaOf(spec, comp.name), format: integerFormat });
  }
  score(HEALTH_LABELS.lead, compSpecs.get(COMP.scoreRows.lead)?.[0], comp.name);

  // Red flags: every flag the engine knows, whether it is raised now, and what to do about it.
  row++;
  cells.push({ row: row++, col: 0, kind: 'section', value: L(HEALTH_LABELS.flags), span: 5 });
  const codesRow = row + RED_FLAGS.length + 1;
  const header: Array<[number, Localized]> = [
    [H.cols.label, HEALTH_LABELS.flag],
    [H.cols.value, HEALTH_LABELS.raised],
    [H.cols.meaning, HEALTH_LABELS.meaning],
    [H.cols.questions, HEALTH_LABELS.questions],
    [H.cols.next, HEALTH_LABELS.next],
  ];
  for (const [col, label] of header) cells.push({ row, col, kind: 'header', value: L(label) });
  row++;
  for (const code of RED_FLAGS) {
    const guide = redFlagGuide(code, locale);
    const sep = str(FLAG_SEPARATOR);
    const found = `SEARCH(${str(`${FLAG_SEPARATOR}${code}${FLAG_SEPARATOR}`)},${sep}&$B$${codesRow + 1}&${sep})`;
    const raised = `=IF(ISNUMBER(${found}),${str(L(HEALTH_LABELS.yes))},${str(L(HEALTH_LABELS.no))})`;
    cells.push({ row, col: H.cols.label, kind: 'label', value: RED_FLAG_LABELS[code][locale] });
    formulas.push({ row, col: H.cols.value, formula: raised });
    if (guide) {
      const questions = guide.questions.map((q) => `${questionsHeading(q, locale)}\n${q.guidance}`).join('\n\n');
      cells.push({ row, col: H.cols.meaning, kind: 'label', value: guide.meaning });
      cells.push({ row, col: H.cols.questions, kind: 'label', value: questions });
      cells.push({ row, col: H.cols.next, kind: 'label', value: guide.next });
    }
    row++;
  }
  // The codes, for programs and for the column above (flags separated by FLAG_SEPARATOR), then the verdict's.
  put(codesRow, HEALTH_LABELS.codes, `=KA_FLAGS(${args})`);
  formulas.push({ row: codesRow, col: 2, formula: `=KA_VERDICT(${args})` });
  // The action plan: the raised flags no open action answers (codes, then labels), and the open and overdue counts.
  const unansweredRow = codesRow + 1;
  put(unansweredRow, HEALTH_LABELS.unansweredCodes, `=KA_FLAGS(${args},"","unanswered")`);
  formulas.push({ row: unansweredRow, col: 2, formula: `=KA_FLAGS(${args},"${locale}","unanswered")` });
  put(unansweredRow + 1, HEALTH_LABELS.openCount, `=KA_FLAGS(${args},"","open")`, integerFormat);
  put(unansweredRow + 2, HEALTH_LABELS.overdueCount, `=KA_FLAGS(${args},"","overdue")`, integerFormat);
  openActionList(cells, formulas, unansweredRow + 4, `$B$${unansweredRow + 2}`, `${args},"${locale}"`, locale);
  const headerRow = codesRow - RED_FLAGS.length - 1;
  cells.push({ row: headerRow, col: H.cols.answered, kind: 'header', value: L(HEALTH_LABELS.unanswered) });
  RED_FLAGS.forEach((code, i) => {
    const sep = str(FLAG_SEPARATOR);
    const found = `SEARCH(${str(`${FLAG_SEPARATOR}${code}${FLAG_SEPARATOR}`)},${sep}&$B$${unansweredRow + 1}&${sep})`;
    formulas.push({ row: headerRow + 1 + i, col: H.cols.answered, formula: `=IF(ISNUMBER(${found}),"⚠","")` });
  });
  return {
    form: 'meta',
    name: L(HEALTH_TAB),
    cells,
    columnRules: [],
    widths: [26, 14, 40, 56, 44, 16],
    frozenRows: 0,
    formulas,
  };
}
