/**
 * JSON → .xlsx → JSON: the workbook ExcelJS writes gives back exactly the
 * canonical account (what the shared reader makes of the layout's cells), for
 * the spec's example and for generated accounts full of bad values; the
 * scores of the workbook are the scores of the JSON.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { type Account, parseAccountJson, toAccount } from '../../src/domain/account';
import { assessAccount } from '../../src/domain/assessment';
import { OPP, workbookLayout } from '../../src/domain/layout';
import { layoutToGrids, readAccountFromGrids } from '../../src/domain/read-workbook';
import { accountWorkbookBuffer, renderAccountWorkbook } from '../../src/xlsx/render-workbook';
import { readXlsxBuffer } from '../../src/xlsx/read-workbook';
import { asJson, asTyped } from '../support/as-typed';
import { type Raw, TRICKY_TEXT, rawAccount } from './arbitraries';

const EXAMPLE = join(__dirname, '..', 'fixtures', 'example-account.json');
const AS_OF = '2026-11-01';

/** The canonical account: the pure round trip through the layout, no spreadsheet involved. */
function canonical(a: Account, locale: 'zh' | 'en' = 'zh'): Account {
  return readAccountFromGrids(layoutToGrids(workbookLayout(a, locale))).account;
}

async function viaXlsx(a: Account, locale: 'zh' | 'en' = 'zh'): Promise<Account> {
  return (await readXlsxBuffer(await accountWorkbookBuffer(a, locale))).account;
}

/** Assessment fields that do not depend on values the workbook cannot hold (competitor names typed as booleans). */
function scores(a: Account) {
  return assessAccount(a, AS_OF);
}

