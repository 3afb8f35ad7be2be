import { KEY_PEOPLE_FORM, ROLE_MAP_FORM } from '../../sheets-templates/forms';
import type { FieldDef } from '../../sheets-templates/types';
import { type Account, text } from '../../src/domain/account';
import { columnsFor, ROLLUP_TABS, rollupRow } from '../../src/domain/rollup';
import { SAMPLE_EXPECTATIONS, sampleAccounts } from '../../src/domain/sample-accounts';
import { VERDICT_LABELS } from '../../src/domain/assessment';
import { CURSOR_PROPERTY, refreshSummary } from '../../src/sheets/summary/refresh';
import { REGISTRY_TAB, STATUS_LABELS, SUMMARY_KEY_COLUMNS } from '../../src/sheets/summary/texts';
import { CONTINUATION_HANDLER } from '../../src/sheets/summary/triggers';
import {
  AS_OF_INSTANT,
  type SummaryWorld,
  chartRanges,
  editWorkbook,
  registeredWorkbook,
  summaryFormulas,
  summaryRows,
  summaryWorld,
  stateKey,
  tabValues,
  runLog,
  unreadableRows,
} from './summary-support';

/** The Sheets summary's columns. */
const ROLLUP_COLUMNS = columnsFor('sheets');

const AS_OF = '2026-11-01';
const col = (id: string) => ROLLUP_COLUMNS.findIndex((c) => c.id === id);
const ID_COL = ROLLUP_COLUMNS.length;

function rowsById(w: SummaryWorld): Map<string, unknown[]> {
  return new Map(
    summaryRows(w)
      .filter((r) => r[ID_COL] !== '')
      .map((r) => [String(r[ID_COL]), r]),
  );
}

function writes(w: SummaryWorld): number {
  return w.fake.totalCalls((k) =>
    /\.(setValues|setValue|appendRow|setFormulas?|setRichTextValues?|clear\w*|deleteRows?|insertRows\w*|insertColumns\w*|insertSheet|insertChart|updateChart|batchUpdate)$/.test(
      k,
    ),
  );
}

/** A refresh as the tests run it: no pacing sleeps unless asked, the test clock. */
function refresh(w: SummaryWorld, opts: Parameters<typeof refreshSummary>[0] = {}) {
  return refreshSummary({ now: w.clock.now, sleep: w.clock.sleep, readGapMs: 0, ...opts });
}

function formulaLike(): Account {
  const a = sampleAccounts(AS_OF)[0];
  a.overview.customerName = '=IMPORTXML("http://x","//a")';
  a.overview.salesManager = '+1';
  a.competitiveness.competitors = ['@x', '-2', '中科江南'];
  return a;
}

