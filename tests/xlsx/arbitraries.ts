/**
 * fast-check generators of raw account JSON, valid and not: the field lists
 * come from the form definitions (sheets-templates/), so a new field is
 * generated without a change here. Values include what people really type and
 * what breaks things: bad and full-width marks, long strings, text starting
 * with = + - @, numbers typed as text, dates as text or in other formats,
 * control characters, blank rows among filled ones.
 */
import fc from 'fast-check';
import { COMPETITIVENESS_FORM, KEY_PEOPLE_FORM, OVERVIEW_FORM, ROLE_MAP_FORM } from '../../sheets-templates/forms';
import type { FieldDef } from '../../sheets-templates/types';
import { VOCABULARIES } from '../../sheets-templates/vocabularies';

export type Raw = Record<string, any>;

/** Text that has broken spreadsheet tools before. */
export const TRICKY_TEXT = [
  '=HYPERLINK("http://example.com","点我")',
  '=1+1',
  '+86 138 0000 0000',
  '-5',
  '@SUM(A1:A2)',
  "=cmd|' /C calc'!A0",
  "'quoted",
  '_x0041_ literal escape',
  '_x00e9_',
  '  leading and trailing  ',
  'line one\nline two',
  'windows\r\nline',
  'tab\there',
  'nul\u0000char',
  'bell\u0007 and del\u007f',
  '\u3000全角空格\u3000',
  'emoji 😀 ok',
  '#N/A',
  'TRUE',
  '00123',
  '1,000',
  '3-4',
  '1/2',
  '2026-10-12',
  '"quotes" & <angle> brackets',
  'lone \ud800 surrogate',
  'del\u007f',
  'cr\ralone',
  '   ',
];

/** Values people type into number, integer and weight fields that are not numbers, or are numbers typed as text (issue #9). */
export const NOT_NUMBERS = ['1,5', '1e3', '2', '1,200', '=1+1', '+SUM(A1)', '300万元', '300 万', 'TRUE', true, false];

const cjk = (min: number, max: number) =>
  fc
    .array(
      fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((n) => String.fromCharCode(n)),
      { minLength: min, maxLength: max },
    )
    .map((a) => a.join(''));

export const textValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 3, arbitrary: cjk(1, 10) },
  { weight: 3, arbitrary: fc.constantFrom(...TRICKY_TEXT) },
  { weight: 1, arbitrary: cjk(50, 70) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 50, maxLength: 70 }) },
  { weight: 1, arbitrary: fc.integer({ min: -1000, max: 100000 }) },
  { weight: 1, arbitrary: fc.constantFrom('', true, false, 1.5, null) },
);

const isoDate = fc
  .date({ min: new Date('1901-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

export const dateValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: isoDate },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '2026-02-30',
      '2026/10/12',
      '12.10.2026',
      '下周',
      '1800-01-01',
      '0099-05-05',
      ' 2026-10-12',
      '2026-10-12 ',
      '03-18',
      '',
    ),
  },
  { weight: 1, arbitrary: fc.integer({ min: 2, max: 60000 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, 1, -3, 0.5, 3000000, 46000, true, '=TODAY()', null) },
);

export const numberValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: 0, max: 2000 }) },
  { weight: 2, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom('380', ' 42 ', '1,000', '1，200', '3.5', '-2', '1e3', '.5', '5.', 'abc', '五十', '0x10', '50%', ''),
  },
  { weight: 2, arbitrary: fc.constantFrom(...NOT_NUMBERS) },
);

function vocabValue(id: string | undefined): fc.Arbitrary<unknown> {
  const values = VOCABULARIES.find((v) => v.id === id)?.values.map((v) => v.value) ?? [];
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...values) },
    { weight: 1, arbitrary: fc.constantFrom(...values).map((v) => ` ${v} `) },
    { weight: 1, arbitrary: textValue },
  );
}

export function fieldValue(f: FieldDef): fc.Arbitrary<unknown> {
  switch (f.type) {
    case 'text':
    case 'longText':
      return textValue;
    case 'integer':
    case 'number':
      return numberValue;
    case 'date':
      return dateValue;
    case 'dateOrMonthDay':
      return fc.oneof(dateValue, fc.constantFrom('03-18', '02-29', '13-01', '3-8'));
    case 'vocab':
      return vocabValue(f.vocab);
  }
}

/** A row of a table: any subset of its fields (an empty row now and then). */
export function rowOf(fields: FieldDef[]): fc.Arbitrary<Raw> {
  return fc.record(Object.fromEntries(fields.map((f) => [f.id, fieldValue(f)])), { requiredKeys: [] }) as fc.Arbitrary<Raw>;
}

export const markValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 10, arbitrary: fc.constantFrom('+', '-', '?', '') },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '＋',
      '－',
      '？',
      ' + ',
      '\u3000+\u3000',
      '+\n',
      '\t?',
      '\u2003+',
      '+\u205f',
      '\ufeff?',
      '\u00a0－',
      '\u200b+',
    ),
  },
  { weight: 2, arbitrary: fc.constantFrom('x', '++', '＋＋', '?？', '+ +', '好', '1', 1, 0, null, '=1', '@', true) },
);

