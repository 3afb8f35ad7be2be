import { MARK_ALIASES } from '../../sheets-templates/vocabularies';

/** A stored mark: `+` meets the standard, `-` does not, `?` unknown, `` not assessed. */
export type Mark = '+' | '-' | '?' | '';

const VALID = new Set<string>(['+', '-', '?', '']);

/**
 * The stored form of what a user typed as a mark: full-width `＋ － ？` become
 * half-width and surrounding spaces go. Anything else is returned unchanged
 * (as text), so that validation can name it and nothing is lost.
 */
export function normalizeMark(value: unknown): unknown {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  return MARK_ALIASES[trimmed] ?? (VALID.has(trimmed) ? trimmed : value);
}

/** The mark a value stands for, or null when it is not a mark at all. */
export function parseMark(value: unknown): Mark | null {
  const m = normalizeMark(value);
  return typeof m === 'string' && VALID.has(m) ? (m as Mark) : null;
}

export function isValidMark(value: unknown): boolean {
  return parseMark(value) !== null;
}

/** 1 when the mark is `+`; `-`, `?`, blank and invalid marks count 0. */
export function markCounts(value: unknown): 0 | 1 {
  return parseMark(value) === '+' ? 1 : 0;
}

/** Assessed: not blank and not `?` (an invalid mark is something typed, so it counts as filled). */
export function markIsAssessed(value: unknown): boolean {
  const m = normalizeMark(value);
  if (typeof m === 'string') return m.trim() !== '' && m !== '?';
  return true;
}

/** Thrown by the strict scoring entry points (custom functions) on a mark that is not one. */
export class InvalidMarkError extends Error {
  constructor(
    readonly value: unknown,
    readonly index: number,
  ) {
    super(
      `Invalid mark "${String(value)}" (item ${index + 1}): use + - ? or leave blank / 评估值无效 "${String(value)}"（第 ${index + 1} 项）：只能填 + - ? 或留空`,
    );
    this.name = 'InvalidMarkError';
  }
}
