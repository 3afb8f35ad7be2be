/**
 * End to end on what ships: dist/Code.js as the library and the template's
 * dist-shim/Code.js over it (gas-world.ts), driven as an admin, two managers
 * and reps would drive them — roles, menus, settings per spreadsheet,
 * triggers, two teams side by side.
 */
import { ROLLUP_TABS } from '../../src/domain/rollup';
import { RED_FLAG_LABELS } from '../../src/domain/assessment';
import { REGISTRY_TAB } from '../../src/sheets/summary/texts';
import { OPP, tabName, workbookLayout } from '../../src/domain/layout';
import { toAccount } from '../../src/domain/account';
import * as GUIDANCE from '../../sheets-templates/guidance';
import * as GLOSSARY from '../../sheets-templates/glossary';
import { KIND_COL, SUMMARY_ROWS } from '../../src/sheets/summary/summary-tabs';
import { a1 } from '../../src/domain/a1';
import type { SpreadsheetModel } from '../fakes/spreadsheet-app';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import { EXAMPLE_JSON, markRole } from './sheets-support';
import {
  BUNDLE_CALLS,
  BUNDLE_PAGES,
  GasWorld,
  LIBRARY_CODE,
  LIBRARY_HTML,
  SHIM_CODE,
  scriptRunValue,
  topLevelFunctions,
} from './gas-world';
import { contractProblems, missingFromContract, readContract, serverCallsOf, serviceCallsOf } from './apps-script-contract';

const ADMIN = 'admin@example.com';
const BOSS1 = 'manager1@example.com';
const BOSS2 = 'manager2@example.com';
const REP = 'rep@example.com';

function values(w: GasWorld, ss: SpreadsheetModel, tab: string): unknown[][] {
  return w.fake.api(ss).getSheetByName(tab)?.getDataRange().getValues() ?? [];
}

/** A summary's 汇总 rows by column label (below its title, counts and header). */
/** The run log's rows on a summary's 汇总 tab, oldest first. */
function runLog(w: GasWorld, ss: SpreadsheetModel): unknown[][] {
  return values(w, ss, ROLLUP_TABS.summary.zh)
    .filter((r) => r[KIND_COL] === 'log')
    .reverse();
}

