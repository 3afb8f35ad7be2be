/**
 * The oracle of every round trip (JSON → .xlsx → JSON, JSON → Sheets → JSON):
 * what must come back for an account is what was typed, value for value and
 * type for type, changed only by the README's documented normalisations —
 * written here on their own, independently of the readers under test:
 *
 * - marks: full-width `＋ － ？` and marks with spaces around are stored as `+ - ?`;
 * - a blank value (null, '', absent) in a form or a row is omitted, and a row
 *   holding nothing is dropped (a role-map row holding only its role is an
 *   empty slot of the template); an empty table or sub-form is omitted;
 * - lists keep their positions: a blank mark is '', a blank competitor name
 *   or conclusion is '' (blanks at the end are dropped), a blank weight is
 *   null (ten weights, or none when all are blank);
 * - what a workbook has no place for is not kept (validation reports each):
 *   fields no form has, items beyond ten, competitors beyond three,
 *   conclusions beyond two.
 */
import { COMPETITIVENESS_FORM, KEY_PEOPLE_FORM, OVERVIEW_FORM, ROLE_MAP_FORM } from '../../sheets-templates/forms';
import type { FieldDef } from '../../sheets-templates/types';
import type { Account, Row, Value } from '../../src/domain/account';

const blank = (v: unknown) => v === null || v === undefined || v === '';

const WIDE: Record<string, string> = { '＋': '+', '－': '-', '？': '?' };

/** A mark as stored: trimmed full-width or half-width + - ? become half-width; blank is ''. */
export function storedMark(v: Value): Value {
  if (blank(v)) return '';
  if (typeof v !== 'string') return v;
  const t = v.trim();
  const m = WIDE[t] ?? t;
  return ['+', '-', '?', ''].includes(m) ? m : v;
}

function row(r: Row, fields: FieldDef[]): Row {
  const out: Row = {};
  for (const f of fields) if (!blank(r[f.id])) out[f.id] = r[f.id];
  return out;
}

function rows(list: Row[], fields: FieldDef[], slot?: string): Row[] {
  return list.map((r) => row(r, fields)).filter((r) => Object.keys(r).some((k) => k !== slot));
}

function trimmedList(list: Value[], limit: number): Value[] {
  const out = list.slice(0, limit).map((v) => (blank(v) ? '' : v));
  while (out.length && out[out.length - 1] === '') out.pop();
  return out;
}

/** The account a round trip must give back for `a` (already in the account shape: toAccount). */
export function asTyped(a: Account): Account {
  const overview: Account['overview'] = {};
  for (const block of OVERVIEW_FORM.blocks) {
    if (block.kind === 'table') {
      const t = rows((a.overview[block.path[0]] as Row[] | undefined) ?? [], block.fields);
      if (t.length) overview[block.path[0]] = t;
    } else if (block.path.length === 0) {
      Object.assign(overview, row(a.overview as Row, block.fields));
    } else {
      const o = row((a.overview[block.path[0]] as Row | undefined) ?? {}, block.fields);
      if (Object.keys(o).length) overview[block.path[0]] = o;
    }
  }
  const max = COMPETITIVENESS_FORM.maxCompetitors;
  const competitors = trimmedList(a.competitiveness.competitors, max);
  const opportunity: Account['opportunity'] = {
    items: a.opportunity.items
      .slice(0, 10)
      .map((it) => (blank(it.comment) ? { mark: storedMark(it.mark) } : { mark: storedMark(it.mark), comment: it.comment })),
  };
  if (!blank(a.opportunity.date)) opportunity.date = a.opportunity.date;
  const weights = Array.from({ length: 10 }, (_, i) => a.opportunity.weights?.[i]);
  if (weights.some((w) => !blank(w))) opportunity.weights = weights.map((w) => (blank(w) ? null : (w as Value)));
  const items = a.competitiveness.items.slice(0, 10).map((it) => {
    const marks = trimmedList(it.competitors.map(storedMark), max);
    while (marks.length < competitors.length) marks.push('');
    const out: Account['competitiveness']['items'][number] = { us: storedMark(it.us), competitors: marks };
    if (!blank(it.comment)) out.comment = it.comment;
    return out;
  });
  const competitiveness: Account['competitiveness'] = { competitors, items, conclusions: trimmedList(a.competitiveness.conclusions, 2) };
  if (!blank(a.competitiveness.date)) competitiveness.date = a.competitiveness.date;
  return {
    schemaVersion: a.schemaVersion,
    overview,
    keyPeople: rows(a.keyPeople, KEY_PEOPLE_FORM.table.fields),
    roleMap: rows(a.roleMap, ROLE_MAP_FORM.table.fields, 'role'),
    opportunity,
    competitiveness,
  };
}

/** An account as JSON carries it: key order does not matter to toEqual; -0 is 0. */
export const asJson = (v: unknown) => JSON.parse(JSON.stringify(v));
