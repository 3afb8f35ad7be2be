/**
 * The plain scan of a sheet (read-xlsx.ts readPlainSheet), which reads a
 * summary's history without the XML parser: it gives exactly what the parser
 * gives, or nothing (and the parser reads the sheet) when the sheet holds
 * anything it does not read.
 */
import type { Snapshot } from '../../src/domain/review';
import { readPreviousSummary } from '../../src/xlsx/read-summary';
import { readXlsx } from '../../src/xlsx/read-xlsx';
import { renderRollupXlsx } from '../../src/xlsx/render-rollup';
import { sheetPart, setText, text, unzipParts, zipParts } from '../support/zip-edit';

const HISTORY = '历史';
const tabs = (name: string) => name === HISTORY;

function snapshots(): Snapshot[] {
  // Texts the file must carry exactly: XML's special characters, an `_xHHHH_` look-alike, long and non-Latin names.
  const keys = ['A&B <公司> "甲"', '_x0041_ 客户', '临江市财政局信息中心（二期）综合采购项目部', "O'Brien & Sons"];
  const out: Snapshot[] = [];
  for (const [w, date] of ['2026-10-04', '2026-10-11', '2026-10-18'].entries()) {
    for (const [i, key] of keys.entries()) {
      out.push({
        date,
        key,
        stage: 'intention',
        opp: 40 + w + i,
        win: i % 2 ? null : 55.5,
        lead: i - 2,
        verdict: 'watch',
        flags: i ? ['no-coach', 'stale'] : [],
        forecast: i === 1 ? null : 12.25 * (i + 1),
      });
    }
  }
  return out;
}

async function summary(): Promise<Buffer> {
  return renderRollupXlsx([], [], { locale: 'zh', refreshedAt: '2026-10-25 09:00', asOf: '2026-10-25', history: snapshots() });
}

const grids = (bytes: Buffer, plain: boolean) => readXlsx(bytes, { maxRows: 1_000_000, tabs, plain }).grids[HISTORY];

test('a summary history read by the plain scan is what the XML parser reads, and carries over exactly', async () => {
  const bytes = await summary();
  const plain = grids(bytes, true);
  expect(plain.length).toBe(13);
  expect(plain).toEqual(grids(bytes, false));
  // The history is kept by date, then account.
  const byDateThenKey = (a: Snapshot, b: Snapshot) => (a.date + a.key < b.date + b.key ? -1 : 1);
  expect(readPreviousSummary(bytes)?.history).toEqual(snapshots().sort(byDateThenKey));
});

test('entities, numeric character references, booleans, str cells and date-formatted serials read alike', async () => {
  const parts = await unzipParts(await summary());
  const part = sheetPart(parts, HISTORY);
  const xml = text(parts, part).replace(
    '</sheetData>',
    '<row r="20"><c r="A20" t="str"><v>x &amp; y &lt;z&gt; &#20013;&#x6587;</v></c><c r="B20" t="b"><v>1</v></c>' +
      '<c r="C20" t="e"><v>#N/A</v></c><c r="D20"><v>1.5E3</v></c><c r="E20" s="0"/><c r="F20" t="n"><v></v></c></row></sheetData>',
  );
  setText(parts, part, xml);
  const bytes = zipParts(parts);
  const plain = grids(bytes, true);
  expect(plain[19]).toEqual(['x & y <z> 中文', true, null, 1500]);
  expect(plain).toEqual(grids(bytes, false));
});

test.each([
  ['an inline string', '<c r="A20" t="inlineStr"><is><t>inline</t></is></c>'],
  ['a formula', '<c r="A20"><f>1+1</f><v>2</v></c>'],
  ['a cell without its reference', '<c t="str"><v>where</v></c>'],
  ['a prefixed element', '<x:c r="A20" t="str"><x:v>prefixed</x:v></x:c>'],
  ['a value with attributes', '<c r="A20" t="str"><v xml:space="preserve"> padded </v></c>'],
])('a sheet with %s is left to the XML parser', async (_what, cell) => {
  const parts = await unzipParts(await summary());
  const part = sheetPart(parts, HISTORY);
  let xml = text(parts, part).replace('</sheetData>', `<row r="20">${cell}</row></sheetData>`);
  if (cell.includes('x:'))
    xml = xml.replace('<worksheet ', '<worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ');
  setText(parts, part, xml);
  const bytes = zipParts(parts);
  expect(grids(bytes, true)).toEqual(grids(bytes, false));
  expect(grids(bytes, true)[19]?.length ?? 0).toBeGreaterThan(0);
});
