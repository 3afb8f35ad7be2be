/**
 * Malformed input for the fault suite (tests/faults/): accounts as JSON
 * documents with faults injected into a good one, JSON files damaged as
 * text, and .xlsx bytes damaged as bytes.
 *
 * Every injected fault is recorded with where it is and whether it must be
 * reported (`Fault`), so that a test can check that validation names it:
 * an independent oracle, not a re-run of the validator. The field kinds come
 * from the form definitions (sheets-templates/), never restated here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import JSZip from 'jszip';
import { COMPETITIVENESS_FORM, KEY_PEOPLE_FORM, OVERVIEW_FORM, ROLE_MAP_FORM } from '../../sheets-templates/forms';
import type { FieldDef } from '../../sheets-templates/types';
import { VOCABULARIES } from '../../sheets-templates/vocabularies';
import { rawAccount } from '../xlsx/arbitraries';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type Doc = Record<string, Json>;
export type Path = Array<string | number>;

export const EXAMPLE_FILE = join(__dirname, '..', 'fixtures', 'example-account.json');
export const exampleDoc = (): Doc => JSON.parse(readFileSync(EXAMPLE_FILE, 'utf8'));

/** Excel's limit of characters in one cell, and Google Sheets' one. */
export const XLSX_CELL_LIMIT = 32_767;
export const SHEETS_CELL_LIMIT = 50_000;

// ------------------------------------------------------------------ values

/** A 50,000-character string (longer than an .xlsx cell holds; as long as a Sheets cell holds). */
export const longText: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('a', '长', '=', '-', '\t', 'ab\r\n'), fc.constantFrom('', '=', '@', '+'))
  .map(([unit, head]) => (head + unit.repeat(SHEETS_CELL_LIMIT)).slice(0, SHEETS_CELL_LIMIT));

/** Text a spreadsheet would evaluate, or that breaks lines, if it were not written as text. */
export const formulaLike: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '=1+1',
    '=HYPERLINK("http://evil.example","点我")',
    "=cmd|' /C calc'!A0",
    '=IMPORTXML("http://x","//a")',
    '+1+1',
    '-1+2',
    '@SUM(A1:A9)',
    '=A1',
    '\t=1+1',
    '\r=1',
    '\n+1',
    '=',
    "'=1",
  ),
  fc.tuple(fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', '\r\n'), fc.string({ maxLength: 16 })).map(([a, b]) => `${a}${b}`),
);

/** Control characters, line and paragraph separators, an escape sequence, lone surrogates. */
export const controlText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'nul\u0000x',
    'bell\u0007',
    'esc\u001b[31mred\u001b[0m',
    'del\u007f',
    'c1\u0085\u009b',
    'ls\u2028ps\u2029',
    'cr\ronly',
    'lf\nonly',
    'crlf\r\n',
    'tab\tx',
    'vt\u000bff\u000c',
    '_x000D_ literal',
    'lone \ud800',
  ),
  fc
    .array(
      fc.integer({ min: 0, max: 0x1f }).map((n) => String.fromCharCode(n)),
      { minLength: 1, maxLength: 8 },
    )
    .map((a) => `c${a.join('')}c`),
);

/** Dates that are not dates, and dates of the wrong type. */
export const wrongDate: fc.Arbitrary<Json> = fc.constantFrom(
  '2026-02-30',
  '2026-13-01',
  '2026-00-10',
  '2026-1-5',
  '2026/10/12',
  'yesterday',
  '昨天',
  '12.10.2026',
  '2026-10-12T00:00:00Z',
  46000,
  0,
  -1,
  2026.5,
);

/** Values of the wrong type for any leaf. */
export const wrongType: fc.Arbitrary<Json> = fc.constantFrom<Json>(
  null,
  true,
  false,
  0,
  -1,
  1.5,
  1e308,
  42,
  [],
  ['a', 1],
  {},
  { a: 1 },
  [{ name: 'x' }],
  { mark: '+' },
  '',
  ' ',
  'abc',
);

/** Marks that are not marks. */
export const badMark: fc.Arbitrary<Json> = fc.constantFrom<Json>('x', '++', '＋＋', '?？', '好', '1', 1, 0, '=1', '@', '+ +', 'yes');

