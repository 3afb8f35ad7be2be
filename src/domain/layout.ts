import {
  ACTION_PLAN_FORM,
  COMPETITIVENESS_FORM,
  FORM_ORDER,
  type FormId,
  GLOSSARY_FORM,
  KEY_PEOPLE_FORM,
  OPPORTUNITY_FORM,
  OVERVIEW_FORM,
  ROLE_MAP_FORM,
  TEMPLATE_VERSION,
} from '../../sheets-templates/forms';
import { PERSONALITY_TEXTS, ROLE_TEXTS, STAGE_TEXTS } from '../../sheets-templates/glossary';
import { FIELD_NOTES } from '../../sheets-templates/notes';
import type { AssessmentItemDef, FieldDef, Locale, Localized } from '../../sheets-templates/types';
import { type Account, ITEM_COUNT, SCHEMA_VERSION, type Value } from './account';
import { isIsoDate } from './dates';
import { normalizeMark } from './marks';
import { BINDING_VERSION, OUTPUT, bindingName } from './bindings';
import { vocabLabel, vocabOptions, vocabulary } from './vocab';
import type { OppGroup } from './scoring';

/**
 * Where every form's labels, inputs, notes, dropdowns and score cells sit on
 * its tab: the one layout both adapters (Google Sheets, .xlsx) render, and
 * the one the readers use to get an account back. Rows and columns are 0-based.
 */

/** What adapters put into and get out of a cell; dates travel as ISO text. */
export type GridValue = string | number | boolean | null;

export type CellKind = 'title' | 'subtitle' | 'section' | 'header' | 'label' | 'input' | 'score' | 'reference';

/** Score cells say what they compute; each adapter writes its own formula for it. */
export type FormulaSpec =
  /** OPP_SCORE of the ten marks in `marks` (a column range), weighted by `weights` (same shape). */
  | { fn: 'opp'; group: OppGroup; marks: RangeRef; weights: RangeRef }
  /** WIN_SCORE of one party's ten marks; blank when `nameCell` is given and empty (an unnamed competitor). */
  | { fn: 'win'; marks: RangeRef; nameCell?: CellRef }
  /** Completeness in whole percents. */
  | { fn: 'completeness'; marks: RangeRef }
  /** Our score minus the best named competitor's; blank when none is named. */
  | { fn: 'lead'; ours: CellRef; competitors: RangeRef }
  /** A copy of another tab's cell (the customer name on the assessment tabs). */
  | { fn: 'ref'; sheet: string; cell: CellRef };

export interface CellRef {
  row: number;
  col: number;
}
export interface RangeRef {
  row1: number;
  col1: number;
  row2: number;
  col2: number;
}

export type InputType = FieldDef['type'] | 'mark' | 'weight';

export interface LayoutCell {
  row: number;
  col: number;
  kind: CellKind;
  value: GridValue;
  /** For inputs: how to format and check the value. */
  type?: InputType;
  /** For inputs: the dropdown. */
  options?: string[];
  /** For number inputs: the field's bounds. */
  min?: number;
  max?: number;
  note?: string;
  formula?: FormulaSpec;
  /** Columns this cell spans (merged), 1 when absent. */
  span?: number;
}

/** A dropdown / type over a column of a table, down to `toRow`, so appended rows get it too. */
export interface ColumnRule {
  col: number;
  fromRow: number;
  toRow: number;
  type: InputType;
  options?: string[];
  min?: number;
  max?: number;
}

export interface TabLayout {
  form: FormId | 'meta';
  name: string;
  hidden?: boolean;
  cells: LayoutCell[];
  columnRules: ColumnRule[];
  /** Column widths in characters. */
  widths: number[];
  frozenRows: number;
  /** The workbook's bindings on this tab: where each input area is (see bindings.ts); the adapters write them as names. */
  names?: NamedArea[];
}

/** A named area of a tab: `ka_<form>_…` (bindings.ts says what each name means). */
export interface NamedArea {
  name: string;
  range: RangeRef;
  /** The template version that added it (absent: since bindings began): a workbook of an older template has no such name. */
  since?: number;
}

