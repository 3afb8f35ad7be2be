/**
 * The manager's weekly review in the Sheets summary (issue #12), on the fake:
 * two refreshes a week apart on the fake's clock, accounts changed in
 * between. The summary says what it is and is ordered by what needs
 * attention; the history tab grows by one block per refresh day (a second
 * refresh of the day replaces that day's block); the changes tab and the
 * review columns compare with the latest snapshot at least the review window
 * older; the charts are made once and follow the data; the manager's
 * settings survive refreshes and full rebuilds.
 */
import type { Account } from '../../src/domain/account';
import { VERDICT_LABELS } from '../../src/domain/assessment';
import { HISTORY_COLUMNS, VERDICT_REVIEW_ORDER } from '../../src/domain/review';
import { columnsFor, ROLLUP_TABS, rollupRow, stageForecast } from '../../src/domain/rollup';
import { sampleAccounts } from '../../src/domain/sample-accounts';
import { localTimes } from '../../src/sheets/summary/cells';
import { refreshSummary } from '../../src/sheets/summary/refresh';
import { PIPE, ensureSummaryTabs } from '../../src/sheets/summary/summary-tabs';
import { SUMMARY_KEY_COLUMNS } from '../../src/sheets/summary/texts';
import type { SpreadsheetModel } from '../fakes/spreadsheet-app';
import {
  type SummaryWorld,
  chartRanges,
  registeredWorkbook,
  rewriteWorkbook,
  summaryFormulas,
  summaryRows,
  summaryWorld,
  tabValues,
  rangesWritten,
  runLog,
  unreadableRows,
} from './summary-support';

const COLUMNS = columnsFor('sheets');
const col = (id: string) => COLUMNS.findIndex((c) => c.id === id);
const ID_COL = COLUMNS.length;
const WEEK = 7 * 86_400_000;

function refresh(w: SummaryWorld, opts: Parameters<typeof refreshSummary>[0] = {}) {
  return refreshSummary({ now: w.clock.now, sleep: w.clock.sleep, readGapMs: 0, ...opts });
}

function writes(w: SummaryWorld): string[] {
  return w.fake.log.filter(
    (k) =>
      !k.startsWith('EmbeddedChartBuilder.') &&
      /\.(setValues?|appendRow|setFormulas?|setNotes?|clear\w*|deleteRows?|insert\w+|updateChart|batchUpdate)$/.test(k),
  );
}

/** The ranges of values one refresh writes (each range of its one batchUpdate; any setValues or appendRow besides). */
function rangesOf(w: SummaryWorld, run: () => unknown): string[] {
  const from = w.sheets.rangesWritten.length;
  w.fake.resetCalls();
  run();
  return rangesWritten(w, from);
}

/** The tab each range is on. */
const tabsOf = (ranges: string[]) => ranges.map((r) => r.replace(/!.*$/, '').replace(/^'|'$/g, ''));

function rowOf(w: SummaryWorld, id: string): Record<string, unknown> {
  const row = summaryRows(w).find((r) => r[ID_COL] === id);
  if (!row) throw new Error(`no row for ${id}`);
  return Object.fromEntries(COLUMNS.map((c, i) => [c.id, row[i]]));
}

function history(w: SummaryWorld): unknown[][] {
  return tabValues(w, ROLLUP_TABS.history.zh).slice(1);
}

