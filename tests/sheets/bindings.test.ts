/**
 * Bindings in Google Sheets (on the fake, whose named ranges move with
 * inserted rows as Sheets' do): a workbook we make names its input areas; the
 * reader, validation and 记录新拜访 find fields by them.
 */
import { KEY_PEOPLE_FORM } from '../../sheets-templates/forms';
import { TABLE_TAB, tabName } from '../../src/domain/layout';
import { readNames, readWorkbook } from '../../src/sheets/read-workbook';
import { workbookProblems } from '../../src/sheets/validate';
import { recordVisit } from '../../src/sheets/visit';
import { canonical, exampleAccount, exampleWorkbook } from './sheets-support';

const FIELDS = KEY_PEOPLE_FORM.table.fields;
const colOf = (id: string) => FIELDS.findIndex((f) => f.id === id);

test('a new workbook carries its bindings as named ranges and is read by them', () => {
  const { api } = exampleWorkbook();
  const names = readNames(api).map((n) => n.name);
  expect(names).toContain('ka_overview_header_customerName');
  expect(names).toContain('ka_keyPeople_name');
  expect(names).toContain('ka_competitiveness_marks');
  const read = readWorkbook(api);
  expect(read.bound).toBe(true);
  expect(read.unbound).toEqual([]);
  expect(canonical(read.account)).toEqual(canonical(exampleAccount()));
});

test('a row inserted inside the key-people table is a visit; 记录新拜访 writes by the bindings; a note beside the form is unbound-content', () => {
  const { fake, api } = exampleWorkbook();
  const kp = api.getSheetByName(tabName('keyPeople', 'zh'))!;
  // A title row inserted above the table, and a row between the first and the second visit.
  kp.insertRowsBefore(1, 1);
  kp.insertRowsBefore(TABLE_TAB.firstRow + 3, 1);
  kp.getRange(TABLE_TAB.firstRow + 3, colOf('name') + 1, 1, 2).setValues([['新来的人', 1]]);
  const read = readWorkbook(api);
  expect(read.bound).toBe(true);
  expect(read.account.keyPeople.map((r) => r.name)).toEqual([
    '周建国',
    '新来的人',
    ...exampleAccount()
      .keyPeople.slice(1)
      .map((r) => r.name),
  ]);
  expect(read.locations['keyPeople.1.name']).toEqual({ sheet: tabName('keyPeople', 'zh'), cell: `A${TABLE_TAB.firstRow + 3}` });

  fake.answer({ button: 'OK', text: '新来的人' });
  const v = recordVisit();
  expect(v?.visitNo).toBe(2);
  const after = readWorkbook(api).account.keyPeople.filter((r) => r.name === '新来的人');
  expect(after.map((r) => r.visitNo)).toEqual([1, 2]);

  const ov = api.getSheetByName(tabName('overview', 'zh'))!;
  ov.getRange('F5').setValue('记得送资料');
  const problems = workbookProblems(api, 'zh').filter((p) => p.rule === 'unbound-content');
  expect(problems.map((p) => [p.sheet, p.cell])).toEqual([[tabName('overview', 'zh'), 'F5']]);
  expect(problems[0].message).not.toContain('记得送资料');
});
