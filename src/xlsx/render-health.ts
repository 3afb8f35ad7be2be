import type ExcelJS from 'exceljs';
import { HEALTH_LABELS, HEALTH_TAB, VERDICT_REASONS } from '../../sheets-templates/health';
import type { Locale, Localized } from '../../sheets-templates/types';
import { a1, sheetRef } from '../domain/a1';
import { type Account, text } from '../domain/account';
import { type Assessment, RED_FLAGS, VERDICT_LABELS, type Verdict, assessAccount } from '../domain/assessment';
import { OUTPUT, bindingName } from '../domain/bindings';
import { actionCounts, byDueDate, isOpenAction, isOverdueAction, unansweredFlags } from '../domain/action-plan';
import { isoDayNumber, todayIso } from '../domain/dates';
import { vocabLabel } from '../domain/vocab';
import { ITEM_SEPARATOR, REASON_SEPARATOR, questionsHeading, redFlagGuide, verdictReason } from '../domain/health';
import type { CellKind, TabLayout } from '../domain/layout';
import { textWidth, xlsxText } from './cell-text';
import { str } from './formulas';
import {
  type ActionPlanHelpers,
  type HealthCells,
  HelperCells,
  type KeyPeopleHelpers,
  actionPlanHelpers,
  flagAnsweredFormula,
  healthHelpers,
} from './health-formulas';
import { BASE_SIZE, COLORS, DATE_FORMAT, FONT, styleOf } from './styles';

/**
 * The account-health tab (概览), the first tab of an .xlsx account workbook:
 * verdict and its reason, the scores, and each red flag with its meaning,
 * the guiding questions of 五/七 that bear on it and a next step — all live
 * formulas over the other tabs (health-formulas.ts), texts from
 * sheets-templates/health.ts. An output tab: the reader never reads it, and
 * only its as-of cell is open for input.
 *
 * Bindings (bindings.ts): `ka_health_asOf` (the as-of input),
 * `ka_health_out_verdict` (the verdict code), `ka_health_out_flags` (the
 * raised red flags' codes, comma-separated, in the engine's order),
 * `ka_health_out_helpers` (the hidden helper cells),
 * `ka_health_out_unanswered` (the raised red flags no open action answers,
 * comma-separated, RED_FLAGS order), `ka_health_out_openActions` and
 * `ka_health_out_overdueActions` (counts, as action-plan.ts's actionCounts).
 * The open actions are listed in due order (byDueDate) from the action-plan
 * tab's hidden rank column (health-formulas.ts actionPlanHelpers).
 */

export const HEALTH_FORM = 'health';

/** Rows and columns of the tab (0-based). */
export const HEALTH = {
  asOfRow: 2,
  customerRow: 3,
  stageRow: 4,
  verdictRow: 5,
  warningRow: 6,
  scoresSection: 8,
  firstScoreRow: 9,
  flagsSection: 22,
  flagsHeader: 23,
  firstFlagRow: 24,
  cols: { label: 0, value: 1, meaning: 2, questions: 3, next: 4, answered: 5 },
  widths: [26, 12, 40, 56, 44, 14],
  /** Open actions listed on the tab (the rest are counted). */
  listedActions: 10,
  helperNameCol: 6,
  helperCol: 7,
};

const L = (t: Localized, locale: Locale) => t[locale];

/** The health tab's as-of helper cell (a day serial), sheet-qualified: the action-plan helpers judge overdue by it. */
export function healthAsOfCell(locale: Locale): string {
  return `${sheetRef(HEALTH_TAB[locale])}${absA1(AS_OF_HELPER_ROW, HEALTH.helperCol)}`;
}
/** healthHelpers() adds the as-of day as its fifth helper cell (addHealthTab checks). */
const AS_OF_HELPER_ROW = 4;

/** The action-plan tab's helpers of a laid-out workbook (undefined without an action-plan tab). */
export function healthActionPlan(layout: TabLayout[], locale: Locale): ActionPlanHelpers | undefined {
  const tab = layout.find((t) => t.form === 'actionPlan');
  return tab ? actionPlanHelpers(tab, healthAsOfCell(locale)) : undefined;
}