describe('two refreshes a week apart', () => {
  const w = summaryWorld();
  const before = sampleAccounts('2026-11-01');
  const models: SpreadsheetModel[] = before.map((a) => registeredWorkbook(w, a));
  const ids = models.map((m) => m.id);
  // Week 2: 临江 loses an opportunity mark; 东湖 moves from 意向 to 方案; 西山 is visited again (stale clears).
  const after: Account[] = sampleAccounts('2026-11-01');
  after[0].opportunity.items[7].mark = '-';
  after[2].overview.stage = '方案';
  after[5].keyPeople.push({ ...after[5].keyPeople[1], visitNo: 2, visitDate: '2026-11-06' });
  let firstHistory: unknown[][] = [];
  let firstCharts: number[] = [];
  // The manager's set-up (the menu's 用作汇总表) lays out the tabs once; refreshes then write only values.
  ensureSummaryTabs(w.fake.api(w.summary), 'zh');

  test('the first refresh: title with the as-of date and counts, rows in the review order, one history block, every account new', () => {
    // At most five ranges: one per tab written, in one call.
    const ranges = rangesOf(w, () => expect(refresh(w).status).toBe('done'));
    expect(tabsOf(ranges)).toEqual(['汇总', '管道', '变化', '历史', '账户清单']);
    expect(w.fake.calls['Sheets.Spreadsheets.Values.batchUpdate']).toBe(1);
    const top = tabValues(w, ROLLUP_TABS.summary.zh);
    expect(top[0][0]).toBe('经理汇总 · 截至 2026-11-01 · 生成于 2026-11-01 10:00');
    // The samples hold one won (南屿) and one lost (西山) deal.
    expect(top[1][0]).toBe('客户 7 · 进行中 5 · 赢单 1 · 丢单 1 · 放弃 0 · 无法读取 0 · 待修正 1');
    expect(summaryRows(w).filter((r) => (r[col('problems')] as number) > 0)).toHaveLength(1);
    expect(top[2][0]).toBe('客户名称');

    // What needs attention first: verdicts in the review order, within a verdict the larger forecast first.
    const all = summaryRows(w).filter((r) => r[ID_COL]);
    // Open deals first, then won, then lost (the hidden outcome key column).
    expect(all.map((r) => r[ID_COL + 4])).toEqual(['open', 'open', 'open', 'open', 'open', 'won', 'lost']);
    const rows = all.filter((r) => r[ID_COL + 4] === 'open');
    const rank = (r: unknown[]) => VERDICT_REVIEW_ORDER.findIndex((v) => VERDICT_LABELS[v].zh === r[col('verdict')]);
    const forecast = (r: unknown[]) => (typeof r[col('forecast')] === 'number' ? (r[col('forecast')] as number) : -1);
    for (let i = 1; i < rows.length; i++) {
      expect(rank(rows[i - 1])).toBeLessThanOrEqual(rank(rows[i]));
      if (rank(rows[i - 1]) === rank(rows[i])) expect(forecast(rows[i - 1])).toBeGreaterThanOrEqual(forecast(rows[i]));
    }
    expect(all.map((r) => r[col('customerName')])).toEqual([
      '临江市财政局',
      '云台市财政局',
      '东湖区财政局',
      '青川县财政局',
      '北岗市财政局',
      '南屿市财政局',
      '西山县财政局',
    ]);

    // One snapshot per account, dated today, keyed by file id, with codes only.
    firstHistory = history(w);
    expect(firstHistory).toHaveLength(7);
    expect(new Set(firstHistory.map((r) => r[0]))).toEqual(new Set(['2026-11-01']));
    expect(firstHistory.map((r) => r[1]).sort()).toEqual([...ids].sort());
    // The hidden key columns: file id, and the codes a kept row's snapshot and section are made of.
    const keys = summaryRows(w)
      .find((r) => r[ID_COL] === ids[2])
      ?.slice(ID_COL);
    expect(keys).toEqual([ids[2], 'intention', 'watch', 'no-coach competitor-ahead', 'open']);
    const linjiang = firstHistory.find((r) => r[1] === ids[0]) as unknown[];
    expect(linjiang).toEqual(['2026-11-01', ids[0], 'solution', 80, 70, 20, 'pursue', '', 228]);
    expect(tabValues(w, ROLLUP_TABS.history.zh)[0]).toEqual(HISTORY_COLUMNS.map((c) => c.label.zh));

    // Nothing older to compare with: every account is new to the review, and days at stage start at 0.
    const changes = tabValues(w, ROLLUP_TABS.changes.zh).slice(1);
    expect(changes).toHaveLength(7);
    expect(new Set(changes.map((r) => r[1]))).toEqual(new Set(['（新）']));
    expect(rowOf(w, ids[0]).stageDays).toBe(0);

    // When each workbook was last saved: a first refresh (a rebuild) asks Drive once for all of them.
    expect(rowOf(w, ids[1]).lastSaved).toBe('2026-11-01 10:00');
    expect(w.fake.calls['Drive.Files.list']).toBe(1);

    // The dates chart draws the one date so far.
    expect(chartRanges(w, ROLLUP_TABS.pipeline.zh)[1]).toEqual([`管道!F${PIPE.totalsRow + 1}:J${PIPE.totalsRow + 2}`]);
    firstCharts = w.summary.sheetByName(ROLLUP_TABS.pipeline.zh)?.charts.map((c) => c.id) ?? [];
  });

  test('a second refresh on the same day replaces that day’s block instead of adding one', () => {
    w.clock.t += 3_600_000;
    rewriteWorkbook(w, models[6], { ...before[6], overview: { ...before[6].overview, budget: 300 } });
    expect(rangesOf(w, () => expect(refresh(w).status).toBe('done')).length).toBeLessThanOrEqual(5);
    const h = history(w);
    expect(h).toHaveLength(7);
    expect(h.find((r) => r[1] === ids[6])?.[8]).toBe(stageForecast({ budget: 300, stage: '意向' }));
    rewriteWorkbook(w, models[6], before[6]);
    expect(refresh(w).status).toBe('done');
    expect(history(w)).toEqual(firstHistory);
  });

  test('a week later, with three accounts changed: deltas, stage moved, flags new and cleared, the changes tab, the charts', () => {
    w.clock.t += WEEK;
    const edited = w.clock.t - 2 * 3_600_000;
    const editedAt = '2026-11-08 09:00';
    const now = w.clock.t;
    w.clock.t = edited;
    rewriteWorkbook(w, models[0], after[0]);
    rewriteWorkbook(w, models[2], after[2]);
    rewriteWorkbook(w, models[5], after[5]);
    w.clock.t = now;
    const ranges = rangesOf(w, () => expect(refresh(w).status).toBe('done'));

    // At most 5 ranges: one Sheets API call with a range per tab (the run log is on 汇总), and the dates chart's new range.
    expect(ranges.length).toBeLessThanOrEqual(5);
    expect(writes(w)).toEqual(['Sheets.Spreadsheets.Values.batchUpdate', 'Sheet.updateChart']);

    const old = (i: number) => rollupRow(before[i], '', 0, '2026-11-01');
    const now0 = rollupRow(after[0], '', 0, '2026-11-08');
    const r0 = rowOf(w, ids[0]);
    expect(r0.dOpp).toBe(now0.opp - old(0).opp);
    expect(r0.dOpp).toBeLessThan(0);
    expect(r0.dWin).toBe(now0.win - old(0).win);
    expect(r0.stageMoved).toBe('');
    expect(r0.stageDays).toBe(7);
    expect(r0.lastSaved).toBe(editedAt);

    const r2 = rowOf(w, ids[2]);
    expect(r2.stageMoved).toBe('意向 → 方案');
    expect(r2.stageDays).toBe(0);

    const r5 = rowOf(w, ids[5]);
    expect(old(5).redFlags).toContain('stale');
    expect(rollupRow(after[5], '', 0, '2026-11-08').redFlags).not.toContain('stale');
    expect(r5.flagsCleared).toBe('超过 30 天未拜访');

    // An account nobody touched: no change, its days at stage count on, its row kept as it was read.
    const r6 = rowOf(w, ids[6]);
    expect([r6.dOpp, r6.dWin, r6.stageMoved, r6.flagsNew, r6.stageDays]).toEqual([0, 0, '', '', 7]);
    expect(r6.lastSaved).toBe('2026-11-01 11:00'); // from the feed, when it changed a week ago
    expect(rowOf(w, ids[1]).lastSaved).toBe('2026-11-01 10:00'); // from the first refresh's listing

    // The title says as of today.
    expect(tabValues(w, ROLLUP_TABS.summary.zh)[0][0]).toBe('经理汇总 · 截至 2026-11-08 · 生成于 2026-11-08 11:00');

    // History: the first block untouched, one new block below it.
    const h = history(w);
    expect(h.slice(0, 7)).toEqual(firstHistory);
    expect(h.slice(7).map((r) => r[0])).toEqual(Array(7).fill('2026-11-08'));
    expect(h.slice(7).find((r) => r[1] === ids[2])?.[2]).toBe('solution');

    // The changes tab: just the changed accounts, against the snapshot of a week ago, in the review order.
    const changes = tabValues(w, ROLLUP_TABS.changes.zh)
      .slice(1)
      .filter((r) => r[0] !== '');
    expect(changes.map((r) => r[0])).toEqual(['临江市财政局', '东湖区财政局', '西山县财政局']);
    expect(new Set(changes.map((r) => r[1]))).toEqual(new Set(['2026-11-01']));
    expect(changes[1][2]).toBe('意向 → 方案');
    expect(changes[2][6]).toBe('超过 30 天未拜访');

    // The forecast by stage of both dates, and the same chart drawing both.
    const pipe = tabValues(w, ROLLUP_TABS.pipeline.zh);
    const dates = pipe.slice(PIPE.totalsRow + 1).filter((r) => /^2026-/.test(String(r[PIPE.datesCol - 1])));
    expect(dates.map((r) => r[PIPE.datesCol - 1])).toEqual(['2026-11-01', '2026-11-08']);
    // 方案 grew by 东湖's budget at 方案's probability; 意向 lost its forecast at 意向's.
    expect(dates[1][PIPE.datesCol + 1]).toBeCloseTo((dates[0][PIPE.datesCol + 1] as number) - 150 * 0.3, 2);
    expect(dates[1][PIPE.datesCol + 2]).toBeCloseTo((dates[0][PIPE.datesCol + 2] as number) + 150 * 0.6, 2);
    expect(chartRanges(w, ROLLUP_TABS.pipeline.zh)[1]).toEqual([`管道!F${PIPE.totalsRow + 1}:J${PIPE.totalsRow + 3}`]);
    expect(w.summary.sheetByName(ROLLUP_TABS.pipeline.zh)?.charts.map((c) => c.id)).toEqual(firstCharts);
  });

  test('a history sorted by the manager: the day’s block is added again below, and counted once', () => {
    const pipeDates = () =>
      tabValues(w, ROLLUP_TABS.pipeline.zh)
        .slice(PIPE.totalsRow + 1)
        .filter((r) => /^2026-/.test(String(r[PIPE.datesCol - 1])));
    const dates = pipeDates();
    const tab = w.fake.api(w.summary).getSheetByName(ROLLUP_TABS.history.zh);
    if (!tab) throw new Error('no history tab');
    const rows = history(w);
    tab
      .getRange(2, 1, rows.length, rows[0].length)
      .setValues([...rows].reverse().map((r) => r.map((v) => (typeof v === 'string' && v ? `'${v}` : v))));
    // The sort is an edit of the summary itself: the next refresh writes (and reads no workbook).
    w.clock.t += 60_000;
    expect(refresh(w).planned).toBe(0);
    expect(history(w)).toHaveLength(21);
    expect(pipeDates()).toEqual(dates);
    // The next day, 2026-11-08 is in the history twice, and counted once.
    w.clock.t += 86_400_000;
    rewriteWorkbook(w, models[1], { ...before[1], overview: { ...before[1].overview, budget: 1 } });
    expect(refresh(w).planned).toBe(1);
    expect(pipeDates().slice(0, 2)).toEqual(dates);
  });

  test('a quiet hour writes nothing, and the history does not grow', () => {
    w.clock.t += 3_600_000;
    const h = history(w);
    w.fake.resetCalls();
    refresh(w);
    expect(writes(w)).toEqual([]);
    expect(history(w)).toEqual(h);
  });
});