function summaryTable(w: GasWorld, ss: SpreadsheetModel): Array<Record<string, unknown>> {
  const rows = values(w, ss, ROLLUP_TABS.summary.zh);
  const header = rows[SUMMARY_ROWS.header - 1].map(String);
  return rows
    .slice(SUMMARY_ROWS.first - 1)
    .filter((r) => !/^(unreadable|log)/.test(String(r[KIND_COL])) && r.some((v) => v !== ''))
    .map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

/** The ids on a summary's 汇总 tab (its hidden file-id key column). */
function summaryIds(w: GasWorld, ss: SpreadsheetModel): string[] {
  return summaryTable(w, ss)
    .map((r) => String(r.文件编号))
    .filter(Boolean)
    .sort();
}

/** The organisation: the admin's template, and a manager's summary made from a copy of it. */
function organisation(w: GasWorld): { template: SpreadsheetModel } {
  const template = w.fake.createSpreadsheet('ka-sales 模板', { boundScript: 'shim', owner: ADMIN });
  w.fake.answer({ button: 'OK' });
  w.run(template, 'kaUseAsTemplate', [], { user: ADMIN });
  return { template };
}

function summaryOf(w: GasWorld, template: SpreadsheetModel, manager: string, name: string): SpreadsheetModel {
  w.fake.options.user = manager;
  const copy = w.fake.model(w.fake.api(template).copy(name)); // File → Make a copy: the manager owns the copy
  w.fake.answer({ button: 'OK' });
  expect(w.run(copy, 'kaUseAsSummary', [], { user: manager })).toBeUndefined();
  return copy;
}

function newAccount(
  w: GasWorld,
  from: SpreadsheetModel,
  fn: 'kaNewAccount' | 'kaSummaryNewAccount',
  name: string,
  user: string,
): SpreadsheetModel {
  w.fake.answer({ button: 'OK', text: name });
  w.run(from, fn, [], { user });
  return w.newest();
}

describe('roles: each spreadsheet knows what it is, and the menu offers what fits it', () => {
  const w = new GasWorld();
  const { template } = organisation(w);
  const summary = summaryOf(w, template, BOSS1, '一组汇总');
  const account = newAccount(w, summary, 'kaSummaryNewAccount', '临江市财政局', BOSS1);

  test('the template, a summary and an account workbook record their role, template and summary in themselves', () => {
    expect(w.settings(template)).toEqual({ role: 'template', id: template.id });
    expect(w.settings(summary)).toEqual({ role: 'summary', id: summary.id, template: template.id });
    expect(w.settings(account)).toEqual({ role: 'account', id: account.id, template: template.id, summary: summary.id });
    expect(account.boundScript).toBe('shim'); // a copy of the template: menu and custom functions
    expect(
      values(w, summary, REGISTRY_TAB.zh)
        .slice(1)
        .map((r) => r[0]),
    ).toEqual([account.id]);
    // nothing of it in the library's script properties
    expect([...w.fake.properties.script.keys()].filter((k) => !k.startsWith('KA_SUMMARY_LEASE'))).toEqual([]);
  });

  test('menus: no summary items in an account workbook, no account items in the summary, setup only elsewhere', () => {
    const acc = w.open(account, REP).items;
    expect(acc).toEqual(
      expect.arrayContaining(['kaNewAccount', 'kaValidateWorkbook', 'kaRecordVisit', 'kaExportJson', 'kaUpgradeWorkbook']),
    );
    expect(acc.filter((n) => /Summary|UseAs/.test(n))).toEqual([]);
    const sum = w.open(summary, BOSS1).items;
    expect(sum).toEqual(expect.arrayContaining(['kaSummaryRefreshNow', 'kaSummaryNewAccount', 'kaSummaryInstallTimer']));
    expect(sum.filter((n) => !n.startsWith('kaSummary'))).toEqual([]);
    const plain = w.fake.createSpreadsheet('随便一个表', { boundScript: 'shim', owner: REP });
    expect(w.open(plain, REP).items).toEqual(['kaUseAsTemplate', 'kaUseAsSummary']);
    expect(w.open(template, REP).items).toEqual(['kaNewAccount', 'kaImportJson']);
  });

  test("a rep's account workbook cannot change which summary or template anyone uses, nor grow summary tabs", () => {
    const tabs = account.sheets.map((s) => s.name);
    w.run(account, 'kaSummaryRefreshNow', [], { user: REP });
    expect(w.lastAlert()).toBe('此操作只能在经理汇总表中使用；本表是客户工作簿。');
    w.run(account, 'kaSummaryInstallTimer', [], { user: REP });
    w.run(account, 'kaUseAsSummary', [], { user: REP });
    w.run(account, 'kaUseAsTemplate', [], { user: REP });
    expect(account.sheets.map((s) => s.name)).toEqual(tabs);
    expect(w.fake.triggers).toEqual([]);
    expect(w.settings(account)).toEqual({ role: 'account', id: account.id, template: template.id, summary: summary.id });
    expect(w.settings(summary).role).toBe('summary');
    // The rep's next workbook, made from this one, still reports to the same summary.
    const next = newAccount(w, account, 'kaNewAccount', '东湖区财政局', REP);
    expect(w.settings(next)).toMatchObject({ role: 'account', summary: summary.id, template: template.id });
    expect(
      values(w, summary, REGISTRY_TAB.zh)
        .slice(1)
        .map((r) => r[0]),
    ).toEqual([account.id, next.id]);
  });

  test('making a file the template or a summary: its owner only (the refusal names who can), after a confirmation', () => {
    const bosses = w.fake.createSpreadsheet('经理的表', { boundScript: 'shim', owner: BOSS2 });
    w.run(bosses, 'kaUseAsSummary', [], { user: REP });
    expect(w.lastAlert()).toBe(`只有本表的所有者（${BOSS2}）可以这样做；你是 ${REP}。`);
    w.fake.answer({ button: 'CANCEL' });
    w.run(bosses, 'kaUseAsSummary', [], { user: BOSS2 });
    expect(w.settings(bosses)).toEqual({});
    expect(bosses.sheets.map((s) => s.name)).toEqual(['Sheet1']);
  });

  test('export and upgrade on a spreadsheet that is not an account workbook: the alert, not an exception', () => {
    for (const fn of ['kaExportJson', 'kaUpgradeWorkbook', 'kaValidateWorkbook', 'kaRecordVisit']) {
      expect(() => w.run(summary, fn, [], { user: BOSS1 })).not.toThrow();
      expect([fn, w.lastAlert()]).toEqual([fn, '这不是客户工作簿：本表是经理汇总表']);
    }
    // An account workbook whose form tab was deleted: the reader's error (by its code, across the bundle) becomes the alert.
    const broken = newAccount(w, account, 'kaNewAccount', '坏表', REP);
    w.fake.api(broken).deleteSheet(w.fake.api(broken).getSheetByName(tabName('opportunity', 'zh'))!);
    for (const fn of ['kaExportJson', 'kaUpgradeWorkbook']) {
      expect(() => w.run(broken, fn, [], { user: REP })).not.toThrow();
      expect(w.lastAlert()).toMatch(/^这不是客户工作簿：.*机会评估/);
    }
  });

  test('import and export through the bundle; the imported workbook reports to the same summary', () => {
    w.run(account, 'kaImportJson', [], { user: REP });
    expect(serverCallsOf(w.fake.ui.dialogs.at(-1)?.content ?? '')).toEqual(['kaImportAccountJson']);
    const r = w.scriptRun(account, 'kaImportAccountJson', [EXAMPLE_JSON], { user: REP }); // as the dialog calls it
    expect(r.ok).toBe(true);
    const imported = w.newest();
    expect(w.settings(imported)).toMatchObject({ role: 'account', summary: summary.id });
    // The score cells: the shim's OPP_SCORE → the library, evaluated by the formula engine in AuthMode.CUSTOM_FUNCTION.
    expect(w.fake.valueAt(imported, tabName('opportunity', 'zh'), a1(OPP.scoreRows.opp, OPP.cols.mark))).toBe(80);
    expect(w.fake.customFunctionCalls.OPP_SCORE).toBeGreaterThan(0);
    w.run(imported, 'kaExportJson', [], { user: REP });
    const shown = w.fake.ui.dialogs.at(-1)?.content ?? '';
    expect(shown).toContain(JSON.parse(EXAMPLE_JSON).overview.customerName);
    w.run(imported, 'kaValidateWorkbook', [], { user: REP });
    expect(w.fake.ui.sidebars.at(-1)?.content).toContain('检查结果');
  });

  test('记录新拜访 at any row: each column gets its number format before the write, so values read back as typed', () => {
    const kp = w.fake.api(account).getSheetByName(tabName('keyPeople', 'zh'))!;
    const row = kp.getMaxRows() + 5; // past every row the workbook was formatted with
    kp.insertRowsAfter(kp.getMaxRows(), 10);
    kp.getRange(row, 1, 1, 11).setValues([["'张三", 1, '2026-10-01', '男', 40, "'处长", "'江城", "'钓鱼", "'03-18", "'本科", "'00123"]]);
    w.fake.answer({ button: 'OK', text: '张三' });
    w.run(account, 'kaRecordVisit', [], { user: REP });
    const got = kp.getRange(row + 1, 1, 1, 11).getValues()[0];
    expect([got[0], got[1], got[8], got[10]]).toEqual(['张三', 2, '03-18', '00123']);
    expect(kp.getRange(row + 1, 9).getNumberFormat()).toBe('@');
  });

  test('onOpen under AuthMode.NONE (an add-on not yet used in the file) still builds a menu, reading nothing', () => {
    w.fake.ui.menus.length = 0;
    w.run(account, 'onOpen', [{ authMode: 'NONE' }], { authMode: 'NONE' });
    expect(w.fake.ui.menus[0].items.length).toBeGreaterThan(3);
  });
});

describe('render-only texts: in RenderTexts.html, read only by the paths that write a workbook', () => {
  /** Every string of the render-only modules (their one definition, sheets-templates/). */
  const strings = (v: unknown): string[] =>
    typeof v === 'string' ? [v] : v && typeof v === 'object' ? Object.values(v as object).flatMap(strings) : [];
  const texts = [...new Set([...strings(GUIDANCE), ...strings(GLOSSARY)])];

  test('Code.js holds none of them', () => {
    expect(texts.length).toBeGreaterThan(60);
    const code = LIBRARY_CODE();
    expect(texts.filter((t) => code.includes(t) || code.includes(JSON.stringify(t).slice(1, -1)))).toEqual([]);
  });

  test.each(['zh_CN', 'en_US'])('a workbook written through the bundle (%s) has every label, text and note of the layout', (locale) => {
    const w = new GasWorld({ locale });
    const { template } = organisation(w);
    const read: string[] = [];
    const files = w.fake.htmlFiles;
    const get = files.get.bind(files);
    files.get = (name: string) => (read.push(name), get(name));
    w.library.KaActions_ = null; // a new execution: the menus' part of the script is read again
    expect(w.run(template, 'kaImportAccountJson', [EXAMPLE_JSON], { user: ADMIN }).ok).toBe(true);
    expect(read).toEqual(['Actions', 'RenderTexts']); // each read once
    const ss = w.newest();
    const layout = workbookLayout(toAccount(JSON.parse(EXAMPLE_JSON)), locale === 'zh_CN' ? 'zh' : 'en');
    let notes = 0;
    for (const tab of layout) {
      const sheet = w.fake.api(ss).getSheetByName(tab.name)!;
      for (const c of tab.cells) {
        const range = sheet.getRange(a1(c.row, c.col));
        if (c.note) {
          notes++;
          expect([tab.name, c.row, c.col, range.getNote()]).toEqual([tab.name, c.row, c.col, c.note]);
        }
        if (c.kind !== 'input' && !c.formula) expect([tab.name, c.row, c.col, range.getValue()]).toEqual([tab.name, c.row, c.col, c.value]);
      }
    }
    expect(notes).toBeGreaterThan(30);
    // Every render-only text of this locale reached the workbook.
    const shown = new Set(
      w.fake
        .api(ss)
        .getSheets()
        .flatMap((sh) => {
          const r = sh.getDataRange();
          return [...r.getValues().flat(), ...r.getNotes().flat()].map(String);
        }),
    );
    const lang = locale === 'zh_CN' ? 'zh' : 'en';
    const mine = [
      ...strings(GUIDANCE.OPPORTUNITY_GUIDANCE.map((g) => g[lang])),
      ...strings(GLOSSARY.STAGE_TEXTS).filter((t) => /[一-鿿]/.test(t) === (lang === 'zh')),
    ];
    expect(mine.filter((t) => ![...shown].some((s) => s.includes(t)))).toEqual([]);
  });

  test('a custom-function call reads no other file: Code.js is all it loads', () => {
    const w = new GasWorld();
    const { template } = organisation(w);
    w.run(template, 'kaImportAccountJson', [EXAMPLE_JSON], { user: ADMIN });
    const ss = w.newest();
    w.fake.resetCalls();
    w.library.KaActions_ = null; // a new execution, as each custom-function call is
    const cell = w.fake.api(ss).getSheetByName(tabName('opportunity', 'zh'))!.getRange(a1(OPP.firstItemRow, OPP.cols.mark));
    cell.setValue('-');
    expect(w.fake.customFunctionCalls.OPP_SCORE).toBeGreaterThan(0);
    expect(w.fake.customFunctionCalls.KA_FLAGS).toBeGreaterThan(0); // the health tab's
    expect(w.fake.calls['HtmlService.createHtmlOutputFromFile']).toBeUndefined(); // neither the texts nor the menus' part
    expect(w.library.KaActions_).toBeNull();
  });
});

describe('two managers, two summaries, two teams', () => {
  test('refreshes interleave, workbooks move between summaries, and neither summary disturbs the other', () => {
    const w = new GasWorld();
    const { template } = organisation(w);
    const s1 = summaryOf(w, template, BOSS1, '一组汇总');
    const s2 = summaryOf(w, template, BOSS2, '二组汇总');
    const a = [newAccount(w, s1, 'kaSummaryNewAccount', '甲一', BOSS1), newAccount(w, s1, 'kaSummaryNewAccount', '甲二', BOSS1)];
    const b = [newAccount(w, s2, 'kaSummaryNewAccount', '乙一', BOSS2)];
    w.run(s1, 'kaSummaryInstallTimer', [], { user: BOSS1 });
    w.run(s2, 'kaSummaryInstallTimer', [], { user: BOSS2 });
    const [t1, t2] = w.fake.triggers;
    expect([t1.owner, t2.owner]).toEqual([BOSS1, BOSS2]);

    // Manager 2's refresh starts while manager 1's is running: it is not held up by the other summary's lock.
    let inner: unknown;
    w.fake.hooks.push((kind) => {
      if (kind === 'Sheets.Spreadsheets.get' && inner === undefined) {
        inner = 'started';
        const prev = { user: w.fake.options.user, eff: w.fake.effectiveUser, active: w.fake.active };
        // Manager 2's timer runs as manager 2, who installed it (their user properties bind it to summary 2).
        w.fake.effectiveUser = t2.owner;
        w.fake.options.user = t2.owner;
        w.library.kaSummaryRefreshOnTimer({ triggerUid: t2.id });
        Object.assign(w.fake.options, { user: prev.user });
        w.fake.effectiveUser = prev.eff;
        w.fake.active = prev.active;
      }
    });
    w.fake.options.user = BOSS1;
    w.fire(t1.id, s1);
    w.fake.hooks.pop(); // this test's hook only (gas-world's recorder stays)
    expect(inner).not.toBeUndefined(); // it ran, in the middle of manager 1's refresh …
    expect(summaryIds(w, s2)).toEqual([b[0].id]); // … and was not refused as locked
    expect(summaryIds(w, s1)).toEqual(a.map((m) => m.id).sort());
    expect(summaryIds(w, s2)).toEqual([b[0].id]);

    // a[1] moves to team 2: manager 1 deletes its registry row, manager 2 adds it by link.
    const reg1 = w.fake.api(s1).getSheetByName(REGISTRY_TAB.zh)!;
    reg1.deleteRow(3);
    w.fake.answer({ button: 'OK', text: a[1].url });
    w.run(s2, 'kaSummaryAddByUrl', [], { user: BOSS2 });
    w.fake.api(a[0]).getSheetByName(tabName('overview', 'zh'))!.getRange('B3').setValue('改了');
    w.clock.t += 3_600_000;
    w.fire(t2.id, null); // an add-on's trigger: no active spreadsheet; the trigger names its summary
    w.fire(t1.id, null);
    expect(summaryIds(w, s1)).toEqual([a[0].id]);
    expect(summaryIds(w, s2)).toEqual([b[0].id, a[1].id].sort());
    // Each summary's state is its own: tokens per summary in the user properties of the manager whose timer
    // refreshes it (a trigger runs as its installer), triggers bound to their summary there.
    const changes = (who: string) => [...w.fake.userProperties(who).keys()].filter((k) => k.startsWith('KA_SUMMARY_CHANGES'));
    expect(changes(BOSS1)).toEqual([`KA_SUMMARY_CHANGES:${s1.id}`]);
    expect(changes(BOSS2)).toEqual([`KA_SUMMARY_CHANGES:${s2.id}`]);
    expect(w.fake.userProperties(BOSS1).get(`KA_TRIGGER_SUMMARY:${t1.id}`)).toBe(s1.id);
    expect(w.fake.userProperties(BOSS2).get(`KA_TRIGGER_SUMMARY:${t2.id}`)).toBe(s2.id);
    expect(w.fake.userProperties(BOSS1).has(`KA_TRIGGER_SUMMARY:${t2.id}`)).toBe(false);
    // Removing manager 1's timer leaves manager 2's.
    w.run(s1, 'kaSummaryRemoveTimer', [], { user: BOSS1 });
    expect(w.fake.triggers.map((t) => t.owner)).toEqual([BOSS2]);
  });

  test('a quiet hour costs one Drive call and writes nothing; the run log shows the trigger minutes used today', () => {
    const w = new GasWorld();
    const { template } = organisation(w);
    const s1 = summaryOf(w, template, BOSS1, '一组汇总');
    newAccount(w, s1, 'kaSummaryNewAccount', '甲一', BOSS1);
    w.run(s1, 'kaSummaryInstallTimer', [], { user: BOSS1 });
    const t1 = w.fake.triggers[0];
    w.fire(t1.id, s1);
    const log = runLog(w, s1);
    expect(String(log.at(-1)?.[7])).toMatch(/今日触发器用时 \d+\.\d 分钟（每日上限：个人账号 90，Workspace 360）/);
    w.clock.t += 3_600_000;
    w.fake.resetCalls();
    const r = w.fire(t1.id, s1);
    expect(r).toBeUndefined();
    const google = Object.keys(w.fake.calls).filter((k) => /^(Drive|Sheets)\./.test(k));
    expect(google.map((k) => [k, w.fake.calls[k]])).toEqual([['Drive.Changes.list', 1]]);
    expect(Object.keys(w.fake.calls).filter((k) => /set|append|insert|delete/i.test(k) && !k.startsWith('Properties'))).toEqual([]);
    expect(runLog(w, s1)).toHaveLength(log.length);
  });
});

describe('the weekly review, through the bundle', () => {
  test('two refreshes a week apart: the title, the review columns, 变化, one 历史 block each, the dates chart', () => {
    const w = new GasWorld();
    const { template } = organisation(w);
    const s1 = summaryOf(w, template, BOSS1, '一组汇总');
    const blank = newAccount(w, s1, 'kaSummaryNewAccount', '空白', BOSS1);
    w.run(blank, 'kaImportAccountJson', [EXAMPLE_JSON], { user: REP });
    const filled = w.newest();
    w.run(s1, 'kaSummaryRefreshNow', [], { user: BOSS1 });
    expect(values(w, s1, ROLLUP_TABS.summary.zh)[0][0]).toBe('经理汇总 · 截至 2026-11-01 · 生成于 2026-11-01 10:00');
    const first = summaryTable(w, s1).find((r) => r.文件编号 === filled.id) as Record<string, unknown>;
    expect([first.OPP_SCORE, first.阶段, first.本阶段天数]).toEqual([80, '方案', 0]);
    const history1 = values(w, s1, ROLLUP_TABS.history.zh).slice(1);
    expect(history1.map((r) => r[0])).toEqual(['2026-11-01', '2026-11-01']);

    // A week later the rep moves the account on: stage 方案 → 谈判成交, opportunity item 8 from + to -.
    w.clock.t += 7 * 86_400_000;
    const overview = w.fake.api(filled).getSheetByName(tabName('overview', 'zh'))!;
    const at = overview
      .getDataRange()
      .getValues()
      .flatMap((row, r) => row.map((v, c) => (v === '方案' ? [r, c] : null)))
      .find(Boolean) as number[];
    overview.getRange(a1(at[0], at[1])).setValue('谈判成交');
    w.fake
      .api(filled)
      .getSheetByName(tabName('opportunity', 'zh'))!
      .getRange(a1(OPP.firstItemRow + 7, OPP.cols.mark))
      .setValue('-');
    w.clock.t += 3_600_000;
    w.fake.resetCalls();
    const ranges0 = w.sheets.rangesWritten.length;
    w.run(s1, 'kaSummaryRefreshNow', [], { user: BOSS1 });
    // Five ranges, one per tab written (the run log and the unreadable files are on 汇总).
    expect(w.sheets.rangesWritten.slice(ranges0).map((r) => r.replace(/!.*$/, '').replace(/^'|'$/g, ''))).toEqual([
      '汇总',
      '管道',
      '变化',
      '历史',
      '账户清单',
    ]);
    const writes = Object.keys(w.fake.calls).filter(
      (k) => /set|append|insert|update|batchUpdate|delete|clear/i.test(k) && !/Properties|Builder/.test(k),
    );
    // One write call (five ranges, one per tab) and the dates chart's new range.
    expect(writes.sort()).toEqual(['Sheet.updateChart', 'Sheets.Spreadsheets.Values.batchUpdate']);

    const row = summaryTable(w, s1).find((r) => r.文件编号 === filled.id) as Record<string, unknown>;
    expect(row.阶段变化).toBe('方案 → 谈判成交');
    expect(row.本阶段天数).toBe(0);
    expect(row.ΔOPP).toBe((row.OPP_SCORE as number) - 80);
    expect(row.ΔOPP).toBeLessThan(0);
    expect(row.最后保存).toBe('2026-11-08 10:00');
    const other = summaryTable(w, s1).find((r) => r.文件编号 === blank.id) as Record<string, unknown>;
    expect([other.阶段变化, other.ΔOPP, other.本阶段天数]).toEqual(['', 0, 7]);

    const history2 = values(w, s1, ROLLUP_TABS.history.zh).slice(1);
    expect(history2.slice(0, 2)).toEqual(history1);
    expect(history2.slice(2).map((r) => [r[0], r[2]])).toEqual([
      ['2026-11-08', blank.id < filled.id ? '' : 'negotiation'],
      ['2026-11-08', blank.id < filled.id ? 'negotiation' : ''],
    ]);
    const changes = values(w, s1, ROLLUP_TABS.changes.zh).slice(1);
    expect(changes.map((r) => r.slice(0, 3))).toEqual([['临江市财政局', '2026-11-01', '方案 → 谈判成交']]);
    const pipeline = w.fake.snapshot(s1) as { sheets: Array<{ name: string; charts: Array<{ ranges: string[] }> }> };
    expect(pipeline.sheets.find((s) => s.name === ROLLUP_TABS.pipeline.zh)?.charts.map((c) => c.ranges)).toEqual([
      ['管道!A9:A13', '管道!C9:D13'],
      ['管道!F9:J11'],
    ]);
  });
});

describe('dates without locale tricks', () => {
  test('with an Intl that prints en-CA as M/D/YYYY (ICU 72), the stale flag still shows', () => {
    const RealIntl = Intl;
    class IcuDateTimeFormat extends RealIntl.DateTimeFormat {
      constructor(locale?: string | string[], o?: Intl.DateTimeFormatOptions) {
        super(locale === 'en-CA' ? 'en-US' : locale, o);
      }
    }
    const fakeIntl = { ...RealIntl, DateTimeFormat: IcuDateTimeFormat };
    expect(
      new IcuDateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.UTC(2026, 10, 1))),
    ).toBe('11/01/2026');
    const w = new GasWorld({ intl: fakeIntl });
    const { template } = organisation(w);
    const s1 = summaryOf(w, template, BOSS1, '一组汇总');
    newAccount(w, s1, 'kaSummaryNewAccount', '无拜访', BOSS1); // no visit at all: stale
    w.run(s1, 'kaSummaryRefreshNow', [], { user: BOSS1 });
    expect(String(summaryTable(w, s1)[0].红旗)).toContain(RED_FLAG_LABELS.stale.zh);
  });
});