export const badValue: fc.Arbitrary<Json> = fc.oneof(
  { weight: 4, arbitrary: wrongType },
  { weight: 2, arbitrary: formulaLike },
  { weight: 2, arbitrary: controlText },
  { weight: 2, arbitrary: wrongDate },
  { weight: 1, arbitrary: badMark },
);

// ------------------------------------------------------------------ field kinds

/** What a leaf of the interchange format holds (forms.md §10), derived from the form definitions. */
export type LeafKind = FieldDef['type'] | 'mark' | 'weight' | 'schemaVersion' | 'vocab';
export interface Leaf {
  type: LeafKind;
  vocab?: string;
  required?: boolean;
}

const asLeaf = (f: FieldDef): Leaf => ({ type: f.type, vocab: f.vocab, required: f.required });
const TEXT: Leaf = { type: 'text' };

/** The kind of leaf at a path of an account document, or undefined when the path is not a known field. */
export function leafAt(path: Path): Leaf | undefined {
  const [a, b, c, d, e] = path;
  if (path.length === 1 && a === 'schemaVersion') return { type: 'schemaVersion', required: true };
  if (a === 'overview') {
    for (const block of OVERVIEW_FORM.blocks) {
      if (block.kind === 'fields' && block.path.length === 0 && path.length === 2) {
        const f = block.fields.find((x) => x.id === b);
        if (f) return asLeaf(f);
      } else if (block.kind === 'fields' && block.path[0] === b && path.length === 3) {
        const f = block.fields.find((x) => x.id === c);
        if (f) return asLeaf(f);
      } else if (block.kind === 'table' && block.path[0] === b && path.length === 4 && typeof c === 'number') {
        const f = block.fields.find((x) => x.id === d);
        if (f) return asLeaf(f);
      }
    }
    return undefined;
  }
  if ((a === 'keyPeople' || a === 'roleMap') && typeof b === 'number' && path.length === 3) {
    const f = (a === 'keyPeople' ? KEY_PEOPLE_FORM : ROLE_MAP_FORM).table.fields.find((x) => x.id === c);
    return f ? asLeaf(f) : undefined;
  }
  if (a === 'opportunity') {
    if (b === 'date' && path.length === 2) return { type: 'date' };
    if (b === 'items' && typeof c === 'number' && path.length === 4)
      return d === 'mark' ? { type: 'mark' } : d === 'comment' ? TEXT : undefined;
    if (b === 'weights' && typeof c === 'number' && path.length === 3) return { type: 'weight' };
  }
  if (a === 'competitiveness') {
    if (b === 'date' && path.length === 2) return { type: 'date' };
    if ((b === 'competitors' || b === 'conclusions') && typeof c === 'number' && path.length === 3) return TEXT;
    if (b === 'items' && typeof c === 'number') {
      if (path.length === 4) return d === 'us' ? { type: 'mark' } : d === 'comment' ? TEXT : undefined;
      if (path.length === 5 && d === 'competitors' && typeof e === 'number') return { type: 'mark' };
    }
  }
  return undefined;
}

const MARKS = ['+', '-', '?', '＋', '－', '？'];
const ISO = /^\d{4}-\d{2}-\d{2}$/;
const MONTH_DAY = /^\d{2}-\d{2}$/;
const isBlankValue = (v: unknown) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');

/**
 * Whether a value must be reported as a problem at a leaf of this kind:
 * true when it certainly breaks the field's rule, undefined when this simple
 * oracle cannot tell (a blank, a number that may be out of range, a
 * well-formed date that may not exist).
 */
export function mustBeReported(leaf: Leaf, v: unknown): boolean | undefined {
  if (isBlankValue(v)) return leaf.required ? true : undefined;
  if (typeof v === 'boolean' || typeof v === 'object') return true;
  const s = typeof v === 'string' ? v.trim() : undefined;
  switch (leaf.type) {
    case 'schemaVersion':
      return v !== 1;
    case 'text':
    case 'longText':
      return typeof v === 'number' ? true : false;
    case 'integer':
    case 'number':
    case 'weight':
      return s !== undefined ? true : undefined;
    case 'date':
      return s === undefined || !ISO.test(s) ? true : undefined;
    case 'dateOrMonthDay':
      return s === undefined || (!ISO.test(s) && !MONTH_DAY.test(s)) ? true : undefined;
    case 'vocab': {
      const options = VOCABULARIES.find((x) => x.id === leaf.vocab)?.values.map((x) => x.value) ?? [];
      return s === undefined || !options.includes(s);
    }
    case 'mark':
      return s === undefined || !MARKS.includes(s);
  }
}

