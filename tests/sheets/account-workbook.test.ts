import { HEALTH_TAB } from '../../sheets-templates/health';
import { KEY_PEOPLE_FORM, OPPORTUNITY_FORM } from '../../sheets-templates/forms';
import { PERSONALITY_TEXTS } from '../../sheets-templates/glossary';
import { VOCABULARIES } from '../../sheets-templates/vocabularies';
import { a1 } from '../../src/domain/a1';
import { emptyAccount } from '../../src/domain/account';
import { COMP, META_TAB, OPP, TABLE_TAB, tabName, workbookLayout } from '../../src/domain/layout';
import { createAccountWorkbook, newAccountWorkbook, useAsTemplate } from '../../src/sheets/account-workbook';
import { installGoogleApis } from '../fakes/google-apis';
import { readWorkbook } from '../../src/sheets/read-workbook';
import type { FakeDataValidation } from '../fakes/spreadsheet-app';
import { canonical, exampleAccount, newest, settingsIn, setupSheets, typeAccountIn } from './sheets-support';

const vocab = (id: string) => VOCABULARIES.find((v) => v.id === id)?.values.map((v) => v.value);

describe('new account workbook from the menu', () => {
  test('asks the customer name and builds every tab with dropdowns, notes, protection, frozen headers and score formulas', () => {
    const { fake } = setupSheets();
    fake.answer({ button: 'OK', text: '临江市财政局' });
    const created = newAccountWorkbook();
    expect(created).not.toBeNull();
    const ss = newest(fake);
    expect(ss.id).toBe(created?.id);
    expect(ss.name).toBe('临江市财政局 - 大客户销售');

    // every tab, in order — the health tab (概览) first, then the layout's — the meta tab hidden
    const layout = workbookLayout(emptyAccount('临江市财政局'), 'zh');
    expect(ss.sheets.map((s) => s.name)).toEqual([HEALTH_TAB.zh, ...layout.map((t) => t.name)]);
    expect(ss.sheets.find((s) => s.name === META_TAB)?.hidden).toBe(true);
    expect(ss.sheets.filter((s) => s.hidden)).toHaveLength(1);

    // the customer name is in its cell, as text
    const api = fake.api(ss);
    expect(fake.valueAt(ss, tabName('overview', 'zh'), 'B5')).toBe('临江市财政局');
    // the opportunity tab shows it through a reference formula
    expect(api.getSheetByName(tabName('opportunity', 'zh'))?.getRange(a1(OPP.customerRow, OPP.valueCol)).getValue()).toBe('临江市财政局');

    // every dropdown of the layout is a native list that rejects other input
    for (const tab of layout) {
      const sheet = ss.sheets.find((s) => s.name === tab.name);
      if (!sheet) throw new Error(tab.name);
      for (const c of tab.cells) {
        if (!c.options) continue;
        const dv = sheet.cell(c.row + 1, c.col + 1)?.dv as FakeDataValidation | undefined;
        expect([tab.name, a1(c.row, c.col), dv?.getCriteriaType()]).toEqual([tab.name, a1(c.row, c.col), 'VALUE_IN_LIST']);
        expect(dv?.getCriteriaValues()[0]).toEqual(c.options);
        expect(dv?.getAllowInvalid()).toBe(false);
      }
      // table dropdowns reach the rows below the table, so appended rows get them too
      for (const r of tab.columnRules) {
        if (!r.options) continue;
        const dv = sheet.cell(r.toRow + 1, r.col + 1)?.dv as FakeDataValidation | undefined;
        expect(dv?.getCriteriaValues()[0]).toEqual(r.options);
      }
      // every note of the layout is a cell note
      for (const c of tab.cells) if (c.note) expect(sheet.cell(c.row + 1, c.col + 1)?.note).toBe(c.note);
      expect(sheet.frozenRows).toBe(tab.frozenRows);
    }
    // e.g. the personality header's note holds each type's text, the opportunity items their guiding questions
    const kp = ss.sheets.find((s) => s.name === tabName('keyPeople', 'zh'));
    const personalityCol = KEY_PEOPLE_FORM.table.fields.findIndex((f) => f.id === 'personality') + 1;
    expect(kp?.cell(TABLE_TAB.headerRow + 1, personalityCol)?.note).toContain(PERSONALITY_TEXTS.tiger.approach.zh);
    expect(kp?.cell(TABLE_TAB.firstRow + 1, personalityCol)?.dv?.getCriteriaValues()[0]).toEqual(vocab('personality'));
    const opp = ss.sheets.find((s) => s.name === tabName('opportunity', 'zh'));
    expect(opp?.cell(OPP.firstItemRow + 1, OPP.cols.label + 1)?.note).toBe(OPPORTUNITY_FORM.items[0].guidance.zh);
    expect(opp?.cell(OPP.firstItemRow + 1, OPP.cols.mark + 1)?.dv?.getCriteriaValues()[0]).toEqual(['+', '-', '?']);

    // score cells use the custom functions
    const f = (tab: string, r: number, c: number) =>
      api
        .getSheetByName(tabName(tab as 'opportunity', 'zh'))
        ?.getRange(r + 1, c + 1)
        .getFormula();
    expect(f('opportunity', OPP.scoreRows.opp, OPP.cols.mark)).toBe('=OPP_SCORE(E6:E15,"all",G6:G15)');
    expect(f('opportunity', OPP.scoreRows.real, OPP.cols.mark)).toBe('=OPP_SCORE(E6:E15,"real",G6:G15)');
    expect(f('competitiveness', COMP.scoreRows.win, COMP.cols.us)).toBe('=WIN_SCORE(D7:D16)');
    // an empty workbook scores 0, with no error
    expect(
      api
        .getSheetByName(tabName('opportunity', 'zh'))
        ?.getRange(OPP.scoreRows.opp + 1, OPP.cols.mark + 1)
        .getValue(),
    ).toBe(0);

    // labels are protected (warning), inputs are not
    const prot = ss.protections.filter((p) => p.sheet === opp);
    expect(prot).toHaveLength(1);
    expect(prot[0].warningOnly).toBe(true);
    expect(fake.protectionAt(opp!, OPP.firstItemRow + 1, OPP.cols.label + 1)).toBeDefined();
    expect(fake.protectionAt(opp!, OPP.firstItemRow + 1, OPP.cols.mark + 1)).toBeUndefined();

    // registration: no summary configured, the dialog says so
    expect(fake.ui.dialogs[0].content).toContain(created?.url);
  });

  test('cancel or an empty name creates nothing', () => {
    const { fake } = setupSheets();
    const before = fake.spreadsheets.size;
    fake.answer({ button: 'CANCEL', text: 'x' }, { button: 'OK', text: '  ' });
    expect(newAccountWorkbook()).toBeNull();
    expect(newAccountWorkbook()).toBeNull();
    expect(fake.spreadsheets.size).toBe(before);
  });

  test('a set template is copied (so the workbook carries the bound script and its settings); only its owner may set it, after a confirmation', () => {
    const { fake } = setupSheets();
    installGoogleApis(fake);
    const blank = fake.createSpreadsheet('Blank', { boundScript: 'ka-sales shim', owner: 'admin@example.com' });
    fake.setActive(blank);
    expect(useAsTemplate()).toBe(false); // rep@example.com does not own it
    expect(fake.ui.alerts.at(-1)?.prompt).toBe('只有本表的所有者（admin@example.com）可以这样做；你是 rep@example.com。');
    fake.options.user = 'admin@example.com';
    fake.answer({ button: 'CANCEL' }, { button: 'OK' });
    expect(useAsTemplate()).toBe(false); // not confirmed
    expect(settingsIn(blank)).toEqual({});
    expect(useAsTemplate()).toBe(true);
    expect(settingsIn(blank)).toEqual({ role: 'template', id: blank.id });
    const made = createAccountWorkbook(emptyAccount('A'), 'zh', settingsIn(blank));
    expect(made.fromTemplate).toBe(true);
    expect(fake.model(made.id).boundScript).toBe('ka-sales shim');
    expect(settingsIn(fake.model(made.id))).toEqual({ role: 'account', id: made.id, template: blank.id });
    fake.setActive(fake.model(made.id));
    expect(useAsTemplate()).toBe(false);
  });

  test('English UI when the spreadsheet locale is not Chinese', () => {
    const { fake } = setupSheets({ activeLocale: 'en_US' });
    fake.answer({ button: 'OK', text: 'Acme' });
    newAccountWorkbook();
    expect(newest(fake).sheets.map((s) => s.name)).toEqual([
      HEALTH_TAB.en,
      ...workbookLayout(emptyAccount('Acme'), 'en').map((t) => t.name),
    ]);
  });
});