const area = (name: string, row1: number, col1: number, row2 = row1, col2 = col1): NamedArea => ({
  name,
  range: { row1, col1, row2, col2 },
});

/** The areas with the template version that added them, when later than bindings. */
const since = (names: NamedArea[], version: number | undefined): NamedArea[] =>
  version === undefined ? names : names.map((n) => ({ ...n, since: version }));

/** The hidden tab that says which template version a workbook was made from. */
export const META_TAB = '_ka_meta';

/** Rows below a table's last row that keep its dropdowns (room to append). */
export const TABLE_ROOM = 300;

export function L(t: Localized, locale: Locale): string {
  return t[locale];
}

export const MARK_OPTIONS = ['+', '-', '?'];

/** Tab name of a form in a locale. */
export function tabName(form: FormId, locale: Locale): string {
  const def = {
    glossary: GLOSSARY_FORM,
    overview: OVERVIEW_FORM,
    keyPeople: KEY_PEOPLE_FORM,
    roleMap: ROLE_MAP_FORM,
    opportunity: OPPORTUNITY_FORM,
    competitiveness: COMPETITIVENESS_FORM,
    actionPlan: ACTION_PLAN_FORM,
  }[form];
  return def.tab[locale];
}

/** Both locales' names of a form's tab (a reader accepts either). */
export function tabNames(form: FormId): string[] {
  return [tabName(form, 'zh'), tabName(form, 'en')];
}

/** The glossary texts of a vocabulary's values, keyed by code: what header notes and the glossary tab present. */
export const VOCAB_TEXTS: Record<string, Record<string, Localized | { traits: Localized; approach: Localized }>> = {
  stage: STAGE_TEXTS,
  personality: PERSONALITY_TEXTS,
  buyingRole: ROLE_TEXTS,
  mapRole: ROLE_TEXTS,
};

/** "value：text" for each value of a vocabulary that has glossary text (in the vocabulary's order). */
function vocabNotes(vocab: string, locale: Locale): string[] {
  const texts = VOCAB_TEXTS[vocab];
  if (!texts) return [];
  return (vocabulary(vocab)?.values ?? []).map((v) => {
    const t = texts[v.code];
    const body = !t ? '' : 'traits' in t ? `${t.traits[locale]}\n→ ${t.approach[locale]}` : t[locale];
    return `${v.value}：${body}`;
  });
}

function fieldNote(f: FieldDef, locale: Locale): string | undefined {
  const parts: string[] = [];
  if (f.note) parts.push(f.note[locale]);
  if (f.vocab) parts.push(...vocabNotes(f.vocab, locale));
  return parts.length ? parts.join('\n\n') : undefined;
}

/** An input value as a cell shows it: marks normalised, everything else as given. */
function cellValue(v: Value | unknown): GridValue {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return JSON.stringify(v);
}

function inputCell(row: number, col: number, f: FieldDef, v: unknown, span?: number): LayoutCell {
  const c: LayoutCell = { row, col, kind: 'input', value: cellValue(v), type: f.type };
  if (f.type === 'vocab') c.options = vocabOptions(f.vocab);
  if (f.min !== undefined) c.min = f.min;
  if (f.max !== undefined) c.max = f.max;
  if (span) c.span = span;
  return c;
}

// ------------------------------------------------------------------ positions

/** Opportunity tab. */
export const OPP = {
  customerRow: 2,
  dateRow: 3,
  headerRow: 4,
  firstItemRow: 5,
  cols: { no: 0, label: 1, standard: 2, group: 3, mark: 4, comment: 5, weight: 6 },
  scoreRows: { opp: 16, real: 17, worth: 18, completeness: 19 },
  valueCol: 1,
};

/** Competitiveness tab. */
export const COMP = {
  customerRow: 2,
  dateRow: 3,
  namesRow: 4,
  headerRow: 5,
  firstItemRow: 6,
  cols: { no: 0, label: 1, standard: 2, us: 3, firstCompetitor: 4, comment: 7 },
  conclusionRows: [17, 18],
  scoreRows: { win: 20, completeness: 21, lead: 22 },
  valueCol: 1,
};

