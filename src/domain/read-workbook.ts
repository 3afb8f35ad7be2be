import {
  ACTION_PLAN_FORM,
  COMPETITIVENESS_FORM,
  FORM_ORDER,
  type FormId,
  KEY_PEOPLE_FORM,
  OVERVIEW_FORM,
  ROLE_MAP_FORM,
  TEMPLATE_VERSION,
} from '../../sheets-templates/forms';
import type { FieldDef } from '../../sheets-templates/types';
import { type Account, ITEM_COUNT, type Row, SCHEMA_VERSION, UnreadableAccountError, type Value, emptyAccount } from './account';
import { a1 } from './a1';
import { BINDING_VERSION, type BoundArea, type DefinedName, bindingName, bound, boundAreas } from './bindings';
import {
  COMP,
  type GridValue,
  type InputType,
  META_TAB,
  OPP,
  TABLE_TAB,
  type TabLayout,
  tabNames,
  templateBindingNames,
  workbookLayout,
} from './layout';
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
  /** True when the workbook was read by its bindings; false: by its labels (a workbook made before bindings). */
  bound: boolean;
  /** Content of an input tab that no binding covers (a column a rep added, a note beside the form), by tab and cell. */
  unbound: CellLocation[];
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

/** Reads the rows fromRow..toRow of a table whose columns are known: blank rows skipped, each value located. */
function readRows(
  sheet: string,
  grid: GridValue[][],
  fields: FieldDef[],
  colOf: Map<string, number>,
  fromRow: number,
  toRow: number,
  pathOf: (i: number) => string,
  locations: Record<string, CellLocation>,
  isEmpty: (row: Row) => boolean = (r) => Object.keys(r).length === 0,
): Row[] {
  const cols = [...colOf.values()].filter((c) => c >= 0);
  const rows: Row[] = [];
  for (let r = fromRow; r <= Math.min(toRow, grid.length - 1); r++) {
    if (rowIsBlank(grid[r], cols)) continue;
    const row: Row = {};
    for (const f of fields) {
      const c = colOf.get(f.id) ?? -1;
      const v = c >= 0 ? fromCell(grid[r][c], f.type) : undefined;
      if (v !== undefined) row[f.id] = v;
    }
    if (isEmpty(row)) continue;
    const path = pathOf(rows.length);
    for (const f of fields) {
      const c = colOf.get(f.id) ?? -1;
      if (c >= 0 && locations !== NO_LOCATIONS) locations[`${path}.${f.id}`] = { sheet, cell: a1(r, c) };
    }
    rows.push(row);
  }
  return rows;
}

