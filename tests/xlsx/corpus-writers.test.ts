/**
 * @needs libreoffice, openpyxl, xlsxwriter
 * The .xlsx reader on workbooks written by other programs, all made here by
 * scripts (tests/support/py-writers.py; no checked-in binaries): openpyxl and
 * XlsxWriter (Debian's /usr/bin/python3), LibreOffice (via .ods and back).
 * For each: the account read is the one put in; where the file keeps our
 * formulas, LibreOffice's recalculation of them equals the scoring engine.
 */
import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { type Account, emptyAccount } from '../../src/domain/account';
import { META_TAB, tabName, workbookLayout } from '../../src/domain/layout';
import { readXlsxBuffer } from '../../src/xlsx/read-workbook';
import { accountWorkbookBuffer } from '../../src/xlsx/render-workbook';
import { ensureBuilt, runBin } from '../support/cli';
import { convert, recalculatedSheets, resaveAsXlsx } from '../support/libreoffice';
import { text, unzipParts } from '../support/zip-edit';
import {
  accountWith,
  asJson,
  canonical,
  engineScores,
  exampleAccount,
  locationOf,
  py,
  reason,
  recalculatedScores,
  xmlVariants,
} from './corpus-support';

let dir: string;
let source: Account;
let good: Buffer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ka-corpus-w-'));
  source = exampleAccount();
  good = await accountWorkbookBuffer(source, 'zh');
  for (const [name, v] of Object.entries(await xmlVariants(source, good))) writeFileSync(join(dir, `${name}.xlsx`), v.bytes);
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('openpyxl and XlsxWriter', () => {
  test('a blank workbook from `ka-sales new`, opened and saved unchanged by openpyxl, exports as the blank account', async () => {
    ensureBuilt();
    const made = await runBin(dir, ['new', '临江市财政局', '-o', 'blank.xlsx']);
    expect(made.code).toBe(0);
    py('resave', join(dir, 'blank.xlsx'), join(dir, 'blank-openpyxl.xlsx'));
    expect(text(await unzipParts(readFileSync(join(dir, 'blank-openpyxl.xlsx'))), 'xl/_rels/workbook.xml.rels')).toContain('Target="/xl/');
    const r = await runBin(dir, ['export', 'blank-openpyxl.xlsx']);
    expect(r.stderr).toBe('');
    expect(asJson(JSON.parse(r.stdout))).toEqual(asJson(canonical(emptyAccount('临江市财政局'))));
  }, 60_000);

  test('the example, opened and saved by openpyxl (absolute targets, formulas without cached values), reads as the same account', async () => {
    py('resave', join(dir, 'absolute-targets.xlsx'), join(dir, 'example-openpyxl.xlsx'));
    const { account } = await readXlsxBuffer(readFileSync(join(dir, 'example-openpyxl.xlsx')));
    expect(asJson(account)).toEqual(asJson(canonical(source)));
  });

  const refOf = (tab: string, c: { row: number; col: number }) => `${tab}!${String.fromCharCode(65 + c.col)}${c.row + 1}`;

  /** The account's grids as a writer spec: dates as real dates in `formats` (in turn), strings as `strings` says. */
  function spec(
    a: Account,
    opts: { formats: string[]; rich?: boolean; date1904?: boolean; constantMemory?: boolean; formulas?: Record<string, unknown> },
  ) {
    let n = 0;
    const formulaAt = new Map(
      Object.entries(opts.formulas ?? {}).map(([path, f]) => [`${locationOf(a, path).sheet}!${locationOf(a, path).cell}`, f]),
    );
    const tabs = workbookLayout(a, 'zh').map((t) => ({
      name: t.name,
      cells: t.cells
        .filter((c) => formulaAt.has(refOf(t.name, c)) || (!c.formula && c.value !== null && c.value !== ''))
        .map((c) => {
          const f = formulaAt.get(refOf(t.name, c)) as { formula: string; cached: unknown } | undefined;
          if (f) return { row: c.row, col: c.col, kind: 'formula', value: f.formula, cached: f.cached };
          if (
            c.kind === 'input' &&
            (c.type === 'date' || c.type === 'dateOrMonthDay') &&
            typeof c.value === 'string' &&
            /^\d{4}-\d{2}-\d{2}$/.test(c.value)
          ) {
            return { row: c.row, col: c.col, kind: 'date', value: c.value, fmt: opts.formats[n++ % opts.formats.length] };
          }
          if (typeof c.value === 'number') return { row: c.row, col: c.col, kind: 'number', value: c.value };
          if (typeof c.value === 'boolean') return { row: c.row, col: c.col, kind: 'bool', value: c.value };
          const s = String(c.value);
          if (opts.rich && s.length >= 4 && !/[\ud800-\udfff]/.test(s))
            return { row: c.row, col: c.col, kind: 'rich', value: [s.slice(0, 2), s.slice(2)] };
          return { row: c.row, col: c.col, kind: 'text', value: s };
        }),
    }));
    return { date1904: Boolean(opts.date1904), constantMemory: Boolean(opts.constantMemory), tabs };
  }

  test('written from scratch by openpyxl: dates under many formats, shared strings, 1900 and 1904 date systems', async () => {
    const formats = ['yyyy-mm-dd', 'd/m/yyyy', 'mm-dd-yy', 'mmm d, yyyy', 'yyyy"年"m"月"d"日"', 'dd.mm.yyyy hh:mm'];
    for (const date1904 of [false, true]) {
      const specFile = join(dir, `openpyxl-${date1904}.json`);
      const file = join(dir, `openpyxl-${date1904}.xlsx`);
      writeFileSync(specFile, JSON.stringify(spec(source, { formats, date1904 })));
      py('openpyxl', specFile, file);
      const { account } = await readXlsxBuffer(readFileSync(file));
      expect({ date1904, account: asJson(account) }).toEqual({ date1904, account: asJson(canonical(source)) });
    }
  });

  test('written from scratch by XlsxWriter: inline strings, rich text, cached formula results 0, FALSE and text, 1904', async () => {
    const a = exampleAccount();
    a.overview.budget = 0;
    a.overview.salesManager = false; // a cached boolean result is the boolean (issue #9: no longer the text "FALSE")
    (a.overview as Record<string, unknown>).surveyMethod = '会议';
    const formulas = {
      'overview.budget': { formula: '=380*0', cached: 0 },
      'overview.salesManager': { formula: '=1>2', cached: false },
      'overview.surveyMethod': { formula: '="会"&"议"', cached: '会议' },
      'opportunity.weights.0': { formula: '=1-1', cached: 0 },
    };
    const expected = accountWith(a, { 'opportunity.weights.0': 0 });
    for (const [constantMemory, date1904] of [
      [true, false],
      [false, true],
    ]) {
      const specFile = join(dir, `xlsxwriter-${constantMemory}.json`);
      const file = join(dir, `xlsxwriter-${constantMemory}.xlsx`);
      writeFileSync(
        specFile,
        JSON.stringify(spec(a, { formats: ['yyyy-mm-dd', 'm/d/yy', 'd mmm yyyy'], rich: true, constantMemory, date1904, formulas })),
      );
      py('xlsxwriter', specFile, file);
      const bytes = readFileSync(file);
      if (constantMemory) expect(bytes.includes('sharedStrings')).toBe(false);
      const { account } = await readXlsxBuffer(bytes);
      expect({ constantMemory, account: asJson(account) }).toEqual({ constantMemory, account: asJson(expected) });
      expect(account.overview.budget).toBe(0);
    }
  });
});