describe('the Editor add-on build (dist-addon/)', () => {
  test('its files share one scope: the menu goes under Extensions, with the items of the file it opens in', () => {
    const w = new GasWorld();
    const ctx = vm.createContext({});
    w.fake.install(ctx);
    for (const f of ['Code.js', 'Addon.js'])
      vm.runInContext(readFileSync(join(__dirname, '..', '..', 'dist-addon', f), 'utf8'), ctx, { filename: f });
    const ss = w.fake.createSpreadsheet('客户', { owner: REP });
    markRole(ss, { role: 'account', id: ss.id });
    w.fake.setActive(ss);
    w.fake.ui.menus.length = 0;
    w.runIn(() => ctx.onOpen({ source: w.fake.api(ss), authMode: 'LIMITED' }));
    expect(w.fake.ui.menus[0].name).toBe('(add-on)');
    expect(w.fake.ui.menus[0].items.some((i) => 'functionName' in i && i.functionName === 'kaRecordVisit')).toBe(true);
  });
});

test('the contract check names a call the list does not have', () => {
  expect(missingFromContract(new Set(['SpreadsheetApp.openById', 'GmailApp.sendEmail']))).toEqual(['GmailApp.sendEmail']);
});

test("the contract list's form: a Google page and a scope for every call, a note for every checked one", () => {
  expect(contractProblems()).toEqual([]);
  const entry = { reference: 'https://developers.google.com/apps-script/reference/base/ui#alert', scope: 'script.container.ui' };
  expect(
    contractProblems({
      'Ui.prompt': { ...entry, checked: true },
      'Ui.alert': { ...entry, reference: 'https://example.com/alert', scope: 'gmail', checked: false },
    }),
  ).toEqual([
    'the calls are not in alphabetical order',
    'Ui.prompt: checked without a note saying what was checked',
    'Ui.alert: reference is not a developers.google.com page',
    'Ui.alert: unknown scope gmail',
  ]);
  // What the README counts (## Working on it: the fake checked against Google's reference): checked entries and all entries.
  const calls = Object.values(readContract());
  expect(calls.length).toBeGreaterThan(100);
  expect(calls.filter((c) => c.checked).length).toBeGreaterThan(100);
});

