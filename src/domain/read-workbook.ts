import {
  COMPETITIVENESS_FORM,
  type FormId,
  KEY_PEOPLE_FORM,
  OVERVIEW_FORM,
  ROLE_MAP_FORM,
} from '../../sheets-templates/forms';
import type { FieldDef } from '../../sheets-templates/types';
import { type Account, ITEM_COUNT, type Row, SCHEMA_VERSION, UnreadableAccountError, type Value, emptyAccount } from './account';
import { a1 } from './a1';
import { COMP, type GridValue, type InputType, META_TAB, OPP, TABLE_TAB, type TabLayout, tabNames } from './layout';
import { normalizeMark } from './marks';

/**
 * Gets an account back from the values of a workbook's tabs (the inverse of
 * the layout), as any adapter reads them: one 2-D array per tab, dates as ISO
 * text. Tolerant of what people do in a spreadsheet program: blank rows,
 * appended rows, numbers typed as text, dates as serial numbers, labels in
 * either locale. Every input read is located (tab and cell) for problems.
 */

export type Grids = Record<string, GridValue[][]>;
export interface CellLocation {
  sheet: string;
  cell: string;
}
export interface ReadResult {
  account: Account;
  /** Account path (as validation prints it) → where it is in the workbook. */
  locations: Record<string, CellLocation>;
  /** Template version the workbook says it was made from (1 when it does not say). */
  templateVersion: number;
}


/**
 * A cell's value as the account field holds it: the cell's own type, never
 * converted (text "2" or "1,5" in a number field stays text, and validation
 * says so; a number in a text field stays a number). Dates arrive as ISO text
 * from the adapters, which alone know a cell's format: only a serial in a cell
 * formatted as a date is a date. Marks are the one normalisation (full-width
 * and padded marks read as the mark). Empty text is blank → undefined.
 */
export function fromCell(v: GridValue | undefined, type: InputType | undefined): Value {
  if (v === null || v === undefined || v === '') return undefined;
  if (type === 'mark' && typeof v === 'string') return normalizeMark(v) as string;
  return v;
}

function cleanLabel(v: GridValue | undefined): string {
  return typeof v === 'string' ? v.replace(/\s*\*$/, '').trim() : '';
}

function labelsOf(f: { label: { zh: string; en: string } }): string[] {
  return [f.label.zh, f.label.en];
}

function findTab(grids: Grids, form: FormId): [string, GridValue[][]] | undefined {
  for (const name of tabNames(form)) if (grids[name]) return [name, grids[name]];
  return undefined;
}

function rowIsBlank(row: GridValue[] | undefined, cols: number[]): boolean {
  return !row || cols.every((c) => fromCell(row[c], 'text') === undefined);
}

/** Reads a table whose header row holds the field labels; columns are found by label. */
function readTable(
  sheet: string,
  grid: GridValue[][],
  fields: FieldDef[],
  headerRow: number,
  endRow: number,
  pathOf: (i: number) => string,
  locations: Record<string, CellLocation>,
  isEmpty: (row: Row) => boolean = (r) => Object.keys(r).length === 0,
): Row[] {
  const header = grid[headerRow] ?? [];
  const colOf = new Map<string, number>();
  const found = fields.map((f) => header.findIndex((h) => labelsOf(f).includes(cleanLabel(h))));
  // A column not found by its label is at its template position, unless another field's label is there
  // (an older layout without this column: it has none, and the field reads as blank).
  fields.forEach((f, i) => colOf.set(f.id, found[i] >= 0 ? found[i] : found.includes(i) ? -1 : i));
  const cols = [...colOf.values()].filter((c) => c >= 0);
  const rows: Row[] = [];
  for (let r = headerRow + 1; r < Math.min(endRow, grid.length); r++) {
    if (rowIsBlank(grid[r], cols)) continue;
    const row: Row = {};
    for (const f of fields) {
      const v = fromCell(grid[r][colOf.get(f.id) as number], f.type);
      if (v !== undefined) row[f.id] = v;
    }
    if (isEmpty(row)) continue;
    const path = pathOf(rows.length);
    for (const f of fields) {
      const c = colOf.get(f.id) as number;
      if (c >= 0) locations[`${path}.${f.id}`] = { sheet, cell: a1(r, c) };
    }
    rows.push(row);
  }
  return rows;
}