describe('LibreOffice', () => {
  let odsFile: string;
  let fromOds: string;
  let xlsFile: string;
  beforeAll(() => {
    const example = join(dir, 'example.xlsx');
    writeFileSync(example, good);
    convert([example], 'ods', join(dir, 'ods'));
    odsFile = join(dir, 'ods', 'example.ods');
    convert([example], 'xls', join(dir, 'xls'));
    xlsFile = join(dir, 'xls', 'example.xls');
    fromOds = resaveAsXlsx([odsFile], join(dir, 'from-ods'))[odsFile];
  }, 600_000);

  test('an .ods and an .xls are refused with one line telling to save as .xlsx', async () => {
    expect(await reason(readFileSync(odsFile))).toBe(
      'not an .xlsx workbook: it is an OpenDocument (.ods) spreadsheet (open it and save it as .xlsx)',
    );
    expect(await reason(readFileSync(xlsFile))).toMatch(/^not an \.xlsx workbook: it is an old \.xls file .*save it as \.xlsx/);
  });

  test('converted to .ods and back to .xlsx by LibreOffice, the example exports as the same account', async () => {
    ensureBuilt();
    const r = await runBin(dir, ['export', fromOds]);
    expect(r.code).toBe(0);
    expect(asJson(JSON.parse(r.stdout))).toEqual(asJson(canonical(source)));
  });

  test('the files’ own formulas, recalculated by LibreOffice, equal the scoring engine on the account read', async () => {
    const files = [
      fromOds,
      ...['absolute-targets', 'inline-strings', 'rich-text', 'cached-zero-budget', 'cached-zero-weight', 'date-1904', 'date-format-zh'].map(
        (n) => join(dir, `${n}.xlsx`),
      ),
      join(dir, 'example-openpyxl.xlsx'),
    ];
    const csv = recalculatedSheets(files, () => [
      tabName('opportunity', 'zh'),
      tabName('competitiveness', 'zh'),
      tabName('overview', 'zh'),
      META_TAB,
    ]);
    for (const f of files) {
      const { account } = await readXlsxBuffer(readFileSync(f));
      expect({ file: basename(f), scores: recalculatedScores(csv[f], 'zh') }).toEqual({ file: basename(f), scores: engineScores(account) });
    }
    // The zero weight changed the score: the check is not vacuous.
    const zero = (await readXlsxBuffer(readFileSync(join(dir, 'cached-zero-weight.xlsx')))).account;
    expect(engineScores(zero)).not.toEqual(engineScores(source));
  }, 600_000);
});
