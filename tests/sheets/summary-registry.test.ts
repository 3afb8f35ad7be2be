import { columnsFor, ROLLUP_TABS } from '../../src/domain/rollup';
import { sampleAccounts } from '../../src/domain/sample-accounts';
import { spreadsheetIdOf } from '../../src/sheets/summary/cells';
import {
  SUMMARY_ENTRY_POINTS,
  kaSummaryAddByUrl,
  kaSummaryContinue,
  kaSummaryInstallTimer,
  kaSummaryRefreshNow,
  kaSummaryRemoveTimer,
  summaryMenuItems,
} from '../../src/sheets/summary/entry-points';
import { refreshSummary } from '../../src/sheets/summary/refresh';
import { registerAccountWorkbook } from '../../src/sheets/summary/registry';
import { REGISTRY_TAB, STATUS_LABELS } from '../../src/sheets/summary/texts';
import { CONTINUATION_HANDLER, TIMER_HANDLER } from '../../src/sheets/summary/triggers';
import { uninstallGoogleApis } from '../fakes/google-apis';
import {
  type SummaryWorld,
  accountWorkbook,
  registeredWorkbook,
  summaryFormulas,
  summaryWorld,
  stateKey,
  summaryRows,
  tabValues,
  runLog,
  unreadableRows,
} from './summary-support';
import { ensureSummaryTabs } from '../../src/sheets/summary/summary-tabs';

/** The Sheets summary's columns. */
const ROLLUP_COLUMNS = columnsFor('sheets');

const AS_OF = '2026-11-01';
const ID_COL = ROLLUP_COLUMNS.length;

function summaryIds(w: SummaryWorld, tab = ROLLUP_TABS.summary.zh): string[] {
  return summaryRows(w, tab)
    .map((r) => String(r[ID_COL]))
    .filter(Boolean);
}

describe('spreadsheet ids from links', () => {
  test('accepts the links Sheets and Drive give, and bare ids; rejects the rest', () => {
    const id = '1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcd';
    expect(spreadsheetIdOf(`https://docs.google.com/spreadsheets/d/${id}/edit#gid=0`)).toBe(id);
    expect(spreadsheetIdOf(`https://docs.google.com/spreadsheets/u/0/d/${id}/edit`)).toBe(id);
    expect(spreadsheetIdOf(`https://drive.google.com/file/d/${id}/view`)).toBe(id);
    expect(spreadsheetIdOf(`https://drive.google.com/open?id=${id}`)).toBe(id);
    expect(spreadsheetIdOf(`  ${id}  `)).toBe(id);
    for (const bad of ['', 'abc', `https://evil.example/spreadsheets/d/${id}`, `=HYPERLINK("x")`, `${id}"&"x`, `javascript:alert(1)`]) {
      expect(spreadsheetIdOf(bad)).toBeNull();
    }
  });
});

