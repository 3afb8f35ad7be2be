import { LATE_STAGES } from '../../sheets-templates/vocabularies';
import type { Locale, Localized } from '../../sheets-templates/types';
import { ITEM_SEPARATOR } from '../domain/health';
import { a1, sheetRef } from '../domain/a1';
import { type AssessmentSettings, DEFAULT_SETTINGS, RED_FLAGS } from '../domain/assessment';
import { bindingName } from '../domain/bindings';
import { COMP, OPP, type RangeRef, type TabLayout } from '../domain/layout';
import { OPP_GROUPS } from '../domain/scoring';
import { vocabulary } from '../domain/vocab';
import { digitsOnly, helperFormula, markText, spacedText, str, trimmedText } from './formulas';

/**
 * The account's verdict and red flags as plain spreadsheet formulas, for the
 * account-health tab (概览) of an .xlsx workbook. They must give exactly what
 * src/domain/assessment.ts gives for the account the reader gets back from
 * the same cells (tests/xlsx/health-libreoffice.test.ts recalculates them in
 * LibreOffice against the engine):
 *
 * - vocabulary values are compared by their stored text (the zh label of
 *   the code the engine tests), after JavaScript's trim, with EXACT;
 * - marks are normalised as formulas.ts does (markText), `－` counting as `-`;
 * - a key-people visit's date is a real date cell (a number under a date
 *   format: CELL("format") is not a fixed-point code) or ISO text checked
 *   against the calendar (years before 1900 too); its visit number is a
 *   number or text in plain decimal notation (the weight helpers' chain);
 * - `dm-relationship-down` takes each decision maker's latest visit as
 *   latestVisitOf does: by date, an undated visit placed after the latest
 *   dated visit numbered below it, then by visit number, then the later row.
 *
 * Per-row work lives in hidden, locked helper columns right of the
 * key-people table, one row of helpers per table row (shared formulas); the
 * account-wide results in hidden helper cells of the health tab.
 */

/** "No date" / "no key" in the day-number helpers (real days are within ±3 million). */
export const NONE = -1e9;
const NONE_TEXT = '-1E9';

/** Days from 0000-01-01 … 1999-12-31 shifted by 2000 years (five 400-year cycles: same calendar) to stay within DATE(). */
const SHIFT_YEARS = 2000;
const SHIFT_DAYS = 730485;

/** The day serial of an ISO date text `t` (a cell holding JavaScript-trimmed text), or NONE. */
export function isoDaySerial(t: string): string {
  const y = `VALUE(LEFT(${t},4))`;
  const mo = `VALUE(MID(${t},6,2))`;
  const d = `VALUE(MID(${t},9,2))`;
  const yy = `IF(${y}<${SHIFT_YEARS},${y}+${SHIFT_YEARS},${y})`;
  const date = `DATE(${yy},${mo},${d})`;
  const shape = `AND(LEN(${t})=10,EXACT(MID(${t},5,1),"-"),EXACT(MID(${t},8,1),"-"),${digitsOnly(`LEFT(${t},4)&MID(${t},6,2)&MID(${t},9,2)`)})`;
  const calendar = `IF(AND(${mo}>=1,${mo}<=12,${d}>=1),IF(DAY(${date})=${d},${date}-IF(${y}<${SHIFT_YEARS},${SHIFT_DAYS},0),${NONE_TEXT}),${NONE_TEXT})`;
  return `IF(${shape},${calendar},${NONE_TEXT})`;
}

/** A number that is a number (LibreOffice stores booleans as numbers with a boolean format). */
const realNumber = (ref: string) => `AND(ISNUMBER(${ref}),NOT(ISLOGICAL(${ref})))`;

/** The day serial of a date cell `c` as the reader reads it (its trimmed text in `t`), or NONE. */
export function dateCellSerial(c: string, t: string): string {
  const serial = `IF(AND(${c}>=1,${c}<2958466),INT(${c}),${NONE_TEXT})`;
  // A number under a number format (our writer's "General" for a number in a date field) is not a date.
  return `IF(${realNumber(c)},IF(LEFT(CELL("format",${c}),1)="F",${NONE_TEXT},${serial}),${isoDaySerial(t)})`;
}