// ------------------------------------------------------------------ documents and faults

/** A fault put into a document: where validation must report it (at this path or one of its ancestors). */
export interface Fault {
  what: string;
  /** The path a problem must name (or an ancestor of it). */
  path: string;
  /** The rules that fit; any rule when absent. */
  rules?: string[];
  /** Whether the fault is still in the final document (a later fault may have replaced it). */
  present(doc: Doc): boolean;
}

export interface Malformed {
  doc: Doc;
  faults: Fault[];
  /** Whether the document can be read at all (an object with schemaVersion 1): otherwise exit 2. */
  readable: boolean;
}

function getAt(doc: unknown, path: Path): unknown {
  let o: unknown = doc;
  for (const k of path) {
    if (o === null || typeof o !== 'object' || !Object.hasOwn(o, k)) return undefined;
    o = (o as Record<string | number, unknown>)[k];
  }
  return o;
}

function hasPath(doc: unknown, path: Path): boolean {
  let o: unknown = doc;
  for (const k of path) {
    if (o === null || typeof o !== 'object' || !Object.hasOwn(o, k)) return false;
    o = (o as Record<string | number, unknown>)[k];
  }
  return true;
}

/** Sets an own property, even one named `__proto__`. */
function put(o: Record<string | number, unknown>, k: string | number, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

/** Every path of a document below the root, containers and leaves. */
export function allPaths(doc: unknown, prefix: Path = []): Path[] {
  if (doc === null || typeof doc !== 'object') return [];
  const out: Path[] = [];
  const entries: Array<[string | number, unknown]> = Array.isArray(doc) ? doc.map((v, i) => [i, v]) : Object.entries(doc);
  for (const [k, v] of entries) {
    const p = [...prefix, k];
    out.push(p, ...allPaths(v, p));
  }
  return out;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const dot = (p: Path) => p.join('.');

type Mutation = (doc: Doc, pick: number) => Fault | Fault[] | null;

/** A leaf or container replaced by a bad value. */
const replaceWith =
  (value: Json): Mutation =>
  (doc, pick) => {
    const paths = allPaths(doc);
    if (!paths.length) return null;
    const path = paths[pick % paths.length];
    const parent = getAt(doc, path.slice(0, -1)) as Record<string | number, unknown>;
    put(parent, path[path.length - 1], structuredClone(value));
    const leaf = leafAt(path);
    const was = structuredClone(value);
    const present = (d: Doc) => hasPath(d, path) && same(getAt(d, path), was);
    // A container (a list or a row) replaced by a scalar or by the other kind of container is always wrong.
    const containerSwap =
      !leaf && isContainerPath(path) && (typeof value !== 'object' || value === null || Array.isArray(value) !== isListPath(path));
    if (leaf ? mustBeReported(leaf, value) === true : containerSwap)
      return { what: `replace ${dot(path)} with ${JSON.stringify(value).slice(0, 40)}`, path: dot(path), present };
    return null;
  };

/** Whether a path of the interchange format holds a list (else an object) — for known containers. */
function isListPath(path: Path): boolean {
  const p = path.map((k) => (typeof k === 'number' ? '#' : k)).join('.');
  return (
    [
      'keyPeople',
      'roleMap',
      'opportunity.items',
      'opportunity.weights',
      'competitiveness.competitors',
      'competitiveness.items',
      'competitiveness.conclusions',
      'competitiveness.items.#.competitors',
    ].includes(p) || OVERVIEW_FORM.blocks.some((b) => b.kind === 'table' && p === `overview.${b.path[0]}`)
  );
}

function isContainerPath(path: Path): boolean {
  const p = path.map((k) => (typeof k === 'number' ? '#' : k)).join('.');
  const objects = [
    'overview',
    'opportunity',
    'competitiveness',
    'keyPeople.#',
    'roleMap.#',
    'opportunity.items.#',
    'competitiveness.items.#',
  ];
  for (const b of OVERVIEW_FORM.blocks) {
    if (b.kind === 'table') objects.push(`overview.${b.path[0]}.#`);
    else if (b.path.length) objects.push(`overview.${b.path[0]}`);
  }
  return objects.includes(p) || isListPath(path);
}

const UNKNOWN_KEYS = ['extra', '__proto__', 'constructor', 'toString', '', 'k'.repeat(300), '名字', 'a.b'];

/** A key no form has, added to some object. */
const addUnknownKey =
  (key: string, value: Json): Mutation =>
  (doc, pick) => {
    const objects = [[], ...allPaths(doc)].filter((p) => {
      const v = getAt(doc, p);
      return v !== null && typeof v === 'object' && !Array.isArray(v) && !Object.hasOwn(v, key);
    });
    const path = objects[pick % objects.length];
    // Only objects of the format (the root, the forms, rows, items) reject unknown keys; values that happen to be objects are already wrong.
    if (path.length && (!isContainerPath(path) || isListPath(path))) return null;
    put(getAt(doc, path) as Record<string, unknown>, key, structuredClone(value));
    const full = [...path, key];
    return { what: `unknown key ${dot(full).slice(0, 60)}`, path: dot(full), rules: ['unknown-field'], present: (d) => hasPath(d, full) };
  };

const REQUIRED_KEYS: Path[] = [
  ['overview'],
  ['opportunity'],
  ['competitiveness'],
  ['opportunity', 'items'],
  ['competitiveness', 'items'],
  ['competitiveness', 'competitors'],
  ['overview', 'customerName'],
];

/** A required piece taken out. */
const dropRequired: Mutation = (doc, pick) => {
  const candidates = [...REQUIRED_KEYS];
  const kp = getAt(doc, ['keyPeople']);
  if (Array.isArray(kp)) kp.forEach((_, i) => ['name', 'visitNo', 'visitDate'].forEach((f) => candidates.push(['keyPeople', i, f])));
  const present = candidates.filter(
    (p) => hasPath(doc, p) && getAt(doc, p.slice(0, -1)) !== null && !Array.isArray(getAt(doc, p.slice(0, -1))),
  );
  if (!present.length) return null;
  const path = present[pick % present.length];
  delete (getAt(doc, path.slice(0, -1)) as Record<string, unknown>)[path[path.length - 1] as string];
  const parent = path.slice(0, -1);
  const parentValue = getAt(doc, parent);
  return {
    what: `drop ${dot(path)}`,
    path: dot(path),
    rules: ['required', 'type', 'items-count'],
    present: (d) => !hasPath(d, path) && same(getAt(d, parent), parentValue),
  };
};

/** A visit of a person copied to a later row (the same name and visit no. twice). */
const duplicateVisit: Mutation = (doc, pick) => {
  const kp = doc.keyPeople;
  if (!Array.isArray(kp) || !kp.length) return null;
  const i = pick % kp.length;
  const row = kp[i];
  if (row === null || typeof row !== 'object' || Array.isArray(row)) return null;
  const name = typeof row.name === 'string' ? row.name.trim() : typeof row.name === 'number' ? String(row.name) : '';
  const no = typeof row.visitNo === 'string' ? row.visitNo.trim() : typeof row.visitNo === 'number' ? String(row.visitNo) : '';
  const at = i + 1 + (pick % (kp.length - i));
  kp.splice(at, 0, structuredClone(row));
  if (!name || !no) return null;
  const copy = structuredClone(row);
  return {
    what: `duplicate keyPeople.${i} at ${at}`,
    path: `keyPeople.${at}.visitNo`,
    rules: ['duplicate-visit'],
    present: (d) => Array.isArray(d.keyPeople) && same(d.keyPeople[at], copy) && same(d.keyPeople[i], copy),
  };
};

/** A list of the format made longer or shorter than it may be. */
const resize =
  (which: 'oppItems' | 'compItems' | 'competitors' | 'itemCompetitors' | 'conclusions' | 'weights', length: number): Mutation =>
  (doc, pick) => {
    const mk: Record<typeof which, [Path, () => Json, number, number]> = {
      oppItems: [['opportunity', 'items'], () => ({ mark: '+' }), 10, 10],
      compItems: [['competitiveness', 'items'], () => ({ us: '+', competitors: [] }), 10, 10],
      competitors: [['competitiveness', 'competitors'], () => '对手', 0, COMPETITIVENESS_FORM.maxCompetitors],
      itemCompetitors: [['competitiveness', 'items', pick % 10, 'competitors'], () => '+', 0, COMPETITIVENESS_FORM.maxCompetitors],
      conclusions: [['competitiveness', 'conclusions'], () => '结论', 0, COMPETITIVENESS_FORM.conclusionsAfter.length],
      weights: [['opportunity', 'weights'], () => 1, 10, 10],
    };
    const [path, fill, min, max] = mk[which];
    const parent = getAt(doc, path.slice(0, -1));
    if (parent === null || typeof parent !== 'object' || Array.isArray(parent)) return null;
    const list = getAt(doc, path);
    const base: Json[] = Array.isArray(list) ? list.slice(0, length) : [];
    while (base.length < length) base.push(fill());
    put(parent as Record<string, unknown>, path[path.length - 1], base);
    if (length >= min && length <= max) return null;
    const copy = structuredClone(base);
    return {
      what: `${dot(path)} of length ${length}`,
      path: dot(path),
      rules: ['items-count', 'too-many'],
      present: (d) => same(getAt(d, path), copy),
    };
  };

const mutation: fc.Arbitrary<{ apply: Mutation; pick: number }> = fc.record({
  apply: fc.oneof(
    { weight: 8, arbitrary: badValue.map(replaceWith) },
    { weight: 1, arbitrary: longText.map(replaceWith) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...UNKNOWN_KEYS), badValue).map(([k, v]) => addUnknownKey(k, v)) },
    { weight: 2, arbitrary: fc.constant(dropRequired) },
    { weight: 2, arbitrary: fc.constant(duplicateVisit) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          fc.constantFrom('oppItems', 'compItems', 'competitors', 'itemCompetitors', 'conclusions', 'weights') as fc.Arbitrary<
            Parameters<typeof resize>[0]
          >,
          fc.integer({ min: 0, max: 14 }),
        )
        .map(([w, n]) => resize(w, n)),
    },
  ),
  pick: fc.nat(),
});