describe('typing the example account into a new workbook', () => {
  test("gives the example's scores in the score cells and reads back as the example", () => {
    const { fake } = setupSheets();
    const made = createAccountWorkbook(emptyAccount(), 'zh');
    const ss = fake.model(made.id);
    const { rejected } = typeAccountIn(fake, ss, exampleAccount());
    expect(rejected).toEqual([]);

    const opp = tabName('opportunity', 'zh');
    const comp = tabName('competitiveness', 'zh');
    const v = (tab: string, r: number, c: number) => fake.valueAt(ss, tab, a1(r, c));
    expect(v(opp, OPP.scoreRows.opp, OPP.cols.mark)).toBe(80);
    expect(v(opp, OPP.scoreRows.real, OPP.cols.mark)).toBe(100);
    expect(v(opp, OPP.scoreRows.worth, OPP.cols.mark)).toBe(60);
    expect(v(opp, OPP.scoreRows.completeness, OPP.cols.mark)).toBe(100);
    expect(v(comp, COMP.scoreRows.win, COMP.cols.us)).toBe(70);
    expect(v(comp, COMP.scoreRows.win, COMP.cols.firstCompetitor)).toBe(50);
    expect(v(comp, COMP.scoreRows.win, COMP.cols.firstCompetitor + 1)).toBe(10);
    expect(v(comp, COMP.scoreRows.win, COMP.cols.firstCompetitor + 2)).toBe('');
    expect(v(comp, COMP.scoreRows.completeness, COMP.cols.us)).toBe(80);
    expect(v(comp, COMP.scoreRows.lead, COMP.cols.us)).toBe(20);
    expect(v(opp, OPP.customerRow, OPP.valueCol)).toBe('临江市财政局');

    // dates typed became date cells, birthdays stayed text, numbers numbers
    const kp = tabName('keyPeople', 'zh');
    const dateCol = KEY_PEOPLE_FORM.table.fields.findIndex((f) => f.id === 'visitDate');
    const bdayCol = KEY_PEOPLE_FORM.table.fields.findIndex((f) => f.id === 'birthday');
    expect(Object.prototype.toString.call(v(kp, TABLE_TAB.firstRow, dateCol))).toBe('[object Date]');
    expect(v(kp, TABLE_TAB.firstRow, bdayCol)).toBe('03-18');

    // read back, it is the example account
    const back = readWorkbook(fake.api(ss));
    expect(back.account).toEqual(canonical(exampleAccount()));
  });

  test('a bad mark shows an error naming it in the score cell, and the cell keeps it', () => {
    const { fake } = setupSheets();
    const made = createAccountWorkbook(exampleAccount(), 'zh');
    const sheet = fake.api(made.id).getSheetByName(tabName('opportunity', 'zh'));
    sheet?.getRange(OPP.firstItemRow + 10, OPP.cols.mark + 1).setValue('x');
    const at = a1(OPP.scoreRows.opp, OPP.cols.mark);
    expect(sheet?.getRange(at).getValue()).toBe('#ERROR!');
    expect(fake.cellError(made.id, tabName('opportunity', 'zh'), at)).toMatch(/"x"/);
    expect(sheet?.getRange(OPP.firstItemRow + 10, OPP.cols.mark + 1).getValue()).toBe('x');
  });

  test('text that looks like a formula is written as text', () => {
    const { fake } = setupSheets();
    const account = exampleAccount();
    account.overview.customerName = '=IMPORTXML("http://x","//a")';
    account.overview.salesManager = "'quoted";
    account.keyPeople[0].hobbies = '=1+1';
    account.keyPeople[0].orgTitle = '0012';
    const made = createAccountWorkbook(account, 'zh');
    const ss = fake.model(made.id);
    for (const s of ss.sheets)
      for (const row of s.cells.values()) for (const c of row.values()) if (c.f) expect(c.f).not.toMatch(/IMPORTXML|1\+1/);
    const back = readWorkbook(fake.api(ss)).account;
    expect(back.overview.customerName).toBe('=IMPORTXML("http://x","//a")');
    expect(back.overview.salesManager).toBe("'quoted");
    expect(back.keyPeople[0].hobbies).toBe('=1+1');
    expect(back.keyPeople[0].orgTitle).toBe('0012');
    expect(fake.valueAt(ss, tabName('opportunity', 'zh'), a1(OPP.customerRow, OPP.valueCol))).toBe('=IMPORTXML("http://x","//a")');
  });
});