describe('a summary refresh over several accounts', () => {
  let w: SummaryWorld;
  let ids: string[];
  let deletedId: string;
  let formulaId: string;
  /**
   * The sample accounts, one with formula-like text, one deleted. The tests
   * of what a refresh writes use workbooks rendered by the account-workbook
   * adapter, as reps get them from the menu; the tests of the refresh's
   * mechanics use workbooks holding only the layout's values (faster).
   */
  function setup(render: 'adapter' | 'values'): void {
    w = summaryWorld({ render });
    ids = sampleAccounts(AS_OF).map((a) => registeredWorkbook(w, a).id);
    formulaId = registeredWorkbook(w, formulaLike(), 'formula-like').id;
    deletedId = registeredWorkbook(w, sampleAccounts(AS_OF)[1], 'to be deleted').id;
    w.fake.deleteFile(deletedId);
  }

  test('gives one right row per readable account, the deleted one on the error tab, and no formula from user text', () => {
    setup('adapter');
    const r = refresh(w);
    expect(r.status).toBe('done');
    expect(r.read).toBe(ids.length + 1);
    expect(r.failed).toBe(1);

    const rows = rowsById(w);
    expect([...rows.keys()].sort()).toEqual([...ids, formulaId].sort());
    SAMPLE_EXPECTATIONS.forEach((e, i) => {
      const row = rows.get(ids[i]) as unknown[];
      expect(row[col('customerName')]).toBe(e.customerName);
      expect(row[col('verdict')]).toBe(VERDICT_LABELS[e.verdict as keyof typeof VERDICT_LABELS].zh);
      expect(row[col('problems')]).toBe(e.problems);
      expect(row[col('link')]).toBe(`https://docs.google.com/spreadsheets/d/${ids[i]}/edit`);
    });
    // The spec's example account (the first sample, moved in time): OPP 80, real 100, worth 60, WIN 70, rival 用友 50, lead +20.
    const first = rows.get(ids[0]) as unknown[];
    expect([
      first[col('opp')],
      first[col('real')],
      first[col('worth')],
      first[col('win')],
      first[col('bestCompetitor')],
      first[col('bestCompetitorWin')],
      first[col('lead')],
    ]).toEqual([80, 100, 60, 70, '用友', 50, 20]);

    // Formula-like text stays literal text.
    const f = rows.get(formulaId) as unknown[];
    expect(f[col('customerName')]).toBe('=IMPORTXML("http://x","//a")');
    expect(f[col('salesManager')]).toBe('+1');
    expect(summaryFormulas(w)).toEqual([]);

    // The unreadable section names the deleted workbook and why.
    const errors = unreadableRows(w);
    expect(errors).toHaveLength(1);
    expect(errors[0][0]).toBe('to be deleted');
    expect(errors[0][1]).toBe(`https://docs.google.com/spreadsheets/d/${deletedId}/edit`);
    expect(String(errors[0][2])).toMatch(/文件已删除或无访问权限/);

    // The registry says what happened to each.
    const reg = tabValues(w, REGISTRY_TAB.zh).slice(1);
    const status = new Map(reg.map((r) => [String(r[0]), r[5]]));
    expect(status.get(deletedId)).toBe(STATUS_LABELS.error.zh);
    expect(status.get(ids[0])).toBe(STATUS_LABELS.ok.zh);

    // Pipeline totals by stage and by manager, and a chart.
    const pipe = tabValues(w, ROLLUP_TABS.pipeline.zh);
    const byStage = pipe.find((r) => r[0] === '方案') as unknown[];
    expect(byStage).toBeDefined();
    const managerRow = pipe.find((r) => r[0] === '+1') as unknown[];
    expect(managerRow[1]).toBe(1);
    // Two charts: budget and forecast by stage (the by-stage rows), and the forecast by stage per snapshot date (one date so far).
    expect(chartRanges(w, ROLLUP_TABS.pipeline.zh)).toEqual([['管道!A9:A13', '管道!C9:D13'], ['管道!F9:J10']]);

    // The run log has the run.
    const log = runLog(w);
    expect(log).toHaveLength(1);
    expect(log[0][3]).toBe('完成');
  });

  test('shows people the roll-up columns and hides the key columns the refresh keys rows by', () => {
    setup('values');
    refresh(w);
    const sheet = w.fake.model(w.summary.id).sheets.find((x) => x.name === ROLLUP_TABS.summary.zh);
    expect(sheet).toBeDefined();
    const hidden = [...(sheet?.hiddenColumns ?? [])].sort((a, b) => a - b);
    expect(hidden).toEqual(SUMMARY_KEY_COLUMNS.map((_, i) => ROLLUP_COLUMNS.length + i + 1));
    for (let c = 1; c <= ROLLUP_COLUMNS.length; c++) expect(hidden).not.toContain(c);
  });

  test('never copies a personal field, a key person’s name or intel text into the summary', () => {
    setup('adapter');
    refresh(w);
    const secret = new Set<string>();
    const fields: FieldDef[] = [...KEY_PEOPLE_FORM.table.fields, ...ROLE_MAP_FORM.table.fields];
    const personal = fields.filter((f) => f.personal || f.intel || f.id === 'name');
    for (const a of sampleAccounts(AS_OF)) {
      for (const row of [...a.keyPeople, ...a.roleMap])
        for (const f of personal) if (text(row[f.id]).length > 1) secret.add(text(row[f.id]));
      for (const c of (a.overview.keyContacts as Array<Record<string, unknown>> | undefined) ?? [])
        if (text(c.name)) secret.add(text(c.name));
    }
    expect(secret.size).toBeGreaterThan(20);
    const everything = w.summary.sheets.flatMap((s) => tabValues(w, s.name).flat().map(String));
    // Short secrets (a birthplace like 临江) may be part of a customer name: those must not be a whole cell.
    const leaks = everything.filter((cell) => [...secret].some((s) => cell === s || (s.length >= 4 && cell.includes(s))));
    expect(leaks).toEqual([]);
  });

  test('an incremental refresh reads only what changed: ≤ 2 calls per changed account, 0 per unchanged, ≤ 5 writes', () => {
    setup('adapter');
    refresh(w);
    const before = rowsById(w);
    // Two reps edit their workbooks.
    editWorkbook(w, w.fake.model(ids[2]), '机会评估', 'F6', '新的评语');
    editWorkbook(w, w.fake.model(ids[4]), '机会评估', 'E6', '-');
    editWorkbook(w, w.fake.model(ids[4]), '机会评估', 'E7', '-');
    const changed = sampleAccounts(AS_OF)[4];
    changed.opportunity.items[0].mark = '-';
    changed.opportunity.items[1].mark = '-';
    w.clock.t += 3_600_000;
    w.fake.resetCalls();
    const r = refresh(w);
    expect(r.status).toBe('done');
    expect(r.planned).toBe(2);
    expect(w.fake.calls['Sheets.Spreadsheets.get']).toBe(2);
    expect(w.fake.calls['SpreadsheetApp.openById'] ?? 0).toBe(0);
    expect(writes(w)).toBeLessThanOrEqual(5);
    // Unchanged rows are kept exactly as they were.
    const after = rowsById(w);
    for (const id of ids.filter((_, i) => i !== 2 && i !== 4)) expect(after.get(id)).toEqual(before.get(id));
    expect(after.get(ids[4])?.[col('refreshedAt')]).not.toEqual(before.get(ids[4])?.[col('refreshedAt')]);
    expect(after.get(ids[4])?.[col('opp')]).toBe(rollupRow(changed, '', 0, AS_OF).opp);
    expect(after.get(ids[4])?.[col('opp')]).not.toBe(before.get(ids[4])?.[col('opp')]);

    // Nothing changed: no account is read at all.
    w.fake.resetCalls();
    const idle = refresh(w);
    expect(idle.planned).toBe(0);
    expect(w.fake.calls['Sheets.Spreadsheets.get'] ?? 0).toBe(0);
    expect(writes(w)).toBeLessThanOrEqual(5);
    expect(rowsById(w)).toEqual(after);
  });

  test('a summary longer than its tab grows the tab (setValues beyond the last row throws)', () => {
    setup('values');
    refresh(w);
    for (const tab of [ROLLUP_TABS.summary.zh, ROLLUP_TABS.changes.zh, ROLLUP_TABS.pipeline.zh]) {
      const s = w.summary.sheetByName(tab);
      if (s) s.maxRows = 3;
    }
    const r = refresh(w, { mode: 'full' });
    expect(r.status).toBe('done');
    expect(rowsById(w).size).toBe(ids.length + 1);
  });

  test('a row deleted from the summary by hand comes back at the next refresh', () => {
    setup('values');
    refresh(w);
    const sheet = w.fake.api(w.summary).getSheetByName(ROLLUP_TABS.summary.zh);
    sheet?.deleteRow(3);
    w.fake.resetCalls();
    refresh(w);
    expect(w.fake.calls['Sheets.Spreadsheets.get']).toBe(1);
    expect(rowsById(w).size).toBe(ids.length + 1);
  });

  test('when Drive cannot be queried, waiting workbooks are still read and the changes are caught up later', () => {
    setup('values');
    refresh(w);
    editWorkbook(w, w.fake.model(ids[0]), '机会评估', 'F6', '改了');
    w.drive.failList = new Error('Internal error encountered.');
    const r = refresh(w);
    expect(r.status).toBe('done');
    expect(String(runLog(w).at(-1)?.[7])).toMatch(/无法查询 Drive 的改动记录（Internal error encountered.）/);
    w.drive.failList = null;
    w.fake.resetCalls();
    const next = refresh(w);
    expect(next.planned).toBe(1);
    expect(w.fake.calls['Sheets.Spreadsheets.get']).toBe(1);
  });

  test('a full rebuild reads every workbook again and keeps one row each', () => {
    setup('values');
    refresh(w);
    w.fake.resetCalls();
    const r = refresh(w, { mode: 'full' });
    expect(r.mode).toBe('full');
    expect(w.fake.calls['Sheets.Spreadsheets.get']).toBe(ids.length + 2);
    expect(rowsById(w).size).toBe(ids.length + 1);
  });

  test('two refreshes at once do not interleave: the second reports and writes nothing', () => {
    setup('values');
    refresh(w);
    const other = LockService.getScriptLock(); // another execution holds the lock
    expect(other.tryLock(0)).toBe(true);
    const before = JSON.stringify(w.fake.snapshot(w.summary));
    w.fake.resetCalls();
    const r = refresh(w);
    expect(r.status).toBe('locked');
    expect(r.message).toBe('另一个汇总刷新正在运行，请稍后再试。');
    expect(writes(w)).toBe(0);
    expect(w.fake.calls['Sheets.Spreadsheets.get'] ?? 0).toBe(0);
    expect(JSON.stringify(w.fake.snapshot(w.summary))).toBe(before);
    other.releaseLock();
    expect(refresh(w).status).toBe('done');
  });

  test('a refresh started while another one is reading waits for it (lock held mid-run)', () => {
    setup('values');
    let inner: ReturnType<typeof refreshSummary> | undefined;
    w.fake.hooks.push((kind) => {
      if (kind === 'Sheets.Spreadsheets.get' && !inner) inner = refresh(w);
    });
    const outer = refresh(w);
    expect(inner?.status).toBe('locked');
    expect(outer.status).toBe('done');
    expect(rowsById(w).size).toBe(ids.length + 1);
  });

  test('a workbook deleted or unshared in the middle of a refresh ends up on the error tab', () => {
    setup('values');
    let n = 0;
    w.fake.hooks.push((kind) => {
      if (kind !== 'Sheets.Spreadsheets.get') return;
      n++;
      if (n === 2) {
        w.fake.deleteFile(ids[5]);
        w.fake.revokeAccess(ids[6]);
      }
    });
    const r = refresh(w);
    expect(r.status).toBe('done');
    const rows = rowsById(w);
    expect(rows.has(ids[5])).toBe(false);
    expect(rows.has(ids[6])).toBe(false);
    const errors = unreadableRows(w);
    const reasons = new Map(errors.map((e) => [String(e[1]).split('/d/')[1]?.split('/')[0], String(e[2])]));
    expect(reasons.get(ids[5])).toMatch(/已删除/);
    expect(reasons.get(ids[6])).toMatch(/没有访问权限/);
    expect(rows.size).toBe(ids.length - 1);
  });

  test('a workbook deleted after it was read drops off at the next refresh (from the changes feed, without a call)', () => {
    setup('values');
    refresh(w);
    w.fake.deleteFile(ids[3]);
    w.fake.resetCalls();
    const r = refresh(w);
    expect(r.failed).toBe(1);
    expect(w.fake.calls['Sheets.Spreadsheets.get'] ?? 0).toBe(0);
    expect(rowsById(w).has(ids[3])).toBe(false);
    expect(unreadableRows(w).map((r) => r[0])).toContain('北岗市财政局');
  });
});