describe('the manager’s opt-in to the next action’s text and owner', () => {
  test('off by default: nothing of it in any tab; on (是 on 管道): two columns after the keys, as text, in no other tab; off again: gone', () => {
    const w = summaryWorld();
    ensureSummaryTabs(w.fake.api(w.summary), 'zh');
    // Owners named apart from the sales managers (the samples' owners are the reps, whose names are account identity).
    const accounts: Account[] = sampleAccounts('2026-11-01').map((a, i) => ({
      ...a,
      actionPlan: a.actionPlan?.map((r, j) => ({ ...r, owner: `负责人${i}-${j}` })),
    }));
    // The first account's next open action looks like a formula, and so does its owner.
    accounts[0].actionPlan = [
      { action: '=HYPERLINK("http://x","y")', owner: '=A1', dueDate: '2026-11-03', status: '进行中' },
      ...(accounts[0].actionPlan ?? []),
    ];
    const models = accounts.map((a) => registeredWorkbook(w, a));
    const texts = accounts.flatMap((a) => (a.actionPlan ?? []).flatMap((r) => [String(r.action), String(r.owner)]));
    const tabs = () => w.summary.sheets.map((sh) => sh.name);
    /** Every cell of the summary holding an action's text or owner: tab, row, column (0-based). */
    const hits = () =>
      tabs().flatMap((name) =>
        tabValues(w, name).flatMap((row, r) => row.flatMap((v, c) => (texts.includes(String(v)) ? [{ name, r, c, v }] : []))),
      );
    const pipe = () => w.fake.api(w.summary).getSheetByName(ROLLUP_TABS.pipeline.zh);
    const optInCol = COLUMNS.length + SUMMARY_KEY_COLUMNS.length;

    refresh(w);
    expect(
      pipe()
        ?.getRange(PIPE.showActionsRow - 1, PIPE.windowCol, 2, 1)
        .getValues(),
    ).toEqual([['显示下一行动的原文与负责人'], ['否']]);
    expect(hits()).toEqual([]);
    expect(tabValues(w, ROLLUP_TABS.summary.zh)[2].slice(optInCol).filter(Boolean)).toEqual([]);

    // The manager opts in: the next refresh reads every workbook again (rows kept from before have no text to show).
    pipe()?.getRange(PIPE.showActionsRow, PIPE.windowCol).setValue('是');
    w.clock.t += 3_600_000;
    w.fake.resetCalls();
    expect(refresh(w).mode).toBe('full');
    expect(w.fake.calls['Sheets.Spreadsheets.get']).toBe(models.length);
    expect(tabValues(w, ROLLUP_TABS.summary.zh)[2].slice(optInCol)).toEqual(['下一行动（原文）', '行动负责人']);
    const found = hits();
    expect(found.length).toBeGreaterThan(0);
    for (const h of found) expect([h.name, h.c === optInCol || h.c === optInCol + 1]).toEqual([ROLLUP_TABS.summary.zh, true]);
    const row0 = summaryRows(w).find((r) => r[ID_COL] === models[0].id) as unknown[];
    expect(row0.slice(optInCol)).toEqual(['=HYPERLINK("http://x","y")', '=A1']);
    expect(summaryFormulas(w)).toEqual([]);
    // The other rows: each its own next open action, as the rep wrote it.
    const row2 = summaryRows(w).find((r) => r[ID_COL] === models[2].id) as unknown[];
    expect(row2.slice(optInCol)).toEqual(['从信息中心发展教练', '负责人2-0']);
    // A week later, one account changed: the kept rows keep their texts, 历史 and 变化 hold none.
    w.clock.t += WEEK;
    rewriteWorkbook(w, models[3], { ...accounts[3], overview: { ...accounts[3].overview, stage: '谈判成交' } });
    const ranges = rangesOf(w, () => expect(refresh(w).planned).toBe(1));
    expect(ranges.length).toBeLessThanOrEqual(5);
    expect((summaryRows(w).find((r) => r[ID_COL] === models[0].id) as unknown[]).slice(optInCol)).toEqual([
      '=HYPERLINK("http://x","y")',
      '=A1',
    ]);
    for (const h of hits()) expect([h.name, h.c === optInCol || h.c === optInCol + 1]).toEqual([ROLLUP_TABS.summary.zh, true]);

    // Off again: no text left anywhere, kept rows included, and no workbook needs reading for that.
    pipe()?.getRange(PIPE.showActionsRow, PIPE.windowCol).setValue('否');
    w.clock.t += 3_600_000;
    w.fake.resetCalls();
    expect(refresh(w).planned).toBe(0);
    expect(hits()).toEqual([]);
    expect(tabValues(w, ROLLUP_TABS.summary.zh)[2].slice(optInCol).filter(Boolean)).toEqual([]);
  });
});

