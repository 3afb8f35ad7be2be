import { ACTION_LIST_TEXTS } from '../../sheets-templates/health';
import { actionCounts, isOverdueAction, openActions, unansweredFlags } from '../domain/action-plan';
import type { Locale } from '../../sheets-templates/types';
import { type Account, ITEM_COUNT, text } from '../domain/account';
import { type Assessment, RED_FLAG_LABELS, VERDICT_LABELS, assessAccount } from '../domain/assessment';
import { type DefinedName, bindingName } from '../domain/bindings';
import { isIsoDate, isoFromDayNumber, serialDayNumber, todayIso } from '../domain/dates';
import { ITEM_SEPARATOR, verdictReason } from '../domain/health';
import { type GridValue, META_TAB, tabName } from '../domain/layout';
import { type Grids, readAccountOnly } from '../domain/read-workbook';
import { type OppGroup, assertMarks, oppScore, winScore } from '../domain/scoring';
import { vocabLabel } from '../domain/vocab';
import { gridValue } from './read-workbook';

/**
 * The custom functions behind `=OPP_SCORE(…)` and `=WIN_SCORE(…)`: they only
 * reshape what Sheets passes (a 2-D array for a range, a single value for one
 * cell) and call the domain's scoring, the same engine as the CLI and the
 * roll-up. A value that is not a mark throws an error naming it; Sheets shows
 * it as #ERROR! with the message, and the cell keeps what the user typed.
 */

/** A range argument as a flat list, row by row (a column, a row, a block or one value). */
export function flatten(arg: unknown): unknown[] {
  if (arg === undefined) return [];
  if (!Array.isArray(arg)) return [arg];
  return arg.flatMap((row) => (Array.isArray(row) ? row : [row]));
}

const GROUPS: Record<string, OppGroup> = {
  '': 'all',
  all: 'all',
  real: 'real',
  worth: 'worth',
  全部: 'all',
  真实: 'real',
  真实性: 'real',
  价值: 'worth',
};

/** The group argument: "real", "worth" or "all" (blank or omitted means all). Throws naming a bad value. */
export function parseGroup(arg: unknown): OppGroup {
  const v = flatten(arg);
  const raw = v.length === 0 || v[0] === null || v[0] === undefined ? '' : v[0];
  const key = String(raw).trim().toLowerCase();
  const g = GROUPS[key];
  if (!g || v.length > 1) {
    throw new Error(
      `Invalid group "${String(raw)}": use "real", "worth" or "all" / 分组 "${String(raw)}" 无效：只能是 "real"、"worth" 或 "all"`,
    );
  }
  return g;
}

function requireTen(list: unknown[], what: { en: string; zh: string }): void {
  if (list.length !== ITEM_COUNT) {
    throw new Error(
      `${what.en} must be ${ITEM_COUNT} cells, not ${list.length} / ${what.zh}应为 ${ITEM_COUNT} 个单元格，现为 ${list.length} 个`,
    );
  }
}

/**
 * OPP_SCORE(marks, [group], [weights]): the opportunity score 0–100 of the
 * ten marks (items 1–10 in order), for a group; weights (ten numbers ≥ 0,
 * blank = 1) are optional.
 */
export function OPP_SCORE(marks: unknown, group?: unknown, weights?: unknown): number {
  const list = flatten(marks);
  requireTen(list, { en: 'OPP_SCORE marks', zh: 'OPP_SCORE 的评估' });
  assertMarks(list);
  const g = parseGroup(group);
  const w = weights === undefined || weights === '' ? undefined : flatten(weights);
  if (w) requireTen(w, { en: 'OPP_SCORE weights', zh: 'OPP_SCORE 的权重' });
  return oppScore(list, g, w);
}

/** WIN_SCORE(marks): one party's competitiveness score 0–100 over its marks. */
export function WIN_SCORE(marks: unknown): number {
  const list = flatten(marks);
  if (list.length === 0) throw new Error('WIN_SCORE needs a range of marks / WIN_SCORE 需要一组评估');
  assertMarks(list);
  return winScore(list);
}

// ------------------------------------------------------------------ the verdict and the red flags

/** The input tabs KA_VERDICT and KA_FLAGS take, in argument order, then the hidden meta tab (with the bindings' places). */
export const ACCOUNT_RANGE_FORMS = ['overview', 'keyPeople', 'roleMap', 'opportunity', 'competitiveness', 'actionPlan'] as const;

/** A binding's place as the meta tab's formula gives it: `row:column:rows:columns` (1-based; Sheets moves it with the range). */
const PLACE = /^(\d+):(\d+):(\d+):(\d+)$/;

