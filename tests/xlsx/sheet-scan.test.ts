/**
 * The scanner of a worksheet's cells (src/xlsx/sheet-scan.ts), the reader's
 * fast path: on every sheet it reads exactly what the XML parser reads, and
 * refuses exactly what the parser refuses (naming the part), because it takes
 * only what it knows and leaves anything else to the parser. Proven on an
 * account workbook as we write it, on random rows mixing what writers write
 * with what they seldom or never do (inline strings, cells without their
 * reference, references, carriage returns, comments, prefixes), on malformed
 * cells, and on the limits (rows, merged ranges, what comes before and after
 * the cells).
 */
import fc from 'fast-check';
import { UnreadableAccountError } from '../../src/domain/account';
import { generateAccount } from '../../src/domain/sample-accounts';
import { readXlsx } from '../../src/xlsx/read-xlsx';
import { accountWorkbookBuffer } from '../../src/xlsx/render-workbook';
import { scanCells } from '../../src/xlsx/sheet-scan';
import { type Parts, setText, sheetPart, text, unzipParts, zipParts } from '../support/zip-edit';

const TAB = '关键人物';

let good: Buffer;
let parts: Parts;
let part: string;
beforeAll(async () => {
  good = await accountWorkbookBuffer(generateAccount(7, '2026-11-01'));
  parts = await unzipParts(good);
  part = sheetPart(parts, TAB);
});

/** The tab as the reader reads it, by the scanner or by the parser alone: its grid, or the one line why not. */
function outcome(bytes: Buffer, scan: boolean): unknown {
  try {
    return readXlsx(bytes, { tabs: (name) => name === TAB, scan }).grids[TAB];
  } catch (e) {
    if (!(e instanceof UnreadableAccountError)) throw e;
    return { refused: e.message };
  }
}

/** The workbook with the tab's XML changed. */
function withSheet(change: (xml: string) => string): Buffer {
  const edited = new Map(parts);
  setText(edited, part, change(text(parts, part)));
  return zipParts(edited);
}

/** The workbook with these rows in place of the tab's own. */
const withRows = (rows: string) => withSheet((xml) => xml.replace(/<sheetData>[\s\S]*<\/sheetData>/, `<sheetData>${rows}</sheetData>`));

function scannerTakes(xml: string): boolean {
  const bytes = Buffer.from(xml, 'utf8');
  const close = bytes.lastIndexOf('</sheetData>');
  const open = bytes.indexOf('<sheetData>') + '<sheetData>'.length;
  return scanCells(bytes.toString('latin1', 0, close), bytes, open, close, { row() {}, cell() {} });
}

test('every sheet of an account workbook is taken by the scanner, and reads as the parser reads it', () => {
  const sheets = [...parts.keys()].filter((p) => /^xl\/worksheets\/sheet\d+\.xml$/.test(p));
  expect(sheets.length).toBeGreaterThanOrEqual(8);
  for (const p of sheets) expect([p, scannerTakes(text(parts, p))]).toEqual([p, true]);
  const all = (scan: boolean) => readXlsx(good, { scan });
  expect(all(true)).toEqual(all(false));
  expect(Object.keys(all(true).grids).length).toBe(sheets.length);
});

const ref = fc.tuple(fc.constantFrom('A', 'B', 'C', 'Z', 'AB', 'AR'), fc.integer({ min: 1, max: 40 })).map(([c, r]) => `${c}${r}`);
const value = fc.constantFrom(
  '0',
  '12',
  '3.5',
  '1.5E3',
  '46000',
  '',
  ' 7 ',
  'x &amp; y &lt;z&gt; &quot;q&quot; &apos;a&apos;',
  '中文 text',
  '_x0041_ 客户',
  'tab\there',
  'new\nline',
  '😀',
);

/** What writers write: values, shared strings, formulas with and without results, blank styled cells. */
const usual = fc.oneof(
  fc
    .tuple(ref, fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 300 }))
    .map(([r, s, i]) => `<c r="${r}" s="${s}" t="s"><v>${i}</v></c>`),
  fc.tuple(ref, fc.integer({ min: 0, max: 40 }), value).map(([r, s, v]) => `<c r="${r}" s="${s}"><v>${v}</v></c>`),
  fc.tuple(ref, value).map(([r, v]) => `<c r="${r}" t="str"><f>A1&amp;"x"</f><v>${v}</v></c>`),
  fc.tuple(ref, fc.integer({ min: 0, max: 40 })).map(([r, s]) => `<c r="${r}" s="${s}"><f t="shared" si="0"/></c>`),
  fc
    .tuple(ref, fc.integer({ min: 0, max: 40 }))
    .map(([r, s]) => `<c r="${r}" s="${s}"><f t="shared" ref="${r}:${r}" si="1">IF(A1="是",1,0)</f></c>`),
  fc.tuple(ref, fc.integer({ min: 0, max: 40 })).map(([r, s]) => `<c r="${r}" s="${s}"/>`),
  fc.tuple(ref, fc.constantFrom('b', 'e', 'd', 'n', 'str', 'inlineStr', 's')).map(([r, t]) => `<c r="${r}" t="${t}"/>`),
  fc
    .tuple(ref, fc.constantFrom('TRUE()', 'FALSE()', ' true() ', 'TRUE()+0'))
    .map(([r, f]) => `<c r="${r}" t="b"><f aca="false">${f}</f><v>0</v></c>`),
  fc.tuple(ref, fc.constantFrom('1', '0', 'true', '2026-11-01T00:00:00Z', '#N/A')).map(([r, v]) => `<c r="${r}" t="b"><v>${v}</v></c>`),
);