/** Key people and role map: title row, then the header row, then one row per entry. */
export const TABLE_TAB = { headerRow: 1, firstRow: 2 };

// ------------------------------------------------------------------ rendering

function tableTab(
  form: 'keyPeople' | 'roleMap' | 'actionPlan',
  title: Localized,
  fields: FieldDef[],
  rows: Array<Record<string, unknown>>,
  blankRows: number,
  locale: Locale,
): TabLayout {
  const cells: LayoutCell[] = [{ row: 0, col: 0, kind: 'title', value: L(title, locale), span: Math.min(fields.length, 8) }];
  fields.forEach((f, c) =>
    cells.push({ row: TABLE_TAB.headerRow, col: c, kind: 'header', value: L(f.label, locale), note: fieldNote(f, locale) }),
  );
  rows.forEach((r, i) => fields.forEach((f, c) => cells.push(inputCell(TABLE_TAB.firstRow + i, c, f, r[f.id]))));
  const last = TABLE_TAB.firstRow + rows.length + blankRows + TABLE_ROOM - 1;
  const columnRules: ColumnRule[] = fields.map((f, c) => ({
    col: c,
    fromRow: TABLE_TAB.firstRow,
    toRow: last,
    type: f.type,
    ...(f.type === 'vocab' ? { options: vocabOptions(f.vocab) } : {}),
    ...(f.min !== undefined ? { min: f.min } : {}),
    ...(f.max !== undefined ? { max: f.max } : {}),
  }));
  // Blank rows are inputs too, so a new workbook offers them unlocked.
  for (let i = rows.length; i < rows.length + blankRows; i++)
    fields.forEach((f, c) => cells.push(inputCell(TABLE_TAB.firstRow + i, c, f, null)));
  return {
    form,
    name: tabName(form, locale),
    cells,
    columnRules,
    widths: fields.map((f) => f.width ?? 12),
    frozenRows: TABLE_TAB.headerRow + 1,
    // One name per column over the table's rows and its room: a row inserted anywhere inside is in every column's range.
    names: fields.map((f, c) => area(bindingName(form, f.id), TABLE_TAB.firstRow, c, last, c)),
  };
}

function overviewTab(account: Account, locale: Locale): TabLayout {
  const cells: LayoutCell[] = [{ row: 0, col: 0, kind: 'title', value: L(OVERVIEW_FORM.title, locale), span: 4 }];
  const columnRules: ColumnRule[] = [];
  const names: NamedArea[] = [];
  let row = 2;
  let maxCols = 2;
  for (const block of OVERVIEW_FORM.blocks) {
    cells.push({ row, col: 0, kind: 'section', value: L(block.title, locale), span: block.kind === 'table' ? block.fields.length : 2 });
    row++;
    const base = block.path.length ? (account.overview as Record<string, unknown>)[block.path[0]] : account.overview;
    if (block.kind === 'fields') {
      const obj = (base && typeof base === 'object' && !Array.isArray(base) ? base : {}) as Record<string, unknown>;
      for (const f of block.fields) {
        cells.push({ row, col: 0, kind: 'label', value: L(f.label, locale) + (f.required ? ' *' : ''), note: fieldNote(f, locale) });
        cells.push(inputCell(row, 1, f, obj[f.id], 3));
        names.push(...since([area(bindingName('overview', block.id, f.id), row, 1)], block.since));
        row++;
      }
    } else {
      maxCols = Math.max(maxCols, block.fields.length);
      block.fields.forEach((f, c) => cells.push({ row, col: c, kind: 'header', value: L(f.label, locale), note: fieldNote(f, locale) }));
      row++;
      const list = (Array.isArray(base) ? base : []) as Array<Record<string, unknown>>;
      const n = list.length + block.blankRows;
      for (let i = 0; i < n; i++) {
        block.fields.forEach((f, c) => cells.push(inputCell(row + i, c, f, list[i]?.[f.id])));
      }
      block.fields.forEach((f, c) => {
        names.push(area(bindingName('overview', block.id, f.id), row, c, row + n - 1, c));
        if (f.type === 'vocab' || f.type === 'date') {
          columnRules.push({
            col: c,
            fromRow: row,
            toRow: row + n - 1,
            type: f.type,
            ...(f.type === 'vocab' ? { options: vocabOptions(f.vocab) } : {}),
          });
        }
      });
      row += n;
    }
    row++;
  }
  const widths = [22, 20, 16, 16, 14, 16, 14].slice(0, Math.max(4, maxCols));
  return { form: 'overview', name: tabName('overview', locale), cells, columnRules, widths, frozenRows: 1, names };
}