/** `text` with `{name}` filled by formula expressions: a formula concatenating the literal pieces and the expressions. */
export function templateFormula(text: string, args: Record<string, string>): string {
  const parts: string[] = [];
  let last = 0;
  for (const m of text.matchAll(/\{(\w+)\}/g)) {
    if (m.index > last) parts.push(str(text.slice(last, m.index)));
    const expr = args[m[1]];
    parts.push(expr === undefined ? str(m[0]) : `(${expr})`);
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push(str(text.slice(last)));
  return parts.length ? parts.join('&') : '""';
}

/** Optional parts joined by a separator: the parts whose condition holds. */
function joinIf(parts: Array<[string, string]>, sep: string): string {
  return `MID(${parts.map(([cond, text]) => `IF(${cond},${str(sep)}&${text},"")`).join('&')},${sep.length + 1},32000)`;
}

/** The verdict's reason (verdictReason() in formulas). */
function reasonFormula(c: HealthCells, locale: Locale): string {
  const r = (t: Localized, args: Record<string, string>) => templateFormula(t[locale], args);
  const sep = REASON_SEPARATOR[locale];
  const { scores, settings } = c;
  const unassessed = joinIf(
    [
      [`${scores.oppCompleteness}<${settings.min}`, r(VERDICT_REASONS.oppIncomplete, { opp: scores.oppCompleteness, min: settings.min })],
      [
        `${scores.compCompleteness}<${settings.min}`,
        r(VERDICT_REASONS.compIncomplete, { comp: scores.compCompleteness, min: settings.min }),
      ],
    ],
    sep,
  );
  const items = `LEFT(${c.minusList},LEN(${c.minusList})-${ITEM_SEPARATOR[locale].length})`;
  const notReal = `IF(${c.minusList}<>"",${r(VERDICT_REASONS.minusItems, { items })},${r(VERDICT_REASONS.fewPlus, { plus: c.plusCount })})`;
  const watch = joinIf(
    [
      [`${scores.worth}<${settings.pursue}`, r(VERDICT_REASONS.lowWorth, { worth: scores.worth, pursue: settings.pursue })],
      [`AND(${scores.lead}<>"",${scores.lead}<0)`, r(VERDICT_REASONS.behind, { lead: `-${scores.lead}` })],
    ],
    sep,
  );
  const pursue = r(VERDICT_REASONS.pursue, { worth: scores.worth, pursue: settings.pursue });
  return `IF(${c.verdict}="unassessed",${unassessed},IF(${c.verdict}="not-real",${notReal},IF(${c.verdict}="watch",${watch},${pursue})))`;
}

function verdictLabelFormula(code: string, locale: Locale): string {
  const codes = Object.keys(VERDICT_LABELS) as Verdict[];
  return codes.reduceRight((acc, v) => `IF(${code}=${str(v)},${str(VERDICT_LABELS[v][locale])},${acc})`, '""');
}

const absA1 = (row: number, col: number) => `$${a1(row, col).replace(/(\d+)$/, '$$$1')}`;

/** Lines a text needs in a column width (characters). */
function lines(text: string, width: number): number {
  const avail = Math.max(4, width - 1.5);
  return text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(textWidth(line) / avail)), 0);
}

interface Writer {
  ws: ExcelJS.Worksheet;
  locale: Locale;
  put(row: number, col: number, kind: CellKind, value: ExcelJS.CellValue, span?: number): ExcelJS.Cell;
  formula(row: number, col: number, kind: CellKind, formula: string, result?: string | number | boolean, span?: number): ExcelJS.Cell;
}

function writer(ws: ExcelJS.Worksheet, locale: Locale): Writer {
  const put = (row: number, col: number, kind: CellKind, value: ExcelJS.CellValue, span = 1) => {
    const cell = ws.getCell(row + 1, col + 1);
    cell.value = typeof value === 'string' ? xlsxText(value) : value;
    const style = styleOf(kind, locale);
    for (let k = 0; k < span; k++) ws.getCell(row + 1, col + 1 + k).style = style;
    if (span > 1) ws.mergeCells(row + 1, col + 1, row + 1, col + span);
    return cell;
  };
  const formula = (row: number, col: number, kind: CellKind, f: string, result?: string | number | boolean, span = 1) =>
    put(row, col, kind, { formula: f, result: typeof result === 'string' ? xlsxText(result) : result } as ExcelJS.CellFormulaValue, span);
  return { ws, locale, put, formula };
}