describe('registering account workbooks', () => {
  let w: SummaryWorld;
  beforeEach(() => {
    w = summaryWorld();
  });

  test('a workbook created from the menu registers itself in the summary it was made for', () => {
    const wb = accountWorkbook(w, sampleAccounts(AS_OF)[0]);
    expect(registerAccountWorkbook(wb.id, wb.url, '=临江"市财政局').ok).toBe(false); // no summary recorded
    const summaryId = w.summary.id;
    const r = registerAccountWorkbook(wb.id, wb.url, '=临江"市财政局', { summaryId });
    expect(r).toMatchObject({ ok: true, already: false });
    expect(registerAccountWorkbook(wb.id, wb.url, 'again', { summaryId })).toMatchObject({ ok: true, already: true });
    const reg = tabValues(w, REGISTRY_TAB.zh);
    expect(reg).toHaveLength(2);
    expect(reg[1].slice(0, 3)).toEqual([wb.id, `https://docs.google.com/spreadsheets/d/${wb.id}/edit`, '=临江"市财政局']);
    expect(reg[1][5]).toBe(STATUS_LABELS.new.zh);
    expect(summaryFormulas(w)).toEqual([]);
    // The next refresh reads it.
    refreshSummary({ now: w.clock.now, sleep: w.clock.sleep, readGapMs: 0 });
    expect(summaryIds(w)).toEqual([wb.id]);
  });

  test('registration never throws: an unreachable summary is reported with what to do', () => {
    const wb = accountWorkbook(w, sampleAccounts(AS_OF)[0]);
    w.fake.revokeAccess(w.summary.id);
    const r = registerAccountWorkbook(wb.id, wb.url, 'x', { summaryId: w.summary.id });
    expect(r).toMatchObject({ ok: false, reason: 'failed' });
    expect(r.message).toMatch(/无法登记到汇总表.*请让主管按链接添加/);
    expect(registerAccountWorkbook('not an id', 'nor a link', 'x')).toMatchObject({ ok: false, reason: 'invalid-id' });
  });

  test('the manager adds a workbook by link from the menu; bad links and files without access are refused', () => {
    const wb = accountWorkbook(w, sampleAccounts(AS_OF)[2], '东湖区');
    const hidden = accountWorkbook(w, sampleAccounts(AS_OF)[3]);
    w.fake.revokeAccess(hidden.id);
    w.fake.answer(
      { text: `https://docs.google.com/spreadsheets/d/${wb.id}/edit#gid=0` },
      { text: '=IMPORTXML("http://x","//a")' },
      { text: hidden.url },
      { button: 'CANCEL' },
    );
    kaSummaryAddByUrl();
    kaSummaryAddByUrl();
    kaSummaryAddByUrl();
    kaSummaryAddByUrl();
    expect(w.fake.ui.alerts.map((a) => a.prompt)).toEqual([
      '已添加“东湖区”，下次刷新时读取。',
      '“=IMPORTXML("http://x","//a")”不是 Google 表格的链接或文件编号。',
      expect.stringMatching(/^无法打开该文件：You do not have permission/),
    ]);
    expect(
      tabValues(w, REGISTRY_TAB.zh)
        .slice(1)
        .map((r) => r[0]),
    ).toEqual([wb.id]);
  });

  test('a long pasted text is echoed cut at a whole character, never half an emoji', () => {
    // The 200th UTF-16 unit is the first half of an emoji in one answer, the second half in the other.
    const texts = [`${'链'.repeat(199)}${'😀'.repeat(20)}`, `${'链'.repeat(198)}${'😀'.repeat(20)}`];
    w.fake.answer(...texts.map((text) => ({ text })));
    for (const _ of texts) kaSummaryAddByUrl();
    const echoed = w.fake.ui.alerts.map((a) => /^“(.*)”不是/su.exec(a.prompt)?.[1]);
    expect(echoed).toEqual([`${'链'.repeat(199)}…`, `${'链'.repeat(198)}…`]);
  });

  test('rows a manager pastes by hand: a link alone is enough; a row without a usable link is listed as unreadable', () => {
    const wb = accountWorkbook(w, sampleAccounts(AS_OF)[0]);
    ensureSummaryTabs(w.fake.api(w.summary), 'zh');
    const reg = w.fake.api(w.summary).getSheetByName(REGISTRY_TAB.zh);
    reg?.getRange('B2:C3').setValues([
      [wb.url, '手工添加'],
      ["'=1+1", '坏链接'],
    ]);
    const r = refreshSummary({ now: w.clock.now, sleep: w.clock.sleep, readGapMs: 0 });
    expect(r.status).toBe('done');
    expect(summaryIds(w)).toEqual([wb.id]);
    const errors = unreadableRows(w);
    expect(errors).toHaveLength(1);
    expect(errors[0].slice(0, 3)).toEqual(['坏链接', '=1+1', '链接或文件编号无效']);
    expect(summaryFormulas(w)).toEqual([]);
  });
});

