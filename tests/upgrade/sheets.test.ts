/**
 * The Sheets menu item 升级到最新模板 on the in-memory SpreadsheetApp: a
 * workbook rendered by the adapter, made into one of the previous definition
 * (a key-people column deleted by grid edits, as the fake has no
 * deleteColumns; an overview row deleted with Sheet.deleteRow; version − 1),
 * filled, with visits typed below the table and a tab of the rep's own.
 */
import { TEMPLATE_VERSION } from '../../sheets-templates/forms';
import { tabName } from '../../src/domain/layout';
import type { Account } from '../../src/domain/account';
import { readAccountFromGrids } from '../../src/domain/read-workbook';
import { accountMenuItems } from '../../src/sheets/menu';
import { readGrids } from '../../src/sheets/read-workbook';
import { renderWorkbook } from '../../src/sheets/render-workbook';
import { upgradeActiveWorkbook } from '../../src/sheets/upgrade';
import type { GridRect } from '../fakes/a1-notation';
import type { FakeGas, SheetModel, SpreadsheetModel } from '../fakes/spreadsheet-app';
import { markRole, setupSheets } from '../sheets/sheets-support';
import { a1 } from '../../src/domain/a1';
import {
  AP,
  APPENDED,
  DEAL_ROWS,
  dealRow,
  GONE_COLUMN,
  GONE_ROW,
  KP,
  META_TAB,
  OLD_VERSION,
  OV,
  appendRow,
  colOfHeader,
  fieldLabel,
  oldAccount,
  rowOfLabel,
} from './support';

/** Deletes a column (1-based) from a fake sheet as Sheets does: cells, merges and open ranges shift left. */
function deleteColumn(fake: FakeGas, s: SheetModel, col: number): void {
  for (const [r, row] of s.cells) {
    const moved = new Map<number, typeof row extends Map<number, infer C> ? C : never>();
    for (const [c, cell] of row) if (c !== col) moved.set(c > col ? c - 1 : c, cell);
    s.cells.set(r, moved);
  }
  const shift = (x: GridRect): GridRect | null => {
    if (x.col > col) return { ...x, col: x.col - 1 };
    if (x.col + x.numCols - 1 < col) return x;
    return x.numCols > 1 ? { ...x, numCols: x.numCols - 1 } : null;
  };
  s.merges = s.merges.map(shift).filter((x): x is GridRect => x !== null);
  for (const p of s.book.protections)
    if (p.sheet === s)
      p.unprotected = p.unprotected.flatMap((u) => (u.sheet === s ? ((r) => (r ? [{ sheet: s, rect: r }] : []))(shift(u.rect)) : [u]));
  fake.syncHf(s, { row: 1, col: 1, numRows: s.lastRowAny(), numCols: s.maxCols });
  s.maxCols -= 1;
}

interface Old {
  fake: FakeGas;
  ss: SpreadsheetModel;
  api: GoogleAppsScript.Spreadsheet.Spreadsheet;
  rejected: string[];
}

/** A workbook of the previous definition holding `account`, visits typed below the table, a tab of the rep's own. */
function oldWorkbook(account: Account = oldAccount()): Old {
  const { fake } = setupSheets({ activeLocale: 'zh_CN' });
  const ss = fake.createSpreadsheet('临江市财政局 - 大客户销售', { locale: 'zh_CN' });
  const api = fake.api(ss);
  renderWorkbook(api, account, 'zh');
  // Version 1 workbooks were made before bindings: no named ranges, no binding version in the meta tab.
  for (const n of api.getNamedRanges()) n.remove();
  const meta = readGrids(api)[META_TAB];
  const bv = meta.findIndex((r) => r[0] === 'bindingVersion');
  api
    .getSheetByName(META_TAB)!
    .getRange(bv + 1, 1, 1, 2)
    .setValues([['', '']]);
  // Version 1 had no action plan and no decision and outcome; its tabs had Sheets' 1,000 rows.
  api.deleteSheet(api.getSheetByName(AP)!);
  for (const tab of [KP, tabName('roleMap', 'zh')]) {
    const sheet = api.getSheetByName(tab)!;
    sheet.insertRowsAfter(sheet.getMaxRows(), 1000 - sheet.getMaxRows());
  }
  api.getSheetByName(OV)!.deleteRows(dealRow(readGrids(api)[OV]) + 1, DEAL_ROWS);
  deleteColumn(fake, ss.sheetByName(KP)!, GONE_COLUMN.col + 1);
  const ovRow = rowOfLabel(readGrids(api)[OV], GONE_ROW.label.zh);
  api.getSheetByName(OV)!.deleteRow(ovRow + 1);
  api
    .getSheetByName(META_TAB)!
    .getRange('B1')
    .setValues([[OLD_VERSION]]);
  const headers = readGrids(api)[KP][1];
  const rejected: string[] = [];
  APPENDED.forEach((r, i) => {
    for (const [id, v] of Object.entries(r)) {
      const col = headers.indexOf(fieldLabel(id));
      const typed = typeof v === 'string' && /^[=+\-@]/.test(v) ? `'${v}` : String(v);
      rejected.push(...fake.userTypes(ss, KP, a1(appendRow(account) + i, col), [[typed]]).rejected);
    }
  });
  const notes = api.insertSheet('我的笔记');
  notes.getRange('A1:B2').setValues([
    ['周五前回电话', 42],
    ['=B1*2', "'=不是公式"],
  ]);
  fake.setActive(ss);
  return { fake, ss, api, rejected };
}

