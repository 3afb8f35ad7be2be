import { FORM_ORDER, type FormId, OVERVIEW_FORM, ROLE_MAP_FORM, TEMPLATE_VERSION } from '../../sheets-templates/forms';
import { HEALTH_TAB } from '../../sheets-templates/health';
import type { Locale } from '../../sheets-templates/types';
import type { Account } from './account';
import { a1 } from './a1';
import { type GridValue, META_TAB, type RangeRef, TABLE_TAB, type TabLayout, tabName, tabNames, workbookLayout } from './layout';
import { type DefinedName, parseRef } from './bindings';
import { type Grids, fromCell, layoutNames, layoutToGrids, readAccountFromGrids, unboundPath } from './read-workbook';

/**
 * Template upgrades: a workbook made from an older definition of the forms
 * is read (the reader finds fields by their labels, so an older layout reads
 * fine), laid out again with the current definitions, and checked cell by
 * cell: every non-blank input value of the old workbook must come back,
 * equal, from the new layout. A value that would not (a column or a row the
 * current forms have no field for, a second value for one field) stops the
 * upgrade, named by tab and cell. Adapters write nothing before this says so.
 *
 * Input areas: on the overview, every cell of a section except its labels
 * (column A) and table headers; on the key-people, role-map and action-plan
 * tabs, every cell below the header row; on the assessment tabs, every cell of the form's
 * columns that the layout does not fill with a label or a score. The glossary
 * and the meta tab are template text; other tabs are not the account's and
 * are kept as they are by the adapters (`otherTabs`).
 */

/** A workbook of this template version is older than the forms of this version of ka-sales. */
export function needsUpgrade(templateVersion: number): boolean {
  return templateVersion < TEMPLATE_VERSION;
}

export interface LostValue {
  sheet: string;
  cell: string;
  value: GridValue;
  /** The column header or row label the value sits under, when there is one. */
  under?: string;
  /** What the new workbook would hold instead (absent: nothing). */
  becomes?: unknown;
}

export interface UpgradePlan {
  from: number;
  to: number;
  locale: Locale;
  /** The account as read from the old workbook: what the new one holds. */
  account: Account;
  /** Non-blank input values of the old workbook found, equal, in the new layout. */
  kept: number;
  /** Values the upgrade would lose or change: when any, it must not be done. */
  lost: LostValue[];
  /** Tabs holding something that are not the account's (kept as they are). */
  otherTabs: string[];
  /** The upgraded workbook's tabs. */
  tabs: TabLayout[];
}

/** The locale a workbook was made in: its meta tab says, else the overview tab's name. */
export function workbookLocale(grids: Grids): Locale {
  const v = grids[META_TAB]?.find((r) => r?.[0] === 'locale')?.[1];
  if (v === 'zh' || v === 'en') return v;
  return !grids[tabName('overview', 'zh')] && grids[tabName('overview', 'en')] ? 'en' : 'zh';
}

/** Every value of an account by path, as the reader's locations name them ('keyPeople.0.name'). */
export function accountValues(v: unknown, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) accountValues(x, prefix ? `${prefix}.${k}` : k, out);
  } else if (v !== undefined) out[prefix] = v;
  return out;
}

/** Paths whose values differ between two accounts (a value missing on one side counts). */
export function accountDifferences(a: Account, b: Account): string[] {
  const va = accountValues(a);
  const vb = accountValues(b);
  return [...new Set([...Object.keys(va), ...Object.keys(vb)])].filter((p) => va[p] !== vb[p]);
}

const clean = (v: GridValue | undefined) => (typeof v === 'string' ? v.replace(/\s*\*$/, '').trim() : '');
/** A cell holding something other than spaces (spaces alone are nothing to keep in a tab or cell no form has). */
const filled = (v: GridValue | undefined) => fromCell(v, 'text') !== undefined && !(typeof v === 'string' && v.trim() === '');

interface Candidate {
  row: number;
  col: number;
  under?: string;
}