describe('a resumable refresh', () => {
  let w: SummaryWorld;
  let ids: string[];
  beforeEach(() => {
    w = summaryWorld();
    const accounts = sampleAccounts(AS_OF);
    ids = accounts.map((a, i) => registeredWorkbook(w, a, `wb${i}`).id);
    // Each read takes 1 s of the test clock.
    w.fake.hooks.push((kind) => {
      if (kind === 'Sheets.Spreadsheets.get') w.clock.t += 1000;
    });
  });

  function fireContinuation(): ReturnType<typeof refreshSummary> {
    const t = w.fake.triggers.find((x) => x.handler === CONTINUATION_HANDLER);
    expect(t).toBeDefined();
    return refresh(w, { trigger: 'continuation', budgetMs: 2500 });
  }

  test('with a tiny time budget it spreads over several runs and ends with exactly one row per account', () => {
    const first = refresh(w, { budgetMs: 2500 });
    expect(first.status).toBe('partial');
    expect(first.read).toBe(3);
    expect(rowsById(w).size).toBe(3);
    expect(w.fake.properties.user.get(stateKey(w, CURSOR_PROPERTY))).toBeDefined();
    expect(w.fake.triggers.filter((t) => t.handler === CONTINUATION_HANDLER)).toHaveLength(1);
    let runs = 1;
    let last = first;
    while (last.status === 'partial') {
      last = fireContinuation();
      runs++;
      expect(runs).toBeLessThan(10);
    }
    expect(last.status).toBe('done');
    expect(runs).toBe(3);
    const rows = rowsById(w);
    expect([...rows.keys()].sort()).toEqual([...ids].sort());
    expect(summaryRows(w).length).toBe(ids.length);
    expect(w.fake.properties.user.get(stateKey(w, CURSOR_PROPERTY))).toBeUndefined();
    // The fired continuation trigger was cleaned up; none is left behind.
    expect(w.fake.triggers.filter((t) => t.handler === CONTINUATION_HANDLER)).toHaveLength(0);
    // A continuation firing after the work is done does nothing.
    w.fake.resetCalls();
    expect(refresh(w, { trigger: 'continuation' }).status).toBe('idle');
    expect(writes(w)).toBe(0);
  });

  test('a run that dies mid-way (before its writes) is redone by the next run without duplicates', () => {
    refresh(w, { budgetMs: 2500 });
    // The next run dies during its second read.
    let reads = 0;
    const die = (kind: string) => {
      if (kind === 'Sheets.Spreadsheets.get' && ++reads === 2) throw new Error('Exceeded maximum execution time');
    };
    w.fake.hooks.push(die);
    const crashed = refresh(w, { trigger: 'continuation', budgetMs: 2500 });
    expect(crashed.status).toBe('partial'); // the read error is taken as transient and retried
    w.fake.hooks.splice(w.fake.hooks.indexOf(die), 1);
    let last = crashed;
    for (let i = 0; i < 10 && last.status !== 'done'; i++) last = refresh(w, { budgetMs: 2500 });
    expect(last.status).toBe('done');
    expect([...rowsById(w).keys()].sort()).toEqual([...ids].sort());
    expect(summaryRows(w).length).toBe(ids.length);
  });

  test('a run killed after writing rows but before saving its progress leaves no duplicate', () => {
    refresh(w, { budgetMs: 2500 });
    // Kill the run right after its one write (summary rows, run log, registry markers), before it saves its cursor.
    let armed = false;
    let killed = false;
    const kill = (kind: string) => {
      if (armed) {
        armed = false;
        if (rowsById(w).size > 3) {
          killed = true;
          throw new Error('killed');
        }
      }
      if (kind === 'Sheets.Spreadsheets.Values.batchUpdate' && !killed) armed = true;
    };
    w.fake.hooks.push(kill);
    expect(refresh(w, { trigger: 'continuation', budgetMs: 2500 }).status).toBe('failed');
    w.fake.hooks.splice(w.fake.hooks.indexOf(kill), 1);
    w.fake.releaseAllLocks(); // the killed execution's lock is gone with it
    let last: ReturnType<typeof refresh> | undefined;
    for (let i = 0; i < 10; i++) {
      last = refresh(w, { budgetMs: 2500 });
      if (last.status === 'done') break;
    }
    expect(last?.status).toBe('done');
    expect(summaryRows(w).length).toBe(ids.length);
    expect([...rowsById(w).keys()].sort()).toEqual([...ids].sort());
  });

  test('a continuation trigger that cannot be created is logged, and the next manual refresh resumes', () => {
    // The user already has 20 triggers: Apps Script refuses a 21st.
    for (let i = 0; i < 20; i++) ScriptApp.newTrigger(`other${i}`).timeBased().everyHours(1).create();
    const first = refresh(w, { budgetMs: 2500 });
    expect(first.status).toBe('partial');
    expect(first.continuationError).toMatch(/too many triggers/);
    expect(first.message).toMatch(/无法安排自动续跑/);
    const log = runLog(w);
    expect(String(log[log.length - 1][7])).toMatch(/无法创建续跑触发器.*too many triggers.*下次刷新会从这里继续/);
    // The next manual refresh resumes: it reads only what is left.
    w.fake.resetCalls();
    const second = refresh(w, { budgetMs: 60_000 });
    expect(second.status).toBe('done');
    expect(w.fake.calls['Sheets.Spreadsheets.get']).toBe(ids.length - 3);
    expect([...rowsById(w).keys()].sort()).toEqual([...ids].sort());
  });

  test('a manual refresh that finishes a refresh in progress removes its pending continuation', () => {
    refresh(w, { budgetMs: 2500 });
    expect(w.fake.triggers.filter((t) => t.handler === CONTINUATION_HANDLER)).toHaveLength(1);
    expect(refresh(w, { budgetMs: 60_000 }).status).toBe('done');
    expect(w.fake.triggers.filter((t) => t.handler === CONTINUATION_HANDLER)).toHaveLength(0);
  });

  test('pacing keeps Sheets API reads at most one a second', () => {
    const gaps: number[] = [];
    let last = 0;
    w.fake.hooks.push((kind) => {
      if (kind === 'Sheets.Spreadsheets.get') {
        if (last) gaps.push(w.clock.t - last);
        last = w.clock.t;
      }
    });
    refreshSummary({ now: w.clock.now, sleep: w.clock.sleep });
    expect(gaps.length).toBe(ids.length - 1);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1000);
  });
});

