import { FakeGas } from './spreadsheet-app';

/** The fake's own behaviour: what the adapter tests rely on. */

function setup(opts: ConstructorParameters<typeof FakeGas>[0] = {}) {
  const fake = new FakeGas(opts);
  const g = fake.globals as unknown as {
    SpreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp;
    LockService: GoogleAppsScript.Lock.LockService;
    ScriptApp: GoogleAppsScript.Script.ScriptApp;
  };
  const ss = g.SpreadsheetApp.create('Test');
  const sheet = ss.getSheets()[0];
  return { fake, g, ss, sheet };
}

describe('authorization modes', () => {
  test('a custom function runs in AuthMode.CUSTOM_FUNCTION: no UI, no other file; the menu mode comes back after it', () => {
    let g: { SpreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp } | undefined;
    const { fake, sheet } = setup({
      customFunctions: (name) =>
        name === 'OPP_SCORE'
          ? () => (g?.SpreadsheetApp.getUi(), 1)
          : name === 'WIN_SCORE'
            ? () => g?.SpreadsheetApp.openById('x')
            : undefined,
    });
    g = fake.globals as never;
    sheet.getRange('A1').setValue('=OPP_SCORE(1)');
    sheet.getRange('A2').setValue('=WIN_SCORE(1)');
    const model = fake.model(sheet.getParent());
    expect(fake.cellError(model, sheet.getName(), 'A1')).toMatch(/SpreadsheetApp\.getUi.*AuthMode\.CUSTOM_FUNCTION/);
    expect(fake.cellError(model, sheet.getName(), 'A2')).toMatch(/SpreadsheetApp\.openById.*AuthMode\.CUSTOM_FUNCTION/);
    expect(fake.authMode).toBe('FULL');
  });

  test('LIMITED (a simple trigger) reaches the bound file only; NONE nothing that needs authorization', () => {
    const { fake, g, ss } = setup();
    fake.authMode = 'LIMITED';
    expect(ss.getName()).toBe('Test');
    expect(() => g.SpreadsheetApp.openById(ss.getId())).toThrow(/AuthMode\.LIMITED/);
    expect(() => g.ScriptApp.newTrigger('f')).toThrow(/AuthMode\.LIMITED/);
    fake.authMode = 'NONE';
    expect(() => ss.getName()).toThrow(/AuthMode\.NONE/);
    expect(() => g.SpreadsheetApp.getUi()).not.toThrow();
  });
});

