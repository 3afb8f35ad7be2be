import { a1, sheetRef } from '../domain/a1';
import type { CellRef, FormulaSpec, RangeRef, TabLayout } from '../domain/layout';
import { OPP_GROUPS } from '../domain/scoring';

/**
 * The score cells of an account workbook as plain spreadsheet formulas (no
 * custom functions exist outside Google Sheets), compiled from the layout's
 * abstract FormulaSpecs. They must give exactly what src/domain/scoring.ts
 * gives for the account the reader gets back from the same cells:
 *
 * - A mark is compared after the reader's normalisation: surrounding
 *   whitespace of any kind removed (JavaScript's trim, not just Excel's
 *   spaces), full-width ＋ ？ mapped, errors read as blank. EXACT is used, not
 *   COUNTIF, whose `?` is a wildcard, and not `=`, which ignores case/width
 *   in some locales.
 * - A weight counts as given when it is a number ≥ 0 or text in plain decimal
 *   notation (thousands separators ignored) ≥ 0; anything else weighs 1.
 * - Rounding is JavaScript's: floor(x + 0.5 + 1e-9), the same operations in
 *   the same order, so the doubles agree.
 *
 * Per-cell normalisation lives in hidden helper columns to the right of the
 * form (locked, with a header saying what they are), which keeps every score
 * formula short and free of array evaluation: each item is spelled out.
 */

/** Characters JavaScript's String.prototype.trim removes, other than the space itself. */
const TRIMMED_CONTROL = [9, 10, 11, 12, 13];
const TRIMMED_UNICODE = [
  0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f,
  0x3000, 0xfeff,
];