/** What writers seldom or never write: each must read alike, by the scanner or left to the parser. */
const unusual = fc.oneof(
  ref.map((r) => `<c r="${r}" t="inlineStr"><is><t>inline</t><rPh><t>ph</t></rPh></is></c>`),
  value.map((v) => `<c t="str"><v>${v}</v></c>`),
  ref.map((r) => `<c s="3" t="str" r="${r}"><v>order</v></c>`),
  ref.map((r) => `<c r='${r}' t='str'><v>single quotes</v></c>`),
  ref.map((r) => `<c r="${r}"  t = "str" ><v>spaces</v ></c>`),
  ref.map((r) => `<c r="${r}" t="str"><v>a&#65;&#x42;</v></c>`),
  ref.map((r) => `<c r="${r}" t="str"><v>cr\r\nlf</v></c>`),
  ref.map((r) => `<c r="${r}" t="str"><v xml:space="preserve"> kept </v></c>`),
  ref.map((r) => `<c r="${r}" t="str"><v><![CDATA[<cdata>]]></v></c>`),
  ref.map((r) => `<c r="${r}"><!-- note --><v>4</v></c>`),
  ref.map((r) => `<c r="${r}" t="s"><v/></c>`),
  ref.map((r) => `<c r="${r}"><v>1</v><v>2</v></c>`),
  ref.map((r) => `<c r="${r}" x:r="B9" t="str"><v>both</v></c>`),
  fc.constant('<c x:r="C3" t="str"><v>prefixed reference</v></c>'),
  ref.map((r) => `<x:c r="${r}" t="str"><x:v>prefixed</x:v></x:c>`),
  ref.map((r) => `<c r="${r}" t="str" cm="1"><v>cell metadata</v><extLst/></c>`),
  fc.constant('\n  '),
);

/** Malformed: the parser refuses each, and so must the reader whichever path it takes. */
const malformed = fc.oneof(
  ref.map((r) => `<c r="${r}" r="${r}"><v>1</v></c>`),
  ref.map((r) => `<c r="${r}" s="1" s="1"/>`),
  ref.map((r) => `<c r="${r}"s="1"/>`),
  ref.map((r) => `<c r="${r}"><v>1</v>`),
  ref.map((r) => `<c r="${r}"><v>1<v></c>`),
  ref.map((r) => `<c r="${r}" t="str"><v>\u0001</v></c>`),
  ref.map((r) => `<c r="${r}" t="str"><v>&bogus;</v></c>`),
  ref.map((r) => `<c r="${r}" t="str"><v>&#0;</v></c>`),
  ref.map((r) => `<c r="${r}" t="str"><v>a]]>b</v></c>`),
  ref.map((r) => `<c r="${r}" s="1><v>1</v></c>`),
  ref.map((r) => `<c r="${r}" s="<"/>`),
  ref.map((r) => `<c r="${r}" t="str"><v>a & b</v></c>`),
  ref.map((r) => `<c r="${r}"><f>1+1<f/></c>`),
  fc.constant('</row>'),
  fc.constant('text between'),
);

const rowStart = fc.oneof(
  fc.integer({ min: 1, max: 45 }).map((r) => `<row r="${r}">`),
  fc.integer({ min: 1, max: 45 }).map((r) => `<row r="${r}" spans="1:44" x14ac:dyDescent="0.25" ht="15" customHeight="1">`),
  fc.constant('<row>'),
  fc.constant('<row r="x">'),
);

const rows = (cell: fc.Arbitrary<string>) =>
  fc
    .array(
      fc.oneof(
        fc.tuple(rowStart, fc.array(cell, { maxLength: 8 })).map(([s, cs]) => `${s}${cs.join('')}</row>`),
        fc.constant('<row r="44"/>'),
      ),
      {
        maxLength: 8,
      },
    )
    .map((r) => r.join(''));

test('random rows of what writers write read alike by the scanner and the parser', () => {
  fc.assert(
    fc.property(rows(usual), (r) => {
      const bytes = withRows(r);
      expect(outcome(bytes, true)).toEqual(outcome(bytes, false));
    }),
    { numRuns: 150 },
  );
});