function customerRef(locale: Locale): FormulaSpec {
  return { fn: 'ref', sheet: tabName('overview', locale), cell: overviewCustomerCell() };
}

/** Where the customer name sits on the overview tab. */
export function overviewCustomerCell(): CellRef {
  // Row of the header block's customerName field: section title at row 2, fields from row 3.
  const header = OVERVIEW_FORM.blocks[0];
  const idx = header.fields.findIndex((f) => f.id === 'customerName');
  return { row: 3 + idx, col: 1 };
}

/** Title, question, customer (a copy of the overview's cell) and date: the head both assessment tabs share. */
function assessmentHead(
  form: { title: Localized; question: Localized },
  pos: { customerRow: number; dateRow: number; valueCol: number },
  customerLabel: Localized,
  date: unknown,
  span: number,
  locale: Locale,
): LayoutCell[] {
  return [
    { row: 0, col: 0, kind: 'title', value: L(form.title, locale), span },
    { row: 1, col: 0, kind: 'subtitle', value: L(form.question, locale), span },
    { row: pos.customerRow, col: 0, kind: 'label', value: L(customerLabel, locale) },
    { row: pos.customerRow, col: pos.valueCol, kind: 'reference', value: null, formula: customerRef(locale), span: 2 },
    { row: pos.dateRow, col: 0, kind: 'label', value: locale === 'zh' ? '日期' : 'Date' },
    { row: pos.dateRow, col: pos.valueCol, kind: 'input', type: 'date', value: cellValue(date) },
  ];
}

/** The fixed cells of an item's row: its number, its label (the guiding questions as the note) and its standard. */
function itemLabelCells(
  item: AssessmentItemDef,
  row: number,
  cols: { no: number; label: number; standard: number },
  locale: Locale,
): LayoutCell[] {
  return [
    { row, col: cols.no, kind: 'label', value: item.no },
    { row, col: cols.label, kind: 'label', value: L(item.label, locale), note: L(item.guidance, locale) },
    { row, col: cols.standard, kind: 'label', value: L(item.standard, locale) },
  ];
}

const GROUP_LABEL: Record<string, Localized> = { real: { zh: '真实', en: 'Real' }, worth: { zh: '价值', en: 'Worth' } };

