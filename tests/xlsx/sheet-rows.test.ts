/**
 * Rows written straight into a sheet's XML (src/xlsx/sheet-rows.ts) read back
 * exactly, by a reader we did not write (ExcelJS's), next to the cells
 * ExcelJS itself wrote, whatever the text holds.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { appendRows } from '../../src/xlsx/sheet-rows';

const TRICKY = [
  'a & b <c> "d"',
  '  leading and trailing  ',
  'ctrl\u0001\u007f',
  'literal _x0041_ escape',
  '=1+1',
  '客户',
  'line\nbreak',
  '',
];

async function roundTrip(rows: Array<Array<string | number | null>>): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('历史');
  ws.getCell('A1').value = 'header';
  ws.getCell('B1').value = 'written by ExcelJS';
  const zip = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
  await appendRows(zip, '历史', rows, 2);
  const back = new ExcelJS.Workbook();
  await back.xlsx.load((await zip.generateAsync({ type: 'nodebuffer' })) as unknown as ArrayBuffer);
  return back;
}

describe('rows appended to a sheet', () => {
  it('read back as written: text (shared once each), numbers, and no cell for null', async () => {
    const rows = TRICKY.map((t, i) => [t, i, null, i % 2 ? t : 'again']);
    const ws = (await roundTrip(rows)).getWorksheet('历史')!;
    expect([ws.getCell('A1').value, ws.getCell('B1').value]).toEqual(['header', 'written by ExcelJS']);
    rows.forEach((r, i) => {
      const got = [1, 2, 3, 4].map((c) => ws.getCell(i + 2, c).value);
      expect(got).toEqual([r[0] === '' ? '' : r[0], r[1], null, r[3]]);
    });
  });

  it('keeps a count of references and unique strings that other programs check', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('s').getCell('A1').value = 'x';
    const zip = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
    await appendRows(
      zip,
      's',
      [
        ['x', 'y'],
        ['y', 'y'],
      ],
      2,
    );
    const sst = (await zip.file('xl/sharedStrings.xml')?.async('string')) ?? '';
    expect(sst).toMatch(/ count="5"/);
    expect(sst).toMatch(/ uniqueCount="3"/);
    expect((sst.match(/<si>/g) ?? []).length).toBe(3);
  });
});