function malformedFrom(base: Doc, mutations: Array<{ apply: Mutation; pick: number }>, allowLong: boolean): Malformed {
  const doc = structuredClone(base);
  const faults: Fault[] = [];
  for (const m of mutations) {
    const f = m.apply(doc, m.pick);
    if (f) faults.push(...(Array.isArray(f) ? f : [f]));
  }
  if (!allowLong) stripLong(doc);
  // What a file holds: JSON text parsed back (own __proto__ keys survive; -0 becomes 0).
  const back = JSON.parse(JSON.stringify(doc)) as Doc;
  return { doc: back, faults: faults.filter((f) => f.present(back)), readable: back.schemaVersion === 1 };
}

function stripLong(v: unknown): void {
  if (v === null || typeof v !== 'object') return;
  for (const [k, x] of Object.entries(v)) {
    if (typeof x === 'string' && x.length > 1000) put(v as Record<string, unknown>, k, x.slice(0, 1000));
    else stripLong(x);
  }
}

/** A valid base to damage: the spec's example, or a generated account (valid or not). */
const base: fc.Arbitrary<Doc> = fc.oneof(
  { weight: 2, arbitrary: fc.constant(null).map(exampleDoc) },
  { weight: 1, arbitrary: rawAccount as fc.Arbitrary<Doc> },
);