describe('menu entries and triggers', () => {
  let w: SummaryWorld;
  beforeEach(() => {
    w = summaryWorld();
  });

  test('refresh now reports in an alert; install / remove the hourly refresh', () => {
    registeredWorkbook(w, sampleAccounts(AS_OF)[0]);
    const r = kaSummaryRefreshNow();
    expect(r.status).toBe('done');
    expect(w.fake.ui.alerts.at(-1)?.prompt).toBe('汇总已刷新：读取 1 个，无法读取 0 个。');

    kaSummaryInstallTimer();
    kaSummaryInstallTimer();
    expect(w.fake.triggers.filter((t) => t.handler === TIMER_HANDLER)).toEqual([
      expect.objectContaining({ eventType: 'CLOCK', schedule: { everyHours: 1 } }),
    ]);
    expect(w.fake.ui.alerts.slice(-2).map((a) => a.prompt)).toEqual(['已开启每小时自动刷新。', '每小时自动刷新已开启。']);
    ScriptApp.newTrigger(CONTINUATION_HANDLER).timeBased().after(60_000).create();
    kaSummaryRemoveTimer();
    expect(w.fake.triggers).toEqual([]);
    expect(w.fake.ui.alerts.at(-1)?.prompt).toBe('已关闭自动刷新（删除 2 个触发器）。');
  });

  test('the menu lists every entry point, and every entry point is a function', () => {
    const names = summaryMenuItems('zh').flatMap((x) => (x ? [x[1]] : []));
    const exported = { kaSummaryRefreshNow, kaSummaryAddByUrl, kaSummaryInstallTimer, kaSummaryRemoveTimer, kaSummaryContinue } as Record<
      string,
      unknown
    >;
    for (const n of names) expect(SUMMARY_ENTRY_POINTS).toContain(n);
    expect(typeof exported.kaSummaryContinue).toBe('function');
    expect(summaryMenuItems('en')[0]?.[0]).toBe('Refresh the summary now');
  });

  test('a failing timer run is logged in the run log and thrown for Apps Script’s failure e-mail', () => {
    registeredWorkbook(w, sampleAccounts(AS_OF)[0]);
    kaSummaryRefreshNow();
    // The run's one write fails (Sheets is briefly unavailable); the log row written after it gets through.
    const api = w.fake.api(w.summary);
    const pipeline = api.getSheetByName(ROLLUP_TABS.pipeline.zh);
    let failed = false;
    w.fake.hooks.push((kind) => {
      if (!failed && /Range.setValues|Values.batchUpdate/.test(kind)) {
        failed = true;
        throw new Error('Service Spreadsheets failed while accessing document');
      }
    });
    w.fake.properties.user.set(
      stateKey(w, 'KA_SUMMARY_CURSOR'),
      JSON.stringify({ mode: 'full', pendingToken: null, user: '', startedAt: 0, runs: 1 }),
    );
    expect(() => kaSummaryContinue()).toThrow(/汇总刷新失败：Service Spreadsheets failed/);
    w.fake.hooks.length = 0;
    const log = runLog(w);
    expect(log.at(-1)?.slice(1, 4)).toEqual(['续跑', '全量重建', '失败']);
    expect(String(log.at(-1)?.[7])).toMatch(/Service Spreadsheets failed/);
    void pipeline;
  });
});

describe('without the advanced services', () => {
  test('without Drive every refresh reads everything, and says why in the run log', () => {
    const w = summaryWorld();
    registeredWorkbook(w, sampleAccounts(AS_OF)[0]);
    registeredWorkbook(w, sampleAccounts(AS_OF)[1]);
    delete (globalThis as Record<string, unknown>).Drive;
    const r = refreshSummary({ now: w.clock.now, sleep: w.clock.sleep, readGapMs: 0 });
    expect(r.mode).toBe('full');
    w.fake.resetCalls();
    refreshSummary({ now: w.clock.now, sleep: w.clock.sleep, readGapMs: 0 });
    expect(w.fake.calls['Sheets.Spreadsheets.get']).toBe(2);
    expect(String(runLog(w)[0][7])).toMatch(/未启用 Drive 高级服务/);
  });

  test('without Sheets the adapter’s SpreadsheetApp reader gives the same rows', () => {
    const w = summaryWorld({ render: 'adapter' });
    const accounts = sampleAccounts(AS_OF);
    const ids = accounts.map((a) => registeredWorkbook(w, a).id);
    const gone = registeredWorkbook(w, accounts[0], 'gone').id;
    w.fake.deleteFile(gone);
    refreshSummary({ now: w.clock.now, sleep: w.clock.sleep, readGapMs: 0 });
    const withApi = summaryRows(w).map((r) => r.filter((_, i) => i !== ROLLUP_COLUMNS.findIndex((c) => c.id === 'refreshedAt')));
    uninstallGoogleApis();
    w.clock.t += 3_600_000;
    w.fake.resetCalls();
    const r = refreshSummary({ now: w.clock.now, sleep: w.clock.sleep, readGapMs: 0 });
    expect(r.status).toBe('done');
    expect(summaryIds(w).sort()).toEqual([...ids].sort());
    expect(w.fake.calls['SpreadsheetApp.openById']).toBe(ids.length + 1);
    const without = summaryRows(w).map((r) => r.filter((_, i) => i !== ROLLUP_COLUMNS.findIndex((c) => c.id === 'refreshedAt')));
    expect(without).toEqual(withApi);
    expect(String(unreadableRows(w)[0][2])).toMatch(/已删除/);
  });
});

