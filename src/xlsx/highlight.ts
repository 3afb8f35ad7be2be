import type ExcelJS from 'exceljs';
import { a1 } from '../domain/a1';
import type { TabLayout } from '../domain/layout';
import { markText, str, trimmedText } from './formulas';

/**
 * Conditional formatting of the input tabs: a mark the reader would not
 * accept as + - ? or blank (full-width ＋ － ？ and surrounding whitespace
 * are accepted), and a value outside its vocabulary (compared after
 * JavaScript's trim, exactly, as validation does), are shown red in every
 * spreadsheet program, while the rep types. Nothing is changed in the cell.
 */

const INVALID_FILL = 'FFFFC7CE';
const INVALID_FONT = 'FF9C0006';

/** TRUE when the mark in `ref` is not one (the reader's parseMark gives null). */
export function invalidMarkFormula(ref: string): string {
  const m = markText(ref);
  return `NOT(OR(${m}="",EXACT(${m},"+"),EXACT(${m},"-"),EXACT(${m},"?"),EXACT(${m},"－")))`;
}

/** TRUE when `ref` holds something (not blank after trim) that is not one of `options`. */
export function outsideVocabFormula(ref: string, options: string[]): string {
  const t = trimmedText(ref);
  // "|a|b|" holds "|t|" exactly when t is one of the options (none of which holds "|").
  const list = str(`|${options.join('|')}|`);
  return `AND(${t}<>"",OR(ISNUMBER(FIND("|",${t})),ISERROR(FIND("|"&${t}&"|",${list}))))`;
}

interface Area {
  row1: number;
  row2: number;
  col: number;
  options?: string[];
}

/** The tab's mark and vocabulary inputs, as column areas. */
function areas(tab: TabLayout): { marks: Area[]; vocab: Area[] } {
  const marks = new Map<number, Area>();
  const vocab: Area[] = [];
  for (const c of tab.cells) {
    if (c.kind !== 'input') continue;
    if (c.type === 'mark') {
      const a = marks.get(c.col);
      if (a) [a.row1, a.row2] = [Math.min(a.row1, c.row), Math.max(a.row2, c.row)];
      else marks.set(c.col, { row1: c.row, row2: c.row, col: c.col });
    } else if (c.type === 'vocab' && c.options?.length) {
      const ruled = tab.columnRules.some((r) => r.col === c.col && c.row >= r.fromRow && c.row <= r.toRow);
      if (!ruled) vocab.push({ row1: c.row, row2: c.row, col: c.col, options: c.options });
    }
  }
  for (const r of tab.columnRules)
    if (r.type === 'vocab' && r.options?.length) vocab.push({ row1: r.fromRow, row2: r.toRow, col: r.col, options: r.options });
  return { marks: [...marks.values()], vocab };
}

/** Adds the red highlight of invalid marks and out-of-vocabulary values to a rendered input tab. */
export function addInputHighlights(ws: ExcelJS.Worksheet, tab: TabLayout): number {
  const { marks, vocab } = areas(tab);
  const style: Partial<ExcelJS.Style> = {
    fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: INVALID_FILL } },
    font: { color: { argb: INVALID_FONT }, bold: true },
  };
  let priority = 1;
  const add = (a: Area, formula: string) =>
    ws.addConditionalFormatting({
      ref: a.row1 === a.row2 ? a1(a.row1, a.col) : `${a1(a.row1, a.col)}:${a1(a.row2, a.col)}`,
      rules: [{ type: 'expression', priority: priority++, formulae: [formula], style }],
    });
  for (const a of marks) add(a, invalidMarkFormula(a1(a.row1, a.col)));
  for (const a of vocab) add(a, outsideVocabFormula(a1(a.row1, a.col), a.options as string[]));
  return priority - 1;
}
