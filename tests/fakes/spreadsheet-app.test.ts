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

/**
 * Differences from Google's reference found by the contract review (docs/apps-script-contract.json): each test
 * states the documented behaviour the fake now has.
 */
describe('as the reference documents it', () => {
  test('a typed date-time ("2026-11-01 09:30:00") is a date-time, as Sheets parses what a user types', () => {
    const { sheet } = setup();
    const r = sheet.getRange(1, 1, 1, 3);
    r.setValues([['2026-11-01 09:30:00', '2026-11-01 9:30', '2026-11-01 25:00']]);
    const [a, b, c] = r.getValues()[0] as [Date, Date, unknown];
    expect(a.toISOString()).toBe('2026-11-01T01:30:00.000Z'); // 09:30 in Asia/Shanghai
    expect(b.toISOString()).toBe('2026-11-01T01:30:00.000Z');
    expect(c).toBe('2026-11-01 25:00'); // not a time: text
    expect(r.getDisplayValues()[0][0]).toBe('2026-11-01 09:30:00');
  });

  test('PropertiesService: 9 KB a value, 500 KB a store; a refused write changes nothing', () => {
    const { fake } = setup();
    const props = (fake.globals as unknown as { PropertiesService: GoogleAppsScript.Properties.PropertiesService }).PropertiesService;
    const store = props.getUserProperties();
    store.setProperty('ok', 'x'.repeat(9 * 1024));
    expect(() => store.setProperty('big', 'x'.repeat(9 * 1024 + 1))).toThrow('Argument too large: value');
    expect(() => store.setProperty('wide', '漢'.repeat(3100))).toThrow('Argument too large: value'); // bytes, not characters
    expect(store.getProperty('big')).toBeNull();
    for (let i = 0; i < 55; i++) store.setProperty(`k${i}`, 'y'.repeat(9000));
    expect(() => store.setProperty('k55', 'y'.repeat(9000))).toThrow(/property storage quota/);
    expect(store.getProperty('k55')).toBeNull();
    expect(() => store.setProperties({ a: 'z'.repeat(9000) }, false)).toThrow(/property storage quota/);
    store.setProperties({ a: 'z' }, true);
    expect(store.getKeys()).toEqual(['a']);
  });

  test('Utilities.formatDate follows SimpleDateFormat: X is +08 (Z at UTC), month names are refused rather than faked', () => {
    const { fake } = setup();
    const u = (fake.globals as unknown as { Utilities: GoogleAppsScript.Utilities.Utilities }).Utilities;
    const d = new Date(Date.UTC(2026, 10, 1, 1, 30));
    expect(u.formatDate(d, 'Asia/Shanghai', 'yyyy-MM-dd HH:mm:ss Z X XX XXX')).toBe('2026-11-01 09:30:00 +0800 +08 +0800 +08:00');
    expect(u.formatDate(d, 'UTC', "yyyy-MM-dd'T'HH:mmX")).toBe('2026-11-01T01:30Z');
    expect(() => u.formatDate(d, 'UTC', 'MMM d')).toThrow(/month names/);
  });

  test("PropertiesService.getUserProperties is the store of the user the script runs as (a trigger's: its installer's)", () => {
    const { fake } = setup({ user: 'a@example.com' });
    const props = (fake.globals as unknown as { PropertiesService: GoogleAppsScript.Properties.PropertiesService }).PropertiesService;
    props.getUserProperties().setProperty('k', 'a');
    props.getScriptProperties().setProperty('s', 'shared');
    fake.options.user = 'b@example.com';
    expect(props.getUserProperties().getProperty('k')).toBeNull();
    expect(props.getScriptProperties().getProperty('s')).toBe('shared');
    fake.effectiveUser = 'a@example.com'; // b's click, but a trigger a installed runs as a
    expect(props.getUserProperties().getProperty('k')).toBe('a');
    expect(fake.properties.user.get('k')).toBe('a');
    expect(fake.userProperties('b@example.com').size).toBe(0);
  });

  test('Utilities.sleep takes at most 300000 ms', () => {
    const { fake } = setup();
    const u = (fake.globals as unknown as { Utilities: GoogleAppsScript.Utilities.Utilities }).Utilities;
    expect(() => u.sleep(300_000)).not.toThrow();
    expect(() => u.sleep(300_001)).toThrow('Invalid argument: milliseconds');
    expect(() => u.sleep(-1)).toThrow('Invalid argument: milliseconds');
  });

  test("Session.getTemporaryActiveUserKey is one user's, stable, and does not reveal the user", () => {
    const { fake } = setup({ user: 'rep.one@example.com' });
    const session = (fake.globals as unknown as { Session: GoogleAppsScript.Base.Session }).Session;
    const one = session.getTemporaryActiveUserKey();
    expect(session.getTemporaryActiveUserKey()).toBe(one);
    expect(one).not.toMatch(/rep|example/);
    fake.options.user = 'rep.two@example.com';
    expect(session.getTemporaryActiveUserKey()).not.toBe(one);
  });

  test('EmbeddedChartBuilder.addRange does not add a range the chart already has', () => {
    const { sheet } = setup();
    const chart = sheet
      .newChart()
      .addRange(sheet.getRange('A1:B4'))
      .addRange(sheet.getRange('A1:B4'))
      .addRange(sheet.getRange('A1:C4'))
      .build();
    expect(chart.getRanges().map((r) => r.getA1Notation())).toEqual(['A1:B4', 'A1:C4']);
  });

  test('a dialog while a lock is held fails loudly: Apps Script drops LockService locks during Ui.alert and Ui.prompt', () => {
    const { fake, g } = setup();
    const ui = g.SpreadsheetApp.getUi();
    const lock = g.LockService.getScriptLock();
    expect(lock.tryLock(0)).toBe(true);
    expect(() => ui.alert('hello')).toThrow(/Ui\.alert while a LockService lock is held/);
    fake.answer({ text: 'x' });
    expect(() => ui.prompt('name?')).toThrow(/Ui\.prompt while a LockService lock is held/);
    lock.releaseLock();
    expect(ui.prompt('name?').getResponseText()).toBe('x');
  });
});