/**
 * An account document with 1–6 faults: wrong types, nulls, lists where objects
 * belong, 50,000-character strings (unless `long: false`), formula-like and
 * control-character text, dates that are not dates, duplicated visits,
 * too many competitors, items or conclusions, required pieces missing, unknown keys.
 */
export function malformedAccount(opts: { long?: boolean; maxFaults?: number } = {}): fc.Arbitrary<Malformed> {
  return fc
    .tuple(base, fc.array(mutation, { minLength: 1, maxLength: opts.maxFaults ?? 6 }))
    .map(([b, ms]) => malformedFrom(b, ms, opts.long ?? true));
}

// ------------------------------------------------------------------ damaged files

/** A JSON file damaged as text, with whether any account can be read from it. */
export interface DamagedJson {
  what: string;
  bytes: Buffer;
}

const exampleText = () => readFileSync(EXAMPLE_FILE, 'utf8');

export const damagedJson: fc.Arbitrary<DamagedJson> = fc.oneof(
  fc.double({ min: 0, max: 1, noNaN: true }).map((f) => {
    const t = exampleText();
    const at = Math.floor(f * (t.length - 2));
    return { what: `truncated at ${at}`, bytes: Buffer.from(t.slice(0, at)) };
  }),
  fc.constantFrom<DamagedJson>(
    { what: 'empty', bytes: Buffer.alloc(0) },
    { what: 'whitespace', bytes: Buffer.from(' \n\t ') },
    { what: 'BOM only', bytes: Buffer.from('\ufeff') },
    { what: 'NUL bytes', bytes: Buffer.alloc(64) },
    { what: 'invalid UTF-8', bytes: Buffer.from([0x7b, 0xff, 0xfe, 0x22, 0x7d]) },
    { what: 'an array', bytes: Buffer.from('[{"schemaVersion":1}]') },
    { what: 'a string', bytes: Buffer.from('"schemaVersion"') },
    { what: 'null', bytes: Buffer.from('null') },
    { what: 'a number', bytes: Buffer.from('1') },
    { what: 'no schemaVersion', bytes: Buffer.from('{"overview":{"customerName":"x"}}') },
    { what: 'schemaVersion "1"', bytes: Buffer.from('{"schemaVersion":"1","overview":{"customerName":"x"}}') },
    { what: 'schemaVersion 2', bytes: Buffer.from('{"schemaVersion":2,"overview":{"customerName":"x"}}') },
    { what: 'schemaVersion null', bytes: Buffer.from('{"schemaVersion":null}') },
    { what: 'schemaVersion 0', bytes: Buffer.from('{"schemaVersion":0}') },
    { what: 'a JSON error with control characters in its snippet', bytes: Buffer.from('{"schemaVersion": 1, x\r\u001b[2J\u0007}') },
    {
      what: 'nested 100,000 deep',
      bytes: Buffer.from(`{"schemaVersion":1,"overview":{"customerName":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`),
    },
    { what: 'UTF-16 text', bytes: Buffer.from(`\ufeff${'{"schemaVersion":1}'}`, 'utf16le') },
    { what: 'a zip', bytes: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]) },
  ),
);