describe('a refresh with unreadable accounts', () => {
  test('files that cannot be read are listed on 汇总, below the accounts; every refresh still writes at most five ranges', () => {
    const w = summaryWorld();
    ensureSummaryTabs(w.fake.api(w.summary), 'zh');
    const accounts = sampleAccounts('2026-11-01');
    const models = accounts.map((a) => registeredWorkbook(w, a));
    w.fake.deleteFile(models[4].id);
    const first = rangesOf(w, () => refresh(w));
    expect(tabsOf(first)).toEqual(['汇总', '管道', '变化', '历史', '账户清单']);
    expect(unreadableRows(w).map((r) => r[0])).toEqual([models[4].name]);

    // A week later: a second file is gone, one account moved on, and one more file registered.
    w.clock.t += WEEK;
    w.fake.revokeAccess(models[5].id);
    rewriteWorkbook(w, models[0], { ...accounts[0], overview: { ...accounts[0].overview, stage: '谈判成交' } });
    registeredWorkbook(w, accounts[1], 'again');
    const second = rangesOf(w, () => refresh(w));
    expect(second.length).toBeLessThanOrEqual(5);
    expect(w.fake.calls['Sheets.Spreadsheets.Values.batchUpdate']).toBe(1);
    expect(w.fake.calls['Sheet.appendRow'] ?? 0).toBe(0);
    expect(new Set(unreadableRows(w).map((r) => r[0]))).toEqual(new Set([models[4].name, models[5].name]));
    expect(tabValues(w, ROLLUP_TABS.changes.zh).some((r) => r[2] === '方案 → 谈判成交')).toBe(true);
    // The accounts above the sections are just the readable ones; the run log has both runs, latest first on the tab.
    expect(summaryRows(w).filter((r) => r[ID_COL])).toHaveLength(accounts.length - 1);
    expect(runLog(w).map((r) => r[0])).toEqual(['2026-11-01 10:00', '2026-11-08 10:00']);
  });
});

