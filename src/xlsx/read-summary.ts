import type { GridValue } from '../domain/layout';
import type { Grids } from '../domain/read-workbook';
import { type Snapshot, snapshotFromCells } from '../domain/review';
import { ROLLUP_TABS, yesNo } from '../domain/rollup';
import { readXlsx } from './read-xlsx';
import { PIPE, SUMMARY_KIND, SUMMARY_META_TAB } from './render-rollup';

/**
 * What a roll-up carries over from the summary it replaces: that it is one
 * (its hidden marker tab), the manager's own settings — stage probabilities
 * keyed by the stage code beside them, the review window — and the history of
 * snapshots. Labels are never used to find anything: a manager may rename a
 * stage's label or translate the workbook and the settings still apply.
 */
export interface PreviousSummary extends SummarySettings {
  history: Snapshot[];
}

/** A summary's settings: what decides how a roll-up reads its accounts. */
export interface SummarySettings {
  probability: Record<string, number>;
  windowDays: number | null;
  /** The manager's opt-in to show the next action's text and owner (D2 of 管道: 是 / 否), null when not set. */
  showActions: boolean | null;
}

/** Rows a summary's tab may hold: a year of weekly snapshots of 1,000 accounts is 52,000 (the reader's part-size cap still applies). */
const SUMMARY_MAX_ROWS = 1_000_000;

function tab(grids: Grids, t: { zh: string; en: string }): GridValue[][] {
  return grids[t.zh] ?? grids[t.en] ?? [];
}

const at = (grid: GridValue[][], row: number, col: number): GridValue => grid[row - 1]?.[col - 1] ?? null;

/** True when the workbook carries the summary marker ka-sales writes. */
export function isSummaryGrids(grids: Grids): boolean {
  const meta = grids[SUMMARY_META_TAB];
  return !!meta && at(meta, 1, 1) === 'kind' && at(meta, 1, 2) === SUMMARY_KIND;
}

function probabilities(pipe: GridValue[][]): Record<string, number> {
  const out: Record<string, number> = {};
  for (let r = PIPE.firstProbRow; r < PIPE.firstProbRow + 50; r++) {
    const code = at(pipe, r, 3);
    const p = at(pipe, r, 2);
    if (typeof code !== 'string' || code === '') break;
    if (typeof p === 'number' && p >= 0 && p <= 1) out[code] = p;
  }
  return out;
}

function windowDays(pipe: GridValue[][]): number | null {
  const v = at(pipe, PIPE.windowRow, 2);
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 366 ? v : null;
}

function history(grid: GridValue[][]): Snapshot[] {
  const out: Snapshot[] = [];
  for (let r = 1; r < grid.length; r++) {
    const s = grid[r] ? snapshotFromCells(Array.from({ length: 9 }, (_, i) => grid[r][i] ?? null)) : null;
    if (s) out.push(s);
  }
  return out;
}

function tabsOf(bytes: Buffer, tabs: Array<{ zh: string; en: string } | string>): Grids {
  const wanted = new Set(tabs.flatMap((t) => (typeof t === 'string' ? [t] : [t.zh, t.en])));
  return readXlsx(bytes, { maxRows: SUMMARY_MAX_ROWS, tabs: (name) => wanted.has(name), plain: true }).grids;
}

/**
 * The settings of a ka-sales summary, or null when the workbook is not one.
 * The 汇总 and 变化 tabs are rewritten from the accounts, and the history is
 * read apart (readSummaryHistory): only the marker and 管道 are read here.
 */
export function readSummarySettings(bytes: Buffer): SummarySettings | null {
  const grids = tabsOf(bytes, [SUMMARY_META_TAB, ROLLUP_TABS.pipeline]);
  if (!isSummaryGrids(grids)) return null;
  const pipe = tab(grids, ROLLUP_TABS.pipeline);
  return {
    probability: probabilities(pipe),
    windowDays: windowDays(pipe),
    showActions: yesNo(at(pipe, PIPE.windowRow, PIPE.showActionsCol)),
  };
}

/** The snapshots in the history tab of a summary (readSummarySettings says whether it is one). */
export function readSummaryHistory(bytes: Buffer): Snapshot[] {
  return history(tab(tabsOf(bytes, [ROLLUP_TABS.history]), ROLLUP_TABS.history));
}

/** The settings and history of a ka-sales summary, or null when the workbook is not one. */
export function readPreviousSummary(bytes: Buffer): PreviousSummary | null {
  const settings = readSummarySettings(bytes);
  return settings && { ...settings, history: readSummaryHistory(bytes) };
}