function readOverview(sheet: string, grid: GridValue[][], account: Account, locations: Record<string, CellLocation>): void {
  const titleRow = new Map<string, number>();
  const titlesOf = (b: { title: { zh: string; en: string } }) => [b.title.zh, b.title.en];
  const allTitles = OVERVIEW_FORM.blocks.flatMap(titlesOf);
  grid.forEach((row, r) => {
    const t = cleanLabel(row?.[0]);
    const block = OVERVIEW_FORM.blocks.find((b) => titlesOf(b).includes(t));
    if (block && !titleRow.has(block.id)) titleRow.set(block.id, r);
  });
  const starts = [...titleRow.values()].sort((a, b) => a - b);
  const endOf = (r: number) => starts.find((s) => s > r) ?? grid.length;
  const ov = account.overview as Record<string, unknown>;
  for (const block of OVERVIEW_FORM.blocks) {
    const start = titleRow.get(block.id);
    if (start === undefined) continue;
    const end = endOf(start);
    const prefix = ['overview', ...block.path].join('.');
    if (block.kind === 'fields') {
      const obj: Row = {};
      const rowOf = new Map<string, number>();
      for (let r = start + 1; r < end; r++) {
        const label = cleanLabel(grid[r]?.[0]);
        if (!label || allTitles.includes(label)) continue;
        const f = block.fields.find((x) => labelsOf(x).includes(label));
        if (f) rowOf.set(f.id, r);
      }
      // A field whose label is not found (renamed in the definitions since) is at its template row, unless another field's label is there.
      const known = block.fields.flatMap(labelsOf);
      block.fields.forEach((f, i) => {
        const r = start + 1 + i;
        if (!rowOf.has(f.id) && r < end && ![...rowOf.values()].includes(r) && !known.includes(cleanLabel(grid[r]?.[0]))) rowOf.set(f.id, r);
      });
      for (const f of block.fields) {
        const r = rowOf.get(f.id);
        if (r === undefined) continue;
        const v = fromCell(grid[r]?.[1], f.type);
        if (v !== undefined) obj[f.id] = v;
        locations[`${prefix}.${f.id}`] = { sheet, cell: a1(r, 1) };
      }
      // Fields never laid out (an older template) still get a location for "required".
      if (block.path.length === 0) Object.assign(ov, obj);
      else if (Object.keys(obj).length) ov[block.path[0]] = obj;
    } else {
      const rows = readTable(sheet, grid, block.fields, start + 1, end, (i) => `${prefix}.${i}`, locations);
      if (rows.length) ov[block.path[0]] = rows;
    }
  }
}

function readOpportunity(sheet: string, grid: GridValue[][], account: Account, locations: Record<string, CellLocation>): void {
  const c = OPP.cols;
  const opp = account.opportunity;
  const date = fromCell(grid[OPP.dateRow]?.[OPP.valueCol], 'date');
  if (date !== undefined) opp.date = date;
  locations['opportunity.date'] = { sheet, cell: a1(OPP.dateRow, OPP.valueCol) };
  const rowOf = itemRows(grid, OPP.firstItemRow);
  const weights: Value[] = [];
  for (let i = 0; i < ITEM_COUNT; i++) {
    const r = rowOf[i];
    const row = grid[r] ?? [];
    const item: { mark: Value; comment?: Value } = { mark: fromCell(row[c.mark], 'mark') ?? '' };
    const comment = fromCell(row[c.comment], 'text');
    if (comment !== undefined) item.comment = comment;
    opp.items[i] = item;
    weights.push(fromCell(row[c.weight], 'weight'));
    locations[`opportunity.items.${i}.mark`] = { sheet, cell: a1(r, c.mark) };
    locations[`opportunity.items.${i}.comment`] = { sheet, cell: a1(r, c.comment) };
    locations[`opportunity.weights.${i}`] = { sheet, cell: a1(r, c.weight) };
  }
  if (weights.some((w) => w !== undefined)) opp.weights = weights.map((w) => (w === undefined ? null : w));
}

/** Rows of items 1–10: found by the number in column A, else at their template position. */
function itemRows(grid: GridValue[][], firstItemRow: number): number[] {
  const rows: number[] = [];
  for (let i = 0; i < ITEM_COUNT; i++) {
    const no = i + 1;
    const found = grid.findIndex((row, r) => r >= firstItemRow - 1 && (row?.[0] === no || row?.[0] === String(no)));
    rows.push(found >= 0 ? found : firstItemRow + i);
  }
  return rows;
}

function trimTrailingBlanks(list: Value[]): Value[] {
  const out = [...list];
  while (out.length && out[out.length - 1] === undefined) out.pop();
  return out.map((v) => (v === undefined ? '' : v));
}