export interface HealthTabOptions {
  /** The as-of date (ISO) to write into the as-of cell; blank: today, live (TODAY()). */
  asOf?: string | null;
}

/**
 * Adds the health tab to `wb` (call it before the form tabs, so that it is the first tab).
 * `layout` is the workbook's laid-out form tabs; `kp` the key-people helpers the form tab will carry.
 */
export function addHealthTab(
  wb: ExcelJS.Workbook,
  account: Account,
  layout: TabLayout[],
  kp: KeyPeopleHelpers,
  locale: Locale,
  opts: HealthTabOptions = {},
): ExcelJS.Worksheet {
  const name = L(HEALTH_TAB, locale);
  const ws = wb.addWorksheet(name, { properties: { tabColor: { argb: COLORS.titleFill } } });
  const w = writer(ws, locale);
  const H = HEALTH;
  const c = H.cols;
  H.widths.forEach((width, i) => {
    ws.getColumn(i + 1).width = width;
  });
  const tab = (form: string) => layout.find((t) => t.form === form) as TabLayout;
  const asOfIso = opts.asOf && isoDayNumber(opts.asOf) !== null ? opts.asOf : null;
  const engine = assessAccount(account, asOfIso ?? todayIso());

  w.put(0, 0, 'title', L(HEALTH_LABELS.title, locale), 5);
  ws.getRow(1).height = 28;
  w.put(1, 0, 'subtitle', L(HEALTH_LABELS.subtitle, locale), 5);

  // As of: the one input (blank: today).
  const asOfCell = absA1(H.asOfRow, c.value);
  w.put(H.asOfRow, c.label, 'label', L(HEALTH_LABELS.asOf, locale)).note = {
    texts: [{ text: L(HEALTH_LABELS.asOfNote, locale), font: { name: FONT[locale], size: 9 } }],
  } as ExcelJS.Comment;
  const asOfInput = w.put(H.asOfRow, c.value, 'input', asOfIso ? new Date((isoDayNumber(asOfIso) as number) * 86_400_000) : null);
  asOfInput.style = { ...styleOf('input', locale, 'date'), numFmt: DATE_FORMAT };
  asOfInput.dataValidation = {
    type: 'date',
    operator: 'greaterThan',
    allowBlank: true,
    showErrorMessage: true,
    errorStyle: 'warning',
    formulae: [new Date(Date.UTC(1900, 0, 1))],
    error: locale === 'zh' ? '请填日期，如 2026-10-12；留空即为今天。' : 'Enter a date such as 2026-10-12; blank means today.',
  } as ExcelJS.DataValidation;

  const h = new HelperCells(H.helperCol, 0);
  const cells = healthHelpers(h, { ...formsOf(tab), kp, asOfCell }, locale);
  if (`${sheetRef(name)}${cells.asOf}` !== healthAsOfCell(locale)) throw new Error(`as-of helper moved to ${cells.asOf}`);
  const ap = healthActionPlan(layout, locale);
  w.formula(H.asOfRow, c.meaning, 'reference', `IF(${cells.asOf}<-1E8,"",TEXT(${cells.asOf},"yyyy-mm-dd"))`, asOfIso ?? todayIso());

  const overview = tab('overview');
  const ref = (block: string, id: string) => {
    const n = overview.names?.find((x) => x.name === bindingName('overview', block, id));
    const r = `${sheetRef(overview.name)}${absA1(n?.range.row1 ?? 0, n?.range.col1 ?? 0)}`;
    return `IFERROR(IF(${r}="","",${r}),"")`;
  };
  w.put(H.customerRow, c.label, 'label', L(HEALTH_LABELS.customer, locale));
  w.formula(H.customerRow, c.value, 'reference', ref('header', 'customerName'), engine.customerName, 2);
  w.put(H.stageRow, c.label, 'label', L(HEALTH_LABELS.stage, locale));
  w.formula(H.stageRow, c.value, 'reference', ref('header', 'stage'), engine.stage, 2);

  // The verdict, its reason, and a warning when helper formulas are missing.
  w.put(H.verdictRow, c.label, 'label', L(HEALTH_LABELS.verdict, locale));
  const v = w.formula(H.verdictRow, c.value, 'score', verdictLabelFormula(cells.verdict, locale), VERDICT_LABELS[engine.verdict][locale]);
  v.style = { ...v.style, font: { name: FONT[locale], size: 16, bold: true }, numFmt: '@' };
  const marks = account.opportunity.items.map((i) => i.mark);
  w.formula(H.verdictRow, c.meaning, 'label', reasonFormula(cells, locale), verdictReason(engine, marks, locale), 3);
  ws.getRow(H.verdictRow + 1).height = 30;
  const warning =
    locale === 'zh'
      ? '关键人物表中有插入的行缺少隐藏的计算列，结论和红旗可能不全：请运行 ka-sales upgrade，或从上一行复制隐藏列。'
      : 'A row was inserted into the key-people log without its hidden calculation columns, so the verdict and flags may miss it: run ka-sales upgrade, or copy the hidden columns from the row above.';
  const warn = w.formula(H.warningRow, c.label, 'subtitle', `IF(${cells.covered},"",${str(warning)})`, '', 5);
  warn.style = { ...warn.style, font: { name: FONT[locale], size: BASE_SIZE, bold: true, color: { argb: 'FFC00000' } } };

  writeScores(w, cells, account, engine, locale);
  writeFlags(w, cells, engine, locale);
  const answered = ap ? writeAnswered(w, h, cells, ap, account, engine) : undefined;

  // Machine-readable results, bound by name.
  const codesRow = H.firstFlagRow + RED_FLAGS.length + 1;
  w.put(codesRow, c.label, 'label', L(HEALTH_LABELS.codes, locale));
  const code = w.formula(codesRow, c.value, 'reference', `${cells.verdict}`, engine.verdict);
  const flagCodes = RED_FLAGS.map((f) => `IF(IFERROR(${cells.flags[f]},FALSE),${str(`,${f}`)},"")`).join('&');
  const codes = w.formula(codesRow, c.meaning, 'reference', `MID(${flagCodes},2,32000)`, engine.redFlags.join(','), 3);
  const outs: Array<[string, string]> = [];
  if (ap && answered) {
    writeActions(w, ap, account, asOfIso ?? todayIso(), codesRow + 3);
    const counts = actionCounts(account, asOfIso ?? todayIso());
    w.put(codesRow + 1, c.label, 'label', L(HEALTH_LABELS.unansweredCodes, locale));
    const unanswered = RED_FLAGS.map((f) => `IF(${answered[f]},${str(`,${f}`)},"")`).join('&');
    const un = w.formula(
      codesRow + 1,
      c.meaning,
      'reference',
      `MID(${unanswered},2,32000)`,
      unansweredFlags(account, engine.redFlags).join(','),
      3,
    );
    const open = w.formula(codesRow + 1, c.value, 'reference', `SUM(${ap.range.open})`, counts.open);
    const overdue = w.formula(codesRow + 1, c.answered, 'reference', `SUM(${ap.range.overdue})`, counts.overdue);
    for (const x of [un, open, overdue]) x.style = { ...x.style, font: { name: 'Consolas', size: 9, color: { argb: COLORS.helperFont } } };
    outs.push(
      [bindingName(HEALTH_FORM, OUTPUT, 'unanswered'), absA1(codesRow + 1, c.meaning)],
      [bindingName(HEALTH_FORM, OUTPUT, 'openActions'), absA1(codesRow + 1, c.value)],
      [bindingName(HEALTH_FORM, OUTPUT, 'overdueActions'), absA1(codesRow + 1, c.answered)],
    );
  }
  for (const x of [code, codes]) x.style = { ...x.style, font: { name: 'Consolas', size: 9, color: { argb: COLORS.helperFont } } };

  // Hidden helpers: a name beside each, locked.
  for (const hc of h.cells) {
    const nameCell = ws.getCell(hc.row + 1, H.helperNameCol + 1);
    nameCell.value = hc.name;
    const cell = ws.getCell(hc.row + 1, hc.col + 1);
    cell.value = (
      hc.array ? { formula: hc.formula, shareType: 'array', ref: a1(hc.row, hc.col) } : { formula: hc.formula }
    ) as ExcelJS.CellFormulaValue;
    for (const x of [nameCell, cell])
      x.style = { font: { name: FONT[locale], size: 9, color: { argb: COLORS.helperFont } }, protection: { locked: true, hidden: true } };
  }
  for (const col of [H.helperNameCol, H.helperCol]) {
    ws.getColumn(col + 1).hidden = true;
    ws.getColumn(col + 1).width = 16;
  }
  const names: Array<[string, string]> = [
    [bindingName(HEALTH_FORM, 'asOf'), asOfCell],
    [bindingName(HEALTH_FORM, OUTPUT, 'verdict'), absA1(codesRow, c.value)],
    [bindingName(HEALTH_FORM, OUTPUT, 'flags'), absA1(codesRow, c.meaning)],
    [bindingName(HEALTH_FORM, OUTPUT, 'helpers'), `${absA1(0, H.helperNameCol)}:${absA1(h.cells.length - 1, H.helperCol)}`],
    ...outs,
  ];
  for (const [n, r] of names) wb.definedNames.add(`${sheetRef(name)}${r}`, n);

  ws.views = [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: asOfCell.replace(/\$/g, '') }];
  ws.pageSetup = {
    paperSize: 9,
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
  } as Partial<ExcelJS.PageSetup>;
  void ws.protect('', { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, formatRows: true });
  return ws;
}