function isDate(v: unknown): v is Date {
  return Object.prototype.toString.call(v) === '[object Date]';
}

/**
 * Reads dates in the spreadsheet's time zone, asked once per call and only when a date is there; the day of each
 * date by the domain's helper (no service call per date: a key-people tab holds one per visit).
 */
class Zone {
  private tz?: string;
  iso(d: Date): string {
    this.tz ??= SpreadsheetApp.getActiveSpreadsheet()?.getSpreadsheetTimeZone() || 'Asia/Shanghai';
    return todayIso(d, this.tz);
  }
}

/** A cell as the reader takes it: text, numbers and booleans as they are ('' is blank: null), a date as ISO text. */
function cellOf(v: unknown, zone: Zone): GridValue {
  if (typeof v === 'string') return v === '' ? null : v;
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  return isDate(v) ? zone.iso(v) : gridValue(v, '');
}

/**
 * A range argument as the reader's grid: rows of cells, dates as ISO text, null as blank; the blank rows at its end
 * left out, and a blank row among the others left empty (`[]`: the reader takes a missing cell for a blank one). So
 * the rows of room a range passes cost one native `join` each and nothing more: a row joins to '' exactly when every
 * cell is '', null or undefined (Sheets passes '' for an empty cell; a number, a date, false or a space joins to
 * some text).
 */
function gridOf(arg: unknown, zone: Zone): GridValue[][] {
  const rows = Array.isArray(arg) ? arg : [[arg]];
  const grid: GridValue[][] = [];
  let end = 0;
  for (let r = 0; r < rows.length; r++) {
    const row: unknown[] = Array.isArray(rows[r]) ? rows[r] : [rows[r]];
    if (row.join('') === '') {
      grid.push([]);
      continue;
    }
    grid.push(row.map((v) => cellOf(v, zone)));
    end = r + 1;
  }
  grid.length = end;
  return grid;
}

/** The bindings the meta tab's place column gives: `ka_<form>_…` on the tab of <form>. */
export function namesOfPlaces(meta: GridValue[][]): DefinedName[] {
  const names: DefinedName[] = [];
  const prefixes = ACCOUNT_RANGE_FORMS.map((f) => [f, bindingName(f, '')] as const);
  for (const row of meta) {
    const [name, place] = [String(row?.[0] ?? ''), String(row?.[1] ?? '')];
    const m = PLACE.exec(place);
    const form = prefixes.find(([, p]) => name.startsWith(p))?.[0];
    if (!m || !form) continue;
    const [r, c, h, w] = m.slice(1).map(Number);
    names.push({ name, sheet: tabName(form, 'zh'), ref: place, range: { row1: r - 1, col1: c - 1, row2: r + h - 2, col2: c + w - 2 } });
  }
  return names;
}

/** The account the input tabs and the meta tab hold, by the one reader (by bindings when the places are all there). */
export function accountOfRanges(tabs: unknown[], meta: unknown, zone = new Zone()): Account {
  const grids: Grids = { [META_TAB]: gridOf(meta, zone) };
  ACCOUNT_RANGE_FORMS.forEach((form, i) => {
    grids[tabName(form, 'zh')] = gridOf(tabs[i], zone);
  });
  // Without the unbound-content search (only validation reports it) and the locations (only messages use them): the
  // same account, and a bundle without the template's layout.
  return readAccountOnly(grids, namesOfPlaces(grids[META_TAB]), { locations: false }).account;
}

/** The as-of argument: a date (TODAY(), a date cell) or its serial number, ISO text, or blank for today in the spreadsheet's time zone. */
export function parseAsOf(arg: unknown, zone = new Zone()): string {
  const v = flatten(arg)[0];
  if (v === undefined || v === null || v === '') return zone.iso(new Date());
  if (isDate(v)) return zone.iso(v);
  if (typeof v === 'string' && isIsoDate(v.trim())) return v.trim();
  const serial = serialDayNumber(v); // a date's serial number (what a date becomes in arithmetic)
  if (serial !== null) return isoFromDayNumber(serial);
  throw new Error(`Invalid as-of date "${String(v)}": use a date or YYYY-MM-DD / 日期 "${String(v)}" 无效：应为日期或 YYYY-MM-DD`);
}

/** The locale argument: blank for codes, "zh" or "en" for labels. */
export function parseLocale(arg: unknown): Locale | null {
  const v = String(flatten(arg)[0] ?? '')
    .trim()
    .toLowerCase();
  if (v === '') return null;
  if (v === 'zh' || v === 'en') return v;
  throw new Error(
    `Invalid language "${v}": use "zh", "en" or leave it blank for codes / 语言 "${v}" 无效：只能是 "zh"、"en" 或留空（代码）`,
  );
}