/** Reads a table whose header row holds the field labels; columns are found by label (a workbook made before bindings). */
function readTable(
  sheet: string,
  grid: GridValue[][],
  fields: FieldDef[],
  headerRow: number,
  endRow: number,
  pathOf: (i: number) => string,
  locations: Record<string, CellLocation>,
  isEmpty?: (row: Row) => boolean,
): Row[] {
  const header = grid[headerRow] ?? [];
  const colOf = new Map<string, number>();
  const found = fields.map((f) => header.findIndex((h) => labelsOf(f).includes(cleanLabel(h))));
  // A column not found by its label is at its template position, unless another field's label is there
  // (an older layout without this column: it has none, and the field reads as blank).
  fields.forEach((f, i) => colOf.set(f.id, found[i] >= 0 ? found[i] : found.includes(i) ? -1 : i));
  return readRows(sheet, grid, fields, colOf, headerRow + 1, endRow - 1, pathOf, locations, isEmpty);
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
        if (!rowOf.has(f.id) && r < end && ![...rowOf.values()].includes(r) && !known.includes(cleanLabel(grid[r]?.[0])))
          rowOf.set(f.id, r);
      });
      for (const f of block.fields) {
        const r = rowOf.get(f.id);
        if (r === undefined) continue;
        const v = fromCell(grid[r]?.[1], f.type);
        if (v !== undefined) obj[f.id] = v;
        if (locations !== NO_LOCATIONS) locations[`${prefix}.${f.id}`] = { sheet, cell: a1(r, 1) };
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

type Cell = [row: number, col: number];
const at = (grid: GridValue[][], [r, c]: Cell) => (r < 0 || c < 0 ? undefined : grid[r]?.[c]);
const loc = (sheet: string, [r, c]: Cell): CellLocation | undefined => (r < 0 || c < 0 ? undefined : { sheet, cell: a1(r, c) });

/** Where an opportunity tab's inputs are: from its bindings, or from the template's positions (a workbook made before bindings). */
interface OppPlaces {
  date: Cell;
  /** Row of each of the ten items. */
  rows: number[];
  mark: number;
  comment: number;
  weight: number;
}

interface CompPlaces {
  date: Cell;
  names: Cell[];
  rows: number[];
  us: number;
  /** Column of each competitor's marks. */
  marks: number[];
  comment: number;
  conclusions: Cell[];
}

function setLoc(locations: Record<string, CellLocation>, path: string, sheet: string, cell: Cell): void {
  if (locations === NO_LOCATIONS) return;
  const l = loc(sheet, cell);
  if (l) locations[path] = l;
}

function readOpportunity(
  sheet: string,
  grid: GridValue[][],
  account: Account,
  locations: Record<string, CellLocation>,
  p: OppPlaces,
): void {
  const opp = account.opportunity;
  const date = fromCell(at(grid, p.date), 'date');
  if (date !== undefined) opp.date = date;
  setLoc(locations, 'opportunity.date', sheet, p.date);
  const weights: Value[] = [];
  for (let i = 0; i < ITEM_COUNT; i++) {
    const r = p.rows[i];
    const item: { mark: Value; comment?: Value } = { mark: fromCell(at(grid, [r, p.mark]), 'mark') ?? '' };
    const comment = fromCell(at(grid, [r, p.comment]), 'text');
    if (comment !== undefined) item.comment = comment;
    opp.items[i] = item;
    weights.push(fromCell(at(grid, [r, p.weight]), 'weight'));
    setLoc(locations, `opportunity.items.${i}.mark`, sheet, [r, p.mark]);
    setLoc(locations, `opportunity.items.${i}.comment`, sheet, [r, p.comment]);
    setLoc(locations, `opportunity.weights.${i}`, sheet, [r, p.weight]);
  }
  if (weights.some((w) => w !== undefined)) opp.weights = weights.map((w) => (w === undefined ? null : w));
}

/** Rows of items 1–10 from `from` to `to`: found by the number in column `noCol`, else at their template position. */
function itemRows(grid: GridValue[][], from: number, to: number, noCol: number, firstItemRow: number): number[] {
  const rows: number[] = [];
  for (let i = 0; i < ITEM_COUNT; i++) {
    const no = i + 1;
    let found = -1;
    for (let r = from; r <= Math.min(to, grid.length - 1) && found < 0; r++)
      if (grid[r]?.[noCol] === no || grid[r]?.[noCol] === String(no)) found = r;
    rows.push(found >= 0 ? found : firstItemRow + i);
  }
  return rows;
}

function trimTrailingBlanks(list: Value[]): Value[] {
  const out = [...list];
  while (out.length && out[out.length - 1] === undefined) out.pop();
  return out.map((v) => (v === undefined ? '' : v));
}

function readCompetitiveness(
  sheet: string,
  grid: GridValue[][],
  account: Account,
  locations: Record<string, CellLocation>,
  p: CompPlaces,
): void {
  const comp = account.competitiveness;
  const date = fromCell(at(grid, p.date), 'date');
  if (date !== undefined) comp.date = date;
  setLoc(locations, 'competitiveness.date', sheet, p.date);
  comp.competitors = trimTrailingBlanks(
    p.names.map((cell, k) => {
      setLoc(locations, `competitiveness.competitors.${k}`, sheet, cell);
      return fromCell(at(grid, cell), 'text');
    }),
  );
  for (let i = 0; i < ITEM_COUNT; i++) {
    const r = p.rows[i];
    const marks = p.marks.map((c, k) => {
      setLoc(locations, `competitiveness.items.${i}.competitors.${k}`, sheet, [r, c]);
      return fromCell(at(grid, [r, c]), 'mark');
    });
    let competitors = trimTrailingBlanks(marks);
    while (competitors.length < comp.competitors.length) competitors.push('');
    competitors = competitors.map((m) => (m === undefined ? '' : m));
    const item: { us: Value; competitors: Value[]; comment?: Value } = { us: fromCell(at(grid, [r, p.us]), 'mark') ?? '', competitors };
    const comment = fromCell(at(grid, [r, p.comment]), 'text');
    if (comment !== undefined) item.comment = comment;
    comp.items[i] = item;
    setLoc(locations, `competitiveness.items.${i}.us`, sheet, [r, p.us]);
    setLoc(locations, `competitiveness.items.${i}.comment`, sheet, [r, p.comment]);
  }
  comp.conclusions = trimTrailingBlanks(
    p.conclusions.map((cell, k) => {
      setLoc(locations, `competitiveness.conclusions.${k}`, sheet, cell);
      return fromCell(at(grid, cell), 'longText');
    }),
  );
}

/** The template's places of the assessment inputs, items found by their number (a workbook made before bindings). */
function oppPlacesByLayout(grid: GridValue[][]): OppPlaces {
  const c = OPP.cols;
  return {
    date: [OPP.dateRow, OPP.valueCol],
    rows: itemRows(grid, OPP.firstItemRow - 1, grid.length, c.no, OPP.firstItemRow),
    mark: c.mark,
    comment: c.comment,
    weight: c.weight,
  };
}

function compPlacesByLayout(grid: GridValue[][]): CompPlaces {
  const c = COMP.cols;
  const n = COMPETITIVENESS_FORM.maxCompetitors;
  const comps = Array.from({ length: n }, (_, k) => c.firstCompetitor + k);
  // Conclusions: found by their label (结论…), else at their template rows.
  const labels = [COMPETITIVENESS_FORM.conclusionLabel.zh, COMPETITIVENESS_FORM.conclusionLabel.en];
  const found = grid.map((row, r) => (labels.some((l) => cleanLabel(row?.[0]).startsWith(l)) ? r : -1)).filter((r) => r >= 0);
  const rows = found.length >= 2 ? found.slice(0, 2) : COMP.conclusionRows;
  return {
    date: [COMP.dateRow, COMP.valueCol],
    names: comps.map((col): Cell => [COMP.namesRow, col]),
    rows: itemRows(grid, COMP.firstItemRow - 1, grid.length, c.no, COMP.firstItemRow),
    us: c.us,
    marks: comps,
    comment: c.comment,
    conclusions: rows.map((r): Cell => [r, c.standard]),
  };
}

/** The tabs an account workbook cannot do without (the glossary and the hidden meta tab it can). */
const FORM_TABS: FormId[] = ['keyPeople', 'roleMap', 'opportunity', 'competitiveness', 'actionPlan'];

/** Those of `forms` a workbook of a template version has (the action plan came with version 3). */
function formsOf(templateVersion: number, forms: FormId[]): FormId[] {
  return templateVersion >= ACTION_PLAN_FORM.since ? forms : forms.filter((f) => f !== 'actionPlan');
}

/** The table tabs, one row per entry. */
const TABLE_FORMS = { keyPeople: KEY_PEOPLE_FORM, roleMap: ROLE_MAP_FORM, actionPlan: ACTION_PLAN_FORM };
type TableForm = keyof typeof TABLE_FORMS;

/** A table's rows into the account (an action plan only when it has a row: accounts before it have none). */
function putTable(account: Account, form: TableForm, rows: Row[]): void {
  if (form !== 'actionPlan') account[form] = rows;
  else if (rows.length) account.actionPlan = rows;
}

/** What the meta tab says: template version (1 when it does not say), binding version (0: none). */
export function workbookMeta(grids: Grids): { templateVersion: number; bindingVersion: number } {
  const meta = grids[META_TAB];
  const num = (key: string, dflt: number) => {
    const v = meta?.find((r) => r?.[0] === key)?.[1];
    const n = typeof v === 'number' ? v : Number(v);
    return Number.isFinite(n) && n > 0 ? n : dflt;
  };
  return { templateVersion: num('templateVersion', 1), bindingVersion: num('bindingVersion', 0) };
}

/** A workbook a newer ka-sales made cannot be read right by this one (a field it does not know would be dropped). */
function refuseNewer(meta: { templateVersion: number; bindingVersion: number }): void {
  if (meta.templateVersion > TEMPLATE_VERSION || meta.bindingVersion > BINDING_VERSION) {
    const v =
      meta.templateVersion > TEMPLATE_VERSION
        ? `template version ${meta.templateVersion}; this ka-sales knows up to ${TEMPLATE_VERSION}`
        : `binding version ${meta.bindingVersion}; this ka-sales knows up to ${BINDING_VERSION}`;
    throw new UnreadableAccountError(`made by a newer ka-sales (${v}): update ka-sales to read it`);
  }
}

/**
 * Reads an account from its workbook's tabs and the workbook's defined names.
 * A workbook with bindings is read by them (bindings.ts); one made before
 * bindings, by its labels. Throws UnreadableAccountError when it is not an
 * account workbook, when a form tab is missing (renamed or deleted), or when
 * a newer ka-sales made it.
 */
export function readAccountFromGrids(grids: Grids, names: DefinedName[] = [], options: ReadOptions = {}): ReadResult {
  return readAccount(grids, names, options, options.unbound === false ? null : unboundContent);
}

/**
 * readAccountFromGrids with `unbound: false`, in a function that does not refer to the unbound-content search: a
 * bundle that reads only with it (the custom functions' Code.js) leaves that search out, and with it the template's
 * whole layout, which the search lays out to know the template's own texts.
 */
export function readAccountOnly(grids: Grids, names: DefinedName[], options: Pick<ReadOptions, 'locations'> = {}): ReadResult {
  return readAccount(grids, names, options, null);
}

/** The search for content no binding covers (unboundContent), or null to leave it out. */
type UnboundSearch = typeof unboundContent | null;

function readAccount(grids: Grids, names: DefinedName[], options: ReadOptions, search: UnboundSearch): ReadResult {
  const meta = workbookMeta(grids);
  refuseNewer(meta);
  const areas = boundAreas(names);
  if (meta.bindingVersion > 0 && bindingsComplete(grids, areas, meta.templateVersion))
    return readByBindings(grids, areas, meta.templateVersion, options, search);
  return readByLabels(grids, meta.templateVersion);
}

/**
 * The tabs readAccountFromGrids reads of a workbook with these defined names: the meta tab, the form tabs by their
 * names in either language (a workbook made before bindings is read by them), and every tab a form's binding is on.
 * An adapter need not read any other tab (the glossary; the .xlsx health tab, output only): the account read, its
 * locations and its unbound content are the same without them.
 */
export function accountTabs(names: DefinedName[]): (tab: string) => boolean {
  const tabs = new Set<string>([META_TAB, ...INPUT_FORMS.flatMap(tabNames)]);
  const prefixes = INPUT_FORMS.map((f) => bindingName(f, '').toLowerCase());
  for (const n of names) {
    const name = n.name.toLowerCase();
    if (n.sheet !== null && prefixes.some((p) => name.startsWith(p))) tabs.add(n.sheet);
  }
  return (tab) => tabs.has(tab);
}

export interface ReadOptions {
  /**
   * false: leave out the search for content no binding covers (`unbound`: empty), which only validation reports. The
   * account read is the same; a custom function that only scores it saves going over every cell of every tab.
   */
  unbound?: boolean;
  /** false: leave out where each value is (`locations`: empty), which only messages need. The account read is the same. */
  locations?: boolean;
}

/** Where a read asked for no locations records them: nowhere (each place that would record one checks for it first). */
const NO_LOCATIONS: Record<string, CellLocation> = {};

/**
 * Whether a workbook's bindings describe it. One of the current template has every binding of the current forms,
 * each on a tab of the workbook; one that lacks some was broken by a program (a defined name cut in two, dropped on
 * save), and its labels still describe it. One of an older template lacks the bindings of the fields added since —
 * they have no cell in it — and is read by the bindings it has, as long as every form tab has some: a value in a cell
 * no binding covers is reported (`unbound-content`), never dropped.
 */
function bindingsComplete(grids: Grids, areas: Map<string, BoundArea>, templateVersion: number): boolean {
  const onTab = (name: string) => !!grids[areas.get(name.toLowerCase())?.sheet ?? ''];
  // The bindings of the workbook's template version: a block or tab added since has none in it.
  const wanted = templateBindingNames()
    .filter((n) => (n.since ?? 0) <= templateVersion)
    .map((n) => n.name);
  if (templateVersion >= TEMPLATE_VERSION) return wanted.every(onTab);
  const formOf = (name: string) => FORM_ORDER.find((f) => name.toLowerCase().startsWith(bindingName(f, '').toLowerCase()));
  const forms = new Set(wanted.map(formOf));
  return [...forms].every((f) => wanted.some((n) => formOf(n) === f && onTab(n)));
}

/** A workbook made before bindings: tabs found by name, fields by their labels, else at their template position. */
function readByLabels(grids: Grids, templateVersion: number): ReadResult {
  const overview = findTab(grids, 'overview');
  if (!overview) {
    throw new UnreadableAccountError(`not a ka-sales account workbook: it has no tab named ${tabNames('overview').join(' / ')}`);
  }
  // A form tab renamed or deleted would read as an empty form, and its values would silently go missing from scores and exports.
  const missing = formsOf(templateVersion, FORM_TABS).filter((form) => !findTab(grids, form));
  if (missing.length)
    throw new UnreadableAccountError(
      `not a ka-sales account workbook: tab missing (renamed or deleted?): ${missing.map((f) => tabNames(f).join(' / ')).join(', ')}`,
    );
  const account = emptyAccount();
  account.schemaVersion = SCHEMA_VERSION;
  const locations: Record<string, CellLocation> = {};
  readOverview(overview[0], overview[1], account, locations);
  for (const form of ['keyPeople', 'roleMap', 'actionPlan'] as const) {
    // A workbook made before the action plan has no such tab.
    const [name, grid] = findTab(grids, form) ?? ['', []];
    const fields = TABLE_FORMS[form].table.fields;
    const rows = readTable(
      name,
      grid,
      fields,
      TABLE_TAB.headerRow,
      grid.length,
      (i) => `${form}.${i}`,
      locations,
      form === 'roleMap' ? roleSlot : undefined,
    );
    putTable(account, form, rows);
  }
  const opp = findTab(grids, 'opportunity') as [string, GridValue[][]];
  readOpportunity(opp[0], opp[1], account, locations, oppPlacesByLayout(opp[1]));
  const comp = findTab(grids, 'competitiveness') as [string, GridValue[][]];
  readCompetitiveness(comp[0], comp[1], account, locations, compPlacesByLayout(comp[1]));
  return { account, locations, templateVersion, bound: false, unbound: [] };
}

/** A role-map row holding nothing but its role is an empty slot of the template. */
const roleSlot = (r: Row) => Object.keys(r).every((k) => k === 'role');

// ------------------------------------------------------------------ by bindings

const INPUT_FORMS: FormId[] = ['overview', ...FORM_TABS];

/** The tab a form's bindings are on. */
function formSheet(areas: Map<string, BoundArea>, grids: Grids, form: FormId): string {
  const prefix = bindingName(form, '').toLowerCase();
  for (const [name, a] of areas) if (name.startsWith(prefix) && grids[a.sheet]) return a.sheet;
  throw new UnreadableAccountError(`not a ka-sales account workbook: tab missing (renamed or deleted?): ${tabNames(form).join(' / ')}`);
}

/** A table by its column bindings: every row of the columns' ranges (a row inserted inside is in them). */
function readBoundTable(
  sheet: string,
  grid: GridValue[][],
  fields: FieldDef[],
  area: (f: FieldDef) => BoundArea | undefined,
  pathOf: (i: number) => string,
  locations: Record<string, CellLocation>,
  isEmpty?: (row: Row) => boolean,
): Row[] {
  const cols = fields.map(area).filter((a): a is BoundArea => !!a && a.sheet === sheet);
  if (!cols.length) return [];
  const colOf = new Map(fields.map((f) => [f.id, area(f)?.sheet === sheet ? (area(f) as BoundArea).col1 : -1]));
  return readRows(
    sheet,
    grid,
    fields,
    colOf,
    Math.min(...cols.map((a) => a.row1)),
    Math.max(...cols.map((a) => a.row2)),
    pathOf,
    locations,
    isEmpty,
  );
}

function readByBindings(
  grids: Grids,
  areas: Map<string, BoundArea>,
  templateVersion: number,
  options: ReadOptions,
  search: UnboundSearch,
): ReadResult {
  const forms = formsOf(templateVersion, INPUT_FORMS);
  const sheets = Object.fromEntries(forms.map((f) => [f, formSheet(areas, grids, f)])) as Record<FormId, string>;
  const account = emptyAccount();
  account.schemaVersion = SCHEMA_VERSION;
  const locations: Record<string, CellLocation> = options.locations === false ? NO_LOCATIONS : {};
  const ov = account.overview as Record<string, unknown>;
  const ovSheet = sheets.overview;
  for (const block of OVERVIEW_FORM.blocks) {
    const prefix = ['overview', ...block.path].join('.');
    const area = (f: FieldDef) => bound(areas, 'overview', block.id, f.id);
    if (block.kind === 'fields') {
      const obj: Row = {};
      for (const f of block.fields) {
        const a = area(f);
        if (!a || a.sheet !== ovSheet) continue;
        const v = fromCell(grids[ovSheet][a.row1]?.[a.col1], f.type);
        if (v !== undefined) obj[f.id] = v;
        if (locations !== NO_LOCATIONS) locations[`${prefix}.${f.id}`] = { sheet: ovSheet, cell: a1(a.row1, a.col1) };
      }
      if (block.path.length === 0) Object.assign(ov, obj);
      else if (Object.keys(obj).length) ov[block.path[0]] = obj;
    } else {
      const rows = readBoundTable(ovSheet, grids[ovSheet], block.fields, area, (i) => `${prefix}.${i}`, locations);
      if (rows.length) ov[block.path[0]] = rows;
    }
  }
  for (const form of (['keyPeople', 'roleMap', 'actionPlan'] as const).filter((f) => forms.includes(f))) {
    const def = TABLE_FORMS[form];
    // These tables own their tab below the header: rows appended anywhere below the room are visits too.
    for (const f of def.table.fields) {
      const a = bound(areas, form, f.id);
      if (a && a.sheet === sheets[form]) a.row2 = Math.max(a.row2, grids[a.sheet].length - 1);
    }
    const rows = readBoundTable(
      sheets[form],
      grids[sheets[form]],
      def.table.fields,
      (f) => bound(areas, form, f.id),
      (i) => `${form}.${i}`,
      locations,
      form === 'roleMap' ? roleSlot : undefined,
    );
    putTable(account, form, rows);
  }
  const holes = new Set<string>();
  const opp = oppPlacesByBindings(grids[sheets.opportunity], areas, holes);
  readOpportunity(sheets.opportunity, grids[sheets.opportunity], account, locations, opp);
  const comp = compPlacesByBindings(grids[sheets.competitiveness], areas, holes);
  readCompetitiveness(sheets.competitiveness, grids[sheets.competitiveness], account, locations, comp);
  const unbound = search ? search(grids, Object.values(sheets), areas, holes, templateVersion < TEMPLATE_VERSION) : [];
  for (const u of unbound) if (locations !== NO_LOCATIONS) locations[unboundPath(u)] = u;
  return { account, locations: locations === NO_LOCATIONS ? {} : locations, templateVersion, bound: true, unbound };
}

/** The account path a validation problem about unbound content carries (its location is the cell). */
export function unboundPath(l: CellLocation): string {
  return `unbound.${l.sheet}!${l.cell}`;
}

const first = (a: BoundArea | undefined): Cell => (a ? [a.row1, a.col1] : [-1, -1]);
const col = (a: BoundArea | undefined) => (a ? a.col1 : -1);

/**
 * The rows of the ten items: found by their number in the bound item-number column. Cells of the item columns
 * in any other row of their range (a row a rep inserted among the items) are not an item's: they go to `holes`.
 */
function boundItemRows(
  grid: GridValue[][],
  form: string,
  areas: Map<string, BoundArea>,
  itemAreas: Array<BoundArea | undefined>,
  holes: Set<string>,
): number[] {
  const no = bound(areas, form, 'no');
  const from = no?.row1 ?? 0;
  const rows = itemRows(grid, from, no?.row2 ?? -1, col(no), from);
  for (const a of itemAreas) {
    if (!a || !no) continue;
    for (let r = a.row1; r <= a.row2; r++) if (!rows.includes(r)) for (let c = a.col1; c <= a.col2; c++) holes.add(`${a.sheet}!${r},${c}`);
  }
  return rows;
}

function oppPlacesByBindings(grid: GridValue[][], areas: Map<string, BoundArea>, holes: Set<string>): OppPlaces {
  const b = (k: string) => bound(areas, 'opportunity', k);
  const rows = boundItemRows(grid, 'opportunity', areas, [b('mark'), b('comment'), b('weight')], holes);
  return { date: first(b('date')), rows, mark: col(b('mark')), comment: col(b('comment')), weight: col(b('weight')) };
}

function compPlacesByBindings(grid: GridValue[][], areas: Map<string, BoundArea>, holes: Set<string>): CompPlaces {
  const b = (k: string) => bound(areas, 'competitiveness', k);
  const n = COMPETITIVENESS_FORM.maxCompetitors;
  const names = b('competitors');
  const marks = b('marks');
  const rows = boundItemRows(grid, 'competitiveness', areas, [b('us'), marks, b('comment')], holes);
  return {
    date: first(b('date')),
    names: Array.from({ length: n }, (_, k): Cell => (names && names.col1 + k <= names.col2 ? [names.row1, names.col1 + k] : [-1, -1])),
    rows,
    us: col(b('us')),
    marks: Array.from({ length: n }, (_, k) => (marks && marks.col1 + k <= marks.col2 ? marks.col1 + k : -1)),
    comment: col(b('comment')),
    conclusions: Array.from({ length: COMPETITIVENESS_FORM.conclusionsAfter.length }, (_, k) => first(b(`conclusion${k + 1}`))),
  };
}

/** The template's texts, laid out once: they depend on the forms' definitions only. */
let templateTextsMemo: Set<string> | undefined;

/** Every text the template itself puts on the form tabs (titles, labels, headers, item numbers), in both locales. */
function templateTexts(): Set<string> {
  if (templateTextsMemo) return templateTextsMemo;
  const out = new Set<string>();
  for (const locale of ['zh', 'en'] as const) {
    for (const tab of workbookLayout(emptyAccount(), locale))
      for (const c of tab.cells) if (c.kind !== 'input' && c.value !== null) out.add(String(c.value).trim());
  }
  templateTextsMemo = out;
  return out;
}

/** Non-blank cells of the form tabs outside every binding (and not template text): content the reader would otherwise drop. */
/**
 * Where a binding's label sits in a workbook of an older template: left of a field's cell, above a column. Its text
 * may be one the forms have renamed since (labels are cosmetic), so there it is a label, not content.
 */
function labelCells(rects: BoundArea[]): Set<string> {
  const out = new Set<string>();
  for (const a of rects) {
    if (a.row1 === a.row2 && a.col1 === a.col2) {
      if (a.col1 > 0) out.add(`${a.row1},${a.col1 - 1}`);
    } else if (a.row1 > 0) out.add(`${a.row1 - 1},${a.col1}`);
  }
  return out;
}

function unboundContent(grids: Grids, sheets: string[], areas: Map<string, BoundArea>, holes: Set<string>, older: boolean): CellLocation[] {
  const texts = templateTexts();
  const out: CellLocation[] = [];
  for (const sheet of [...new Set(sheets)]) {
    const rects = [...areas.values()].filter((a) => a.sheet === sheet);
    const labels = older ? labelCells(rects) : new Set<string>();
    grids[sheet].forEach((row, r) =>
      (row ?? []).forEach((v, c) => {
        if (fromCell(v, 'text') === undefined || texts.has(String(v).trim()) || labels.has(`${r},${c}`)) return;
        const covered = rects.some((a) => r >= a.row1 && r <= a.row2 && c >= a.col1 && c <= a.col2) && !holes.has(`${sheet}!${r},${c}`);
        if (!covered) out.push({ sheet, cell: a1(r, c) });
      }),
    );
  }
  return out;
}

/** The values of laid-out tabs as 2-D arrays (what a reader would get back; score cells blank). */
export function layoutToGrids(tabs: TabLayout[]): Grids {
  const grids: Grids = {};
  for (const t of tabs) {
    // Loops, not Math.max(...cells): a tab's cells grow with the account.
    const rows = t.cells.reduce((m, c) => Math.max(m, c.row + 1), 0);
    const cols = t.cells.reduce((m, c) => Math.max(m, c.col + 1), Math.max(1, t.widths.length));
    const g: GridValue[][] = Array.from({ length: rows }, () => Array<GridValue>(cols).fill(null));
    for (const c of t.cells) if (!c.formula) g[c.row][c.col] = c.value;
    grids[t.name] = g;
  }
  return grids;
}

/** The bindings of laid-out tabs, as a reader finds them in a file. */
export function layoutNames(tabs: TabLayout[]): DefinedName[] {
  return tabs.flatMap((t) =>
    (t.names ?? []).map((n) => {
      const { row1, col1, row2, col2 } = n.range;
      return { name: n.name, sheet: t.name, ref: row1 === row2 && col1 === col2 ? a1(row1, col1) : `${a1(row1, col1)}:${a1(row2, col2)}` };
    }),
  );
}

/** Where the account path sits, if the workbook has it. */
export function locate(result: ReadResult, path: string): CellLocation | undefined {
  return result.locations[path];
}