function opportunityTab(account: Account, locale: Locale): TabLayout {
  const o = OPP;
  const c = o.cols;
  const zh = locale === 'zh';
  const cells = assessmentHead(OPPORTUNITY_FORM, o, { zh: '客户名称', en: 'Customer' }, account.opportunity.date, 7, locale);
  const headers: Array<[number, string]> = [
    [c.no, zh ? '序号' : 'No.'],
    [c.label, zh ? '评估内容' : 'Item'],
    [c.standard, zh ? '标准（+）' : 'Standard (+)'],
    [c.group, zh ? '分组' : 'Group'],
    [c.mark, zh ? '评估' : 'Mark'],
    [c.comment, zh ? '评语' : 'Comment'],
    [c.weight, zh ? '权重' : 'Weight'],
  ];
  for (const [col, v] of headers) {
    cells.push({
      row: o.headerRow,
      col,
      kind: 'header',
      value: v,
      ...(col === c.weight
        ? { note: L(FIELD_NOTES.opportunity.weight, locale) }
        : col === c.mark
          ? { note: L(FIELD_NOTES.opportunity.mark, locale) }
          : {}),
    });
  }
  OPPORTUNITY_FORM.items.forEach((item, i) => {
    const r = o.firstItemRow + i;
    const acc = account.opportunity.items[i] ?? { mark: '' };
    cells.push(...itemLabelCells(item, r, c, locale));
    cells.push({ row: r, col: c.group, kind: 'label', value: L(GROUP_LABEL[item.group as string], locale) });
    cells.push({ row: r, col: c.mark, kind: 'input', type: 'mark', value: cellValue(normalizeMark(acc.mark)), options: MARK_OPTIONS });
    cells.push({ row: r, col: c.comment, kind: 'input', type: 'text', value: cellValue(acc.comment) });
    cells.push({ row: r, col: c.weight, kind: 'input', type: 'weight', value: cellValue(account.opportunity.weights?.[i]) });
  });
  const first = o.firstItemRow;
  const last = first + ITEM_COUNT - 1;
  const marks = (r1: number, r2: number): RangeRef => ({ row1: r1, col1: c.mark, row2: r2, col2: c.mark });
  const weights = (r1: number, r2: number): RangeRef => ({ row1: r1, col1: c.weight, row2: r2, col2: c.weight });
  const scores: Array<[number, Localized, FormulaSpec]> = [
    [
      o.scoreRows.opp,
      { zh: '机会得分 OPP_SCORE', en: 'Opportunity score (OPP_SCORE)' },
      { fn: 'opp', group: 'all', marks: marks(first, last), weights: weights(first, last) },
    ],
    [
      o.scoreRows.real,
      { zh: '真实性（第 1–5 项）', en: 'Real (items 1–5)' },
      { fn: 'opp', group: 'real', marks: marks(first, last), weights: weights(first, last) },
    ],
    [
      o.scoreRows.worth,
      { zh: '价值（第 6–10 项）', en: 'Worth (items 6–10)' },
      { fn: 'opp', group: 'worth', marks: marks(first, last), weights: weights(first, last) },
    ],
    [o.scoreRows.completeness, { zh: '完整度 %', en: 'Completeness %' }, { fn: 'completeness', marks: marks(first, last) }],
  ];
  for (const [r, label, formula] of scores) {
    cells.push({ row: r, col: 0, kind: 'label', value: L(label, locale), span: 4 });
    cells.push({ row: r, col: c.mark, kind: 'score', value: null, formula });
  }
  const items = (key: string, col: number) => area(bindingName('opportunity', key), first, col, last, col);
  return {
    form: 'opportunity',
    name: tabName('opportunity', locale),
    cells,
    columnRules: [],
    widths: [6, 28, 12, 8, 8, 36, 8],
    frozenRows: o.headerRow + 1,
    names: [
      area(bindingName('opportunity', 'date'), o.dateRow, o.valueCol),
      items('no', c.no),
      items('mark', c.mark),
      items('comment', c.comment),
      items('weight', c.weight),
      area(bindingName('opportunity', OUTPUT, 'customer'), o.customerRow, o.valueCol),
      area(bindingName('opportunity', OUTPUT, 'scores'), o.scoreRows.opp, c.mark, o.scoreRows.completeness, c.mark),
    ],
  };
}

