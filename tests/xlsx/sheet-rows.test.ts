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

describe('styled rows, formulas and links', () => {
  const border = 'FFBFBFBF';
  async function styled(): Promise<{ ws: ExcelJS.Worksheet; zip: JSZip }> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('汇总');
    ws.getCell('A1').value = 'header';
    ws.getCell('B1').value = 'noted';
    ws.getCell('B1').note = 'a note: the sheet has relationships of its own already';
    ws.addConditionalFormatting({
      ref: 'B2:B3',
      rules: [{ type: 'dataBar', priority: 1, cfvo: [{ type: 'min' }, { type: 'max' }], color: { argb: 'FF5B9BD5' } } as never],
    });
    const zip = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
    const bold = { font: { bold: true, color: 'FF9C0006', size: 10, name: 'Microsoft YaHei' }, fill: 'FFFCE4E4', border, numFmt: '@' };
    const rows = [
      {
        cells: [
          { value: '=1+1 stays text', style: bold },
          {
            value: 12.5,
            formula: 'B3*2',
            style: { numFmt: '#,##0.##;-#,##0.##;0', alignment: { horizontal: 'right' as const, vertical: 'middle' as const } },
          },
          { value: 'a.xlsx', link: { target: './a b/a.xlsx', tooltip: 'a & b' }, style: { font: { underline: true, color: 'FF0563C1' } } },
        ],
        height: 32,
      },
      { cells: [{ value: 'again', style: bold }, { value: '', formula: 'IF(TRUE,"","x")' }, null, { value: null, style: { border } }] },
    ];
    await appendRows(zip, '汇总', rows, 2);
    const back = new ExcelJS.Workbook();
    await back.xlsx.load((await zip.generateAsync({ type: 'nodebuffer' })) as unknown as ArrayBuffer);
    return { ws: back.getWorksheet('汇总')!, zip };
  }

  it('reads back with its styles, formulas (with their results), hyperlinks and row heights', async () => {
    const { ws } = await styled();
    const a2 = ws.getCell('A2');
    expect(a2.value).toBe('=1+1 stays text');
    expect(a2.numFmt).toBe('@');
    expect(a2.font).toMatchObject({ bold: true, color: { argb: 'FF9C0006' }, size: 10, name: 'Microsoft YaHei' });
    expect(a2.fill).toMatchObject({ type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFCE4E4' } });
    expect(a2.border.left).toEqual({ style: 'thin', color: { argb: border } });
    expect(ws.getCell('B2').value).toEqual({ formula: 'B3*2', result: 12.5 });
    expect(ws.getCell('B2').numFmt).toBe('#,##0.##;-#,##0.##;0');
    expect(ws.getCell('B2').alignment).toEqual({ horizontal: 'right', vertical: 'middle' });
    expect(ws.getCell('C2').value).toEqual({ text: 'a.xlsx', hyperlink: './a b/a.xlsx' });
    expect(ws.getCell('C2').font).toMatchObject({ underline: true, color: { argb: 'FF0563C1' } });
    expect(ws.getRow(2).height).toBe(32);
    // An empty text result is written as ExcelJS writes it (t="str", an empty <v>), which ExcelJS reads as no result.
    expect(ws.getCell('B3').value).toEqual({ formula: 'IF(TRUE,"","x")' });
    expect(ws.getCell('A3').style).toEqual(a2.style);
    expect(ws.getCell('D3').value).toBeNull();
    expect(ws.getCell('D3').border.top).toEqual({ style: 'thin', color: { argb: border } });
    expect(ws.getCell('B1').note).toBeDefined();
  });

  it('adds each distinct style once, and the hyperlinks after the conditional formats (the schema order)', async () => {
    const { zip } = await styled();
    const styles = (await zip.file('xl/styles.xml')?.async('string')) ?? '';
    const xfs = /<cellXfs count="(\d+)">(.*?)<\/cellXfs>/s.exec(styles);
    expect((xfs?.[2].match(/<xf /g) ?? []).length).toBe(Number(xfs?.[1]));
    const sheet = (await zip.file('xl/worksheets/sheet1.xml')?.async('string')) ?? '';
    const ids = [...sheet.matchAll(/<c r="([A-Z]+\d+)" s="(\d+)"/g)].map((m) => [m[1], m[2]]);
    const byRef = Object.fromEntries(ids);
    expect(byRef.A2).toBe(byRef.A3);
    expect(sheet.indexOf('<hyperlinks>')).toBeGreaterThan(sheet.lastIndexOf('</conditionalFormatting>'));
    expect(sheet.indexOf('<hyperlinks>')).toBeLessThan(sheet.indexOf('<pageMargins'));
    expect(sheet).toMatch(/<dimension ref="A1:D3"\/>/);
    expect(sheet).toContain('<hyperlink ref="C2" r:id="rIdKaLink1" tooltip="a &amp; b"/>');
    expect(sheet).toMatch(/<c r="B3" t="str"><f>IF\(TRUE,&quot;&quot;,&quot;x&quot;\)<\/f><v><\/v><\/c>/);
  });
});