describe('the manager’s settings', () => {
  test('the review window, probabilities and column choices survive refreshes and a full rebuild', () => {
    const w = summaryWorld();
    const accounts = sampleAccounts('2026-11-01');
    const models = accounts.map((a) => registeredWorkbook(w, a));
    refresh(w);
    const pipe = w.fake.api(w.summary).getSheetByName(ROLLUP_TABS.pipeline.zh);
    const summary = w.fake.api(w.summary).getSheetByName(ROLLUP_TABS.summary.zh);
    if (!pipe || !summary) throw new Error('no tabs');
    expect(pipe.getRange(PIPE.probHeaderRow, PIPE.windowCol, 2, 1).getValues()).toEqual([['对比窗口（天）'], [7]]);
    // The manager: a 14-day window, 方案 at 50 %, the visits column hidden and the customer column wider.
    pipe.getRange(PIPE.probFirstRow, PIPE.windowCol).setValue(14);
    pipe.getRange(PIPE.probFirstRow + 2, 2).setValue(0.5);
    summary.hideColumns(col('visitCount') + 1);
    summary.setColumnWidth(1, 300);

    w.clock.t += WEEK;
    const changed = { ...accounts[0], overview: { ...accounts[0].overview, stage: '谈判成交' } };
    rewriteWorkbook(w, models[0], changed);
    refresh(w);
    // A week is less than the window: nothing is old enough to compare with.
    expect(rowOf(w, models[0].id).stageMoved).toBe('');
    expect(
      new Set(
        tabValues(w, ROLLUP_TABS.changes.zh)
          .slice(1)
          .map((r) => r[1]),
      ),
    ).toEqual(new Set(['（新）']));

    w.clock.t += WEEK;
    refresh(w, { mode: 'full' });
    expect(rowOf(w, models[0].id).stageMoved).toBe('方案 → 谈判成交');
    expect(rowOf(w, models[2].id).forecast).toBe(stageForecast({ budget: 150, stage: '意向' }));
    expect(rowOf(w, models[1].id).forecast).toBe(stageForecast({ budget: 620, stage: '谈判成交' }));
    expect(rowOf(w, models[3].id).forecast).toBe(100); // 方案 at the manager's 50 %
    expect(pipe.getRange(PIPE.probFirstRow, PIPE.windowCol).getValue()).toBe(14);
    expect(pipe.getRange(PIPE.probFirstRow + 2, 2).getValue()).toBe(0.5);
    const model = w.summary.sheetByName(ROLLUP_TABS.summary.zh);
    expect(model?.hiddenColumns.has(col('visitCount') + 1)).toBe(true);
    expect(model?.widths.get(1)).toBe(300);
    // Three refresh days, three blocks.
    expect(new Set(history(w).map((r) => r[0]))).toEqual(new Set(['2026-11-01', '2026-11-08', '2026-11-15']));
  });
});