describe('transient read errors', () => {
  test('are retried by later runs, then listed as unreadable after three attempts', () => {
    const w = summaryWorld();
    const [a, b] = sampleAccounts(AS_OF);
    const ok = registeredWorkbook(w, a).id;
    const flaky = registeredWorkbook(w, b).id;
    w.sheets.failOnce.set(
      flaky,
      new Error('API call to sheets.spreadsheets.get failed with error: Quota exceeded for quota metric Read requests'),
    );
    const r1 = refresh(w);
    expect(r1.status).toBe('partial');
    expect(rowsById(w).has(ok)).toBe(true);
    const r2 = refresh(w, { trigger: 'continuation' });
    expect(r2.status).toBe('done');
    expect(rowsById(w).has(flaky)).toBe(true);

    // A workbook that keeps failing goes to the error tab after three retries.
    const w2 = summaryWorld();
    const bad = registeredWorkbook(w2, a).id;
    w2.fake.hooks.push((kind) => {
      if (kind === 'Sheets.Spreadsheets.get') w2.sheets.failOnce.set(bad, new Error('Service unavailable'));
    });
    const results = [];
    for (let i = 0; i < 6; i++) {
      const r = refreshSummary({ now: w2.clock.now, sleep: w2.clock.sleep, readGapMs: 0 });
      results.push(r.status);
      if (r.status === 'done') break;
    }
    expect(results).toEqual(['partial', 'partial', 'partial', 'done']);
    expect(String(unreadableRows(w2)[0][2])).toMatch(/暂时无法读取.*Service unavailable/);
  });
});

void AS_OF_INSTANT;