/** The exact JavaScript-trimmed text of `orig` given its spaced form `ws` (a cell): internal whitespace kept as it was. */
function jsTrimmed(orig: string, ws: string): string {
  const tw = `TRIM(${ws})`;
  const first = `FIND(LEFT(${tw},1),${ws})`;
  const lastCh = `RIGHT(${tw},1)`;
  const count = `(LEN(${ws})-LEN(SUBSTITUTE(${ws},${lastCh},"")))/LEN(${lastCh})`;
  // The last non-space character's last occurrence: a tab marks it (the spaced text has none).
  const last = `FIND(CHAR(9),SUBSTITUTE(${ws},${lastCh},CHAR(9),${count}))`;
  return `IF(${tw}="","",MID(IFERROR(${orig}&"",""),${first},${last}-${first}+1))`;
}

/** A vocabulary value's stored text by its code. */
export function vocabText(vocab: string, code: string): string {
  const v = vocabulary(vocab)?.values.find((x) => x.code === code)?.value;
  if (v === undefined) throw new Error(`no ${vocab} value with code ${code}`);
  return v;
}

/** `ref` holds the vocabulary value of `code`. */
const isVocab = (ref: string, vocab: string, code: string) => `EXACT(${trimmedText(ref)},${str(vocabText(vocab, code))})`;

// ------------------------------------------------------------------ key-people helper columns

export type KpHelper =
  | 'read'
  | 'ws'
  | 'nm'
  | 'dm'
  | 'coach'
  | 'down'
  | 'dt'
  | 'd'
  | 'wText'
  | 'wUnsigned'
  | 'wExpPos'
  | 'wMantissa'
  | 'wExponent'
  | 'nv'
  | 'k'
  | 'latest'
  | 'dmDown';

const KP_HELPERS: KpHelper[] = [
  'read',
  'ws',
  'nm',
  'dm',
  'coach',
  'down',
  'dt',
  'd',
  'wText',
  'wUnsigned',
  'wExpPos',
  'wMantissa',
  'wExponent',
  'nv',
  'k',
  'latest',
  'dmDown',
];

export const KP_HELPER_HEADERS: Record<KpHelper, Localized> = {
  read: { zh: '计算用：有内容的行', en: 'calc: row has content' },
  ws: { zh: '计算用：姓名（空白统一）', en: 'calc: name, spaces unified' },
  nm: { zh: '计算用：姓名', en: 'calc: name' },
  dm: { zh: '计算用：关键决策者', en: 'calc: decision maker' },
  coach: { zh: '计算用：可能成为教练', en: 'calc: could coach' },
  down: { zh: '计算用：亲近度或信任度下降', en: 'calc: closeness or trust down' },
  dt: { zh: '计算用：日期文本', en: 'calc: date text' },
  d: { zh: '计算用：日期', en: 'calc: date serial' },
  wText: { zh: '计算用：拜访次数文本', en: 'calc: visit no. text' },
  wUnsigned: { zh: '计算用：去符号', en: 'calc: unsigned' },
  wExpPos: { zh: '计算用：指数位置', en: 'calc: exponent position' },
  wMantissa: { zh: '计算用：尾数', en: 'calc: mantissa digits' },
  wExponent: { zh: '计算用：指数', en: 'calc: exponent digits' },
  nv: { zh: '计算用：拜访次数', en: 'calc: visit no.' },
  k: { zh: '计算用：排序日期', en: 'calc: ordering date' },
  latest: { zh: '计算用：此人最近一次拜访', en: "calc: the person's latest visit" },
  dmDown: { zh: '计算用：决策者关系下降', en: 'calc: decision maker down' },
};

export interface KeyPeopleHelpers {
  sheet: string;
  firstRow: number;
  lastRow: number;
  /** Helper columns (0-based). */
  columns: Array<{ kind: KpHelper; col: number }>;
  /** Each helper's formula in a row (the adapter writes the first row's as a shared formula over the rest). */
  rowFormulas(row: number): Record<KpHelper, string>;
  /** Absolute, sheet-qualified range of each helper column. */
  range: Record<KpHelper, string>;
}