function competitivenessTab(account: Account, locale: Locale): TabLayout {
  const o = COMP;
  const c = o.cols;
  const zh = locale === 'zh';
  const comp = account.competitiveness;
  const cells = assessmentHead(COMPETITIVENESS_FORM, o, { zh: '客户', en: 'Customer' }, comp.date, 8, locale);
  cells.push(
    {
      row: o.namesRow,
      col: 0,
      kind: 'label',
      value: zh ? '竞争对手名称 →' : 'Competitor names →',
      span: 3,
      note: L(FIELD_NOTES.competitiveness.competitors, locale),
    },
    { row: o.namesRow, col: c.us, kind: 'label', value: zh ? '我方' : 'Us' },
  );
  for (let k = 0; k < COMPETITIVENESS_FORM.maxCompetitors; k++) {
    cells.push({ row: o.namesRow, col: c.firstCompetitor + k, kind: 'input', type: 'text', value: cellValue(comp.competitors[k]) });
  }
  const headers: Array<[number, string]> = [
    [c.no, zh ? '序号' : 'No.'],
    [c.label, zh ? '评估内容' : 'Item'],
    [c.standard, zh ? '标准（+）' : 'Standard (+)'],
    [c.us, zh ? '我方评估' : 'Our mark'],
    [c.firstCompetitor, zh ? '竞争对手 1' : 'Competitor 1'],
    [c.firstCompetitor + 1, zh ? '竞争对手 2' : 'Competitor 2'],
    [c.firstCompetitor + 2, zh ? '竞争对手 3' : 'Competitor 3'],
    [c.comment, zh ? '评语' : 'Comment'],
  ];
  for (const [col, v] of headers) cells.push({ row: o.headerRow, col, kind: 'header', value: v });
  COMPETITIVENESS_FORM.items.forEach((item, i) => {
    const r = o.firstItemRow + i;
    const acc = comp.items[i] ?? { us: '', competitors: [] };
    cells.push(...itemLabelCells(item, r, c, locale));
    cells.push({ row: r, col: c.us, kind: 'input', type: 'mark', value: cellValue(normalizeMark(acc.us)), options: MARK_OPTIONS });
    for (let k = 0; k < COMPETITIVENESS_FORM.maxCompetitors; k++) {
      cells.push({
        row: r,
        col: c.firstCompetitor + k,
        kind: 'input',
        type: 'mark',
        value: cellValue(normalizeMark(acc.competitors[k])),
        options: MARK_OPTIONS,
      });
    }
    cells.push({ row: r, col: c.comment, kind: 'input', type: 'text', value: cellValue(acc.comment) });
  });
  o.conclusionRows.forEach((r, k) => {
    const after = COMPETITIVENESS_FORM.conclusionsAfter[k];
    const from = k === 0 ? 1 : COMPETITIVENESS_FORM.conclusionsAfter[k - 1] + 1;
    cells.push({
      row: r,
      col: 0,
      kind: 'label',
      value: `${L(COMPETITIVENESS_FORM.conclusionLabel, locale)}（${zh ? `第 ${from}–${after} 项` : `items ${from}–${after}`}）`,
      span: 2,
    });
    cells.push({
      row: r,
      col: c.standard,
      kind: 'input',
      type: 'longText',
      value: cellValue(comp.conclusions[k]),
      span: c.comment - c.standard + 1,
    });
  });
  const first = o.firstItemRow;
  const last = first + ITEM_COUNT - 1;
  const col = (cc: number): RangeRef => ({ row1: first, col1: cc, row2: last, col2: cc });
  cells.push({ row: o.scoreRows.win, col: 0, kind: 'label', value: zh ? '竞争力得分 WIN_SCORE' : 'Win score (WIN_SCORE)', span: 3 });
  cells.push({ row: o.scoreRows.win, col: c.us, kind: 'score', value: null, formula: { fn: 'win', marks: col(c.us) } });
  for (let k = 0; k < COMPETITIVENESS_FORM.maxCompetitors; k++) {
    const cc = c.firstCompetitor + k;
    cells.push({
      row: o.scoreRows.win,
      col: cc,
      kind: 'score',
      value: null,
      formula: { fn: 'win', marks: col(cc), nameCell: { row: o.namesRow, col: cc } },
    });
  }
  cells.push({ row: o.scoreRows.completeness, col: 0, kind: 'label', value: zh ? '完整度 %（我方）' : 'Completeness % (us)', span: 3 });
  cells.push({ row: o.scoreRows.completeness, col: c.us, kind: 'score', value: null, formula: { fn: 'completeness', marks: col(c.us) } });
  cells.push({ row: o.scoreRows.lead, col: 0, kind: 'label', value: zh ? '领先最强对手' : 'Lead over the best competitor', span: 3 });
  cells.push({
    row: o.scoreRows.lead,
    col: c.us,
    kind: 'score',
    value: null,
    formula: {
      fn: 'lead',
      ours: { row: o.scoreRows.win, col: c.us },
      competitors: {
        row1: o.scoreRows.win,
        col1: c.firstCompetitor,
        row2: o.scoreRows.win,
        col2: c.firstCompetitor + COMPETITIVENESS_FORM.maxCompetitors - 1,
      },
    },
  });
  const lastComp = c.firstCompetitor + COMPETITIVENESS_FORM.maxCompetitors - 1;
  const items = (key: string, col1: number, col2 = col1) => area(bindingName('competitiveness', key), first, col1, last, col2);
  return {
    form: 'competitiveness',
    name: tabName('competitiveness', locale),
    cells,
    columnRules: [],
    widths: [6, 30, 12, 10, 12, 12, 12, 36],
    frozenRows: o.headerRow + 1,
    names: [
      area(bindingName('competitiveness', 'date'), o.dateRow, o.valueCol),
      area(bindingName('competitiveness', 'competitors'), o.namesRow, c.firstCompetitor, o.namesRow, lastComp),
      items('no', c.no),
      items('us', c.us),
      items('marks', c.firstCompetitor, lastComp),
      items('comment', c.comment),
      ...o.conclusionRows.map((r, k) => area(bindingName('competitiveness', `conclusion${k + 1}`), r, c.standard)),
      area(bindingName('competitiveness', OUTPUT, 'customer'), o.customerRow, o.valueCol),
      area(bindingName('competitiveness', OUTPUT, 'scores'), o.scoreRows.win, c.us, o.scoreRows.lead, lastComp),
    ],
  };
}