describe('stage probabilities', () => {
  test('a manager’s edit on the pipeline tab re-weights the forecast of every row, kept rows included', () => {
    const w = summaryWorld();
    const ids = sampleAccounts(AS_OF).map((a) => registeredWorkbook(w, a).id);
    refreshSummary({ now: w.clock.now, sleep: w.clock.sleep, readGapMs: 0 });
    const forecastCol = ROLLUP_COLUMNS.findIndex((c) => c.id === 'forecast');
    const budgetCol = ROLLUP_COLUMNS.findIndex((c) => c.id === 'budget');
    const row0 = () => summaryRows(w).find((r) => r[ID_COL] === ids[0]) as unknown[];
    expect(row0()[forecastCol]).toBe(Math.round((row0()[budgetCol] as number) * 0.6 * 100) / 100); // 方案 60 %
    // 方案 is the third stage: row 5 of the pipeline tab; a manager types 50%.
    w.fake.api(w.summary).getSheetByName(ROLLUP_TABS.pipeline.zh)?.getRange('B5').setValue(0.5);
    w.fake.resetCalls();
    refreshSummary({ now: w.clock.now, sleep: w.clock.sleep, readGapMs: 0 });
    expect(w.fake.calls['Sheets.Spreadsheets.get'] ?? 0).toBe(0); // no workbook changed
    expect(row0()[forecastCol]).toBe(Math.round((row0()[budgetCol] as number) * 0.5 * 100) / 100);
    const pipe = tabValues(w, ROLLUP_TABS.pipeline.zh);
    const solution = pipe.filter((r) => r[0] === '方案').at(-1) as unknown[];
    expect(solution[3]).toBe(Math.round((solution[2] as number) * 0.5 * 100) / 100);
    // A value that is not a probability is not used, and the run log says so.
    w.fake.api(w.summary).getSheetByName(ROLLUP_TABS.pipeline.zh)?.getRange('B5').setValue('很高');
    refreshSummary({ now: w.clock.now, sleep: w.clock.sleep, readGapMs: 0 });
    expect(row0()[forecastCol]).toBe(Math.round((row0()[budgetCol] as number) * 0.6 * 100) / 100);
    expect(String(runLog(w).at(-1)?.[7])).toMatch(/方案: 很高 → 0.6/);
  });
});

describe('an English summary', () => {
  test('has English tabs and labels and the same rows', () => {
    const w = summaryWorld({ locale: 'en_US' });
    const wb = registeredWorkbook(w, sampleAccounts(AS_OF)[0]);
    refreshSummary({ now: w.clock.now, sleep: w.clock.sleep, readGapMs: 0 });
    const rows = tabValues(w, ROLLUP_TABS.summary.en);
    expect(rows[0][0]).toMatch(/^Manager summary · as of 2026-11-01 · made 2026-11-01 10:00$/);
    expect(rows[1][0]).toBe('1 accounts · 1 open · 0 won · 0 lost · 0 abandoned · 0 unreadable · 0 with problems');
    expect(rows[2][0]).toBe('Customer');
    expect(rows[3][ROLLUP_COLUMNS.findIndex((c) => c.id === 'stage')]).toBe('Solution');
    expect(rows[3][ID_COL]).toBe(wb.id);
    expect(tabValues(w, REGISTRY_TAB.en)[1][5]).toBe('OK');
    const pipe = tabValues(w, ROLLUP_TABS.pipeline.en);
    expect(pipe.find((r) => r[0] === 'Solution' && r[1] === 1)).toBeDefined();
  });
});