/** Cells of the overview's input areas. */
function overviewCells(grid: GridValue[][]): Candidate[] {
  const blockAt = new Map<number, (typeof OVERVIEW_FORM.blocks)[number]>();
  const seen = new Set<string>();
  grid.forEach((row, r) => {
    const b = OVERVIEW_FORM.blocks.find((x) => [x.title.zh, x.title.en].includes(clean(row?.[0])));
    if (b && !seen.has(b.id)) {
      seen.add(b.id);
      blockAt.set(r, b);
    }
  });
  const out: Candidate[] = [];
  let block: (typeof OVERVIEW_FORM.blocks)[number] | undefined;
  let start = 0;
  grid.forEach((row, r) => {
    if (blockAt.has(r)) {
      block = blockAt.get(r);
      start = r;
    }
    const header = block?.kind === 'table' ? grid[start + 1] : undefined;
    (row ?? []).forEach((_, c) => {
      const labelCell = c === 0 && (r === 0 || r === start || block?.kind === 'fields');
      if (labelCell || (header && r === start + 1)) return;
      out.push({ row: r, col: c, under: clean(header ? header[c] : block ? row[0] : undefined) || undefined });
    });
  });
  return out;
}

/**
 * Headers of the hidden helper columns an adapter adds right of a form
 * (src/xlsx/formulas.ts, src/xlsx/health-formulas.ts): their cells are
 * formulas' results, never the rep's content.
 */
export const HELPER_HEADER_PREFIXES = ['计算用：', 'calc:'];
const isHelperHeader = (v: GridValue | undefined) => HELPER_HEADER_PREFIXES.some((p) => clean(v).startsWith(p));

/** Cells of a table tab below its header row (the title row's merged area too); helper columns left out. */
function tableCells(grid: GridValue[][], form: FormId): Candidate[] {
  const header = grid[TABLE_TAB.headerRow] ?? [];
  const role = ROLE_MAP_FORM.table.fields.find((f) => f.id === 'role')?.label;
  const roleCol = header.findIndex((h) => !!role && [role.zh, role.en].includes(clean(h)));
  const out: Candidate[] = [];
  grid.forEach((row, r) => {
    if (r === TABLE_TAB.headerRow) return;
    const cols = (row ?? []).map((v, c) => (filled(v) && !isHelperHeader(header[c]) ? c : -1)).filter((c) => c >= 0);
    // An empty slot of the role map (a row holding only one of the fixed roles) is template, laid out again.
    if (form === 'roleMap' && cols.length === 1 && cols[0] === roleCol && ROLE_MAP_FORM.fixedRoles.includes(clean(row[roleCol]))) return;
    for (const c of cols) if (r > 0 || c > 0) out.push({ row: r, col: c, under: clean(header[c]) || undefined });
  });
  return out;
}

/** Cells of an assessment tab's columns that the layout does not fill with template text or a score. */
function formCells(grid: GridValue[][], tab: TabLayout): Candidate[] {
  const template = new Set<string>();
  for (const c of tab.cells) if (c.kind !== 'input') for (let k = 0; k < (c.span ?? 1); k++) template.add(`${c.row}:${c.col + k}`);
  const out: Candidate[] = [];
  grid.forEach((row, r) =>
    (row ?? []).forEach((_, c) => c < tab.widths.length && !template.has(`${r}:${c}`) && out.push({ row: r, col: c })),
  );
  return out;
}