function glossaryTab(locale: Locale): TabLayout {
  const zh = locale === 'zh';
  const cells: LayoutCell[] = [{ row: 0, col: 0, kind: 'title', value: L(GLOSSARY_FORM.title, locale), span: 3 }];
  let row = 2;
  const section = (title: string) => {
    cells.push({ row, col: 0, kind: 'section', value: title, span: 3 });
    row++;
  };
  const entry = (name: string, textA: string, textB = '') => {
    cells.push({ row, col: 0, kind: 'label', value: name });
    cells.push({ row, col: 1, kind: 'label', value: textA });
    if (textB) cells.push({ row, col: 2, kind: 'label', value: textB });
    row++;
  };
  const name = (vocab: string, v: { value: string }) => (zh ? v.value : `${vocabLabel(vocab, v.value, 'en')} (${v.value})`);
  const entries = (vocab: string) => (vocabulary(vocab)?.values ?? []).map((v) => ({ v, t: VOCAB_TEXTS[vocab][v.code] }));
  section(zh ? '阶段' : 'Stages');
  for (const { v, t } of entries('stage')) entry(name('stage', v), (t as Localized)?.[locale] ?? '');
  row++;
  section(zh ? '性格（特点 / 如何与之打交道）' : 'Personalities (traits / how to work with them)');
  for (const { v, t } of entries('personality')) {
    const p = t as { traits: Localized; approach: Localized } | undefined;
    entry(name('personality', v), p?.traits[locale] ?? '', p?.approach[locale] ?? '');
  }
  row++;
  section(zh ? '角色' : 'Roles');
  for (const { v, t } of entries('mapRole')) entry(name('mapRole', v), (t as Localized)?.[locale] ?? '');
  return { form: 'glossary', name: tabName('glossary', locale), cells, columnRules: [], widths: [14, 70, 50], frozenRows: 1 };
}

function metaTab(locale: Locale): TabLayout {
  const rows: Array<[string, GridValue]> = [
    ['templateVersion', TEMPLATE_VERSION],
    ['bindingVersion', BINDING_VERSION],
    ['schemaVersion', SCHEMA_VERSION],
    ['locale', locale],
  ];
  return {
    form: 'meta',
    name: META_TAB,
    hidden: true,
    cells: rows.flatMap(([k, v], r) => [
      { row: r, col: 0, kind: 'label' as const, value: k },
      { row: r, col: 1, kind: 'label' as const, value: v },
    ]),
    columnRules: [],
    widths: [18, 10],
    frozenRows: 0,
  };
}

