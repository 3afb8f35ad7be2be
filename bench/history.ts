/**
 * What a year of history costs the offline roll-up (issue #12): the same
 * folder rolled up into a fresh summary and into one that already holds 52
 * weekly snapshots of every account, timed in one run (median of `runs`),
 * with the history tab's size.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { HISTORY_COLUMNS, type Snapshot } from '../src/domain/review';
import type { RollupRow } from '../src/domain/rollup';
import { renderRollupXlsx } from '../src/xlsx/render-rollup';

export interface HistoryBench {
  weeks: number;
  historyRows: number;
  historyCells: number;
  summaryBytes: number;
  freshSeconds: number;
  withHistorySeconds: number;
  /** withHistorySeconds / freshSeconds − 1: the share the year of history adds. */
  growth: number;
}

const WEEK_MS = 7 * 86_400_000;

/** 52 weekly snapshots of every row, the last a week before `asOf`. */
function yearOfHistory(rows: RollupRow[], asOf: string, weeks: number): Snapshot[] {
  const end = Date.parse(`${asOf}T00:00:00Z`);
  const out: Snapshot[] = [];
  for (let w = weeks; w >= 1; w--) {
    const date = new Date(end - w * WEEK_MS).toISOString().slice(0, 10);
    for (const r of rows) {
      out.push({
        date,
        key: r.customerName.trim(),
        stage: 'intention',
        opp: r.opp,
        win: r.win,
        lead: r.lead,
        verdict: r.verdict,
        flags: [...r.redFlags].sort(),
        forecast: r.budget,
      });
    }
  }
  return out;
}

function timeRollup(cli: string, dir: string, out: string, asOf: string): number {
  const t = performance.now();
  try {
    execFileSync(process.execPath, [cli, 'rollup', dir, '-o', out, '--as-of', asOf], { stdio: 'ignore' });
  } catch {
    // Exit 1 = some accounts have problems (the generator plants some): still a full roll-up.
  }
  return (performance.now() - t) / 1000;
}

export async function benchHistory(opts: {
  cli: string;
  dir: string;
  rows: RollupRow[];
  asOf: string;
  runs: number;
  weeks?: number;
}): Promise<HistoryBench> {
  const weeks = opts.weeks ?? 52;
  const history = yearOfHistory(opts.rows, opts.asOf, weeks);
  const seeded = await renderRollupXlsx(opts.rows, [], { locale: 'zh', refreshedAt: 'bench', asOf: opts.asOf, history });
  const fresh = `${opts.dir}-fresh-summary.xlsx`;
  const withHistory = `${opts.dir}-history-summary.xlsx`;
  const freshTimes: number[] = [];
  const historyTimes: number[] = [];
  try {
    for (let i = 0; i < opts.runs; i++) {
      rmSync(fresh, { force: true });
      freshTimes.push(timeRollup(opts.cli, opts.dir, fresh, opts.asOf));
      writeFileSync(withHistory, seeded);
      historyTimes.push(timeRollup(opts.cli, opts.dir, withHistory, opts.asOf));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const [f, h] = [median(freshTimes), median(historyTimes)];
    const historyRows = history.length + opts.rows.length;
    if (!readFileSync(withHistory).length) throw new Error('no summary written');
    return {
      weeks,
      historyRows,
      historyCells: historyRows * HISTORY_COLUMNS.length,
      summaryBytes: statSync(withHistory).size,
      freshSeconds: Math.round(f * 100) / 100,
      withHistorySeconds: Math.round(h * 100) / 100,
      growth: Math.round((h / f - 1) * 1000) / 1000,
    };
  } finally {
    rmSync(fresh, { force: true });
    rmSync(withHistory, { force: true });
  }
}