/** What an upgrade of a workbook (its tabs' values and defined names) would do. Throws UnreadableAccountError for other workbooks. */
export function planUpgrade(grids: Grids, names: DefinedName[] = []): UpgradePlan {
  const read = readAccountFromGrids(grids, names);
  const locale = workbookLocale(grids);
  const tabs = workbookLayout(read.account, locale);
  const next = accountValues(readAccountFromGrids(layoutToGrids(tabs), layoutNames(tabs)).account);
  const old = accountValues(read.account);
  const pathAt = new Map(Object.entries(read.locations).map(([p, l]) => [`${l.sheet}!${l.cell}`, p]));
  const lost: LostValue[] = [];
  let kept = 0;
  // The glossary, the meta tab and the health tab are template: laid out again, never the account's content.
  const used = new Set<string>([META_TAB, ...tabNames('glossary'), HEALTH_TAB.zh, HEALTH_TAB.en]);
  const check = (name: string, row: number, col: number, under?: string) => {
    const value = grids[name][row]?.[col] ?? null;
    if (!filled(value)) return;
    const cell = a1(row, col);
    const path = pathAt.get(`${name}!${cell}`);
    if (path !== undefined && old[path] !== undefined && next[path] === old[path]) kept++;
    else
      lost.push({
        sheet: name,
        cell,
        value,
        ...(under ? { under } : {}),
        ...(path !== undefined && next[path] !== undefined ? { becomes: next[path] } : {}),
      });
  };
  if (read.bound) {
    // By bindings: every located value must come back; content outside every binding has no place.
    for (const [path, l] of Object.entries(read.locations)) {
      used.add(l.sheet);
      const { row, col } = cellOf(l.cell);
      if (path !== unboundPath(l)) check(l.sheet, row, col);
    }
    for (const u of read.unbound) {
      const { row, col } = cellOf(u.cell);
      lost.push({ sheet: u.sheet, cell: u.cell, value: grids[u.sheet][row]?.[col] ?? null });
    }
  } else {
    for (const form of FORM_ORDER) {
      const name = tabNames(form).find((n) => grids[n]);
      if (form === 'glossary' || !name) continue;
      used.add(name);
      const grid = grids[name];
      const cells =
        form === 'overview'
          ? overviewCells(grid)
          : form === 'keyPeople' || form === 'roleMap' || form === 'actionPlan'
            ? tableCells(grid, form)
            : formCells(grid, tabs.find((t) => t.form === form) as TabLayout);
      for (const { row, col, under } of cells) check(name, row, col, under);
    }
  }
  const otherTabs = Object.keys(grids).filter((n) => !used.has(n) && grids[n].some((row) => (row ?? []).some(filled)));
  return { from: read.templateVersion, to: TEMPLATE_VERSION, locale, account: read.account, kept, lost, otherTabs, tabs };
}

/** `B7` → 0-based row and column. */
function cellOf(ref: string): { row: number; col: number } {
  const r = parseRef(ref) as RangeRef;
  return { row: r.row1, col: r.col1 };
}

function show(v: unknown): string {
  const s = String(v);
  return JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);
}

/** One lost value, for people: tab, cell, the value, and why. */
export function lostValueMessage(l: LostValue, locale: Locale): string {
  const zh = locale === 'zh';
  const under = l.under ? (zh ? `（"${l.under}"下）` : ` (under "${l.under}")`) : '';
  const what =
    l.becomes !== undefined
      ? zh
        ? `会变成 ${show(l.becomes)}`
        : `would become ${show(l.becomes)}`
      : zh
        ? '在新模板中没有字段，会丢失'
        : 'has no field in the new template and would be lost';
  return `${l.sheet}!${l.cell}${zh ? '：值 ' : ': the value '}${show(l.value)}${under}${zh ? '' : ' '}${what}`;
}

/** Why an upgrade was not done, with the first `max` lost values. */
export function refusalMessage(lost: LostValue[], locale: Locale, max = 10): string {
  const zh = locale === 'zh';
  const head = zh
    ? `未升级，工作簿未改动：${lost.length} 个值在新模板中没有位置。请把它们移进表中的字段（或删除）后再升级。`
    : `Not upgraded, the workbook is unchanged: ${lost.length} value(s) have no place in the new template. Move them into fields of the form (or delete them) and upgrade again.`;
  const more = lost.length > max ? [zh ? `……另有 ${lost.length - max} 个` : `… and ${lost.length - max} more`] : [];
  return [head, ...lost.slice(0, max).map((l) => lostValueMessage(l, locale)), ...more].join('\n');
}