/** An .xlsx damaged as bytes: cut at an offset, bytes overwritten, or other bytes altogether. */
export function damagedXlsx(good: Buffer): fc.Arbitrary<{ what: string; bytes: Buffer }> {
  return fc.oneof(
    fc.integer({ min: 0, max: good.length - 1 }).map((at) => ({ what: `truncated at ${at}`, bytes: good.subarray(0, at) })),
    fc
      .array(fc.tuple(fc.integer({ min: 0, max: good.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 20 })
      .map((edits) => {
        const b = Buffer.from(good);
        for (const [at, v] of edits) b[at] = v;
        return { what: `${edits.length} bytes overwritten`, bytes: b };
      }),
    fc.uint8Array({ minLength: 0, maxLength: 5000 }).map((a) => ({ what: `${a.length} random bytes`, bytes: Buffer.from(a) })),
    fc.uint8Array({ minLength: 0, maxLength: 3000 }).map((a) => ({
      what: `zip header and ${a.length} random bytes`,
      bytes: Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from(a)]),
    })),
  );
}

// ------------------------------------------------------------------ nothing lost

const TABLES: Array<{ path: Path; fields: FieldDef[]; fixed?: string }> = [
  { path: ['keyPeople'], fields: KEY_PEOPLE_FORM.table.fields },
  { path: ['roleMap'], fields: ROLE_MAP_FORM.table.fields, fixed: 'role' },
  ...OVERVIEW_FORM.blocks.filter((b) => b.kind === 'table').map((b) => ({ path: ['overview', b.path[0]] as Path, fields: b.fields })),
];

