/**
 * JSON → Google Sheets (the fake, through the adapter's import and reader) →
 * JSON gives back what was typed, value for value and type for type: the
 * README's normalisations only (tests/support/as-typed.ts). Every cell
 * holding text is a plain-text cell (@), whatever the field, so that a rep's
 * edit never turns it into a formula, a number or a date; numbers keep their
 * number formats and real ISO dates their date format.
 */
import fc from 'fast-check';
import { parseAccountJson, toAccount } from '../../src/domain/account';
import { assessAccount } from '../../src/domain/assessment';
import { importAccountJson } from '../../src/sheets/import-export';
import { readWorkbook } from '../../src/sheets/read-workbook';
import { asJson, asTyped } from '../support/as-typed';
import { rawAccount } from '../xlsx/arbitraries';
import { canonical, newest, setupSheets } from './sheets-support';

function viaSheets(doc: unknown) {
  const { fake } = setupSheets();
  const r = importAccountJson(JSON.stringify(doc));
  expect(r.ok).toBe(true);
  const ss = newest(fake);
  return { fake, ss, back: readWorkbook(fake.api(ss)).account };
}

describe('JSON → Sheets → JSON', () => {
  test('generated accounts, valid and invalid, come back as typed, and score the same', () => {
    fc.assert(
      fc.property(rawAccount, (raw) => {
        const { account } = parseAccountJson(JSON.stringify(raw));
        const { back } = viaSheets(raw);
        expect(asJson(back)).toEqual(asJson(asTyped(account)));
        expect(asJson(canonical(account))).toEqual(asJson(asTyped(account)));
        expect(assessAccount(back, '2026-11-01')).toEqual(assessAccount(account, '2026-11-01'));
      }),
      { numRuns: 25 },
    );
  });

  // Issue #9: each of these came back changed through Sheets as through .xlsx.
  test('what the issue found: every value comes back as typed, with its type', () => {
    const weights = ['1,5', '1e3', null, '2', '=1+1', true, 3, '300万元', '+SUM(A1)', 0];
    const doc = {
      schemaVersion: 1,
      overview: { customerName: '临江', budget: '1,200', stage: true, date: 46000, salesManager: 42 },
      keyPeople: [
        { name: '周', visitNo: '2', visitDate: 46000, age: '=1+1', gender: false, orgTitle: 'TRUE' },
        { name: '周', visitNo: 3, visitDate: '2026-10-12', age: 53, hobbies: true, birthday: '03-18' },
      ],
      roleMap: [],
      opportunity: { items: [{ mark: true }, { mark: 1 }], weights },
      competitiveness: { competitors: ['A', 7, false], items: [{ us: '+', competitors: [true, '', 2] }], conclusions: [true] },
    };
    const { fake, ss, back } = viaSheets(doc);
    expect(back.overview).toEqual(doc.overview);
    expect(back.keyPeople).toEqual(doc.keyPeople);
    expect(back.opportunity.weights).toEqual(weights);
    expect(asJson(back)).toEqual(asJson(asTyped(toAccount(doc))));
    // Formats: text is @ in number, integer, weight and date fields; numbers and real dates keep theirs.
    const api = fake.api(ss);
    const kp = api.getSheetByName('关键人物')!;
    expect(['B3', 'C3', 'E3', 'B4', 'C4', 'E4'].map((a) => kp.getRange(a).getNumberFormat())).toEqual([
      '@',
      '0.###############',
      '@',
      '0.###############',
      'yyyy-mm-dd',
      '0.###############',
    ]);
  });
});