function readCompetitiveness(sheet: string, grid: GridValue[][], account: Account, locations: Record<string, CellLocation>): void {
  const c = COMP.cols;
  const comp = account.competitiveness;
  const date = fromCell(grid[COMP.dateRow]?.[COMP.valueCol], 'date');
  if (date !== undefined) comp.date = date;
  locations['competitiveness.date'] = { sheet, cell: a1(COMP.dateRow, COMP.valueCol) };
  const n = COMPETITIVENESS_FORM.maxCompetitors;
  const names: Value[] = [];
  for (let k = 0; k < n; k++) {
    names.push(fromCell(grid[COMP.namesRow]?.[c.firstCompetitor + k], 'text'));
    locations[`competitiveness.competitors.${k}`] = { sheet, cell: a1(COMP.namesRow, c.firstCompetitor + k) };
  }
  comp.competitors = trimTrailingBlanks(names);
  const rowOf = itemRows(grid, COMP.firstItemRow);
  for (let i = 0; i < ITEM_COUNT; i++) {
    const r = rowOf[i];
    const row = grid[r] ?? [];
    const marks: Value[] = [];
    for (let k = 0; k < n; k++) {
      marks.push(fromCell(row[c.firstCompetitor + k], 'mark'));
      locations[`competitiveness.items.${i}.competitors.${k}`] = { sheet, cell: a1(r, c.firstCompetitor + k) };
    }
    let competitors = trimTrailingBlanks(marks);
    while (competitors.length < comp.competitors.length) competitors.push('');
    competitors = competitors.map((m) => (m === undefined ? '' : m));
    const item: { us: Value; competitors: Value[]; comment?: Value } = { us: fromCell(row[c.us], 'mark') ?? '', competitors };
    const comment = fromCell(row[c.comment], 'text');
    if (comment !== undefined) item.comment = comment;
    comp.items[i] = item;
    locations[`competitiveness.items.${i}.us`] = { sheet, cell: a1(r, c.us) };
    locations[`competitiveness.items.${i}.comment`] = { sheet, cell: a1(r, c.comment) };
  }
  // Conclusions: found by their label (結论…), else at their template rows.
  const labels = [COMPETITIVENESS_FORM.conclusionLabel.zh, COMPETITIVENESS_FORM.conclusionLabel.en];
  const found = grid.map((row, r) => (labels.some((l) => cleanLabel(row?.[0]).startsWith(l)) ? r : -1)).filter((r) => r >= 0);
  const rows = found.length >= 2 ? found.slice(0, 2) : COMP.conclusionRows;
  const conclusions = rows.map((r, k) => {
    locations[`competitiveness.conclusions.${k}`] = { sheet, cell: a1(r, c.standard) };
    return fromCell(grid[r]?.[c.standard], 'longText');
  });
  comp.conclusions = trimTrailingBlanks(conclusions);
}

/** The tabs an account workbook cannot do without (the glossary and the hidden meta tab it can). */
const FORM_TABS: FormId[] = ['keyPeople', 'roleMap', 'opportunity', 'competitiveness'];

/**
 * Reads an account from its workbook's tabs. Throws UnreadableAccountError when
 * it is not an account workbook, or when a form tab is missing (renamed or deleted).
 */
export function readAccountFromGrids(grids: Grids): ReadResult {
  const overview = findTab(grids, 'overview');
  if (!overview) {
    throw new UnreadableAccountError(`not a ka-sales account workbook: it has no tab named ${tabNames('overview').join(' / ')}`);
  }
  // A form tab renamed or deleted would read as an empty form, and its values would silently go missing from scores and exports.
  const missing = FORM_TABS.filter((form) => !findTab(grids, form));
  if (missing.length) throw new UnreadableAccountError(`not a ka-sales account workbook: tab missing (renamed or deleted?): ${missing.map((f) => tabNames(f).join(' / ')).join(', ')}`);
  const account = emptyAccount();
  account.schemaVersion = SCHEMA_VERSION;
  const locations: Record<string, CellLocation> = {};
  readOverview(overview[0], overview[1], account, locations);

  const kp = findTab(grids, 'keyPeople');
  if (kp) {
    account.keyPeople = readTable(kp[0], kp[1], KEY_PEOPLE_FORM.table.fields, TABLE_TAB.headerRow, kp[1].length, (i) => `keyPeople.${i}`, locations);
  }
  const rm = findTab(grids, 'roleMap');
  if (rm) {
    // A row holding nothing but its role is an empty slot of the template.
    account.roleMap = readTable(rm[0], rm[1], ROLE_MAP_FORM.table.fields, TABLE_TAB.headerRow, rm[1].length, (i) => `roleMap.${i}`, locations, (r) =>
      Object.keys(r).every((k) => k === 'role'),
    );
  }
  const opp = findTab(grids, 'opportunity');
  if (opp) readOpportunity(opp[0], opp[1], account, locations);
  const comp = findTab(grids, 'competitiveness');
  if (comp) readCompetitiveness(comp[0], comp[1], account, locations);

  const meta = grids[META_TAB];
  const tv = meta?.find((r) => r?.[0] === 'templateVersion')?.[1];
  return { account, locations, templateVersion: typeof tv === 'number' ? tv : Number(tv) || 1 };
}

/** The values of laid-out tabs as 2-D arrays (what a reader would get back; score cells blank). */
export function layoutToGrids(tabs: TabLayout[]): Grids {
  const grids: Grids = {};
  for (const t of tabs) {
    const rows = Math.max(0, ...t.cells.map((c) => c.row + 1));
    const cols = Math.max(1, t.widths.length, ...t.cells.map((c) => c.col + 1));
    const g: GridValue[][] = Array.from({ length: rows }, () => Array<GridValue>(cols).fill(null));
    for (const c of t.cells) if (!c.formula) g[c.row][c.col] = c.value;
    grids[t.name] = g;
  }
  return grids;
}

/** Where the account path sits, if the workbook has it. */
export function locate(result: ReadResult, path: string): CellLocation | undefined {
  return result.locations[path];
}