/** Whether a table row holds a value a workbook shows (rows holding nothing, or only their fixed role, are not kept: forms.md §10). */
function rowIsKept(row: unknown, fields: FieldDef[], fixed?: string): boolean {
  if (row === null || typeof row !== 'object' || Array.isArray(row)) return false;
  return fields.some((f) => f.id !== fixed && Object.hasOwn(row, f.id) && !isBlankValue((row as Record<string, unknown>)[f.id]));
}

/** The path a raw path has in the export: table rows move up past rows that are not kept. Undefined when the row is not kept. */
function exportedPath(raw: unknown, path: Path): Path | undefined {
  for (const t of TABLES) {
    if (path.length > t.path.length && t.path.every((k, i) => path[i] === k) && typeof path[t.path.length] === 'number') {
      const list = getAt(raw, t.path);
      const i = path[t.path.length] as number;
      if (!Array.isArray(list) || !rowIsKept(list[i], t.fields, t.fixed)) return undefined;
      const kept = list.slice(0, i).filter((r) => rowIsKept(r, t.fields, t.fixed)).length;
      return [...t.path, kept, ...path.slice(t.path.length + 1)];
    }
  }
  return path;
}

/** Every leaf holding a value (not blank), with its path. */
function filledLeaves(v: unknown, prefix: Path = []): Array<[Path, unknown]> {
  if (v !== null && typeof v === 'object') {
    const entries: Array<[string | number, unknown]> = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v);
    return entries.flatMap(([k, x]) => filledLeaves(x, [...prefix, k]));
  }
  return isBlankValue(v) ? [] : [[prefix, v]];
}

/**
 * The values of a raw account that its export lost without a word: every
 * filled leaf must come back at its place (a mark in its stored half-width
 * form), unless validation reported a problem at it or at one of its
 * ancestors (a value of the wrong type, a list too long, an unknown field).
 * A role-map row holding only its role is the template's empty row (forms.md §10).
 */
export function silentlyLost(raw: unknown, exported: unknown, problems: Array<{ path: string }>): string[] {
  const lost: string[] = [];
  const covered = (p: string) => problems.some((x) => x.path === p || p.startsWith(`${x.path}.`));
  for (const [path, v] of filledLeaves(raw)) {
    const p = dot(path);
    if (covered(p)) continue;
    const to = exportedPath(raw, path);
    if (!to) {
      if (path[0] === 'roleMap' && path[2] === 'role') continue;
      lost.push(`${p}: its row is gone`);
      continue;
    }
    const want =
      leafAt(path)?.type === 'mark' && typeof v === 'string' && MARKS.includes(v.trim())
        ? (({ '＋': '+', '－': '-', '？': '?' } as Record<string, string>)[v.trim()] ?? v.trim())
        : v;
    const got = getAt(exported, to);
    if (!same(got, want))
      lost.push(`${p}: ${JSON.stringify(want).slice(0, 60)} came back as ${JSON.stringify(got)?.slice(0, 60)} at ${dot(to)}`);
  }
  return lost;
}

/** Runs of each property, times FAULTS_SCALE (default 1; e.g. FAULTS_SCALE=20 for a long hunt). FAULTS_SEED fixes the samples of the file-based tests. */
export const runs = (n: number): number => Math.max(1, Math.round(n * Number(process.env.FAULTS_SCALE ?? 1)));

// ------------------------------------------------------------------ damaged workbooks (zip structure)

/** A change to the parts of an .xlsx zip: parts dropped, or a part's content replaced, cut or garbled. */
export interface ZipDamage {
  drop: number[];
  edits: Array<{ part: number; how: 'garbage' | 'cut' | 'empty' | 'not-xml'; at: number }>;
}

export const zipDamage: fc.Arbitrary<ZipDamage> = fc.record({
  drop: fc.array(fc.nat(), { maxLength: 3 }),
  edits: fc.array(
    fc.record({
      part: fc.nat(),
      how: fc.constantFrom<'garbage' | 'cut' | 'empty' | 'not-xml'>('garbage', 'cut', 'empty', 'not-xml'),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
    }),
    { maxLength: 3 },
  ),
});