function formsOf(tab: (form: string) => TabLayout) {
  return {
    overview: tab('overview'),
    roleMap: tab('roleMap'),
    opportunity: tab('opportunity'),
    competitiveness: tab('competitiveness'),
  };
}

function writeScores(w: Writer, cells: HealthCells, account: Account, engine: Assessment, locale: Locale): void {
  const H = HEALTH;
  const c = H.cols;
  const s = cells.scores;
  w.put(H.scoresSection, c.label, 'section', L(HEALTH_LABELS.scores, locale), 2);
  const copy = (x: string) => `IFERROR(IF(${x}="","",${x}),"")`;
  const rows: Array<[Localized, string, string | number]> = [
    [HEALTH_LABELS.opp, copy(s.opp), engine.opp],
    [HEALTH_LABELS.real, copy(s.real), engine.real],
    [HEALTH_LABELS.worth, copy(s.worth), engine.worth],
    [
      HEALTH_LABELS.realTest,
      `IF(${cells.realTest},${str(L(HEALTH_LABELS.passed, locale))},${str(L(HEALTH_LABELS.failed, locale))})`,
      L(engine.realTest ? HEALTH_LABELS.passed : HEALTH_LABELS.failed, locale),
    ],
    [HEALTH_LABELS.oppCompleteness, copy(s.oppCompleteness), engine.completeness.opportunity],
    [HEALTH_LABELS.compCompleteness, copy(s.compCompleteness), engine.completeness.competitiveness],
  ];
  let row = H.firstScoreRow;
  for (const [label, f, result] of rows) {
    w.put(row, c.label, 'label', L(label, locale));
    w.formula(row, c.value, 'score', f, result);
    row++;
  }
  w.put(row, c.label, 'header', L(HEALTH_LABELS.party, locale));
  w.put(row, c.value, 'header', L(HEALTH_LABELS.win, locale));
  row++;
  w.put(row, c.label, 'label', L(HEALTH_LABELS.us, locale));
  w.formula(row, c.value, 'score', copy(s.win), engine.win);
  row++;
  for (const [k, comp] of cells.competitors.entries()) {
    const name = text(account.competitiveness.competitors[k]);
    const named = name ? engine.competitors.find((x) => x.name === name) : undefined;
    w.formula(row, c.label, 'label', copy(comp.name), named?.name ?? '');
    w.formula(row, c.value, 'score', copy(comp.win), named?.win ?? '');
    row++;
  }
  w.put(row, c.label, 'label', L(HEALTH_LABELS.lead, locale));
  const lead = w.formula(row, c.value, 'score', copy(s.lead), engine.lead ?? '');
  lead.style = { ...lead.style, numFmt: '+0;-0;0' };
}

