import type ExcelJS from 'exceljs';
import { excel } from './exceljs';
import type { Locale } from '../../sheets-templates/types';
import { STAGE_PROBABILITY } from '../../sheets-templates/vocabularies';
import { vocabLabel, vocabulary } from '../domain/vocab';
import { columnLetter, sheetRef } from '../domain/a1';
import type { Verdict } from '../domain/assessment';
import {
  ROLLUP_COLUMNS,
  ROLLUP_TABS,
  ROLLUP_TEXTS,
  type RollupColumnId,
  type RollupError,
  type RollupRow,
  pipelineTotals,
  round2,
  rollupCells,
  stageForecast,
  unreadableReason,
} from '../domain/rollup';
import { XLSX_CELL_LIMIT, xlsxText } from './cell-text';

/**
 * The manager roll-up as an .xlsx workbook (forms.md §9): 汇总 (one row per
 * account, with data bars and colours a manager reads at a glance), 管道
 * (pipeline totals by stage and by sales manager, over stage probabilities a
 * manager can edit) and 无法读取 (files that could not be read, and why).
 *
 * Everything taken from an account is written as a plain string cell, never
 * as a formula; the only formulas are our own, and they refer to cells, never
 * embed account text. No personal field of a key person is in a RollupRow.
 */

export interface RollupWorkbookOptions {
  locale: Locale;
  /** When the roll-up was made, shown in 更新时间 (e.g. '2026-11-01 09:30'). */
  refreshedAt: string;
  /** The as-of date (ISO) the scores and staleness are measured against. */
  asOf: string;
  /** Stage probabilities for the forecast (zh stage → 0..1); the manager can change them in the file. */
  probability?: Record<string, number>;
  /** The hyperlink target for an account's file (e.g. a path relative to the summary), or null for none. */
  linkOf?: (file: string) => string | null;
  /** The text shown in the link cell (default: the file as given). */
  linkText?: (file: string) => string;
}

/** The UI font (as the account workbooks use); other programs substitute a sans-serif. */
const FONT: Record<Locale, string> = { zh: 'Microsoft YaHei', en: 'Calibri' };

const L = (t: { zh: string; en: string }, locale: Locale) => t[locale];

const COLORS = {
  header: 'FF1F4E79',
  headerText: 'FFFFFFFF',
  section: 'FFDDEBF7',
  input: 'FFFFF2CC',
  border: 'FFBFBFBF',
  bar: 'FF5B9BD5',
  rivalBar: 'FFF4B183',
  link: 'FF0563C1',
  flag: 'FFFCE4E4',
  flagText: 'FF9C0006',
  problems: 'FFFFE699',
  total: 'FFF2F2F2',
};

const VERDICT_FILL: Record<Verdict, { fill: string; font: string }> = {
  pursue: { fill: 'FFC6EFCE', font: 'FF006100' },
  watch: { fill: 'FFFFEB9C', font: 'FF9C5700' },
  'not-real': { fill: 'FFFFC7CE', font: 'FF9C0006' },
  unassessed: { fill: 'FFE7E6E6', font: 'FF595959' },
};

const thin: Partial<ExcelJS.Borders> = {
  top: { style: 'thin', color: { argb: COLORS.border } },
  left: { style: 'thin', color: { argb: COLORS.border } },
  bottom: { style: 'thin', color: { argb: COLORS.border } },
  right: { style: 'thin', color: { argb: COLORS.border } },
};

function solid(argb: string): ExcelJS.Fill {
  return { type: 'pattern', pattern: 'solid', fgColor: { argb } };
}

/** Text as the file can hold it and every program reads it back unchanged (control characters, `_xHHHH_`). */
const safeText = xlsxText;


/** Writes account text: always a string cell, so `=…`, `+…`, `@…` stay text. */
function setText(cell: ExcelJS.Cell, s: string): void {
  const fits = s.length > XLSX_CELL_LIMIT ? `${s.slice(0, XLSX_CELL_LIMIT - 1)}…` : s;
  cell.value = safeText(fits);
  cell.numFmt = '@';
}