/** The columns (0-based) of the table's fields, by their bindings, and the rows they cover. */
function tableColumns(tab: TabLayout, form: string): { cols: Record<string, number>; first: number; last: number; lastCol: number } {
  const cols: Record<string, number> = {};
  let first = Number.POSITIVE_INFINITY;
  let last = 0;
  let lastCol = 0;
  const prefix = bindingName(form, '');
  for (const n of tab.names ?? []) {
    if (!n.name.startsWith(prefix)) continue;
    cols[n.name.slice(prefix.length)] = n.range.col1;
    first = Math.min(first, n.range.row1);
    last = Math.max(last, n.range.row2);
    lastCol = Math.max(lastCol, n.range.col1);
  }
  return { cols, first, last, lastCol };
}

const abs = (sheet: string, r: RangeRef) =>
  `${sheetRef(sheet)}$${a1(r.row1, r.col1).replace(/(\d+)$/, '$$$1')}:$${a1(r.row2, r.col2).replace(/(\d+)$/, '$$$1')}`;

/** The helper columns of the key-people tab (right of its fields, one column apart). */
export function keyPeopleHelpers(tab: TabLayout): KeyPeopleHelpers {
  const { cols, first, last, lastCol } = tableColumns(tab, 'keyPeople');
  const start = tab.widths.length + 1;
  const colOf = Object.fromEntries(KP_HELPERS.map((k, i) => [k, start + i])) as Record<KpHelper, number>;
  const range = Object.fromEntries(
    KP_HELPERS.map((k) => [k, abs(tab.name, { row1: first, col1: colOf[k], row2: last, col2: colOf[k] })]),
  ) as Record<KpHelper, string>;
  const local = (range: string) => range.slice(sheetRef(tab.name).length);
  const formulas = (r: number): Record<KpHelper, string> => {
    const at = (k: KpHelper) => a1(r, colOf[k]);
    const field = (id: string) => {
      if (cols[id] === undefined) throw new Error(`key-people field ${id} has no binding`);
      return a1(r, cols[id]);
    };
    const R = (k: KpHelper) => local(range[k]);
    const chain: Partial<Record<'wText' | 'wUnsigned' | 'wExpPos' | 'wMantissa' | 'wExponent', string>> = {
      wText: at('wText'),
      wUnsigned: at('wUnsigned'),
      wExpPos: at('wExpPos'),
      wMantissa: at('wMantissa'),
      wExponent: at('wExponent'),
    };
    const sameName = `EXACT(${R('nm')},${at('nm')})`;
    const numbered = `ISNUMBER(${R('nv')})`;
    return {
      read: `IF(COUNTA(${a1(r, 0).replace(/^([A-Z]+)/, '$$$1')}:${a1(r, lastCol).replace(/^([A-Z]+)/, '$$$1')})>0,1,0)`,
      ws: `IFERROR(${spacedText(field('name'))},"")`,
      nm: jsTrimmed(field('name'), at('ws')),
      dm: `IF(${isVocab(field('role'), 'buyingRole', 'decisionMaker')},1,0)`,
      coach: `IF(${isVocab(field('couldCoach'), 'yesNo', 'yes')},1,0)`,
      down: `IF(OR(${isVocab(field('closeness'), 'trend', 'down')},${isVocab(field('trust'), 'trend', 'down')}),1,0)`,
      dt: trimmedText(field('visitDate')),
      d: dateCellSerial(field('visitDate'), at('dt')),
      wText: helperFormula('wText', field('visitNo'), chain),
      wUnsigned: helperFormula('wUnsigned', field('visitNo'), chain),
      wExpPos: helperFormula('wExpPos', field('visitNo'), chain),
      wMantissa: helperFormula('wMantissa', field('visitNo'), chain),
      wExponent: helperFormula('wExponent', field('visitNo'), chain),
      nv: (() => {
        const src = field('visitNo');
        const m = at('wMantissa');
        const e = at('wExponent');
        const decimal = `AND(LEN(${m})>0,${digitsOnly(m)},LEN(${e})>0,${digitsOnly(e)})`;
        return `IF(${realNumber(src)},${src},IF(${decimal},IFERROR(VALUE(${at('wText')}),""),""))`;
      })(),
      // An undated visit with a number: the latest date among the person's visits numbered below it (or unnumbered).
      k: `IF(${at('d')}>${NONE_TEXT},${at('d')},IF(ISNUMBER(${at('nv')}),SUMPRODUCT(MAX(${sameName}*(${R('d')}>${NONE_TEXT})*((1-${numbered})+${numbered}*(${R('nv')}<${at('nv')}))*(${R('d')}+1E9)))-1E9,${NONE_TEXT}))`,
      // Latest of the person's visits: no other visit of theirs is later by (key, visit number, row).
      latest: (() => {
        const mine = `ISNUMBER(${at('nv')})`;
        const sameKey = `(${R('k')}=${at('k')})`;
        const nGreater = `(${numbered}*(1-${mine})+${numbered}*${mine}*(${R('nv')}>${at('nv')}))`;
        const nEqual = `((${numbered}=${mine})*((1-${mine})+${mine}*(${R('nv')}=${at('nv')})))`;
        const later = `(${R('k')}>${at('k')})+${sameKey}*${nGreater}+${sameKey}*${nEqual}*(ROW(${R('read')})>ROW())`;
        return `IF(${at('read')}=1,IF(SUMPRODUCT(${sameName}*${R('read')}*(${later}))=0,1,0),0)`;
      })(),
      dmDown: `IF(${at('latest')}*${at('down')}*(SUMPRODUCT(${sameName}*${R('dm')})>0),1,0)`,
    };
  };

  return {
    sheet: tab.name,
    firstRow: first,
    lastRow: last,
    columns: KP_HELPERS.map((kind) => ({ kind, col: colOf[kind] })),
    rowFormulas: formulas,
    range,
  };
}