function writeFlags(w: Writer, cells: HealthCells, engine: Assessment, locale: Locale): void {
  const H = HEALTH;
  const c = H.cols;
  w.put(H.flagsSection, c.label, 'section', L(HEALTH_LABELS.flags, locale), 5);
  const headers: Array<[number, Localized]> = [
    [c.label, HEALTH_LABELS.flag],
    [c.value, HEALTH_LABELS.raised],
    [c.meaning, HEALTH_LABELS.meaning],
    [c.questions, HEALTH_LABELS.questions],
    [c.next, HEALTH_LABELS.next],
  ];
  for (const [col, label] of headers) w.put(H.flagsHeader, col, 'header', L(label, locale));
  const yes = L(HEALTH_LABELS.yes, locale);
  const no = L(HEALTH_LABELS.no, locale);
  RED_FLAGS.forEach((code, i) => {
    const row = H.firstFlagRow + i;
    const g = redFlagGuide(code, locale);
    if (!g) throw new Error(`no texts for red flag ${code}`);
    const questions = g.questions.map((q) => `${questionsHeading(q, locale)}\n${q.guidance}`).join('\n\n');
    w.put(row, c.label, 'label', g.label);
    const raised = w.formula(
      row,
      c.value,
      'score',
      `IFERROR(IF(${cells.flags[code]},${str(yes)},${str(no)}),"?")`,
      engine.redFlags.includes(code) ? yes : no,
    );
    raised.style = { ...raised.style, numFmt: '@' };
    for (const [col, text] of [
      [c.meaning, g.meaning],
      [c.questions, questions],
      [c.next, g.next],
    ] as Array<[number, string]>) {
      const cell = w.put(row, col, 'label', text);
      cell.style = { ...cell.style, alignment: { vertical: 'top', wrapText: true } };
    }
    const height = Math.max(
      lines(g.meaning, H.widths[c.meaning]),
      lines(questions, H.widths[c.questions]),
      lines(g.next, H.widths[c.next]),
    );
    w.ws.getRow(row + 1).height = Math.min(400, Math.ceil(height * 14 + 6));
  });
  // A raised flag's row turns red; the verdict's cell takes the verdict's colour.
  const first = H.firstFlagRow + 1;
  const last = H.firstFlagRow + RED_FLAGS.length;
  w.ws.addConditionalFormatting({
    ref: `A${first}:E${last}`,
    rules: [
      {
        type: 'expression',
        priority: 1,
        formulae: [`$B${first}=${str(yes)}`],
        style: { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: 'FFF8CBAD' } }, font: { bold: true } },
      },
    ],
  });
  const v = a1(H.verdictRow, c.value);
  const colour: Record<Verdict, string> = { pursue: 'FFC6EFCE', watch: 'FFFFEB9C', 'not-real': 'FFFFC7CE', unassessed: 'FFD9D9D9' };
  w.ws.addConditionalFormatting({
    ref: v,
    rules: (Object.keys(colour) as Verdict[]).map((code, i) => ({
      type: 'expression' as const,
      priority: 2 + i,
      formulae: [`${v}=${str(VERDICT_LABELS[code][locale])}`],
      style: { fill: { type: 'pattern' as const, pattern: 'solid' as const, bgColor: { argb: colour[code] } } },
    })),
  });
}

