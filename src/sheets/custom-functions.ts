import { ITEM_COUNT } from '../domain/account';
import { type OppGroup, assertMarks, oppScore, winScore } from '../domain/scoring';

/**
 * The custom functions behind `=OPP_SCORE(…)` and `=WIN_SCORE(…)`: they only
 * reshape what Sheets passes (a 2-D array for a range, a single value for one
 * cell) and call the domain's scoring, the same engine as the CLI and the
 * roll-up. A value that is not a mark throws an error naming it; Sheets shows
 * it as #ERROR! with the message, and the cell keeps what the user typed.
 */

/** A range argument as a flat list, row by row (a column, a row, a block or one value). */
export function flatten(arg: unknown): unknown[] {
  if (arg === undefined) return [];
  if (!Array.isArray(arg)) return [arg];
  return arg.flatMap((row) => (Array.isArray(row) ? row : [row]));
}

const GROUPS: Record<string, OppGroup> = {
  '': 'all',
  all: 'all',
  real: 'real',
  worth: 'worth',
  全部: 'all',
  真实: 'real',
  真实性: 'real',
  价值: 'worth',
};

/** The group argument: "real", "worth" or "all" (blank or omitted means all). Throws naming a bad value. */
export function parseGroup(arg: unknown): OppGroup {
  const v = flatten(arg);
  const raw = v.length === 0 || v[0] === null || v[0] === undefined ? '' : v[0];
  const key = String(raw).trim().toLowerCase();
  const g = GROUPS[key];
  if (!g || v.length > 1) {
    throw new Error(
      `Invalid group "${String(raw)}": use "real", "worth" or "all" / 分组 "${String(raw)}" 无效：只能是 "real"、"worth" 或 "all"`,
    );
  }
  return g;
}

function requireTen(list: unknown[], what: { en: string; zh: string }): void {
  if (list.length !== ITEM_COUNT) {
    throw new Error(
      `${what.en} must be ${ITEM_COUNT} cells, not ${list.length} / ${what.zh}应为 ${ITEM_COUNT} 个单元格，现为 ${list.length} 个`,
    );
  }
}

/**
 * OPP_SCORE(marks, [group], [weights]): the opportunity score 0–100 of the
 * ten marks (items 1–10 in order), for a group; weights (ten numbers ≥ 0,
 * blank = 1) are optional.
 */
export function OPP_SCORE(marks: unknown, group?: unknown, weights?: unknown): number {
  const list = flatten(marks);
  requireTen(list, { en: 'OPP_SCORE marks', zh: 'OPP_SCORE 的评估' });
  assertMarks(list);
  const g = parseGroup(group);
  const w = weights === undefined || weights === '' ? undefined : flatten(weights);
  if (w) requireTen(w, { en: 'OPP_SCORE weights', zh: 'OPP_SCORE 的权重' });
  return oppScore(list, g, w);
}

/** WIN_SCORE(marks): one party's competitiveness score 0–100 over its marks. */
export function WIN_SCORE(marks: unknown): number {
  const list = flatten(marks);
  if (list.length === 0) throw new Error('WIN_SCORE needs a range of marks / WIN_SCORE 需要一组评估');
  assertMarks(list);
  return winScore(list);
}