/** Every tab of an account workbook, in order, with the account's values in place. */
export function workbookLayout(account: Account, locale: Locale = 'zh'): TabLayout[] {
  const byForm: Record<FormId, () => TabLayout> = {
    glossary: () => glossaryTab(locale),
    overview: () => overviewTab(account, locale),
    keyPeople: () =>
      tableTab(
        'keyPeople',
        KEY_PEOPLE_FORM.title,
        KEY_PEOPLE_FORM.table.fields,
        account.keyPeople,
        KEY_PEOPLE_FORM.table.blankRows,
        locale,
      ),
    roleMap: () => {
      // The account's rows in their order, then an empty row for each fixed role not yet present.
      const present = new Set(account.roleMap.map((r) => String(r.role ?? '').trim()));
      const fill = ROLE_MAP_FORM.fixedRoles.filter((r) => !present.has(r)).map((role) => ({ role }));
      return tableTab(
        'roleMap',
        ROLE_MAP_FORM.title,
        ROLE_MAP_FORM.table.fields,
        [...account.roleMap, ...fill],
        ROLE_MAP_FORM.table.blankRows,
        locale,
      );
    },
    opportunity: () => opportunityTab(account, locale),
    competitiveness: () => competitivenessTab(account, locale),
    actionPlan: () => {
      const t = ACTION_PLAN_FORM;
      const tab = tableTab('actionPlan', t.title, t.table.fields, account.actionPlan ?? [], t.table.blankRows, locale);
      return { ...tab, names: since(tab.names ?? [], t.since) };
    },
  };
  return [...FORM_ORDER.map((f) => byForm[f]()), metaTab(locale)];
}

/**
 * The names of the bindings a new workbook has (workbookLayout's `names`, with the template version that added each),
 * listed from the forms' definitions without laying anything out: the reader asks for them on every read, a custom
 * function on every call, where laying out a workbook would cost more than reading one. Keep in step with the tabs
 * above (tests/domain/binding-names.test.ts compares the two).
 */
export function templateBindingNames(): Array<{ name: string; since?: number }> {
  const out: Array<{ name: string; since?: number }> = [];
  const add = (since: number | undefined, ...names: string[]) => {
    for (const name of names) out.push(since === undefined ? { name } : { name, since });
  };
  for (const block of OVERVIEW_FORM.blocks)
    add(block.kind === 'fields' ? block.since : undefined, ...block.fields.map((f) => bindingName('overview', block.id, f.id)));
  const table = (form: 'keyPeople' | 'roleMap' | 'actionPlan', fields: FieldDef[], since?: number) =>
    add(since, ...fields.map((f) => bindingName(form, f.id)));
  table('keyPeople', KEY_PEOPLE_FORM.table.fields);
  table('roleMap', ROLE_MAP_FORM.table.fields);
  add(
    undefined,
    ...['date', 'no', 'mark', 'comment', 'weight'].map((k) => bindingName('opportunity', k)),
    bindingName('opportunity', OUTPUT, 'customer'),
    bindingName('opportunity', OUTPUT, 'scores'),
  );
  add(
    undefined,
    ...['date', 'competitors', 'no', 'us', 'marks', 'comment'].map((k) => bindingName('competitiveness', k)),
    ...COMP.conclusionRows.map((_, k) => bindingName('competitiveness', `conclusion${k + 1}`)),
    bindingName('competitiveness', OUTPUT, 'customer'),
    bindingName('competitiveness', OUTPUT, 'scores'),
  );
  table('actionPlan', ACTION_PLAN_FORM.table.fields, ACTION_PLAN_FORM.since);
  return out;
}

/** A value is a real ISO date that an adapter may store as a date cell. */
export function isDateValue(type: InputType | undefined, v: GridValue): v is string {
  return (type === 'date' || type === 'dateOrMonthDay') && typeof v === 'string' && isIsoDate(v);
}