describe('JSON → xlsx → JSON', () => {
  test('the example comes back as it was (it is already canonical)', async () => {
    const raw = JSON.parse(readFileSync(EXAMPLE, 'utf8'));
    const { account } = parseAccountJson(readFileSync(EXAMPLE, 'utf8'));
    const back = await viaXlsx(account);
    expect(asJson(back)).toEqual(asJson(canonical(account)));
    // Canonical = the example minus its empty-string fields.
    const expected = asJson(raw);
    for (const row of expected.keyPeople) for (const k of Object.keys(row)) if (row[k] === '') delete row[k];
    for (const row of expected.roleMap) for (const k of Object.keys(row)) if (row[k] === '') delete row[k];
    expect(asJson(back)).toEqual(expected);
    expect(scores(back)).toEqual(scores(account));
  });

  test('the example in English tabs comes back the same', async () => {
    const { account } = parseAccountJson(readFileSync(EXAMPLE, 'utf8'));
    expect(asJson(await viaXlsx(account, 'en'))).toEqual(asJson(canonical(account)));
  });

  test('generated accounts, valid and invalid, come back as typed (the README’s normalisations only), and score the same', async () => {
    await fc.assert(
      fc.asyncProperty(rawAccount, async (raw: Raw) => {
        const account = toAccount(raw);
        const expected = asJson(asTyped(account));
        const back = await viaXlsx(account);
        expect(asJson(back)).toEqual(expected);
        expect(asJson(canonical(account))).toEqual(expected);
        expect(scores(back)).toEqual(scores(account));
      }),
      { numRuns: 40 },
    );
  });

  test('a canonical account is a fixed point: a second trip changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(rawAccount, async (raw: Raw) => {
        const once = await viaXlsx(toAccount(raw));
        expect(asJson(await viaXlsx(once))).toEqual(asJson(once));
      }),
      { numRuns: 10 },
    );
  });

  test('tricky text is written as text (never a formula) and read back unchanged', async () => {
    const account = toAccount({
      schemaVersion: 1,
      overview: { customerName: TRICKY_TEXT[0] },
      keyPeople: TRICKY_TEXT.map((t, i) => ({ name: t, visitNo: i + 1, visitDate: '2026-10-01', orgTitle: t })),
      roleMap: [],
      opportunity: { items: TRICKY_TEXT.slice(0, 10).map((t) => ({ mark: '+', comment: t })) },
      competitiveness: { competitors: TRICKY_TEXT.slice(0, 3), items: [], conclusions: TRICKY_TEXT.slice(3, 5) },
    });
    const wb = renderAccountWorkbook(account);
    // In the workbook itself: plain string cells, no formula anywhere but our own score cells.
    const kp = wb.getWorksheet('关键人物') as ExcelJS.Worksheet;
    TRICKY_TEXT.forEach((_, i) => expect(kp.getCell(3 + i, 1).type).toBe(ExcelJS.ValueType.String));
    const back = await viaXlsx(account);
    expect(back.keyPeople.map((r) => r.name)).toEqual(TRICKY_TEXT);
    expect(back.overview.customerName).toBe(TRICKY_TEXT[0]);
    expect(back.opportunity.items.map((i) => i.comment)).toEqual(TRICKY_TEXT.slice(0, 10));
    expect(back.competitiveness.competitors).toEqual(TRICKY_TEXT.slice(0, 3));
  });

  test('dates: real ISO dates become date cells, anything else stays as written (a number is a number, not a date serial)', async () => {
    const account = toAccount({
      schemaVersion: 1,
      overview: { customerName: 'x', date: '2026-10-12' },
      keyPeople: [
        { name: 'a', visitNo: 1, visitDate: '2026-10-12', birthday: '03-18' },
        { name: 'b', visitNo: 1, visitDate: ' 2026-10-12', birthday: '1970-01-31' },
        { name: 'c', visitNo: 1, visitDate: '2026-02-30', birthday: '1899-12-31' },
        { name: 'd', visitNo: 1, visitDate: 46000 },
      ],
      roleMap: [],
      opportunity: { items: [], date: '2026/10/12' },
      competitiveness: { competitors: [], items: [], conclusions: [] },
    });
    const wb = renderAccountWorkbook(account);
    const kp = wb.getWorksheet('关键人物') as ExcelJS.Worksheet;
    expect(kp.getCell('C3').value).toEqual(new Date(Date.UTC(2026, 9, 12)));
    expect(kp.getCell('C3').numFmt).toBe('yyyy-mm-dd');
    expect(kp.getCell('I4').value).toEqual(new Date(Date.UTC(1970, 0, 31)));
    expect(kp.getCell('I3').value).toBe('03-18');
    expect(kp.getCell('C4').value).toBe(' 2026-10-12');
    expect(kp.getCell('I5').value).toBe('1899-12-31');
    expect(kp.getCell('C6').value).toBe(46000);
    expect(kp.getCell('C6').numFmt).toBe('General');
    expect(kp.getCell('C4').numFmt).toBe('@');
    const opp = wb.getWorksheet('机会评估') as ExcelJS.Worksheet;
    expect(opp.getCell(OPP.dateRow + 1, OPP.valueCol + 1).value).toBe('2026/10/12');
    const back = await viaXlsx(account);
    expect(back.keyPeople.map((r) => [r.visitDate, r.birthday])).toEqual([
      ['2026-10-12', '03-18'],
      [' 2026-10-12', '1970-01-31'],
      ['2026-02-30', '1899-12-31'],
      [46000, undefined],
    ]);
    expect(asJson(back)).toEqual(asJson(canonical(account)));
  });

  // Issue #9: each of these came back changed (weight 1,5 → 15, 1e3 → 1000, 46000 → 2025-12-09, true → "TRUE",
  // a null weight → 1, "2" → 2, "1,200" → 1200).
  test('what the issue found: every value comes back as typed, with its type', async () => {
    const weights = ['1,5', '1e3', null, '2', '=1+1', true, 3, '300万元', '+SUM(A1)', 0];
    const account = toAccount({
      schemaVersion: 1,
      overview: { customerName: '临江', budget: '1,200', stage: true, date: 46000, salesManager: 42 },
      keyPeople: [
        { name: '周', visitNo: '2', visitDate: 46000, age: '=1+1', gender: false, orgTitle: 'x\u007fy' },
        { name: '周', visitNo: 3, visitDate: '2026-10-12', age: 53, hobbies: true },
      ],
      roleMap: [],
      opportunity: { items: [{ mark: true }, { mark: 1 }], weights },
      competitiveness: { competitors: ['A', 7, false], items: [{ us: '+', competitors: [true, '', 2] }], conclusions: [true] },
    });
    const back = asJson(await viaXlsx(account));
    expect(back.overview).toEqual({ customerName: '临江', budget: '1,200', stage: true, date: 46000, salesManager: 42 });
    expect(back.keyPeople).toEqual([
      { name: '周', visitNo: '2', visitDate: 46000, age: '=1+1', gender: false, orgTitle: 'x\u007fy' },
      { name: '周', visitNo: 3, visitDate: '2026-10-12', age: 53, hobbies: true },
    ]);
    expect(back.opportunity.weights).toEqual(weights);
    expect(back.opportunity.items.slice(0, 3)).toEqual([{ mark: true }, { mark: 1 }, { mark: '' }]);
    expect(back.competitiveness.competitors).toEqual(['A', 7, false]);
    expect(back.competitiveness.items[0]).toEqual({ us: '+', competitors: [true, '', 2] });
    expect(back.competitiveness.conclusions).toEqual([true]);
    expect(back).toEqual(asJson(asTyped(account)));
  });

  test('every cell holding text is a text cell (@), so F2 + Enter keeps it text; numbers keep number formats', async () => {
    const account = toAccount({
      schemaVersion: 1,
      overview: { customerName: '临江', budget: '=1+1' },
      keyPeople: [
        { name: '周', visitNo: '+SUM(A1)', visitDate: '2026-10-12', age: '=1+1' },
        { name: '王', visitNo: 2, visitDate: '2026-10-12', age: 40 },
      ],
      roleMap: [],
      opportunity: { items: [], weights: ['=1+1', 2, '', null, 1, 1, 1, 1, 1, '-1'] },
      competitiveness: { competitors: [], items: [], conclusions: [] },
    });
    const wb = renderAccountWorkbook(account);
    const kp = wb.getWorksheet('关键人物') as ExcelJS.Worksheet;
    const cellFor = (ws: ExcelJS.Worksheet, v: unknown) => {
      let found: ExcelJS.Cell | undefined;
      ws.eachRow((row) =>
        row.eachCell((c) => {
          if (!found && c.value === v && c.type !== ExcelJS.ValueType.Formula) found = c;
        }),
      );
      return found as ExcelJS.Cell;
    };
    expect(kp.getCell('B3').value).toBe('+SUM(A1)');
    expect(kp.getCell('B3').numFmt).toBe('@');
    expect(kp.getCell('E3').numFmt).toBe('@');
    expect(kp.getCell('B4').numFmt).toBe('General');
    expect(kp.getCell('E4').numFmt).toBe('General');
    expect(kp.getCell('C3').numFmt).toBe('yyyy-mm-dd');
    const ov = wb.getWorksheet('客户全貌') as ExcelJS.Worksheet;
    expect(cellFor(ov, '=1+1').numFmt).toBe('@');
    const opp = wb.getWorksheet('机会评估') as ExcelJS.Worksheet;
    const w = (i: number) => opp.getCell(OPP.firstItemRow + i + 1, OPP.cols.weight + 1);
    expect([0, 1, 2, 9].map((i) => [w(i).value, w(i).numFmt])).toEqual([
      ['=1+1', '@'],
      [2, 'General'],
      [null, 'General'],
      ['-1', '@'],
    ]);
    // Nothing holding user text is a formula.
    for (const ws of wb.worksheets)
      ws.eachRow((row) =>
        row.eachCell((c) => {
          if (c.type === ExcelJS.ValueType.Formula)
            expect(String((c.value as ExcelJS.CellFormulaValue).formula)).not.toMatch(/SUM\(A1\)|^1\+1$/);
        }),
      );
  });
});