describe('fake SpreadsheetApp', () => {
  test('ranges are 1-based and checked like Apps Script', () => {
    const { sheet } = setup();
    expect(sheet.getRange(2, 3).getA1Notation()).toBe('C2');
    expect(sheet.getRange(1, 1, 2, 3).getA1Notation()).toBe('A1:C2');
    expect(sheet.getRange('B2:D4').getNumRows()).toBe(3);
    expect(() => sheet.getRange(0, 1)).toThrow('The starting row of the range is too small.');
    expect(() => sheet.getRange(1, 27)).toThrow('The coordinates of the range are outside the dimensions of the sheet.');
    expect(() => sheet.getRange(1000, 1, 2, 1)).toThrow('The coordinates of the range are outside the dimensions of the sheet.');
    expect(String(catchError(() => sheet.getRange(1001, 1)))).toBe(
      'Exception: The coordinates of the range are outside the dimensions of the sheet.',
    );
    expect(() => sheet.getRange(1, 1, 2, 2).setValues([[1, 2]])).toThrow(
      'The number of rows in the data does not match the number of rows in the range. The data has 1 but the range has 2.',
    );
    expect(() => sheet.getRange(1, 1, 1, 2).setValues([[1]])).toThrow(
      'The number of columns in the data does not match the number of columns in the range. The data has 1 but the range has 2.',
    );
  });

  test('setValues parses strings as typed; apostrophe and plain-text format keep text', () => {
    const { sheet } = setup();
    const r = sheet.getRange(1, 1, 1, 7);
    r.setValues([['=1+2', "'=1+2", '123', "'123", '2026-10-12', '+', '']]);
    const v = r.getValues()[0];
    expect(v[0]).toBe(3);
    expect(v[1]).toBe('=1+2');
    expect(v[2]).toBe(123);
    expect(v[3]).toBe('123');
    expect(Object.prototype.toString.call(v[4])).toBe('[object Date]');
    expect((v[4] as Date).toISOString()).toBe('2026-10-11T16:00:00.000Z'); // midnight in Asia/Shanghai
    expect(v[5]).toBe('+');
    expect(v[6]).toBe('');
    expect(r.getFormulas()[0]).toEqual(['=1+2', '', '', '', '', '', '']);
    const t = sheet.getRange(2, 1, 1, 3);
    t.setNumberFormat('@');
    t.setValues([['123', '03-18', '=A1']]);
    expect(t.getValues()[0]).toEqual(['123', '03-18', 3]); // `=` is a formula even in a text cell (conservative)
  });

  test('custom functions evaluate through the resolver, with Sheets-shaped arguments', () => {
    const seen: unknown[] = [];
    const { fake, sheet } = setup({
      customFunctions: (name) =>
        name === 'OPP_SCORE'
          ? (marks: unknown, group?: unknown) => {
              seen.push([marks, group]);
              const flat = (Array.isArray(marks) ? marks.flat() : [marks]) as unknown[];
              const bad = flat.find((m) => !['+', '-', '?', ''].includes(String(m)));
              if (bad !== undefined) throw new Error(`Invalid mark "${String(bad)}"`);
              return flat.filter((m) => m === '+').length * 10;
            }
          : undefined,
    });
    sheet.getRange('A1:A3').setValues([['+'], ['-'], ['+']]);
    sheet.getRange('B1').setValue('=OPP_SCORE(A1:A4,"real")');
    expect(sheet.getRange('B1').getValue()).toBe(20);
    expect(seen[0]).toEqual([[['+'], ['-'], ['+'], ['']], 'real']);
    sheet.getRange('A2').setValue('x');
    expect(sheet.getRange('B1').getValue()).toBe('#ERROR!');
    expect(fake.cellError(fake.model(sheet.getParent()), sheet.getName(), 'B1')).toBe('Invalid mark "x"');
    sheet.getRange('C1').setValue('=OPP_SCORE(A1)');
    expect(seen[seen.length - 1]).toEqual(['+', undefined]);
  });

  test('validation is not enforced on setValues; the UI rejects', () => {
    const { fake, g, ss, sheet } = setup();
    const rule = g.SpreadsheetApp.newDataValidation().requireValueInList(['+', '-', '?']).setAllowInvalid(false).build();
    sheet.getRange('A1:A2').setDataValidation(rule);
    sheet.getRange('A1').setValue('x');
    expect(sheet.getRange('A1').getValue()).toBe('x');
    const typed = fake.userTypes(fake.model(ss), sheet.getName(), 'A2', [['y']]);
    expect(typed.rejected).toEqual(['A2']);
    expect(sheet.getRange('A2').getValue()).toBe('');
    expect(sheet.getRange('A1:A2').getDataValidations()[1][0]?.getCriteriaValues()[0]).toEqual(['+', '-', '?']);
  });

  test('counts every call by kind', () => {
    const { fake, sheet } = setup();
    fake.resetCalls();
    sheet.getRange(1, 1, 2, 2).setValues([
      [1, 2],
      [3, 4],
    ]);
    sheet.getRange('A1').setNote('n').setFontWeight('bold');
    expect(fake.calls['Sheet.getRange']).toBe(2);
    expect(fake.calls['Range.setValues']).toBe(1);
    expect(fake.calls['Range.setNote']).toBe(1);
    expect(fake.calls['Range.setFontWeight']).toBe(1);
    expect(fake.totalCalls()).toBe(5);
  });

  test('locks contend between handles', () => {
    const { g, fake } = setup();
    const a = g.LockService.getScriptLock();
    const b = g.LockService.getScriptLock();
    expect(a.tryLock(1000)).toBe(true);
    expect(b.tryLock(1000)).toBe(false);
    expect(() => b.waitLock(1000)).toThrow('Lock timeout');
    a.releaseLock();
    expect(b.tryLock(1000)).toBe(true);
    fake.releaseAllLocks();
    expect(a.tryLock(0)).toBe(true);
  });

  test('openById fails like Apps Script for deleted files and files without access', () => {
    const { fake, g, ss } = setup();
    const other = g.SpreadsheetApp.create('Other');
    expect(g.SpreadsheetApp.openById(ss.getId()).getName()).toBe('Test');
    expect(g.SpreadsheetApp.openByUrl(ss.getUrl()).getId()).toBe(ss.getId());
    fake.deleteFile(ss.getId());
    fake.revokeAccess(other.getId());
    expect(String(catchError(() => g.SpreadsheetApp.openById(ss.getId())))).toMatch(
      /^Exception: Unexpected error while getting the method or property openById/,
    );
    expect(String(catchError(() => g.SpreadsheetApp.openByUrl(other.getUrl())))).toBe(
      'Exception: You do not have permission to access the requested document.',
    );
  });

  test('appendRow, insertRowsAfter keep formulas pointing at their cells', () => {
    const { sheet } = setup();
    sheet.getRange('A1:B1').setValues([[2, '=A1*10']]);
    sheet.appendRow(['x', 5]);
    expect(sheet.getLastRow()).toBe(2);
    sheet.insertRowsAfter(0, 1);
    expect(sheet.getRange('B2').getFormula()).toBe('=A2*10');
    expect(sheet.getRange('B2').getValue()).toBe(20);
    expect(sheet.getRange('A3').getValue()).toBe('x');
  });

  test('triggers', () => {
    const { g, fake } = setup();
    g.ScriptApp.newTrigger('refresh').timeBased().everyHours(1).create();
    expect(g.ScriptApp.getProjectTriggers().map((t) => t.getHandlerFunction())).toEqual(['refresh']);
    expect(() => g.ScriptApp.newTrigger('x').timeBased().everyHours(3)).toThrow('Invalid argument: hours');
    g.ScriptApp.deleteTrigger(g.ScriptApp.getProjectTriggers()[0]);
    expect(fake.triggers).toHaveLength(0);
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('custom-function arguments as Sheets passes them', () => {
  test('a date cell, a number in a date-formatted cell and TODAY() arrive as Dates; a range as a 2-D array, blanks as ""', () => {
    const seen: unknown[][] = [];
    const { sheet } = setup({
      customFunctions: (name) => (name === 'OPP_SCORE' ? (...a: unknown[]) => (seen.push(a), 1) : undefined),
    });
    sheet.getRange('A1').setValue('2026-11-01'); // parsed as typed: a date
    sheet.getRange('A2').setNumberFormat('yyyy-mm-dd').setValue(46327);
    sheet.getRange('B1').setValue('x');
    sheet.getRange('C1').setValue('=OPP_SCORE(A1,A1:B2,TODAY())');
    const [one, range, today] = seen.at(-1) as [Date, unknown[][], Date];
    expect(Object.prototype.toString.call(one)).toBe('[object Date]');
    expect(range).toHaveLength(2);
    expect(Object.prototype.toString.call(range[1][0])).toBe('[object Date]');
    expect([range[0][1], range[1][1]]).toEqual(['x', '']);
    expect(Object.prototype.toString.call(today)).toBe('[object Date]');
  });

  test('an error in a referenced cell is not passed: the function is not called and the cell shows the error', () => {
    let calls = 0;
    const { fake, sheet } = setup({ customFunctions: (name) => (name === 'OPP_SCORE' ? () => ++calls : undefined) });
    sheet.getRange('A1').setValue('=1/0');
    sheet.getRange('B1').setValue('=OPP_SCORE(A1:A2)');
    expect(calls).toBe(0);
    expect(fake.valueAt(fake.model(sheet.getParent()), sheet.getName(), 'B1')).toBe('#DIV/0!');
  });
});

describe('conditional format rules', () => {
  test('SpreadsheetApp: built, set on a sheet, read back; a rule over another sheet is refused', () => {
    const { g, ss, sheet } = setup();
    const other = ss.insertSheet('other');
    const rule = g.SpreadsheetApp.newConditionalFormatRule()
      .whenFormulaSatisfied('=LEN(A1)>3')
      .setBackground('#F4C7C3')
      .setRanges([sheet.getRange('A1:A9')])
      .build();
    sheet.setConditionalFormatRules([rule]);
    const back = sheet.getConditionalFormatRules();
    expect(back).toHaveLength(1);
    expect(back[0].getRanges()[0].getA1Notation()).toBe('A1:A9');
    expect(back[0].getBooleanCondition()?.getCriteriaValues()).toEqual(['=LEN(A1)>3']);
    expect(() => other.setConditionalFormatRules([rule])).toThrow(/different sheet/);
  });
});
