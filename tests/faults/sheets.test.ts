/**
 * Fault suite, surface 4: the Google Sheets adapter on the in-memory fake.
 *
 * Validation (src/sheets/validate.ts) over a workbook full of malformed values
 * — typed through the UI (its dropdown and date rules apply), pasted by a
 * script (they do not), rows inserted, a tab renamed — never throws, lists
 * every problem with its tab and cell, and changes nothing in the workbook.
 *
 * Import of malformed account JSON: unreadable text is refused with the
 * reason and creates nothing; a readable account makes a workbook whose
 * export loses nothing unreported and holds no formula made from user text;
 * text longer than a Sheets cell holds is refused before any workbook exists;
 * a workbook whose writing fails half-way is not registered and is named as
 * incomplete (deleting a file would need a Drive scope the script does not ask for).
 */
import fc from 'fast-check';
import { a1 } from '../../src/domain/a1';
import { parseAccountJson, toAccount } from '../../src/domain/account';
import { type TabLayout, workbookLayout } from '../../src/domain/layout';
import { validateAccount, validateRead } from '../../src/domain/validate';
import { createAccountWorkbook } from '../../src/sheets/account-workbook';
import { SHEETS_CELL_LIMIT, importAccountJson } from '../../src/sheets/import-export';
import { readWorkbook } from '../../src/sheets/read-workbook';
import { sheetsFormula, sheetsTabs } from '../../src/sheets/render-workbook';
import * as registry from '../../src/sheets/summary/registry';
import { showProblems } from '../../src/sheets/validate';
import type { FakeGas, SpreadsheetModel } from '../fakes/spreadsheet-app';
import { canonical, newest, setupSheets } from '../sheets/sheets-support';
import {
  type Doc,
  controlText,
  damagedJson,
  exampleDoc,
  formulaLike,
  leafAt,
  malformedAccount,
  mustBeReported,
  runs,
  silentlyLost,
  wrongDate,
} from './arbitraries';

const asJson = (v: unknown) => JSON.parse(JSON.stringify(v));
const FORM_TABS = ['overview', 'keyPeople', 'roleMap', 'opportunity', 'competitiveness'] as const;

/** What a person can put in a cell: text (any), numbers, booleans, dates. */
const cellValue: fc.Arbitrary<string | number | boolean | Date> = fc.oneof(
  { weight: 3, arbitrary: formulaLike },
  { weight: 2, arbitrary: controlText },
  { weight: 2, arbitrary: wrongDate.map((v) => (v === null ? '' : (v as string | number))) },
  {
    weight: 2,
    arbitrary: fc.constantFrom<string | number | boolean>(
      'x',
      '＋＋',
      '狮子',
      'abc',
      '四十一',
      '1,000',
      '-3',
      0,
      -1,
      1.5,
      1e9,
      true,
      false,
      ' ',
      '#N/A',
      'TRUE',
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom(new Date(Date.UTC(1899, 11, 30)), new Date(Date.UTC(2026, 9, 12, 15, 30))) },
  { weight: 1, arbitrary: fc.integer({ min: 1000, max: SHEETS_CELL_LIMIT + 2 }).map((n) => `=${'长'.repeat(n - 1)}`) },
);

/** A change a person or a script makes to a workbook. */
type Edit =
  | { kind: 'type' | 'paste'; tab: number; cell: number; value: string | number | boolean | Date }
  | { kind: 'append'; value: string | number | boolean | Date; col: number }
  | { kind: 'insertRows'; tab: number; at: number }
  | { kind: 'renameTab'; tab: number };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  {
    weight: 10,
    arbitrary: fc.record({ kind: fc.constantFrom<'type' | 'paste'>('type', 'paste'), tab: fc.nat(), cell: fc.nat(), value: cellValue }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant<'append'>('append'), value: cellValue, col: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant<'insertRows'>('insertRows'), tab: fc.nat(), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant<'renameTab'>('renameTab'), tab: fc.nat() }) },
);

const WRITES = /^(Spreadsheet|Sheet|Range|RangeList|Protection)\.(set|insert|delete|append|clear|merge|protect|hide|rename)/;