// ------------------------------------------------------------------ the account-wide results

/** Where the health formulas find their inputs: the laid-out form tabs. */
export interface HealthInputs {
  overview: TabLayout;
  roleMap: TabLayout;
  opportunity: TabLayout;
  competitiveness: TabLayout;
  kp: KeyPeopleHelpers;
  /** A1 of the as-of input cell on the health tab. */
  asOfCell: string;
}

/** Helper cells of the health tab, added in order; each later one may refer to the earlier ones by A1. */
export class HelperCells {
  readonly cells: Array<{ name: string; row: number; col: number; formula: string; array: boolean }> = [];
  constructor(
    private readonly col: number,
    private readonly firstRow: number,
  ) {}
  add(name: string, formula: string, array = false): string {
    const row = this.firstRow + this.cells.length;
    this.cells.push({ name, row, col: this.col, formula, array });
    return `$${a1(row, this.col).replace(/(\d+)$/, '$$$1')}`;
  }
}

const cellOn = (tab: TabLayout, row: number, col: number) => `${sheetRef(tab.name)}$${a1(row, col).replace(/(\d+)$/, '$$$1')}`;

function overviewField(tab: TabLayout, block: string, id: string): string {
  const n = tab.names?.find((x) => x.name === bindingName('overview', block, id));
  if (!n) throw new Error(`overview field ${block}.${id} has no binding`);
  return cellOn(tab, n.range.row1, n.range.col1);
}

/** An overview field's value cell by its field id, whatever block it is in. */
function overviewFieldById(tab: TabLayout, id: string): string {
  const n = tab.names?.find(
    (x) => x.name.startsWith(bindingName('overview', '')) && x.name.endsWith(`_${id}`) && x.range.row1 === x.range.row2,
  );
  if (!n) throw new Error(`overview field ${id} has no binding`);
  return cellOn(tab, n.range.row1, n.range.col1);
}

export interface HealthCells {
  /** A1 (on the health tab) of each flag's TRUE/FALSE, by code. */
  flags: Record<string, string>;
  verdict: string;
  realTest: string;
  asOf: string;
  /** The item numbers of 1–5 marked -, each followed by the separator. */
  minusList: string;
  /** How many of items 1–5 are +. */
  plusCount: string;
  scores: { opp: string; real: string; worth: string; oppCompleteness: string; compCompleteness: string; win: string; lead: string };
  competitors: Array<{ name: string; win: string }>;
  settings: { min: string; pursue: string; stale: string };
  /** FALSE when a key-people row was inserted without its helper formulas. */
  covered: string;
}