/** A string literal in a formula. */
export function str(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

/** `ref`'s content as text, every character JavaScript's trim removes replaced by a space (one for one: positions are kept). */
export function spacedText(ref: string): string {
  let e = `${ref}&""`;
  for (const c of TRIMMED_CONTROL) e = `SUBSTITUTE(${e},CHAR(${c})," ")`;
  for (const c of TRIMMED_UNICODE) e = `SUBSTITUTE(${e},${str(String.fromCharCode(c))}," ")`;
  return e;
}

/** `ref`'s content as text with JavaScript trim semantics; errors read as "". */
export function trimmedText(ref: string): string {
  return `IFERROR(TRIM(${spacedText(ref)}),"")`;
}

/** A mark cell as the reader stores it (＋ → +, ？ → ?, trimmed); only compared whole against "", "+", "?". */
export function markText(ref: string): string {
  return `SUBSTITUTE(SUBSTITUTE(${trimmedText(ref)},"＋","+"),"？","?")`;
}

/** All characters of `ref` (text) are ASCII digits (true for ""). */
export function digitsOnly(ref: string): string {
  let e = ref;
  for (let d = 0; d <= 9; d++) e = `SUBSTITUTE(${e},"${d}","")`;
  return `LEN(${e})=0`;
}

/** Roles of the hidden helper cells. */
export type HelperKind = 'mark' | 'wText' | 'wUnsigned' | 'wExpPos' | 'wMantissa' | 'wExponent' | 'weight';
const WEIGHT_CHAIN: HelperKind[] = ['wText', 'wUnsigned', 'wExpPos', 'wMantissa', 'wExponent', 'weight'];

/** Header of each helper column (who unhides them should know what they are). */
export const HELPER_HEADERS: Record<HelperKind, { zh: string; en: string }> = {
  mark: { zh: '计算用：规范化评估', en: 'calc: normalised mark' },
  wText: { zh: '计算用：权重文本', en: 'calc: weight text' },
  wUnsigned: { zh: '计算用：去符号', en: 'calc: unsigned' },
  wExpPos: { zh: '计算用：指数位置', en: 'calc: exponent position' },
  wMantissa: { zh: '计算用：尾数', en: 'calc: mantissa digits' },
  wExponent: { zh: '计算用：指数', en: 'calc: exponent digits' },
  weight: { zh: '计算用：有效权重', en: 'calc: effective weight' },
};

/**
 * The helper formula of one kind for the source cell `src` (A1), given the A1
 * of the same row's earlier helpers in the weight chain.
 */
export function helperFormula(kind: HelperKind, src: string, h: Partial<Record<HelperKind, string>>): string {
  switch (kind) {
    case 'mark':
      return markText(src);
    case 'wText':
      return `SUBSTITUTE(SUBSTITUTE(${trimmedText(src)},",",""),"，","")`;
    case 'wUnsigned':
      return `IF(OR(LEFT(${h.wText},1)="+",LEFT(${h.wText},1)="-"),MID(${h.wText},2,LEN(${h.wText})),${h.wText})`;
    case 'wExpPos':
      return `IFERROR(FIND("E",UPPER(${h.wUnsigned})),0)`;
    case 'wMantissa': {
      // Digits of the part before the exponent, its one decimal point removed.
      const u = h.wUnsigned;
      return `SUBSTITUTE(IF(${h.wExpPos}>0,LEFT(${u},${h.wExpPos}-1),${u}),".","",1)`;
    }
    case 'wExponent': {
      // Digits after the exponent letter and its optional sign; "0" when there is none.
      const u = h.wUnsigned;
      const p = h.wExpPos;
      return `IF(${p}>0,IF(OR(MID(${u},${p}+1,1)="+",MID(${u},${p}+1,1)="-"),MID(${u},${p}+2,LEN(${u})),MID(${u},${p}+1,LEN(${u}))),"0")`;
    }
    case 'weight': {
      const decimal = `AND(LEN(${h.wMantissa})>0,${digitsOnly(h.wMantissa as string)},LEN(${h.wExponent})>0,${digitsOnly(h.wExponent as string)})`;
      return `IF(ISNUMBER(${src}),IF(${src}>=0,${src},1),IF(${decimal},IFERROR(IF(VALUE(${h.wText})>=0,VALUE(${h.wText}),1),1),1))`;
    }
  }
}

export interface HelperCell {
  row: number;
  col: number;
  formula: string;
}

export interface CompiledFormulas {
  /** Formula (without "=") of each layout cell with a FormulaSpec, keyed `row,col`. */
  formulas: Map<string, string>;
  /** Hidden helper cells the formulas refer to. */
  helpers: HelperCell[];
  /** Helper columns (0-based) with what each holds, for headers and hiding. */
  helperColumns: Array<{ col: number; kind: HelperKind; source: number }>;
}

export function cellKey(row: number, col: number): string {
  return `${row},${col}`;
}

/** An absolute reference to another tab's cell. */
function otherTabCell(sheet: string, cell: CellRef): string {
  return `${sheetRef(sheet)}$${a1(cell.row, cell.col).replace(/(\d+)$/, '$$$1')}`;
}

const ROUND = (x: string) => `INT(${x}+0.5+1E-9)`;

/** Compiles every FormulaSpec of a tab; helper columns start at `firstHelperCol`. */
export function compileTab(tab: TabLayout, firstHelperCol: number = tab.widths.length + 1): CompiledFormulas {
  const helperColumns: CompiledFormulas['helperColumns'] = [];
  const helperCells = new Map<string, HelperCell>();
  const colOf = (kind: HelperKind, source: number): number => {
    let h = helperColumns.find((x) => x.kind === kind && x.source === source);
    if (!h) {
      h = { col: firstHelperCol + helperColumns.length, kind, source };
      helperColumns.push(h);
    }
    return h.col;
  };
  /** A1 of the helper of `kind` for source cell (row, col), creating it (and its chain) on first use. */
  const helper = (kind: HelperKind, row: number, col: number): string => {
    const kinds = kind === 'mark' ? (['mark'] as HelperKind[]) : WEIGHT_CHAIN.slice(0, WEIGHT_CHAIN.indexOf(kind) + 1);
    const refs: Partial<Record<HelperKind, string>> = {};
    for (const k of kinds) {
      const hc = colOf(k, col);
      refs[k] = a1(row, hc);
      const key = cellKey(row, hc);
      if (!helperCells.has(key)) helperCells.set(key, { row, col: hc, formula: helperFormula(k, a1(row, col), refs) });
    }
    return refs[kind] as string;
  };
  const rows = (r: RangeRef): number[] => Array.from({ length: r.row2 - r.row1 + 1 }, (_, i) => r.row1 + i);
  const plus = (m: string) => `EXACT(${m},"+")`;
  const assessed = (m: string) => `(${m}<>"")*NOT(EXACT(${m},"?"))`;
  const sum = (terms: string[]) => `(${terms.join('+')})`;

  const compile = (f: FormulaSpec): string => {
    switch (f.fn) {
      case 'opp': {
        const items = OPP_GROUPS[f.group].map((i) => f.marks.row1 + i).filter((r) => r <= f.marks.row2);
        const wRow = (r: number) => f.weights.row1 + (r - f.marks.row1);
        const num = sum(
          items.map((r) => {
            const mark = helper('mark', r, f.marks.col1);
            return `${helper('weight', wRow(r), f.weights.col1)}*${plus(mark)}`;
          }),
        );
        const den = sum(items.map((r) => helper('weight', wRow(r), f.weights.col1)));
        return `IF(${den}=0,0,${ROUND(`100*${num}/${den}`)})`;
      }
      case 'win': {
        const rs = rows(f.marks);
        const score = ROUND(`100*${sum(rs.map((r) => plus(helper('mark', r, f.marks.col1))))}/${rs.length}`);
        return f.nameCell ? `IF(${helper('mark', f.nameCell.row, f.nameCell.col)}="","",${score})` : score;
      }
      case 'completeness': {
        const rs = rows(f.marks);
        return ROUND(`100*${sum(rs.map((r) => assessed(helper('mark', r, f.marks.col1))))}/${rs.length}`);
      }
      case 'lead': {
        const range = `${a1(f.competitors.row1, f.competitors.col1)}:${a1(f.competitors.row2, f.competitors.col2)}`;
        const ours = a1(f.ours.row, f.ours.col);
        return `IF(COUNT(${range})=0,"",${ours}-MAX(${range}))`;
      }
      case 'ref': {
        const ref = otherTabCell(f.sheet, f.cell);
        return `IFERROR(IF(${ref}="","",${ref}),"")`;
      }
    }
  };

  const formulas = new Map<string, string>();
  for (const c of tab.cells) if (c.formula) formulas.set(cellKey(c.row, c.col), compile(c.formula));
  return { formulas, helpers: [...helperCells.values()], helperColumns };
}