describe('a summary made before the review', () => {
  test('its tab (header in row 1, two key columns) is laid out again and every row read again', () => {
    const w = summaryWorld();
    const ids = sampleAccounts('2026-11-01')
      .slice(0, 3)
      .map((a) => registeredWorkbook(w, a).id);
    refresh(w);
    // The old layout: the header in row 1, the domain's columns without the review ones, file id and stage code hidden.
    const old = w.fake.api(w.summary).getSheetByName(ROLLUP_TABS.summary.zh);
    if (!old) throw new Error('no summary tab');
    old.clearContents();
    const oldColumns = ['客户名称', '销售经理', '阶段', '项目预算（万元）', '加权预测（万元）', '最近拜访', '拜访次数'];
    old.getRange(1, 1, 1, 9).setValues([[...oldColumns, '文件编号', '阶段（代码）']]);
    old.getRange(2, 1, 3, 9).setValues(ids.map((id) => ['旧', '', '', 1, 1, '', 1, id, 'solution']));
    old.hideColumns(8, 2);
    w.clock.t += 3_600_000;
    w.fake.resetCalls();
    refresh(w);
    expect(w.fake.calls['Sheets.Spreadsheets.get']).toBe(3);
    expect(
      summaryRows(w)
        .map((r) => r[ID_COL])
        .sort(),
    ).toEqual([...ids].sort());
    expect(summaryRows(w).map((r) => r[0])).not.toContain('旧');
    const model = w.summary.sheetByName(ROLLUP_TABS.summary.zh);
    expect([...(model?.hiddenColumns ?? [])].sort((a, b) => a - b)).toEqual(SUMMARY_KEY_COLUMNS.map((_, i) => COLUMNS.length + i + 1));
    expect(model?.frozenRows).toBe(3);
  });
});