const sheetsOf = (fake: FakeGas, ss: SpreadsheetModel) => (fake.snapshot(ss) as { sheets: Array<{ name: string }> }).sheets;

test('the menu offers it in both languages', () => {
  expect(accountMenuItems('zh')).toContainEqual(['升级到最新模板', 'kaUpgradeWorkbook']);
  expect(accountMenuItems('en')).toContainEqual(['Upgrade to the latest template', 'kaUpgradeWorkbook']);
});

test('upgrade: asks, copies the spreadsheet as a backup, re-renders the account tabs in place; every value kept, the column and row back', () => {
  const { fake, ss, api, rejected } = oldWorkbook();
  // Strict validation refused the two bad values typed (personality 考拉, visit no. "x"); everything else went in.
  const old = readGrids(api)[KP][1];
  const row = appendRow(oldAccount());
  expect(rejected).toEqual([a1(row, old.indexOf(fieldLabel('personality'))), a1(row + 1, old.indexOf(fieldLabel('visitNo')))]);
  const before = readAccountFromGrids(readGrids(api));
  expect(before.templateVersion).toBe(OLD_VERSION);
  expect(before.account.keyPeople).toHaveLength(4);
  expect(before.account.keyPeople[2].peopleInfo).toBe('=SUM(A1:A3)');
  expect(colOfHeader(readGrids(api)[KP], fieldLabel('age'))).toBe(-1);
  const snapshotBefore = sheetsOf(fake, ss);
  const ids = new Map(api.getSheets().map((s) => [s.getName(), s.getSheetId()]));
  const files = fake.spreadsheets.size;

  fake.answer({ button: 'OK' });
  fake.resetCalls();
  const r = upgradeActiveWorkbook()!;
  const calls = fake.totalCalls(
    (k) =>
      !/^(DataValidationBuilder|ConditionalFormatRuleBuilder)\./.test(k) &&
      k !== 'SpreadsheetApp.newDataValidation' &&
      k !== 'SpreadsheetApp.newConditionalFormatRule',
  );
  console.log(`[service calls] upgrade of a 7-tab workbook (+1 tab of the rep's): ${calls} calls`, JSON.stringify(fake.calls));
  expect(r.status).toBe('upgraded');
  const [confirm, done] = fake.ui.alerts;
  expect(confirm.buttons).toBe('OK_CANCEL');
  expect(confirm.prompt).toContain(`模板版本 ${OLD_VERSION} → ${TEMPLATE_VERSION}`);
  expect(done.prompt).toMatch(
    new RegExp(
      `^已升级：模板版本 ${OLD_VERSION} → ${TEMPLATE_VERSION}，保留 ${r.plan.kept} 个值。备份："临江市财政局 - 大客户销售（备份 模板v${OLD_VERSION} \\d{8}-\\d{6}）"$`,
    ),
  );

  // The new workbook: same account, current version, the column and the row back, same sheet ids.
  const grids = readGrids(api);
  const after = readAccountFromGrids(grids);
  expect(after.account).toEqual(before.account);
  expect(after.templateVersion).toBe(TEMPLATE_VERSION);
  expect(colOfHeader(grids[KP], fieldLabel('age'))).toBe(GONE_COLUMN.col);
  expect(rowOfLabel(grids[OV], GONE_ROW.label.zh)).toBeGreaterThan(0);
  for (const s of api.getSheets())
    if (ids.has(s.getName())) expect([s.getName(), s.getSheetId()]).toEqual([s.getName(), ids.get(s.getName())]);
  expect(api.getSheetByName(META_TAB)!.isSheetHidden()).toBe(true);
  // The tables' tabs are cut to the table and its room (what the health tab's whole columns pass), no value lost.
  for (const tab of [KP, tabName('roleMap', 'zh'), AP]) {
    const bound = api
      .getNamedRanges()
      .map((n) => n.getRange())
      .filter((g) => g.getSheet().getName() === tab)
      .map((g) => g.getLastRow());
    expect([tab, api.getSheetByName(tab)!.getMaxRows()]).toEqual([tab, Math.max(...bound)]);
  }
  expect(api.getSheetByName(KP)!.getMaxRows()).toBeLessThan(1000);
  // Formula-like text stays text; the customer reference on the assessment tabs points at the name again.
  const loc = after.locations['keyPeople.2.peopleInfo'];
  expect(api.getSheetByName(KP)!.getRange(loc.cell).getFormula()).toBe('');
  expect(fake.valueAt(ss, tabName('opportunity', 'zh'), 'B3')).toBe('临江市财政局');
  // The age column is open for input and has its rule, down the appended rows too.
  const ageRule = api
    .getSheetByName(KP)!
    .getRange(a1(appendRow(before.account) + 1, GONE_COLUMN.col))
    .getDataValidation();
  expect(ageRule?.getCriteriaType()).toBe('NUMBER_BETWEEN');

  // The rep's tab is as it was.
  const mine = (snap: Array<{ name: string }>) => snap.find((s) => s.name === '我的笔记');
  expect(mine(sheetsOf(fake, ss))).toEqual(mine(snapshotBefore));

  // The backup: one new spreadsheet holding the old workbook exactly.
  expect(fake.spreadsheets.size).toBe(files + 1);
  const backup = [...fake.spreadsheets.values()].pop()!;
  expect(backup.name).toBe(r.backup!.getName());
  expect(sheetsOf(fake, backup)).toEqual(snapshotBefore);
  // 280 + the role check (developer-metadata finder, the _ka_meta fallback); without the Sheets advanced service
  // each binding (named range) costs two calls to write: ~180 more; the health tab (概览), one more tab: 8. Template 4
  // adds a tab (the action plan, inserted and rendered: ~10 calls) and 11 bindings (22 calls): 548; the highlighting of
  // invalid values, three a tab that has mark or vocabulary inputs: 18; the tables' tabs cut to the table and its room
  // (getMaxRows, deleteRows, and one getMaxRows more for the action plan's new tab): 8.
  expect(calls).toBeLessThanOrEqual(576);
});