test('google.script.run carries primitives, arrays and plain objects (undefined in an array as null), and fails on a Date or a function', () => {
  expect(scriptRunValue([{ ok: true, html: '<b>', n: 1, list: [1, undefined, null], gone: undefined }], 'the arguments')).toEqual([
    { ok: true, html: '<b>', n: 1, list: [1, null, null] },
  ]);
  expect(() => scriptRunValue({ ok: true, at: new Date() }, 'the result')).toThrow('google.script.run fails: the result.at holds a Date');
  expect(() => scriptRunValue([() => 1], 'the arguments')).toThrow('the arguments[0] holds a function');
  const loop: Record<string, unknown> = {};
  loop.self = loop;
  expect(() => scriptRunValue(loop, 'the result')).toThrow('is circular');
  // A value made in the script's own context (another realm) is a plain object there too.
  expect(scriptRunValue(vm.runInNewContext('({ a: [1, "x"] })'), 'the result')).toEqual({ a: [1, 'x'] });
});

test("every call on a service global written in Code.js or the library's HTML files (Actions.html: the menus) is in the contract list, tested or not", () => {
  const written = new Set([LIBRARY_CODE(), ...LIBRARY_HTML().map(([, html]) => html)].flatMap(serviceCallsOf));
  expect(written.has('SpreadsheetApp.openById')).toBe(true);
  expect(written.has('Sheets.Spreadsheets.Values.batchUpdate')).toBe(true);
  expect(missingFromContract(written)).toEqual([]);
  expect(serviceCallsOf('a.Drive.Files.get(x); Sheets.Spreadsheets.get (id); SpreadsheetApp.flush()')).toEqual([
    'Sheets.Spreadsheets.get',
    'SpreadsheetApp.flush',
  ]);
});

test('the server functions a page calls are found behind success and failure handlers', () => {
  const page =
    '<script>google.script.run.withSuccessHandler(function(r){o.innerHTML=r.html;}).withFailureHandler(function(e){o.textContent=String(e&&e.message||e);}).kaImportAccountJson(v);google.script.run.kaJumpToCell(a,b);</script>';
  expect(serverCallsOf(page)).toEqual(['kaImportAccountJson', 'kaJumpToCell']);
});

afterAll(() => {
  // Every call the bundle made in these tests is in the checked-in contract list (docs/apps-script-contract.json).
  expect(BUNDLE_CALLS.size).toBeGreaterThan(50);
  expect(missingFromContract(BUNDLE_CALLS)).toEqual([]);
  // google.script.run "executes the server-side Apps Script function with the corresponding name": a page the
  // library shows runs in the bound script, so each function it calls is a (public) top-level function there.
  const bound = new Set(topLevelFunctions(SHIM_CODE()).filter((n) => !n.endsWith('_')));
  const called = new Set([...BUNDLE_PAGES].flatMap(serverCallsOf));
  expect(called.size).toBeGreaterThan(0);
  expect([...called].filter((n) => !bound.has(n))).toEqual([]);
});