/**
 * Beside each red flag: whether an open action answers it (its 针对 is the
 * flag), and a marker when the flag is raised and none does. Returns, by
 * flag code, the helper cell that is TRUE when the flag is raised and
 * unanswered.
 */
function writeAnswered(w: Writer, h: HelperCells, cells: HealthCells, ap: ActionPlanHelpers, account: Account, engine: Assessment) {
  const H = HEALTH;
  const { locale } = w;
  w.put(H.flagsHeader, H.cols.answered, 'header', L(HEALTH_LABELS.answered, locale));
  const unanswered = new Set(unansweredFlags(account, engine.redFlags));
  const answeredAll = new Set(RED_FLAGS.filter((f) => unansweredFlags(account, [f]).length === 0));
  const out: Record<string, string> = {};
  RED_FLAGS.forEach((code, i) => {
    const row = H.firstFlagRow + i;
    const answered = h.add(`answered:${code}`, flagAnsweredFormula(ap, code));
    out[code] = h.add(`unanswered:${code}`, `AND(IFERROR(${cells.flags[code]},FALSE),NOT(${answered}))`);
    const yes = L(HEALTH_LABELS.yes, locale);
    const no = L(HEALTH_LABELS.no, locale);
    const mark = `IF(${out[code]},${str(`${no} ⚠ ${L(HEALTH_LABELS.unanswered, locale)}`)},IF(${answered},${str(yes)},${str(no)}))`;
    const result =
      unanswered.has(code) && engine.redFlags.includes(code)
        ? `${no} ⚠ ${L(HEALTH_LABELS.unanswered, locale)}`
        : answeredAll.has(code)
          ? yes
          : no;
    const cell = w.formula(row, H.cols.answered, 'score', mark, result);
    cell.style = { ...cell.style, numFmt: '@', alignment: { vertical: 'top', wrapText: true } };
  });
  return out;
}