interface FlagContext {
  h: HelperCells;
  inp: HealthInputs;
  kp: KeyPeopleHelpers;
  late: string;
  budget: string;
  budgetBlank: string;
  budgetItem: string;
  realTest: string;
  coachInMap: string;
  competitors: Array<{ name: string; win: string }>;
  scores: HealthCells['scores'];
  asOf: string;
  latestVisit: string;
  settings: HealthCells['settings'];
}

/** The formula of each red flag (forms.md §8), in terms of the helper cells. */
const FLAG_BUILDERS: Record<string, (c: FlagContext) => string> = {
  'no-coach': (c) => `AND(SUM(${c.kp.range.coach})=0,${c.coachInMap}=0)`,
  'no-decision-maker': (c) => `SUM(${c.kp.range.dm})=0`,
  'no-budget': (c) => `AND(${c.late},OR(${c.budgetBlank},NOT(${c.budgetItem})))`,
  'budget-unreadable': (c) => `AND(${c.late},NOT(${c.budgetBlank}),OR(NOT(ISNUMBER(${c.budget})),ISLOGICAL(${c.budget})))`,
  'not-real-late-stage': (c) => `AND(${c.late},NOT(${c.realTest}))`,
  'competitor-ahead': (c) => `OR(${c.competitors.map((x) => `AND(ISNUMBER(${x.win}),${x.win}>=${c.scores.win})`).join(',')})`,
  'dm-relationship-down': (c) => `SUM(${c.kp.range.dmDown})>0`,
  stale: (c) => `IF(${c.asOf}=${NONE_TEXT},FALSE,OR(${c.latestVisit}=${NONE_TEXT},${c.asOf}-${c.latestVisit}>${c.settings.stale}))`,
  // With the overview's decision block (template 3): open (outcome blank or not won/lost/abandoned) and the date before as-of.
  'overdue-decision': (c) => {
    const due = overviewFieldById(c.inp.overview, 'decisionDate');
    const outcome = overviewFieldById(c.inp.overview, 'outcome');
    const dueText = c.h.add('decisionDateText', trimmedText(due));
    const dueDay = c.h.add('decisionDate', dateCellSerial(due, dueText));
    const closed = (vocabulary('outcome')?.values ?? []).filter((v) => v.code !== 'open').map((v) => isVocab(outcome, 'outcome', v.code));
    const open = closed.length ? `NOT(OR(${closed.join(',')}))` : 'TRUE';
    return `AND(${open},${dueDay}>${NONE_TEXT},${c.asOf}>${NONE_TEXT},${dueDay}<${c.asOf})`;
  },
};

/** The red flags the health formulas compute (every one of RED_FLAGS, or the tab says it cannot). */
export const FLAG_FORMULAS = Object.keys(FLAG_BUILDERS);