/** The workbook with the damage done (a valid zip whose parts are wrong). */
export async function damageZip(good: Buffer, d: ZipDamage): Promise<Buffer> {
  const zip = await JSZip.loadAsync(good);
  const parts = Object.keys(zip.files).filter((n) => !zip.files[n].dir);
  for (const e of d.edits) {
    const name = parts[e.part % parts.length];
    const text = await (zip.file(name) as JSZip.JSZipObject).async('string');
    const at = Math.floor(e.at * text.length);
    const content =
      e.how === 'cut'
        ? text.slice(0, at)
        : e.how === 'empty'
          ? ''
          : e.how === 'not-xml'
            ? 'this is not xml <<<'
            : `${text.slice(0, at)}\u0000<\uFFFF&#xD800;<row r="0">${text.slice(at + 7)}`;
    zip.file(name, content);
  }
  for (const k of d.drop) zip.remove(parts[k % parts.length]);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** Named workbooks that are zips of the right shape but not (wholly) an account workbook, with whether they can be read. */
export async function oddWorkbooks(good: Buffer): Promise<Array<{ name: string; bytes: Buffer; readable: boolean; reason?: RegExp }>> {
  const edit = async (change: (zip: JSZip) => unknown, opts: JSZip.JSZipGeneratorOptions<'nodebuffer'> = {}) => {
    const zip = await JSZip.loadAsync(good);
    await change(zip);
    return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', ...opts });
  };
  const workbookXml = async (zip: JSZip, change: (xml: string) => string) =>
    zip.file('xl/workbook.xml', change(await (zip.file('xl/workbook.xml') as JSZip.JSZipObject).async('string')));
  const sheet = 'xl/worksheets/sheet3.xml'; // 关键人物
  const withRows = async (zip: JSZip, rows: number, extra = '') => {
    const xml = await (zip.file(sheet) as JSZip.JSZipObject).async('string');
    const out: string[] = [];
    for (let r = 10; r < 10 + rows; r++)
      out.push(
        `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>访客${r}${extra}</t></is></c><c r="B${r}"><v>1</v></c><c r="C${r}" t="inlineStr"><is><t>2026-01-01</t></is></c></row>`,
      );
    zip.file(sheet, xml.replace('</sheetData>', `${out.join('')}</sheetData>`));
  };
  return [
    {
      name: 'renamed-tab',
      bytes: await edit((z) => workbookXml(z, (x) => x.replace('name="关键人物"', 'name="关键人物 (2)"'))),
      readable: false,
      reason: /关键人物.*renamed or deleted|renamed or deleted.*关键人物/,
    },
    {
      name: 'missing-tabs',
      bytes: await edit((z) => workbookXml(z, (x) => x.replace(/<sheet [^>]*name="(角色分析|竞争力评估)"[^>]*\/>/g, ''))),
      readable: false,
      reason: /角色分析.*竞争力评估/,
    },
    {
      name: 'no-overview',
      bytes: await edit((z) => workbookXml(z, (x) => x.replace('name="客户全貌"', 'name="Sheet1"'))),
      readable: false,
      reason: /客户全貌/,
    },
    { name: 'no-workbook-part', bytes: await edit((z) => void z.remove('xl/workbook.xml')), readable: false },
    {
      name: 'only-content-types',
      bytes: await edit((z) => {
        for (const n of Object.keys(z.files)) if (n !== '[Content_Types].xml') z.remove(n);
      }),
      readable: false,
    },
    {
      name: 'no-glossary-no-meta',
      bytes: await edit((z) => workbookXml(z, (x) => x.replace(/<sheet [^>]*name="(术语对照|_ka_meta)"[^>]*\/>/g, ''))),
      readable: true,
    },
    {
      name: 'far-cell',
      bytes: await edit(async (z) =>
        z.file(
          sheet,
          (await (z.file(sheet) as JSZip.JSZipObject).async('string')).replace(
            '</sheetData>',
            '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>far</t></is></c></row></sheetData>',
          ),
        ),
      ),
      readable: true,
    },
    { name: '3000-visits', bytes: await edit((z) => withRows(z, 3000)), readable: true },
    {
      name: 'huge-sheet',
      bytes: await edit((z) => withRows(z, 200_000, ' a long note on this visit'), { compressionOptions: { level: 1 } }),
      readable: false,
      reason: /MB of sheet data/,
    },
  ];
}