function applyEdit(fake: FakeGas, ss: SpreadsheetModel, layout: TabLayout[], e: Edit, touched: Set<string>): void {
  const api = fake.api(ss);
  if (e.kind === 'renameTab') {
    const tab = layout.find((t) => t.form === FORM_TABS[e.tab % FORM_TABS.length]);
    api.getSheetByName(tab!.name)?.setName(`${tab!.name} (2)`);
    return;
  }
  if (e.kind === 'insertRows') {
    const sheet = api.getSheets()[e.tab % api.getSheets().length];
    sheet.insertRowsBefore(1 + (e.at % Math.max(1, sheet.getLastRow())), 1);
    return;
  }
  if (e.kind === 'append') {
    const sheet = api.getSheetByName(layout.find((t) => t.form === 'keyPeople')!.name);
    if (!sheet) return;
    const row = sheet.getLastRow() + 1 + (e.col % 3);
    const at = a1(row - 1, e.col % 26);
    fake.userTypes(ss, sheet.getName(), at, [[e.value]]);
    touched.add(`${sheet.getName()}!${at}`);
    return;
  }
  const forms = layout.filter((t) => FORM_TABS.includes(t.form as (typeof FORM_TABS)[number]));
  const tab = forms[e.tab % forms.length];
  const inputs = tab.cells.filter((c) => c.kind === 'input');
  const c = inputs[e.cell % inputs.length];
  const at = a1(c.row, c.col);
  if (!api.getSheetByName(tab.name)) return;
  if (e.kind === 'type') {
    fake.userTypes(ss, tab.name, at, [[e.value]]);
  } else {
    try {
      api
        .getSheetByName(tab.name)!
        .getRange(at)
        .setValues([[e.value]]);
    } catch {
      // Sheets refuses text over 50,000 characters: nothing was written.
      return;
    }
  }
  touched.add(`${tab.name}!${at}`);
}

/**
 * Found by random seeds (FC_SEED=1, FAULTS_SCALE=40), shrunk by hand: a row inserted on a tab moves its form down, and
 * the next value typed at the layout's address lands outside every binding — in the inserted row among the ten
 * opportunity items (机会评估!G9), or over the role map's header (角色分析!A3). The user's text is there, no field holds
 * it: validation reports it as `unbound-content`, which the account's own rules (validateAccount) cannot list.
 */
const UNBOUND_BY_HAND: Array<[Doc | null, Edit[], 'workbook' | 'sheet']> = [
  [
    null,
    [
      { kind: 'insertRows', tab: 5, at: 8 },
      { kind: 'type', tab: 3, cell: 12, value: '=IMPORTXML("http://x","//a")' },
    ],
    'workbook',
  ],
  [
    null,
    [
      { kind: 'insertRows', tab: 4, at: 0 },
      { kind: 'type', tab: 2, cell: 0, value: 'x' },
    ],
    'workbook',
  ],
];

const structural = (e: Edit) => e.kind === 'insertRows' || e.kind === 'renameTab';

/** The `unbound-content` cells of a fresh workbook of `base` after `edits`. */
function unboundAfter(base: Doc | null, edits: Edit[]): string[] {
  const { fake } = setupSheets();
  const account = toAccount(base ?? { schemaVersion: 1, overview: { customerName: '测试' } });
  const ss = fake.model(createAccountWorkbook(account, 'zh').id);
  const layout = workbookLayout(account, 'zh');
  for (const e of edits) applyEdit(fake, ss, layout, e, new Set());
  return readWorkbook(fake.api(ss)).unbound.map((u) => `${u.sheet}!${u.cell}`);
}

