/**
 * The shapes of the form definitions. Everything under sheets-templates/ is
 * data: no logic, no imports beyond these types. The domain (src/domain)
 * derives the account schema, the validator, the layout of each tab and the
 * roll-up from it; the Google Sheets and .xlsx adapters render it.
 */

/** A text in both UI locales. zh-CN is the default. */
export interface Localized {
  zh: string;
  en: string;
}

export type Locale = 'zh' | 'en';

export interface VocabValue {
  /** Stable identity (ASCII): what the glossary, probabilities and red flags key by. Never changes once shipped. */
  code: string;
  /** The stored value (always the zh-CN text, as in the interchange JSON schemaVersion 1) and the zh-CN label. */
  value: string;
  en: string;
}

export interface Vocabulary {
  id: string;
  label: Localized;
  values: VocabValue[];
}

export type FieldType =
  | 'text'
  | 'longText'
  | 'integer'
  | 'number'
  | 'date'
  /** A full date or a month-day (`MM-DD`), e.g. a birthday. */
  | 'dateOrMonthDay'
  | 'vocab';

export interface FieldDef {
  id: string;
  label: Localized;
  type: FieldType;
  /** Vocabulary id, when type is 'vocab'. */
  vocab?: string;
  required?: boolean;
  min?: number;
  max?: number;
  /** Personal data (of a key person, or a person's name such as an action's owner): never leaves the account workbook. */
  personal?: boolean;
  /** Free intel text: never leaves the account workbook either. */
  intel?: boolean;
  /** Unit of a number field (an amount in 万元): a value typed with a unit word is a problem whose message gives the number. */
  unit?: Localized;
  /** Guidance shown as the header cell's note. */
  note?: Localized;
  /** Column width in characters (tables) or value-cell width (forms). */
  width?: number;
}

/** A block of label/value rows on a form tab, stored under `path` in the account. */
export interface FieldBlock {
  kind: 'fields';
  id: string;
  title: Localized;
  /** Where the values live in the account JSON (relative to the form's root); [] for the root itself. */
  path: string[];
  fields: FieldDef[];
  /** The template version that added the block (absent: it was always there); an older workbook has no binding for it. */
  since?: number;
}

/** A table on a form tab: a header row of labels, then one row per entry. */
export interface TableBlock {
  kind: 'table';
  id: string;
  title: Localized;
  /** Key of the array in the account JSON (relative to the form's root). */
  path: string[];
  fields: FieldDef[];
  /** Blank rows offered in a new workbook. */
  blankRows: number;
}

export type Block = FieldBlock | TableBlock;

export interface AssessmentItemDef {
  no: number;
  label: Localized;
  /** The standard a `+` means. */
  standard: Localized;
  /** Opportunity only: which OPP_SCORE group the item belongs to. */
  group?: 'real' | 'worth';
  /** Guiding questions, shown as the item's note. */
  guidance: Localized;
}
