import type { Locale, VocabValue, Vocabulary } from '../../sheets-templates/types';
import { VOCABULARIES } from '../../sheets-templates/vocabularies';

/**
 * The one lookup of vocabulary values. A value's identity is its code; its
 * zh-CN text is what accounts store (interchange JSON schemaVersion 1) and
 * its labels are cosmetic.
 */

export function vocabulary(id: string | undefined): Vocabulary | undefined {
  return VOCABULARIES.find((v) => v.id === id);
}

/** The stored values of a vocabulary, in order (a dropdown's options, the schema's enum). */
export function vocabOptions(id: string | undefined): string[] {
  return vocabulary(id)?.values.map((v) => v.value) ?? [];
}

/** The value definition a stored value stands for (surrounding spaces ignored). */
export function vocabEntry(id: string | undefined, value: unknown): VocabValue | undefined {
  const s = typeof value === 'string' ? value.trim() : '';
  return s ? vocabulary(id)?.values.find((v) => v.value === s) : undefined;
}

/** The code of a stored value ('' when it is not one of the vocabulary's). */
export function vocabCode(id: string, value: unknown): string {
  return vocabEntry(id, value)?.code ?? '';
}

/** A stored value as people read it in a locale; unknown text as it is. */
export function vocabLabel(id: string, value: unknown, locale: Locale): string {
  const e = vocabEntry(id, value);
  if (!e) return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
  return locale === 'zh' ? e.value : e.en;
}

/** A value's label in a locale, from its code; an unknown code as it is. */
export function vocabLabelOfCode(id: string, code: string, locale: Locale): string {
  const e = vocabulary(id)?.values.find((v) => v.code === code);
  if (!e) return code;
  return locale === 'zh' ? e.value : e.en;
}