test('times of many files in the spreadsheet’s zone, with one formatDate call', () => {
  const w = summaryWorld();
  const at = Date.UTC(2026, 0, 15, 23, 30);
  for (const tz of ['Asia/Shanghai', 'America/New_York', 'Asia/Kolkata']) {
    w.fake.resetCalls();
    const f = localTimes(at, tz);
    const got = [f(at), f(at + 60_000)];
    expect(w.fake.calls['Utilities.formatDate']).toBe(1);
    expect(got).toEqual([
      Utilities.formatDate(new Date(at), tz, 'yyyy-MM-dd HH:mm'),
      Utilities.formatDate(new Date(at + 60_000), tz, 'yyyy-MM-dd HH:mm'),
    ]);
  }
});

test('the history tab is as wide as a snapshot: every cell of a grid counts against the spreadsheet’s 10 million', () => {
  const w = summaryWorld();
  registeredWorkbook(w, sampleAccounts('2026-11-01')[0]);
  refresh(w);
  const h = w.summary.sheetByName(ROLLUP_TABS.history.zh);
  expect([h?.maxCols, h?.maxRows]).toEqual([HISTORY_COLUMNS.length, 1000]);
});

test('when Drive cannot list the workbooks, a rebuild still completes, keeps the last-saved times it had and says why', () => {
  const w = summaryWorld();
  const id = registeredWorkbook(w, sampleAccounts('2026-11-01')[0]).id;
  refresh(w);
  w.fake.hooks.push((kind) => {
    if (kind === 'Drive.Files.list') throw new Error('Internal error encountered.');
  });
  w.clock.t += 3_600_000;
  expect(refresh(w, { mode: 'full' }).status).toBe('done');
  expect(rowOf(w, id).lastSaved).toBe('2026-11-01 10:00');
  expect(String(runLog(w).at(-1)?.[7])).toMatch(/无法从 Drive 查询各工作簿的最后保存时间（Internal error encountered.）/);
});

test('won and lost deals in their own sections and counts, also when their rows are kept from the last refresh', () => {
  const w = summaryWorld();
  // Three accounts of the samples with no outcome of their own (the samples hold a won and a lost one).
  const [a, b, c] = sampleAccounts('2026-11-01').filter((x) => !x.overview.outcome);
  const models = [
    registeredWorkbook(w, { ...a, overview: { ...a.overview, outcome: '赢单' } }),
    registeredWorkbook(w, b),
    registeredWorkbook(w, { ...c, overview: { ...c.overview, outcome: '丢单' } }),
  ];
  refresh(w);
  const check = () => {
    expect(tabValues(w, ROLLUP_TABS.summary.zh)[1][0]).toBe('客户 3 · 进行中 1 · 赢单 1 · 丢单 1 · 放弃 0 · 无法读取 0 · 待修正 0');
    expect(summaryRows(w).map((r) => [r[ID_COL], r[ID_COL + 4]])).toEqual([
      [models[1].id, 'open'],
      [models[0].id, 'won'],
      [models[2].id, 'lost'],
    ]);
  };
  check();
  // Only the open account changes: the won and the lost rows are kept as they were, and keep their sections.
  w.clock.t += 3_600_000;
  rewriteWorkbook(w, models[1], { ...b, overview: { ...b.overview, budget: 1 } });
  w.fake.resetCalls();
  refresh(w);
  expect(w.fake.calls['Sheets.Spreadsheets.get']).toBe(1);
  check();
});