/** Weights typed as text: plain decimals count, anything else weighs 1 (forms.md §7, the readers' rule). */
export const WEIGHT_TEXTS = [
  '3',
  ' 2 ',
  '1,000',
  '1，5',
  '0.5',
  '.5',
  '5.',
  '1e1',
  '1.e1',
  '1E+1',
  '2e-1',
  '+2',
  '-0',
  '-1',
  '\u3000 3',
  '4\u00a0',
  'x',
  '1-2',
  '50%',
  '$5',
  '0x10',
  '１２',
  'e5',
  '.',
  '1.2.3',
  '--1',
  '+-1',
  '1e+',
  '1 000',
  '(5)',
  '2/3',
  '',
];

export const weightValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 10 }) },
  { weight: 2, arbitrary: fc.constantFrom(0.5, 1.5, 0.1, 0.2, 0.3, 2.25) },
  { weight: 3, arbitrary: fc.constantFrom(...WEIGHT_TEXTS) },
  { weight: 1, arbitrary: fc.constantFrom(-1, null) },
  { weight: 1, arbitrary: fc.constantFrom(...NOT_NUMBERS) },
);

const ten = <T>(a: fc.Arbitrary<T>) => fc.array(a, { minLength: 10, maxLength: 10 });

function overview(): fc.Arbitrary<Raw> {
  const parts: Record<string, fc.Arbitrary<unknown>> = {};
  for (const block of OVERVIEW_FORM.blocks) {
    if (block.kind === 'table') parts[block.path[0]] = fc.array(rowOf(block.fields), { maxLength: 4 });
    else if (block.path.length === 0) for (const f of block.fields) parts[f.id] = fieldValue(f);
    else parts[block.path[0]] = rowOf(block.fields);
  }
  return fc.record(parts, { requiredKeys: [] }) as fc.Arbitrary<Raw>;
}

const maxComp = COMPETITIVENESS_FORM.maxCompetitors;

/** A raw account: valid or not, in the interchange shape (as a JSON file could hold it). */
export const rawAccount: fc.Arbitrary<Raw> = fc
  .record({
    overview: overview(),
    keyPeople: fc.array(rowOf(KEY_PEOPLE_FORM.table.fields), { maxLength: 7 }),
    roleMap: fc.array(rowOf(ROLE_MAP_FORM.table.fields), { maxLength: 7 }),
    oppItems: ten(fc.record({ mark: markValue, comment: textValue }, { requiredKeys: ['mark'] })),
    weights: fc.option(ten(weightValue), { freq: 3 }),
    oppDate: fc.option(dateValue),
    compDate: fc.option(dateValue),
    competitors: fc.array(fc.oneof(textValue, fc.constant('')), { maxLength: maxComp }),
    compItems: ten(
      fc.record(
        { us: markValue, competitors: fc.array(markValue, { maxLength: maxComp }), comment: textValue },
        { requiredKeys: ['us', 'competitors'] },
      ),
    ),
    conclusions: fc.array(textValue, { maxLength: 2 }),
  })
  .map((r) => {
    const opportunity: Raw = { items: r.oppItems };
    if (r.oppDate !== null) opportunity.date = r.oppDate;
    if (r.weights !== null) opportunity.weights = r.weights;
    const competitiveness: Raw = { competitors: r.competitors, items: r.compItems, conclusions: r.conclusions };
    if (r.compDate !== null) competitiveness.date = r.compDate;
    return { schemaVersion: 1, overview: r.overview, keyPeople: r.keyPeople, roleMap: r.roleMap, opportunity, competitiveness };
  });

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Lone surrogates taken out of a generated account (what LibreOffice makes of them is pinned by its own test). */
export function withoutLoneSurrogates(v: unknown): any {
  if (typeof v === 'string') return v.replace(LONE_SURROGATE, '');
  if (Array.isArray(v)) return v.map(withoutLoneSurrogates);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withoutLoneSurrogates(x)]));
  return v;
}

/**
 * What a LibreOffice re-save changes in an account, as the README lists it
 * (measured with LibreOffice 7.4): numbers keep 15 significant digits (as in
 * Excel), CR LF becomes LF, and in a text with a line break a lone CR
 * becomes LF too (without one, a CR is kept). (A lone surrogate becomes `?` together with the
 * character after it, or goes at the end of a text: pinned by its own test.)
 */
export function libreOfficeChanges(v: unknown): any {
  if (typeof v === 'string') {
    // CR LF and LF CR are one line break each.
    const t = v.replace(/\r\n|\n\r/g, '\n');
    return t.includes('\n') ? t.replace(/\r/g, '\n') : t;
  }
  if (typeof v === 'number') return Number(v.toPrecision(15));
  if (Array.isArray(v)) return v.map(libreOfficeChanges);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, libreOfficeChanges(x)]));
  return v;
}