function dateValue(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

function styleHeader(cell: ExcelJS.Cell): void {
  cell.font = { bold: true, color: { argb: COLORS.headerText } };
  cell.fill = solid(COLORS.header);
  cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  cell.border = thin;
}

function dataBar(ws: ExcelJS.Worksheet, ref: string, color: string, max: number | null, priority: number): void {
  const rule = {
    type: 'dataBar',
    priority,
    gradient: false,
    border: false,
    showValue: true,
    cfvo: [{ type: 'num', value: 0 }, max === null ? { type: 'max' } : { type: 'num', value: max }],
    color: { argb: color },
  };
  ws.addConditionalFormatting({ ref, rules: [rule as unknown as ExcelJS.ConditionalFormattingRule] });
}

/** The stages of the probability table: the vocabulary's, in order (a stage's probability is keyed by its code). */
function stageValues(): Array<{ code: string; value: string }> {
  return vocabulary('stage')?.values ?? [];
}

/** Where things are on the pipeline tab (1-based rows), shared by both tabs' formulas. */
const PIPE = { probHeaderRow: 4, firstProbRow: 5 };

export function renderRollupWorkbook(rows: RollupRow[], errors: RollupError[], opts: RollupWorkbookOptions): ExcelJS.Workbook {
  const { locale } = opts;
  const probability = opts.probability ?? STAGE_PROBABILITY;
  const wb = new (excel().Workbook)();
  wb.creator = 'ka-sales';
  wb.created = new Date(0);
  wb.modified = new Date(0);
  // Forces a recalculation when Excel / WPS opens the file, so the formulas
  // over edited probabilities are always current.
  wb.calcProperties = { fullCalcOnLoad: true };

  const summaryName = L(ROLLUP_TABS.summary, locale);
  const pipelineName = L(ROLLUP_TABS.pipeline, locale);
  const unreadableName = L(ROLLUP_TABS.unreadable, locale);
  const summary = wb.addWorksheet(summaryName, { views: [{ state: 'frozen', xSplit: 1, ySplit: 1 }] });
  const pipeline = wb.addWorksheet(pipelineName);
  const unreadable = wb.addWorksheet(unreadableName);

  const stages = stageValues();
  const lastProbRow = PIPE.firstProbRow + stages.length - 1;
  const probStages = `${sheetRef(pipelineName)}$A$${PIPE.firstProbRow}:$A$${lastProbRow}`;
  const probValues = `${sheetRef(pipelineName)}$B$${PIPE.firstProbRow}:$B$${lastProbRow}`;

  // ------------------------------------------------------------------ 汇总
  const colOf = {} as Record<RollupColumnId, number>;
  ROLLUP_COLUMNS.forEach((c, i) => {
    colOf[c.id] = i + 1;
    const cell = summary.getCell(1, i + 1);
    cell.value = L(c.label, locale);
    styleHeader(cell);
    if (c.note) cell.note = L(c.note, locale);
    summary.getColumn(i + 1).width = c.width;
  });
  summary.getRow(1).height = 32;
  const letter = (id: RollupColumnId) => columnLetter(colOf[id] - 1);
  const firstRow = 2;
  const lastRow = Math.max(firstRow, firstRow + rows.length - 1);

  rows.forEach((row, i) => {
    const r = firstRow + i;
    const values = rollupCells(row, { locale, refreshedAt: opts.refreshedAt, probability });
    for (const c of ROLLUP_COLUMNS) {
      const cell = summary.getCell(r, colOf[c.id]);
      const v = values[c.id];
      cell.border = thin;
      switch (c.type) {
        case 'text':
        case 'flags':
        case 'datetime':
          setText(cell, v === null ? '' : String(v));
          break;
        case 'verdict': {
          setText(cell, String(v));
          const style = VERDICT_FILL[row.verdict];
          cell.fill = solid(style.fill);
          cell.font = { bold: true, color: { argb: style.font } };
          cell.alignment = { horizontal: 'center' };
          break;
        }
        case 'date':
          if (typeof v === 'string' && v) {
            cell.value = dateValue(v);
            cell.numFmt = 'yyyy-mm-dd';
          }
          break;
        case 'link': {
          const file = String(v);
          const target = opts.linkOf ? opts.linkOf(file) : null;
          const shown = safeText(opts.linkText ? opts.linkText(file) : file);
          if (target) {
            cell.value = { text: shown, hyperlink: target, tooltip: shown };
            cell.font = { color: { argb: COLORS.link }, underline: true };
          } else {
            setText(cell, shown);
          }
          break;
        }
        default:
          if (c.id === 'forecast') {
            // Budget × the stage's probability from the pipeline tab: exact matches only (no wildcards).
            const b = `${letter('budget')}${r}`;
            cell.value = {
              formula: `IF(ISNUMBER(${b}),ROUND(${b}*SUMPRODUCT(--(${probStages}=${letter('stage')}${r}),${probValues}),2),"")`,
              result: (v ?? '') as number | string,
            } as ExcelJS.CellFormulaValue;
            cell.numFmt = '#,##0.##;-#,##0.##;0';
          } else if (typeof v === 'number') {
            cell.value = v;
            if (c.type === 'lead') cell.numFmt = '+0;-0;0';
            if (c.type === 'number') cell.numFmt = '#,##0.##;-#,##0.##;0';
          }
      }
      if (c.type === 'flags' && v) {
        cell.fill = solid(COLORS.flag);
        cell.font = { color: { argb: COLORS.flagText } };
        cell.alignment = { wrapText: true, vertical: 'middle' };
      }
      if (c.id === 'problems' && typeof v === 'number' && v > 0) cell.fill = solid(COLORS.problems);
      if (['score', 'lead', 'count', 'number', 'date'].includes(c.type)) cell.alignment = { ...cell.alignment, horizontal: 'right' };
      if (c.id === 'hasCoach' || c.id === 'stage') cell.alignment = { horizontal: 'center' };
      cell.alignment = { vertical: 'middle', ...cell.alignment };
    }
    // Red flags are one per line: room for all of them.
    summary.getRow(r).height = Math.max(1, row.redFlags.length) * 14 + 4;
  });

  if (rows.length) {
    let priority = 1;
    for (const id of ['real', 'worth', 'opp', 'win'] as const) {
      dataBar(summary, `${letter(id)}${firstRow}:${letter(id)}${lastRow}`, COLORS.bar, 100, priority++);
    }
    dataBar(summary, `${letter('bestCompetitorWin')}${firstRow}:${letter('bestCompetitorWin')}${lastRow}`, COLORS.rivalBar, 100, priority++);
    dataBar(summary, `${letter('budget')}${firstRow}:${letter('budget')}${lastRow}`, 'FF70AD47', null, priority++);
    summary.addConditionalFormatting({
      ref: `${letter('lead')}${firstRow}:${letter('lead')}${lastRow}`,
      rules: [
        {
          type: 'colorScale',
          priority: priority++,
          cfvo: [
            { type: 'num', value: -50 },
            { type: 'num', value: 0 },
            { type: 'num', value: 50 },
          ],
          color: [{ argb: 'FFF8696B' }, { argb: 'FFFFFFFF' }, { argb: 'FF63BE7B' }],
        },
      ],
    });
  }
  summary.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: ROLLUP_COLUMNS.length } };
  summary.pageSetup = { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, margins: { left: 0.3, right: 0.3, top: 0.4, bottom: 0.4, header: 0.2, footer: 0.2 } };
  summary.pageSetup.printTitlesRow = '1:1';

  // ------------------------------------------------------------------ 管道
  pipeline.getColumn(1).width = 18;
  for (const c of [2, 3, 4]) pipeline.getColumn(c).width = 16;
  const title = pipeline.getCell('A1');
  setText(title, `${L(ROLLUP_TABS.pipeline, locale)} · ${locale === 'zh' ? '截至' : 'as of'} ${opts.asOf} · ${rows.length} ${locale === 'zh' ? '个客户' : 'accounts'}`);
  title.font = { bold: true, size: 14 };
  pipeline.getRow(1).height = 26;

  const section = (r: number, text: string) => {
    const cell = pipeline.getCell(r, 1);
    setText(cell, text);
    cell.font = { bold: true, color: { argb: COLORS.header } };
    for (let c = 1; c <= 4; c++) pipeline.getCell(r, c).fill = solid(COLORS.section);
  };
  const header = (r: number, labels: string[]) =>
    labels.forEach((l, i) => {
      const cell = pipeline.getCell(r, i + 1);
      setText(cell, l);
      styleHeader(cell);
    });

  section(PIPE.probHeaderRow - 1, L(ROLLUP_TEXTS.probabilities, locale));
  header(PIPE.probHeaderRow, [L(ROLLUP_TEXTS.stage, locale), L(ROLLUP_TEXTS.probability, locale)]);
  stages.forEach((s, i) => {
    const r = PIPE.firstProbRow + i;
    setText(pipeline.getCell(r, 1), vocabLabel('stage', s.value, locale));
    pipeline.getCell(r, 1).border = thin;
    const p = pipeline.getCell(r, 2);
    p.value = probability[s.code] ?? 0;
    p.numFmt = '0%';
    p.fill = solid(COLORS.input);
    p.border = thin;
    p.protection = { locked: false };
  });
  pipeline.getCell(PIPE.firstProbRow, 2).note =
    locale === 'zh' ? '概率可修改：加权预测 = 项目预算 × 阶段概率，改后自动重算。' : 'Change a probability: forecast = budget × the stage’s probability, recalculated.';

  const sumRange = (id: RollupColumnId) => `${sheetRef(summaryName)}$${letter(id)}$${firstRow}:$${letter(id)}$${lastRow}`;
  const totals = pipelineTotals(rows, probability);
  const forecasts = rows.map((r) => stageForecast(r, probability) ?? 0);

  /** A totals table keyed on one summary column; keys are written as text and compared cell to cell. */
  const table = (startRow: number, titleText: string, keyLabel: string, keyCol: RollupColumnId, items: Array<{ key: string; label: string; match: (r: RollupRow) => boolean }>) => {
    section(startRow, titleText);
    header(startRow + 1, [keyLabel, L(ROLLUP_TEXTS.count, locale), L(ROLLUP_TEXTS.budget, locale), L(ROLLUP_TEXTS.forecast, locale)]);
    const first = startRow + 2;
    items.forEach((it, i) => {
      const r = first + i;
      const keyCell = pipeline.getCell(r, 1);
      setText(keyCell, it.key === '' ? L(ROLLUP_TEXTS.none, locale) : it.label);
      keyCell.border = thin;
      // A blank key is matched as "", never by the placeholder label shown in its place.
      const crit = it.key === '' ? '""' : `$A${r}`;
      const mine = rows.map((row, k) => (it.match(row) ? k : -1)).filter((k) => k >= 0);
      const cnt = mine.length;
      const bud = round2(mine.reduce((s, k) => s + (rows[k].budget ?? 0), 0));
      const fc = round2(mine.reduce((s, k) => s + forecasts[k], 0));
      const set = (c: number, formula: string, result: number) => {
        const cell = pipeline.getCell(r, c);
        cell.value = { formula, result } as ExcelJS.CellFormulaValue;
        cell.numFmt = c === 2 ? '0' : '#,##0.##;-#,##0.##;0';
        cell.border = thin;
      };
      set(2, `SUMPRODUCT(--(${sumRange(keyCol)}=${crit}))`, cnt);
      set(3, `SUMPRODUCT(--(${sumRange(keyCol)}=${crit}),${sumRange('budget')})`, bud);
      set(4, `SUMPRODUCT(--(${sumRange(keyCol)}=${crit}),${sumRange('forecast')})`, fc);
    });
    const last = first + items.length - 1;
    const t = last + 1;
    setText(pipeline.getCell(t, 1), L(ROLLUP_TEXTS.total, locale));
    for (let c = 1; c <= 4; c++) {
      const cell = pipeline.getCell(t, c);
      cell.font = { bold: true };
      cell.fill = solid(COLORS.total);
      cell.border = thin;
    }
    const colSum = (c: number) => items.reduce((s, _it, i) => s + Number((pipeline.getCell(first + i, c).value as ExcelJS.CellFormulaValue).result ?? 0), 0);
    [2, 3, 4].forEach((c) => {
      const L_ = columnLetter(c - 1);
      const cell = pipeline.getCell(t, c);
      cell.value = { formula: items.length ? `SUM(${L_}${first}:${L_}${last})` : '0', result: round2(colSum(c)) } as ExcelJS.CellFormulaValue;
      cell.numFmt = c === 2 ? '0' : '#,##0.##;-#,##0.##;0';
    });
    if (items.length) {
      dataBar(pipeline, `C${first}:C${last}`, 'FF70AD47', null, 100 + startRow);
      dataBar(pipeline, `D${first}:D${last}`, COLORS.bar, null, 200 + startRow);
    }
    return t;
  };

  const stageStart = lastProbRow + 2;
  const stageEnd = table(
    stageStart,
    L(ROLLUP_TEXTS.byStage, locale),
    L(ROLLUP_TEXTS.stage, locale),
    'stage',
    totals.byStage.map((t) => ({ key: t.key, label: vocabLabel('stage', t.key, locale), match: (r: RollupRow) => r.stage === t.key })),
  );
  table(
    stageEnd + 2,
    L(ROLLUP_TEXTS.byManager, locale),
    L(ROLLUP_TEXTS.salesManager, locale),
    'salesManager',
    totals.byManager.map((t) => ({ key: t.key, label: t.key, match: (r: RollupRow) => r.salesManager === t.key })),
  );
  pipeline.pageSetup = { orientation: 'portrait', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 };

  // ------------------------------------------------------------------ 无法读取
  unreadable.getColumn(1).width = 40;
  unreadable.getColumn(2).width = 44;
  unreadable.getColumn(3).width = 60;
  [L(ROLLUP_TEXTS.file, locale), L(ROLLUP_TEXTS.reason, locale), L(ROLLUP_TEXTS.detail, locale)].forEach((l, i) => {
    const cell = unreadable.getCell(1, i + 1);
    setText(cell, l);
    styleHeader(cell);
  });
  unreadable.views = [{ state: 'frozen', ySplit: 1 }];
  if (!errors.length) {
    setText(unreadable.getCell(2, 1), L(ROLLUP_TEXTS.noErrors, locale));
    unreadable.getCell(2, 1).font = { italic: true, color: { argb: 'FF595959' } };
  }
  errors.forEach((e, i) => {
    const r = 2 + i;
    setText(unreadable.getCell(r, 1), e.file);
    setText(unreadable.getCell(r, 2), unreadableReason(e.message, locale));
    setText(unreadable.getCell(r, 3), e.message);
    for (let c = 1; c <= 3; c++) {
      unreadable.getCell(r, c).alignment = { wrapText: c > 1, vertical: 'top' };
      unreadable.getCell(r, c).border = thin;
    }
  });
  unreadable.pageSetup = { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 };

  // One font everywhere.
  for (const ws of wb.worksheets) {
    ws.eachRow({ includeEmpty: true }, (row) =>
      row.eachCell({ includeEmpty: true }, (cell) => {
        cell.font = { size: 10, ...cell.font, name: FONT[locale] };
      }),
    );
  }
  return wb;
}

/** The roll-up workbook as .xlsx bytes. */
export async function renderRollupXlsx(rows: RollupRow[], errors: RollupError[], opts: RollupWorkbookOptions): Promise<Buffer> {
  const wb = renderRollupWorkbook(rows, errors, opts);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