function assess(tabs: unknown[], meta: unknown, asOf: unknown): { account: Account; a: Assessment; day: string } {
  const zone = new Zone();
  const account = accountOfRanges(tabs, meta, zone);
  const day = parseAsOf(asOf, zone);
  return { account, a: assessAccount(account, day), day };
}

/** How many open actions KA_ACTIONS lists (the .xlsx 概览 lists as many), and its columns, in order. */
export const LISTED_ACTIONS = 10;
export const ACTION_LIST_COLUMNS = ['dueDate', 'overdue', 'action', 'owner', 'status'] as const;

/**
 * KA_ACTIONS(…tabs, meta, [asOf], [locale]): the first LISTED_ACTIONS open actions in due order (openActions: earliest
 * first, undated last, the plan's order on a tie), one row each — due date, the overdue mark when it is overdue as of
 * the date (isOverdueAction), action, owner, status (its label in the locale, as typed when not one of the
 * vocabulary's) — then blank rows to LISTED_ACTIONS: always the same size, so the array Sheets spills below the
 * formula has a fixed place. Every value is text: Sheets shows a returned string as it is, never as a formula.
 */
export function KA_ACTIONS(tabs: unknown[], meta: unknown, asOf?: unknown, locale?: unknown): string[][] {
  const loc = parseLocale(locale) ?? 'zh';
  const zone = new Zone();
  const account = accountOfRanges(tabs, meta, zone);
  const day = parseAsOf(asOf, zone);
  const rows = openActions(account)
    .slice(0, LISTED_ACTIONS)
    .map((r) => [
      text(r.dueDate),
      isOverdueAction(r, day) ? ACTION_LIST_TEXTS.overdue[loc] : '',
      text(r.action),
      text(r.owner),
      vocabLabel('actionStatus', text(r.status), loc),
    ]);
  while (rows.length < LISTED_ACTIONS) rows.push(ACTION_LIST_COLUMNS.map(() => ''));
  return rows;
}

/**
 * KA_VERDICT(…tabs, meta, [asOf], [locale], [part]): the engine's verdict of
 * the account — its code (pursue, watch, not-real, unassessed), its label in
 * a locale, or with part "reason" why.
 */
export function KA_VERDICT(tabs: unknown[], meta: unknown, asOf?: unknown, locale?: unknown, part?: unknown): string {
  const loc = parseLocale(locale);
  const what = String(flatten(part)[0] ?? '')
    .trim()
    .toLowerCase();
  if (what !== '' && what !== 'verdict' && what !== 'reason')
    throw new Error(`Invalid part "${what}": use "verdict" or "reason" / 部分 "${what}" 无效：只能是 "verdict" 或 "reason"`);
  const { account, a } = assess(tabs, meta, asOf);
  if (what === 'reason')
    return verdictReason(
      a,
      account.opportunity.items.map((i) => i.mark),
      loc ?? 'zh',
    );
  return loc ? VERDICT_LABELS[a.verdict][loc] : a.verdict;
}

/**
 * KA_FLAGS(…tabs, meta, [asOf], [locale], [mode]): the engine's red flags, in its order: codes joined by ", ", or
 * labels in a locale; mode "unanswered": the raised ones no open action answers (unansweredFlags); "open" /
 * "overdue": how many actions are open / overdue (actionCounts).
 */
export function KA_FLAGS(tabs: unknown[], meta: unknown, asOf?: unknown, locale?: unknown, mode?: unknown): string | number {
  const loc = parseLocale(locale);
  const m = String(flatten(mode)[0] ?? '')
    .trim()
    .toLowerCase();
  if (!['', 'unanswered', 'open', 'overdue'].includes(m))
    throw new Error(
      `Invalid mode "${m}": use "unanswered", "open" or "overdue" / 模式 "${m}" 无效：只能是 "unanswered"、"open" 或 "overdue"`,
    );
  const { account, a, day } = assess(tabs, meta, asOf);
  if (m === 'open' || m === 'overdue') return actionCounts(account, day)[m];
  const flags = m === 'unanswered' ? unansweredFlags(account, a.redFlags) : a.redFlags;
  return loc ? flags.map((f) => RED_FLAG_LABELS[f][loc]).join(ITEM_SEPARATOR[loc]) : flags.join(FLAG_SEPARATOR);
}

/** Between the codes KA_FLAGS returns. */
export const FLAG_SEPARATOR = ', ';