describe('service calls', () => {
  const count = (fake: ReturnType<typeof setupSheets>['fake']) => ({
    // Calls on spreadsheets (SpreadsheetApp, its objects, the Sheets API); validation builders are counted apart.
    spreadsheet: fake.totalCalls(
      (k) =>
        /^(SpreadsheetApp|Spreadsheet|Sheet|Range|RangeList|Protection|Sheets)\./.test(k) &&
        k !== 'SpreadsheetApp.newDataValidation' &&
        k !== 'SpreadsheetApp.newConditionalFormatRule',
    ),
    builders: fake.totalCalls('DataValidationBuilder.') + (fake.calls['SpreadsheetApp.newDataValidation'] ?? 0),
  });

  test('generating a workbook: the structure in one Sheets API call, the content in one range per tab (≤ 60 calls)', () => {
    const { fake } = setupSheets();
    fake.resetCalls();
    const made = createAccountWorkbook(emptyAccount('临江市财政局'), 'zh');
    const tabs = workbookLayout(emptyAccount(), 'zh').length + 1; // and the health tab
    // Never cell by cell: one setValues, notes, validations and formats call per tab.
    expect(fake.calls['Range.setValues']).toBe(tabs);
    expect(fake.calls['Range.setNumberFormats']).toBe(tabs);
    for (const k of [
      'Range.setValue',
      'Range.setNote',
      'Range.setDataValidation',
      'Range.setNumberFormat',
      'Sheet.setColumnWidth',
      'Sheet.setColumnWidths',
    ])
      expect([k, fake.calls[k] ?? 0]).toEqual([k, 0]);
    expect(fake.calls['Sheets.Spreadsheets.batchUpdate']).toBe(1);
    const { spreadsheet, builders } = count(fake);
    process.stdout.write(
      `[service calls] new workbook (Sheets API on): ${spreadsheet} calls + ${builders} validation-builder calls\n${JSON.stringify(fake.calls)}\n`,
    );
    expect(spreadsheet).toBeLessThanOrEqual(60);
    expect(fake.model(made.id).sheets).toHaveLength(tabs);
  });

  test('without the Sheets advanced service the same workbook comes out of SpreadsheetApp calls', () => {
    const a = setupSheets();
    const viaApi = a.fake.snapshot(createAccountWorkbook(exampleAccount(), 'zh').id);
    const b = setupSheets({ sheetsApi: false });
    b.fake.resetCalls();
    const made = createAccountWorkbook(exampleAccount(), 'zh');
    const { spreadsheet, builders } = count(b.fake);
    process.stdout.write(
      `[service calls] new workbook (SpreadsheetApp only): ${spreadsheet} calls + ${builders} validation-builder calls\n`,
    );
    const norm = (x: unknown) => JSON.parse(JSON.stringify(x));
    expect(norm(b.fake.snapshot(made.id))).toEqual(norm(viaApi));
    // Without the Sheets advanced service each binding (named range) costs two calls (getRange, setNamedRange): ~200 of these;
    // the health tab (概览) is one more tab, and so is template 4's action plan (~7 calls to make and fill, 22 for its bindings): 386;
    // the highlighting of invalid values three calls a tab that has mark or vocabulary inputs (a range list, its ranges,
    // setConditionalFormatRules): 18; the three tables' tabs cut to the table and its room (getMaxRows, deleteRows): 6.
    expect(spreadsheet).toBeLessThanOrEqual(414);
  });
});
