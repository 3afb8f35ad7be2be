import type { RangeRef } from './layout';

/**
 * Bindings: every workbook says where its inputs are. The layout names each
 * input area (`NamedArea`), the adapters write the names into the file (.xlsx
 * defined names, Google Sheets named ranges), and spreadsheet programs move
 * them when a user inserts or deletes rows and columns — so the reader finds
 * every field where it is now, whatever the labels say.
 *
 * Names (format version BINDING_VERSION, written to the meta tab):
 * - `ka_overview_<block>_<field>`: a form field's value cell, or a table
 *   column over its rows;
 * - `ka_keyPeople_<field>`, `ka_roleMap_<field>`: a table column over its rows
 *   and the room below them (a row inserted inside is in the table);
 * - `ka_opportunity_{date,no,mark,comment,weight}`,
 *   `ka_competitiveness_{date,competitors,no,us,marks,comment,conclusion1,conclusion2}`:
 *   the assessment inputs; `no` is the item-number column that identifies each item's row;
 * - `ka_<form>_out_<what>`: cells we fill (scores, a copy of the customer
 *   name, an adapter's helper columns): not inputs, not the rep's content;
 * - `ka_health_asOf`, `ka_health_out_{verdict,flags,helpers}`: the .xlsx
 *   account-health tab (src/xlsx/render-health.ts), an output tab the
 *   reader never reads.
 */

/** The binding format's version: a workbook with a greater one was made by a newer ka-sales. */
export const BINDING_VERSION = 1;

export const NAME_PREFIX = 'ka_';
export const OUTPUT = 'out';

export function bindingName(form: string, ...parts: string[]): string {
  return [`${NAME_PREFIX}${form}`, ...parts].join('_');
}

/** A defined name as a reader finds it in a file: `ref` like `B3` or `A5:Z304` (no `$`), `sheet` unquoted (null: workbook-wide / unknown). */
export interface DefinedName {
  name: string;
  sheet: string | null;
  ref: string;
  /** The area already in numbers (a reader that has them: the Sheets meta tab's places); `ref` then only says it. */
  range?: RangeRef;
}

/** A bound area: the tab it is on and its cells (0-based, inclusive). */
export interface BoundArea extends RangeRef {
  sheet: string;
}

function colIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + ch.charCodeAt(0) - 64;
  return n - 1;
}

/** `B3` or `A5:Z304` (an optional `$` anywhere) → 0-based range; undefined for anything else (`#REF!`, a whole column…). */
export function parseRef(ref: string): RangeRef | undefined {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?([A-Za-z]{1,3})\$?(\d+))?$/.exec(ref.trim());
  if (!m) return undefined;
  const [r1, c1] = [Number(m[2]) - 1, colIndex(m[1])];
  const [r2, c2] = m[3] ? [Number(m[4]) - 1, colIndex(m[3])] : [r1, c1];
  return { row1: Math.min(r1, r2), col1: Math.min(c1, c2), row2: Math.max(r1, r2), col2: Math.max(c1, c2) };
}

/** The workbook's own names (`ka_…`), by name (case-insensitive as in every spreadsheet program), resolved to areas. */
export function boundAreas(names: DefinedName[]): Map<string, BoundArea> {
  const out = new Map<string, BoundArea>();
  for (const n of names) {
    if (!n.sheet || !n.name.toLowerCase().startsWith(NAME_PREFIX)) continue;
    const r = n.range ?? parseRef(n.ref);
    if (r) out.set(n.name.toLowerCase(), { sheet: n.sheet, ...r });
  }
  return out;
}

/** An area by its name (see the list above). */
export function bound(areas: Map<string, BoundArea>, form: string, ...parts: string[]): BoundArea | undefined {
  return areas.get(bindingName(form, ...parts).toLowerCase());
}

/**
 * Columns (0-based) of a table's fields by their bindings on `sheet`: each field bound there (a field the forms added
 * since the workbook was made has none, and no column); undefined unless every `required` field is bound (a workbook
 * made before bindings).
 */
export function boundColumns(
  names: DefinedName[],
  form: string,
  fieldIds: string[],
  sheet: string,
  required: string[] = fieldIds,
): Record<string, number> | undefined {
  const areas = boundAreas(names);
  const out: Record<string, number> = {};
  for (const id of fieldIds) {
    const a = bound(areas, form, id);
    if (a && a.sheet === sheet) out[id] = a.col1;
  }
  return required.every((id) => out[id] !== undefined) ? out : undefined;
}