/** The open-actions section from row `top`: counts, then the first open actions in due order, overdue ones marked. */
function writeActions(w: Writer, ap: ActionPlanHelpers, account: Account, asOf: string, top: number): void {
  const H = HEALTH;
  const c = H.cols;
  const { locale } = w;
  const open = byDueDate((account.actionPlan ?? []).filter(isOpenAction));
  w.put(top, c.label, 'section', L(HEALTH_LABELS.actions, locale), 5);
  w.put(top + 1, c.label, 'label', L(HEALTH_LABELS.openCount, locale));
  w.formula(top + 1, c.value, 'score', `SUM(${ap.range.open})`, open.length);
  w.put(top + 2, c.label, 'label', L(HEALTH_LABELS.overdueCount, locale));
  w.formula(top + 2, c.value, 'score', `SUM(${ap.range.overdue})`, open.filter((r) => isOverdueAction(r, asOf)).length);
  const headers: Localized[] = [HEALTH_LABELS.due, HEALTH_LABELS.overdue, HEALTH_LABELS.action, HEALTH_LABELS.answers, HEALTH_LABELS.owner];
  headers.forEach((label, col) => w.put(top + 3, col, 'header', L(label, locale)));
  const pick = (range: string, k: string) => `INDEX(${range},${k})`;
  for (let i = 0; i < H.listedActions; i++) {
    const row = top + 4 + i;
    const k = `MATCH(${i + 1},${ap.range.rank},0)`;
    const at = (f: string) => `IFERROR(${f},"")`;
    const d = pick(ap.range.d, k);
    const r = open[i];
    const due = `IF(${d}>=1,TEXT(${d},"yyyy-mm-dd"),${pick(ap.range.dt, k)})`;
    w.formula(row, c.label, 'label', at(due), r ? text(r.dueDate) : '');
    const overdueText = L(HEALTH_LABELS.overdue, locale);
    const od = w.formula(
      row,
      c.value,
      'score',
      at(`IF(${pick(ap.range.overdue, k)}=1,${str(overdueText)},"")`),
      r && isOverdueAction(r, asOf) ? overdueText : '',
    );
    od.style = { ...od.style, numFmt: '@', font: { name: FONT[locale], size: BASE_SIZE, bold: true, color: { argb: 'FFC00000' } } };
    w.formula(row, c.meaning, 'label', at(`${pick(ap.field.action, k)}&""`), r ? text(r.action) : '');
    w.formula(row, c.questions, 'label', at(pick(ap.range.ans, k)), r ? vocabLabel('answers', r.answers, 'zh') : '');
    w.formula(row, c.next, 'label', at(`${pick(ap.field.owner, k)}&""`), r ? text(r.owner) : '');
  }
  const moreRow = top + 4 + H.listedActions;
  const n = `SUM(${ap.range.open})-${H.listedActions}`;
  w.formula(moreRow, c.label, 'subtitle', `IF(${n}>0,${templateFormula(L(HEALTH_LABELS.more, locale), { n })},"")`, '', 5);
}
