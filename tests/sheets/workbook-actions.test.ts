import { KEY_PEOPLE_FORM } from '../../sheets-templates/forms';
import { a1 } from '../../src/domain/a1';
import { OPP, TABLE_TAB, tabName } from '../../src/domain/layout';
import { exportAccountJson, importAccountJson } from '../../src/sheets/import-export';
import { buildMenu } from '../../src/sheets/menu';
import { jumpToCell, showProblems } from '../../src/sheets/validate';
import { recordVisit } from '../../src/sheets/visit';
import { EXAMPLE_JSON, canonical, exampleAccount, exampleWorkbook, newest, setupSheets } from './sheets-support';

const FIELDS = KEY_PEOPLE_FORM.table.fields;
const colOf = (id: string) => FIELDS.findIndex((f) => f.id === id);

describe('validation from the menu', () => {
  test('finds planted problems with tab, cell, rule and message, and changes nothing', () => {
    const { fake, ss, api } = exampleWorkbook();
    const kp = tabName('keyPeople', 'zh');
    const opp = tabName('opportunity', 'zh');
    const ov = tabName('overview', 'zh');
    // Problems a script or a paste can plant past the dropdowns.
    api
      .getSheetByName(opp)
      ?.getRange(OPP.firstItemRow + 3, OPP.cols.mark + 1)
      .setValue('x');
    api
      .getSheetByName(kp)
      ?.getRange(TABLE_TAB.firstRow + 1, colOf('age') + 1, 1, 2)
      .setValues([["'abc", '']]);
    api
      .getSheetByName(kp)
      ?.getRange(TABLE_TAB.firstRow + 2, colOf('personality') + 1)
      .setValue('狮子');
    api.getSheetByName(ov)?.getRange('B5').setValue('');
    const before = JSON.stringify(fake.snapshot(ss));
    fake.resetCalls();

    const problems = showProblems('workbook');

    expect(JSON.stringify(fake.snapshot(ss))).toBe(before);
    const writes = Object.keys(fake.calls).filter((k) =>
      /^(Spreadsheet|Sheet|Range|RangeList|Protection)\.(set|insert|delete|append|clear|merge|protect|hide)/.test(k),
    );
    expect(writes).toEqual([]);
    const found = problems.map((p) => [p.sheet, p.cell, p.rule]);
    expect(found).toEqual(
      expect.arrayContaining([
        [opp, a1(OPP.firstItemRow + 2, OPP.cols.mark), 'mark'],
        [kp, a1(TABLE_TAB.firstRow, colOf('age')), 'type'],
        [kp, a1(TABLE_TAB.firstRow + 1, colOf('personality')), 'vocabulary'],
        [ov, 'B5', 'required'],
      ]),
    );
    expect(problems).toHaveLength(4);
    const html = fake.ui.sidebars[0].content;
    expect(html).toContain('data-cell="E8"');
    expect(html).toContain('google.script.run.kaJumpToCell');
    expect(html).toContain('狮子');

    // this sheet only
    fake.api(ss).setActiveSheet(api.getSheetByName(kp)!);
    expect(showProblems('sheet').map((p) => p.sheet)).toEqual([kp, kp]);

    // the jump selects the cell and changes nothing else
    jumpToCell(opp, 'E8');
    expect(ss.activeRange && [ss.activeRange.sheet.name, ss.activeRange.rect.row, ss.activeRange.rect.col]).toEqual([opp, 8, 5]);
    expect(JSON.stringify(fake.snapshot(ss))).toBe(before);
  });

  test('HTML in values is escaped in the sidebar', () => {
    const { fake, api } = exampleWorkbook();
    api
      .getSheetByName(tabName('keyPeople', 'zh'))
      ?.getRange(TABLE_TAB.firstRow + 1, colOf('personality') + 1)
      .setValue('<img src=x onerror=alert(1)>');
    showProblems('workbook');
    expect(fake.ui.sidebars[0].content).not.toContain('<img');
    expect(fake.ui.sidebars[0].content).toContain('&lt;img');
  });

  test('no problems in the example account', () => {
    const { fake } = exampleWorkbook();
    expect(showProblems('workbook')).toEqual([]);
    expect(fake.ui.sidebars[0].content).toContain('没有发现问题');
  });
});

