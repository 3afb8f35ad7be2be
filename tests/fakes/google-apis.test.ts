import { installGoogleApis } from './google-apis';
import { installSheetsBatchUpdate } from './sheets-batch-update';
import { FakeGas } from './spreadsheet-app';

/** The advanced services' fakes against the Drive v3 and Sheets v4 references (docs/apps-script-contract.json). */

function setup() {
  const fake = new FakeGas({ user: 'owner@example.com' });
  const target: Record<string, any> = {};
  installGoogleApis(fake, target);
  installSheetsBatchUpdate(fake, target);
  const g = fake.globals as unknown as { SpreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp };
  const ss = g.SpreadsheetApp.create('Book');
  return { fake, Drive: target.Drive, Sheets: target.Sheets, ss, sheet: ss.getSheets()[0] };
}

describe('Drive v3', () => {
  test('about.get: "Required: The fields parameter must be set"; the answer has the fields asked for', () => {
    const { Drive } = setup();
    expect(() => Drive.About.get()).toThrow(/'fields' parameter is required/);
    expect(Drive.About.get({ fields: 'user(emailAddress)' })).toEqual({ user: { emailAddress: 'owner@example.com' } });
  });

  test("files.get: the fields asked for; without fields, Drive's default kind, id, name, mimeType", () => {
    const { Drive, ss } = setup();
    expect(Drive.Files.get(ss.getId(), { fields: 'owners(emailAddress)' })).toEqual({ owners: [{ emailAddress: 'owner@example.com' }] });
    expect(Object.keys(Drive.Files.get(ss.getId()))).toEqual(['kind', 'id', 'name', 'mimeType']);
    expect(Drive.Files.get(ss.getId()).owners).toBeUndefined();
  });
});

describe('Sheets v4 values.batchUpdate', () => {
  test('"Null values will be skipped"; an empty string empties the cell', () => {
    const { Sheets, ss, sheet } = setup();
    sheet.getRange('A1:C1').setValues([['keep', 'clear', 'old']]);
    Sheets.Spreadsheets.Values.batchUpdate(
      { valueInputOption: 'USER_ENTERED', data: [{ range: `${sheet.getName()}!A1`, values: [[null, '', 'new']] }] },
      ss.getId(),
    );
    expect(sheet.getRange('A1:C1').getValues()).toEqual([['keep', '', 'new']]);
  });

  test('USER_ENTERED parses a date-time as typed; RAW stores the text as it is', () => {
    const { Sheets, ss, sheet } = setup();
    const write = (valueInputOption: string, cell: string) =>
      Sheets.Spreadsheets.Values.batchUpdate(
        { valueInputOption, data: [{ range: `${sheet.getName()}!${cell}`, values: [['2026-11-01 09:30:00']] }] },
        ss.getId(),
      );
    write('USER_ENTERED', 'A1');
    write('RAW', 'B1');
    const [a, b] = sheet.getRange('A1:B1').getValues()[0];
    expect((a as Date).toISOString()).toBe('2026-11-01T01:30:00.000Z');
    expect(b).toBe('2026-11-01 09:30:00');
  });
});

describe('Sheets v4 spreadsheets.get', () => {
  test('grid data only when asked: by the field mask if there is one ("includeGridData is ignored"), else by includeGridData', () => {
    const { Sheets, ss, sheet } = setup();
    sheet.getRange('A1').setValue(7);
    const data = (opts: Record<string, unknown>) => Sheets.Spreadsheets.get(ss.getId(), opts).sheets[0].data;
    expect(data({})).toBeUndefined();
    expect(data({ includeGridData: true })[0].rowData[0].values[0].effectiveValue).toEqual({ numberValue: 7 });
    expect(data({ includeGridData: true, fields: 'sheets(properties(title))' })).toBeUndefined();
    expect(data({ fields: 'sheets(data(rowData(values(effectiveValue))))' })).toHaveLength(1);
  });
});