/** Adds the helper cells of the verdict and every red flag; returns where each result is. */
export function healthHelpers(
  h: HelperCells,
  inp: HealthInputs,
  locale: Locale,
  settings: AssessmentSettings = DEFAULT_SETTINGS,
): HealthCells {
  const { opportunity: opp, competitiveness: comp, kp } = inp;
  const s = {
    min: h.add('minCompleteness', String(settings.minCompleteness)),
    pursue: h.add('pursueWorth', String(settings.pursueWorth)),
    stale: h.add('staleDays', String(settings.staleDays)),
  };
  const asOfText = h.add('asOfText', trimmedText(inp.asOfCell));
  const asOf = h.add('asOf', `IF(${asOfText}="",TODAY(),IF(${realNumber(inp.asOfCell)},INT(${inp.asOfCell}),${isoDaySerial(asOfText)}))`);
  const oppCell = (row: number) => cellOn(opp, row, OPP.cols.mark);
  const real = OPP_GROUPS.real.map((i) => h.add(`mark${i + 1}`, markText(oppCell(OPP.firstItemRow + i))));
  const plusCount = h.add('plusCount', real.map((m) => `EXACT(${m},"+")*1`).join('+'));
  const minus = (m: string) => `OR(EXACT(${m},"-"),EXACT(${m},"－"))`;
  const minusRaw = h.add(
    'minusItems',
    real.map((m, k) => `IF(${minus(m)},${str(`${OPP_GROUPS.real[k] + 1}${ITEM_SEPARATOR[locale]}`)},"")`).join('&'),
  );
  const realTest = h.add('realTest', `AND(${minusRaw}="",${plusCount}>=3)`);
  const scores = {
    opp: cellOn(opp, OPP.scoreRows.opp, OPP.cols.mark),
    real: cellOn(opp, OPP.scoreRows.real, OPP.cols.mark),
    worth: cellOn(opp, OPP.scoreRows.worth, OPP.cols.mark),
    oppCompleteness: cellOn(opp, OPP.scoreRows.completeness, OPP.cols.mark),
    compCompleteness: cellOn(comp, COMP.scoreRows.completeness, COMP.cols.us),
    win: cellOn(comp, COMP.scoreRows.win, COMP.cols.us),
    lead: cellOn(comp, COMP.scoreRows.lead, COMP.cols.us),
  };
  const competitors = [0, 1, 2].map((k) => ({
    name: cellOn(comp, COMP.namesRow, COMP.cols.firstCompetitor + k),
    win: cellOn(comp, COMP.scoreRows.win, COMP.cols.firstCompetitor + k),
  }));
  const stage = overviewField(inp.overview, 'header', 'stage');
  const budget = overviewField(inp.overview, 'header', 'budget');
  const late = h.add('lateStage', `OR(${LATE_STAGES.map((code) => isVocab(stage, 'stage', code)).join(',')})`);
  const budgetItem = h.add('budgetItemPlus', `EXACT(${markText(oppCell(OPP.firstItemRow + 3))},"+")`);
  const budgetBlank = h.add('budgetBlank', `${trimmedText(budget)}=""`);
  const rm = tableColumns(inp.roleMap, 'roleMap');
  const rmRange = (id: string) => abs(inp.roleMap.name, { row1: rm.first, col1: rm.cols[id], row2: rm.last, col2: rm.cols[id] });
  const coachInMap = h.add(
    'coachInRoleMap',
    `SUM(EXACT(${trimmedText(rmRange('role'))},${str(vocabText('mapRole', 'coach'))})*(${trimmedText(rmRange('name'))}<>""))`,
    true,
  );
  const latestVisit = h.add('latestVisit', `MAX(${kp.range.d})`);
  const ctx: FlagContext = {
    h,
    inp,
    kp,
    late,
    budget,
    budgetBlank,
    budgetItem,
    realTest,
    coachInMap,
    competitors,
    scores,
    asOf,
    latestVisit,
    settings: s,
  };
  const flags: Record<string, string> = {};
  for (const f of RED_FLAGS) {
    const build = FLAG_BUILDERS[f];
    // A flag the engine gained without a formula here shows as not computed (tests/xlsx/health.test.ts fails on it).
    flags[f] = h.add(`flag:${f}`, build ? build(ctx) : 'NA()');
  }
  const lead = scores.lead;
  const verdict = h.add(
    'verdict',
    `IF(OR(${scores.oppCompleteness}<${s.min},${scores.compCompleteness}<${s.min}),"unassessed",IF(NOT(${realTest}),"not-real",IF(AND(${scores.worth}>=${s.pursue},IF(${lead}="",TRUE,${lead}>=0)),"pursue","watch")))`,
  );
  const covered = h.add('keyPeopleCovered', `COUNT(${kp.range.read})=ROWS(${kp.range.read})`);
  return {
    flags,
    verdict,
    realTest,
    asOf,
    minusList: minusRaw,
    plusCount,
    scores,
    competitors,
    settings: s,
    covered,
  };
}

// ------------------------------------------------------------------ action-plan helper columns

export type ApHelper = 'act' | 'ans' | 'open' | 'dt' | 'd' | 'k' | 'rank' | 'overdue';
const AP_HELPERS: ApHelper[] = ['act', 'ans', 'open', 'dt', 'd', 'k', 'rank', 'overdue'];