describe('validation over a workbook full of malformed values', () => {
  test('never throws, lists every problem with its tab and cell (each bad value among them), and changes nothing', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<Doc | null>(null, exampleDoc()),
        fc.array(edit, { minLength: 1, maxLength: 12 }),
        fc.constantFrom<'workbook' | 'sheet'>('workbook', 'sheet'),
        (base, edits, scope) => {
          const { fake } = setupSheets();
          const account = toAccount(base ?? { schemaVersion: 1, overview: { customerName: '测试' } });
          const made = createAccountWorkbook(account, 'zh');
          const ss = fake.model(made.id);
          fake.setActive(ss);
          const layout = workbookLayout(account, 'zh');
          const touched = new Set<string>();
          for (const e of edits) applyEdit(fake, ss, layout, e, touched);
          const before = JSON.stringify(fake.snapshot(ss));
          fake.resetCalls();

          const problems = showProblems(scope);

          expect(JSON.stringify(fake.snapshot(ss))).toBe(before);
          expect(Object.keys(fake.calls).filter((k) => WRITES.test(k))).toEqual([]);
          if (fake.ui.alerts.length) {
            // A renamed form tab: the workbook is not read, and the alert says which tab.
            expect(problems).toEqual([]);
            expect(fake.ui.alerts[0].prompt).toMatch(/renamed or deleted|no tab named/);
            return;
          }
          const read = readWorkbook(fake.api(ss));
          // The account's rules, and content outside every binding (a value typed where an inserted row moved a form).
          const all = validateRead(read, 'zh');
          const sheets = new Set(ss.sheets.map((s) => s.name));
          if (scope === 'workbook') expect(problems).toHaveLength(all.length);
          // What the product wrote is never unbound: the same rows inserted and tabs renamed, with nothing typed, report none.
          if (problems.some((p) => p.rule === 'unbound-content')) expect(unboundAfter(base, edits.filter(structural))).toEqual([]);
          for (const p of problems) {
            expect([p.path, sheets.has(p.sheet)]).toEqual([p.path, true]);
            expect([p.path, p.cell]).toEqual([p.path, expect.stringMatching(/^[A-Z]+[1-9]\d*$/)]);
          }
          // Each written value that certainly breaks its field's rule is listed at its cell.
          const cellOf = new Map(Object.entries(read.locations).map(([path, l]) => [`${l.sheet}!${l.cell}`, path]));
          const listed = new Set(problems.map((p) => `${p.sheet}!${p.cell}`));
          const activeSheet = fake.api(ss).getActiveSheet().getName();
          for (const at of touched) {
            const path = cellOf.get(at);
            const leaf = path && leafAt(path.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k)));
            if (!path || !leaf || (scope === 'sheet' && !at.startsWith(`${activeSheet}!`))) continue;
            const value = path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], read.account);
            if (mustBeReported(leaf, value) === true) expect([at, value, listed.has(at)]).toEqual([at, value, true]);
          }
        },
      ),
      { numRuns: runs(12), endOnFailure: true, examples: UNBOUND_BY_HAND },
    );
  });

  test('a value typed where an inserted row moved a form is reported at its cell; the inserted row alone is not', () => {
    const [[, opp], [, role]] = UNBOUND_BY_HAND;
    expect(unboundAfter(null, opp)).toEqual(['机会评估!G9']);
    expect(unboundAfter(null, role)).toEqual(['角色分析!A3']);
    expect(unboundAfter(null, [opp[0], role[0]])).toEqual([]);
    expect(unboundAfter(exampleDoc(), [opp[0], role[0]])).toEqual([]);
  });
});

