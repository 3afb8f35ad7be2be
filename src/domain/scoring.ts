import { OPPORTUNITY_FORM } from '../../sheets-templates/forms';
import { InvalidMarkError, markCounts, markIsAssessed, parseMark } from './marks';

/**
 * The one scoring implementation (forms.md §7). Custom functions, the CLI,
 * the .xlsx formula tests and the roll-up all come here.
 */

export type OppGroup = 'real' | 'worth' | 'all';

const itemsOf = (group?: OppGroup) => OPPORTUNITY_FORM.items.flatMap((item, i) => (!group || item.group === group ? [i] : []));

/** Item indices (0-based) of each opportunity group: from each item's `group` in the form definition. */
export const OPP_GROUPS: Record<OppGroup, number[]> = { real: itemsOf('real'), worth: itemsOf('worth'), all: itemsOf() };

/** Half-up rounding to a whole number, robust to binary fractions such as 12.499999999. */
export function roundHalfUp(x: number): number {
  return Math.floor(x + 0.5 + 1e-9);
}

/**
 * A number typed as text ("380", " 1,000 ", "0.5", "2e3"): plain decimal
 * notation only, thousands separators (, ，) ignored; null for anything else.
 * The one rule shared by the workbook readers and the weights.
 */
export function numberFromText(s: string): number | null {
  const t = s.trim().replace(/[，,]/g, '');
  return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t) ? Number(t) : null;
}

/** The weight an item carries: a number ≥ 0 (or one typed as text), else the default 1 (the validator flags bad ones). */
export function effectiveWeight(w: unknown): number {
  if (typeof w === 'number' && Number.isFinite(w) && w >= 0) return w;
  if (typeof w === 'string') {
    const n = numberFromText(w);
    if (n !== null && Number.isFinite(n) && n >= 0) return n;
  }
  return 1;
}

/**
 * 100 × Σ(weight × counts) / Σ(weight), rounded half up; 0 when the weights sum to 0.
 * Lenient: an invalid mark counts as not met.
 */
export function weightedScore(marks: readonly unknown[], weights?: readonly unknown[]): number {
  const ws = marks.map((_, i) => effectiveWeight(weights?.[i]));
  const score = (scale: number) => {
    let num = 0;
    let den = 0;
    marks.forEach((m, i) => {
      num += (ws[i] / scale) * markCounts(m);
      den += ws[i] / scale;
    });
    return { big: 100 * num, den };
  };
  let s = score(1);
  // Weights near the largest number overflow the sums: the same ratio, from the weights scaled down.
  if (!Number.isFinite(s.big) || !Number.isFinite(s.den)) s = score(ws.reduce((a, w) => Math.max(a, w), 0));
  return s.den === 0 ? 0 : roundHalfUp(s.big / s.den);
}

/** Throws InvalidMarkError on the first value that is not a mark (custom functions). */
export function assertMarks(marks: readonly unknown[]): void {
  marks.forEach((m, i) => {
    if (parseMark(m) === null) throw new InvalidMarkError(m, i);
  });
}

/** OPP_SCORE over the ten opportunity marks, for a group. */
export function oppScore(marks: readonly unknown[], group: OppGroup = 'all', weights?: readonly unknown[]): number {
  const idx = OPP_GROUPS[group];
  return weightedScore(
    idx.map((i) => marks[i]),
    idx.map((i) => weights?.[i]),
  );
}

/** WIN_SCORE over one party's ten competitiveness marks. */
export function winScore(marks: readonly unknown[]): number {
  return weightedScore(marks);
}

/** Share of items not blank and not `?`, in whole percents (half up). */
export function completeness(marks: readonly unknown[]): number {
  if (marks.length === 0) return 0;
  const filled = marks.filter(markIsAssessed).length;
  return roundHalfUp((100 * filled) / marks.length);
}

/** The real test: passed unless any of items 1–5 is `-` or fewer than 3 of them are `+`. */
export function passesRealTest(marks: readonly unknown[]): boolean {
  const real = OPP_GROUPS.real.map((i) => parseMark(marks[i]));
  if (real.some((m) => m === '-')) return false;
  return real.filter((m) => m === '+').length >= 3;
}

/** Our WIN_SCORE minus the best competitor's; null when no competitor is named. */
export function leadOverField(ours: number, competitorScores: readonly number[]): number | null {
  if (competitorScores.length === 0) return null;
  // A loop, not Math.max(...list): a user-sized list would overflow the argument stack.
  return ours - competitorScores.reduce((m, x) => Math.max(m, x), Number.NEGATIVE_INFINITY);
}