export const AP_HELPER_HEADERS: Record<ApHelper, Localized> = {
  act: { zh: '计算用：行动', en: 'calc: action' },
  ans: { zh: '计算用：针对', en: 'calc: answers' },
  open: { zh: '计算用：未完成', en: 'calc: open' },
  dt: { zh: '计算用：日期文本', en: 'calc: date text' },
  d: { zh: '计算用：到期日', en: 'calc: due serial' },
  k: { zh: '计算用：排序日期', en: 'calc: ordering date' },
  rank: { zh: '计算用：到期顺序', en: 'calc: due order' },
  overdue: { zh: '计算用：已逾期', en: 'calc: overdue' },
};

/** An undated action's ordering key: after every real day. */
const LAST_KEY = '1E9';

export interface ActionPlanHelpers {
  sheet: string;
  firstRow: number;
  lastRow: number;
  columns: Array<{ kind: ApHelper; col: number }>;
  rowFormulas(row: number): Record<ApHelper, string>;
  range: Record<ApHelper, string>;
  /** Absolute, sheet-qualified range of each field column (by field id). */
  field: Record<string, string>;
}

/**
 * The hidden helper columns of the action-plan tab (action-plan.ts in
 * formulas): open (action text non-blank, status not 已完成/已取消), the due
 * day, the open rows' rank in due order (byDueDate: earliest first, undated
 * last, the plan's order on a tie) and overdue against the health tab's
 * as-of helper cell `asOf` (sheet-qualified, absolute).
 */
export function actionPlanHelpers(tab: TabLayout, asOf: string): ActionPlanHelpers {
  const { cols, first, last } = tableColumns(tab, 'actionPlan');
  const start = tab.widths.length + 1;
  const colOf = Object.fromEntries(AP_HELPERS.map((k, i) => [k, start + i])) as Record<ApHelper, number>;
  const rangeOf = (col: number) => abs(tab.name, { row1: first, col1: col, row2: last, col2: col });
  const range = Object.fromEntries(AP_HELPERS.map((k) => [k, rangeOf(colOf[k])])) as Record<ApHelper, string>;
  const field = Object.fromEntries(Object.entries(cols).map(([id, col]) => [id, rangeOf(col)]));
  const local = (r: string) => r.slice(sheetRef(tab.name).length);
  const formulas = (r: number): Record<ApHelper, string> => {
    const at = (k: ApHelper) => a1(r, colOf[k]);
    const f = (id: string) => {
      if (cols[id] === undefined) throw new Error(`action-plan field ${id} has no binding`);
      return a1(r, cols[id]);
    };
    const R = (k: ApHelper) => local(range[k]);
    const closed = `OR(${isVocab(f('status'), 'actionStatus', 'done')},${isVocab(f('status'), 'actionStatus', 'cancelled')})`;
    return {
      act: trimmedText(f('action')),
      ans: trimmedText(f('answers')),
      open: `IF(AND(${at('act')}<>"",NOT(${closed})),1,0)`,
      dt: trimmedText(f('dueDate')),
      d: dateCellSerial(f('dueDate'), at('dt')),
      k: `IF(${at('d')}>${NONE_TEXT},${at('d')},${LAST_KEY})`,
      rank: `IF(${at('open')}=1,1+SUMPRODUCT(${R('open')}*((${R('k')}<${at('k')})+(${R('k')}=${at('k')})*(ROW(${R('k')})<ROW()))),0)`,
      overdue: `IF(AND(${at('open')}=1,${at('d')}>${NONE_TEXT},${asOf}>${NONE_TEXT},${at('d')}<${asOf}),1,0)`,
    };
  };
  return {
    sheet: tab.name,
    firstRow: first,
    lastRow: last,
    columns: AP_HELPERS.map((kind) => ({ kind, col: colOf[kind] })),
    rowFormulas: formulas,
    range,
    field,
  };
}

/** TRUE when an open action's 针对 is the red flag `code` (its stored zh text, trimmed). */
export function flagAnsweredFormula(ap: ActionPlanHelpers, code: string): string {
  return `SUMPRODUCT(${ap.range.open}*EXACT(${ap.range.ans},${str(vocabText('answers', code))}))>0`;
}