describe('import of malformed account JSON', () => {
  test('unreadable text is refused with its reason, and no workbook is made', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          damagedJson.map((d) => d.bytes.toString('utf8')),
          malformedAccount()
            .filter((m) => !m.readable)
            .map((m) => JSON.stringify(m.doc)),
        ),
        (text) => {
          const { fake } = setupSheets();
          const n = fake.spreadsheets.size;
          const r = importAccountJson(text);
          expect(r.ok).toBe(false);
          expect(r.message).toMatch(/^无法导入：\S/);
          expect(r.html).not.toMatch(/<(?!\/?p\b)/);
          expect(fake.spreadsheets.size).toBe(n);
        },
      ),
      { numRuns: runs(20) },
    );
  });

  test('a readable account becomes a workbook that gives it back: nothing lost unreported, no formula from user text', () => {
    fc.assert(
      fc.property(malformedAccount({ long: false }), (m) => {
        fc.pre(m.readable);
        const { fake } = setupSheets();
        const text = JSON.stringify(m.doc);
        const { raw, account } = parseAccountJson(text);
        const r = importAccountJson(text);
        const problems = validateAccount(raw, 'zh');
        expect([r.ok, r.problems]).toEqual([true, problems.length]);
        const ss = newest(fake);
        const back = asJson(readWorkbook(fake.api(ss)).account);
        expect(back).toEqual(asJson(canonical(account)));
        expect(silentlyLost(raw, back, problems)).toEqual([]);
        // Formulas only where the layout has a score or reference cell, with the renderer's text, and the Sheets tabs'
        // own (the health tab's, the meta tab's binding places).
        const ours = new Map(
          sheetsTabs(workbookLayout(account, 'zh'), 'zh').flatMap((t) => [
            ...t.cells.filter((c) => c.formula).map((c) => [`${t.name}!${a1(c.row, c.col)}`, sheetsFormula(c.formula!)] as const),
            ...(t.formulas ?? []).map((f) => [`${t.name}!${a1(f.row, f.col)}`, f.formula] as const),
          ]),
        );
        const snap = fake.snapshot(ss) as { sheets: Array<{ name: string; cells: Array<[string, { f?: string }]> }> };
        for (const s of snap.sheets)
          for (const [at, c] of s.cells)
            if (c.f !== undefined) expect([`${s.name}!${at}`, c.f]).toEqual([`${s.name}!${at}`, ours.get(`${s.name}!${at}`)]);
      }),
      { numRuns: runs(10), endOnFailure: true },
    );
  });

  test('dates Sheets might read otherwise (year 99, before 1900, spaces around) come back as written', () => {
    const { fake } = setupSheets();
    const doc = exampleDoc() as Record<string, any>;
    const dates = ['0099-05-05', '1899-12-31', '1900-02-28', ' 2026-10-12', '2026-10-12 ', '1900-03-01'];
    doc.keyPeople = dates.map((d, i) => ({ name: `人${i}`, visitNo: 1, visitDate: d }));
    expect(importAccountJson(JSON.stringify(doc)).ok).toBe(true);
    expect(readWorkbook(fake.api(newest(fake))).account.keyPeople.map((r) => r.visitDate)).toEqual(dates);
  });

  test('text longer than a Sheets cell holds is refused before any workbook exists, naming tab and cell', () => {
    const { fake } = setupSheets();
    const doc = exampleDoc() as Record<string, any>;
    doc.keyPeople[0].hobbies = '爱'.repeat(SHEETS_CELL_LIMIT + 1);
    doc.competitiveness.conclusions = ['=1+1', `@${'x'.repeat(SHEETS_CELL_LIMIT)}`];
    const n = fake.spreadsheets.size;
    const r = importAccountJson(JSON.stringify(doc));
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/^无法导入：关键人物!H3 文本长 50001 字，超过单元格上限 50000 字.*; 竞争力评估!C19 文本长 50001 字/);
    expect(fake.spreadsheets.size).toBe(n);
    // At the limit it is written whole.
    doc.keyPeople[0].hobbies = '爱'.repeat(SHEETS_CELL_LIMIT);
    doc.competitiveness.conclusions = ['=1+1', `@${'x'.repeat(SHEETS_CELL_LIMIT - 1)}`];
    const ok = importAccountJson(JSON.stringify(doc));
    expect(ok.ok).toBe(true);
    const back = readWorkbook(fake.api(newest(fake))).account;
    expect(back.keyPeople[0].hobbies).toBe(doc.keyPeople[0].hobbies);
    expect(back.competitiveness.conclusions).toEqual(doc.competitiveness.conclusions);
  });

  test('a write that fails half-way: no registration, the workbook named incomplete, the reason shown', () => {
    const { fake } = setupSheets();
    const register = jest.spyOn(registry, 'registerAccountWorkbook');
    let writes = 0;
    fake.hooks.push((kind) => {
      if (kind === 'Range.setValues' && ++writes === 3) throw new Error('Service Spreadsheets timed out while accessing document');
    });
    try {
      const r = importAccountJson(JSON.stringify(exampleDoc()));
      expect(r.ok).toBe(false);
      expect(r.message).toBe('无法导入：Service Spreadsheets timed out while accessing document');
      expect(register).not.toHaveBeenCalled();
      expect(newest(fake).name).toMatch(/^\[未完成，请删除\] /);
    } finally {
      fake.hooks.pop();
      register.mockRestore();
    }
  });
});