test('cells without their reference among them (each is where the cell before it was, plus one) read alike', () => {
  const unreferenced = value.map((v) => `<c t="str"><v>${v}</v></c>`);
  fc.assert(
    fc.property(rows(fc.oneof({ weight: 3, arbitrary: usual }, { weight: 1, arbitrary: unreferenced })), (r) => {
      const bytes = withRows(r);
      expect(outcome(bytes, true)).toEqual(outcome(bytes, false));
    }),
    { numRuns: 150 },
  );
  const afterBlank = withRows('<row r="3"><c r="B3" s="2"/><c r="C3" s="2"><f t="shared" si="0"/></c><c t="str"><v>D3</v></c></row>');
  expect(outcome(afterBlank, true)).toEqual([[], [], [null, null, null, 'D3']]);
});

test('and with what they seldom write, and malformed cells among them: read alike, or refused alike', () => {
  fc.assert(
    fc.property(
      rows(fc.oneof({ weight: 4, arbitrary: usual }, { weight: 2, arbitrary: unusual }, { weight: 1, arbitrary: malformed })),
      (r) => {
        const bytes = withRows(r);
        expect(outcome(bytes, true)).toEqual(outcome(bytes, false));
      },
    ),
    { numRuns: 200 },
  );
});

test.each([
  ['a value', '<row r="3"><c r="A3" t="str"><v>seen</v></c></row>'],
  ['cells without values', '<row r="3"><c r="A3" s="2"><f t="shared" si="0"/></c><c r="B3" s="2"/></row><row r="4"><c r="A4"/></row>'],
  ['a boolean as LibreOffice saves it', '<row r="3"><c r="A3" t="n"><f aca="false">TRUE()</f><v>1</v></c></row>'],
  ['references', '<row r="3"><c r="A3" t="str"><v>&lt;a&gt; &amp; &quot;b&quot;</v></c></row>'],
  ['text that is not ASCII', '<row r="3"><c r="A3" t="str"><v>临江市 😀</v></c></row>'],
])('rows with %s are taken by the scanner', (_what, r) => {
  const bytes = withRows(r);
  expect(scannerTakes(text(parts, part).replace(/<sheetData>[\s\S]*<\/sheetData>/, `<sheetData>${r}</sheetData>`))).toBe(true);
  expect(outcome(bytes, true)).toEqual(outcome(bytes, false));
});

test('malformed XML before or after the cells is refused alike, naming the part', () => {
  const cases = [
    withSheet((x) => x.replace('<cols>', '<cols><col min="1" min="1"/>')),
    withSheet((x) => x.replace('<sheetData>', '<sheetFormatPr defaultRowHeight="15"<sheetData>')),
    withSheet((x) => x.replace('</sheetData>', '</sheetData><mergeCells count="1"><mergeCell ref="A1:B1"></mergeCells>')),
    withSheet((x) => x.replace('<sheetData>', '<!-- <sheetData> --><sheetData>')),
    withSheet((x) => x.replace('</sheetData>', '</sheetData><!-- </sheetData> -->')),
  ];
  for (const bytes of cases) {
    const scanned = outcome(bytes, true);
    expect(scanned).toEqual(outcome(bytes, false));
  }
  expect(outcome(cases[0], true)).toEqual({ refused: expect.stringContaining(part) });
  expect(outcome(cases[2], true)).toEqual({ refused: expect.stringContaining(part) });
});

test('merged ranges keep their value in the top-left cell, by either path', () => {
  const bytes = withSheet((x) =>
    x
      .replace(
        /<sheetData>[\s\S]*<\/sheetData>/,
        '<sheetData><row r="1"><c r="A1" t="str"><v>top</v></c><c r="B1" t="str"><v>hidden</v></c></row></sheetData>',
      )
      .replace(/<mergeCells[\s\S]*<\/mergeCells>/, '')
      .replace('</sheetData>', '</sheetData><mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells>'),
  );
  expect(outcome(bytes, true)).toEqual([['top']]);
  expect(outcome(bytes, false)).toEqual([['top']]);
});

test('a UTF-8 byte-order mark and a UTF-16 part read alike', () => {
  const bom = withSheet((x) => `\ufeff${x}`);
  expect(outcome(bom, true)).toEqual(outcome(bom, false));
  expect(Array.isArray(outcome(bom, true))).toBe(true);
  const edited = new Map(parts);
  edited.set(
    part,
    Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text(parts, part).replace('encoding="UTF-8"', 'encoding="UTF-16"'), 'utf16le')]),
  );
  const utf16 = zipParts(edited);
  expect(outcome(utf16, true)).toEqual(outcome(utf16, false));
  expect(Array.isArray(outcome(utf16, true))).toBe(true);
});

test('the row limit is counted alike: 10,000 rows of values read, one more refused naming the tab', () => {
  const many = (n: number) => Array.from({ length: n }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i}</v></c></row>`).join('');
  const atLimit = withRows(many(10_000));
  expect((outcome(atLimit, true) as unknown[]).length).toBe(10_000);
  const over = withRows(many(10_001));
  expect(outcome(over, true)).toEqual({ refused: expect.stringContaining(TAB) });
  expect(outcome(over, true)).toEqual(outcome(over, false));
});