describe('record a new visit', () => {
  test("appends a row pre-filled from the person's latest visit", () => {
    const { fake, ss, api } = exampleWorkbook();
    const kp = api.getSheetByName(tabName('keyPeople', 'zh'))!;
    const rowsBefore = exampleAccount().keyPeople.length;
    const latest = exampleAccount()
      .keyPeople.filter((p) => p.name === '周建国')
      .pop()!;
    fake.answer({ button: 'OK', text: ' 周建国 ' });
    const v = recordVisit();
    const row = TABLE_TAB.firstRow + rowsBefore + 1;
    expect(v?.row).toBe(row);
    const cells = kp.getRange(row, 1, 1, FIELDS.length).getValues()[0];
    const byId = Object.fromEntries(FIELDS.map((f, i) => [f.id, cells[i]]));
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    expect(byId.name).toBe('周建国');
    expect(byId.visitNo).toBe(Number(latest.visitNo) + 1);
    expect(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(byId.visitDate as Date)).toBe(today);
    expect(byId.closeness).toBe('');
    expect(byId.trust).toBe('');
    for (const id of ['orgTitle', 'personality', 'role', 'birthday', 'couldCoach']) expect([id, byId[id]]).toEqual([id, latest[id] ?? '']);
    // the cursor waits in the closeness cell; the rest of the sheet is unchanged
    expect(ss.activeRange?.rect).toEqual({ row, col: colOf('closeness') + 1, numRows: 1, numCols: 1 });
    expect(fake.ui.toasts.pop()?.message).toContain('第 2 次');
  });

  test('a person with no visit yet gets visit 1; cancel does nothing', () => {
    const { fake, api } = exampleWorkbook();
    const kp = api.getSheetByName(tabName('keyPeople', 'zh'))!;
    fake.answer({ button: 'OK', text: '新人' });
    const v = recordVisit();
    expect(v?.first).toBe(true);
    expect(kp.getRange(v!.row, 1, 1, 2).getValues()[0]).toEqual(['新人', 1]);
    const last = kp.getLastRow();
    fake.answer({ button: 'CANCEL', text: '周建国' });
    expect(recordVisit()).toBeNull();
    expect(kp.getLastRow()).toBe(last);
  });
});

describe('JSON import and export', () => {
  test('round trip: import creates a workbook whose export is the account', () => {
    const { fake } = setupSheets();
    const r = importAccountJson(EXAMPLE_JSON);
    expect(r.ok).toBe(true);
    expect(r.problems).toBe(0);
    const ss = newest(fake);
    fake.setActive(ss);
    const json = exportAccountJson();
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(canonical(exampleAccount()))));
    expect(fake.ui.dialogs.pop()?.content).toContain('临江市财政局');
  });

  test('unreadable JSON is refused with the reason and creates nothing', () => {
    const { fake } = setupSheets();
    const n = fake.spreadsheets.size;
    const r = importAccountJson('{"schemaVersion": 9}');
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/schemaVersion/);
    expect(importAccountJson('not json').ok).toBe(false);
    expect(fake.spreadsheets.size).toBe(n);
  });

  test('import never touches the workbook it is called from', () => {
    const { fake, ss } = exampleWorkbook();
    const before = JSON.stringify(fake.snapshot(ss));
    importAccountJson(EXAMPLE_JSON);
    expect(JSON.stringify(fake.snapshot(ss))).toBe(before);
  });
});

describe('menu', () => {
  test('zh by default, en when the spreadsheet locale is not Chinese, zh before authorisation', () => {
    const { fake, active } = setupSheets();
    buildMenu({ source: fake.api(active) });
    expect(fake.ui.menus[0].name).toBe('大客户销售');
    active.locale = 'en_GB';
    buildMenu({ source: fake.api(active) });
    expect(fake.ui.menus.map((m) => m.name)).toContain('Key accounts');
    fake.ui.menus.length = 0;
    buildMenu({ authMode: 'NONE' });
    expect(fake.ui.menus[0].name).toBe('大客户销售');
  });
});