test('a value with no place in the new template: refused before anything is asked or changed, naming tab and cell', () => {
  const { fake, ss, api } = oldWorkbook();
  const col = readGrids(api)[KP][1].length + 2; // a gap, then the rep's own column (1-based)
  const kp = api.getSheetByName(KP)!;
  kp.insertColumnsAfter(kp.getMaxColumns(), col - kp.getMaxColumns());
  kp.getRange(2, col, 3, 1).setValues([['备注'], [''], ['周末约了打球']]);
  const before = fake.snapshot(ss);
  const files = fake.spreadsheets.size;
  const r = upgradeActiveWorkbook()!;
  expect(r.status).toBe('refused');
  expect(fake.ui.alerts).toHaveLength(1);
  expect(fake.ui.alerts[0].prompt.split('\n')).toEqual([
    '未升级，工作簿未改动：1 个值在新模板中没有位置。请把它们移进表中的字段（或删除）后再升级。',
    `${KP}!${a1(3, col - 1)}：值 "周末约了打球"（"备注"下）在新模板中没有字段，会丢失`,
  ]);
  expect(fake.snapshot(ss)).toEqual(before);
  expect(fake.spreadsheets.size).toBe(files);
});

test('already current: says so, nothing changes; cancelled: nothing changes, no backup', () => {
  const { fake } = setupSheets({ activeLocale: 'en_US' });
  const ss = fake.createSpreadsheet('Acme', { locale: 'en_US' });
  renderWorkbook(fake.api(ss), oldAccount(), 'en');
  fake.setActive(ss);
  const before = fake.snapshot(ss);
  const r = upgradeActiveWorkbook()!;
  expect(r.status).toBe('current');
  expect(fake.ui.alerts.map((a) => a.prompt)).toEqual([`Already the latest template (version ${TEMPLATE_VERSION}).`]);
  expect(fake.snapshot(ss)).toEqual(before);

  const old = oldWorkbook();
  const snap = old.fake.snapshot(old.ss);
  const files = old.fake.spreadsheets.size;
  old.fake.answer({ button: 'CANCEL' });
  expect(upgradeActiveWorkbook()!.status).toBe('cancelled');
  expect(old.fake.snapshot(old.ss)).toEqual(snap);
  expect(old.fake.spreadsheets.size).toBe(files);
});

test('not an account workbook: says why, changes nothing', () => {
  const { fake, active } = setupSheets({ activeLocale: 'zh_CN' });
  const before = fake.snapshot(active);
  expect(upgradeActiveWorkbook()).toBeNull();
  expect(fake.ui.alerts[0].prompt).toBe('这不是客户工作簿：本表是新工作簿模板'); // its role says so
  expect(fake.snapshot(active)).toEqual(before);
  // An account workbook whose tabs cannot be read: the reader's reason.
  const broken = fake.createSpreadsheet('坏表', { locale: 'zh_CN' });
  markRole(broken, { role: 'account', id: broken.id });
  fake.setActive(broken);
  expect(upgradeActiveWorkbook()).toBeNull();
  expect(fake.ui.alerts[1].prompt).toMatch(/^这不是客户工作簿：not a ka-sales account workbook/);
});
