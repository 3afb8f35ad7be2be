import type ExcelJS from 'exceljs';
import { ROLLUP_TABS } from '../domain/rollup';
import { type Snapshot, snapshotFromCells } from '../domain/review';
import { excel } from './exceljs';
import { gridValue } from './read-workbook';
import { PIPE, SUMMARY_KIND, SUMMARY_META_TAB } from './render-rollup';

/**
 * What a roll-up carries over from the summary it replaces: that it is one
 * (its hidden marker tab), the manager's own settings — stage probabilities
 * keyed by the stage code beside them, the review window — and the history of
 * snapshots. Labels are never used to find anything: a manager may rename a
 * stage's label or translate the workbook and the settings still apply.
 */
export interface PreviousSummary {
  probability: Record<string, number>;
  windowDays: number | null;
  history: Snapshot[];
}

function tab(wb: ExcelJS.Workbook, t: { zh: string; en: string }): ExcelJS.Worksheet | undefined {
  return wb.getWorksheet(t.zh) ?? wb.getWorksheet(t.en);
}

/** True when the workbook carries the summary marker ka-sales writes. */
export function isSummaryWorkbook(wb: ExcelJS.Workbook): boolean {
  const meta = wb.getWorksheet(SUMMARY_META_TAB);
  return !!meta && gridValue(meta.getCell('A1').value) === 'kind' && gridValue(meta.getCell('B1').value) === SUMMARY_KIND;
}

function probabilities(ws: ExcelJS.Worksheet | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  if (!ws) return out;
  for (let r = PIPE.firstProbRow; r < PIPE.firstProbRow + 50; r++) {
    const code = gridValue(ws.getCell(r, 3).value);
    const p = gridValue(ws.getCell(r, 2).value);
    if (typeof code !== 'string' || code === '') break;
    if (typeof p === 'number' && p >= 0 && p <= 1) out[code] = p;
  }
  return out;
}

function windowDays(ws: ExcelJS.Worksheet | undefined): number | null {
  const v = ws ? gridValue(ws.getCell(PIPE.windowRow, 2).value) : null;
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 366 ? v : null;
}

function history(ws: ExcelJS.Worksheet | undefined): Snapshot[] {
  const out: Snapshot[] = [];
  ws?.eachRow({ includeEmpty: false }, (row, rowNo) => {
    if (rowNo === 1) return;
    const cells = Array.from({ length: 9 }, (_, i) => gridValue(row.getCell(i + 1).value));
    const s = snapshotFromCells(cells);
    if (s) out.push(s);
  });
  return out;
}

/** The settings and history of a ka-sales summary, or null when the workbook is not one. */
export async function readPreviousSummary(bytes: Buffer): Promise<PreviousSummary | null> {
  const wb = new (excel().Workbook)();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  if (!isSummaryWorkbook(wb)) return null;
  const pipeline = tab(wb, ROLLUP_TABS.pipeline);
  return { probability: probabilities(pipeline), windowDays: windowDays(pipeline), history: history(tab(wb, ROLLUP_TABS.history)) };
}
