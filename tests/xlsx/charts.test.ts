/**
 * @needs libreoffice
 * Native charts added to an ExcelJS workbook (src/xlsx/charts.ts), proven on
 * LibreOffice: it loads the chart (a re-save keeps a chart part whose series
 * point at the same cells) and ExcelJS still reads the file.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ChartSpec, addCharts, chartXml } from '../../src/xlsx/charts';
import { resaveAsXlsx } from '../support/libreoffice';

const STAGES: Array<[string, number, number]> = [
  ['潜在', 300, 30],
  ['意向', 500, 150],
  ['方案', 800, 480],
];

function spec(sheet: string, title: string, grouping: ChartSpec['grouping']): ChartSpec {
  const q = `'${sheet}'`;
  return {
    sheet,
    title,
    grouping,
    categoriesRef: `${q}!$A$2:$A$4`,
    categories: STAGES.map((s) => s[0]),
    series: [
      { nameRef: `${q}!$B$1`, name: '项目预算', valuesRef: `${q}!$B$2:$B$4`, values: STAGES.map((s) => s[1]) },
      { nameRef: `${q}!$C$1`, name: '加权预测', valuesRef: `${q}!$C$2:$C$4`, values: STAGES.map((s) => s[2]) },
    ],
    anchor: { col: 4, row: 0, cols: 8, rows: 16 },
  };
}

/** A workbook like the roll-up's: two sheets, data bars (whose extLst nests inside a rule) on the first. */
async function workbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const name of ['管道', 'History <&>']) {
    const ws = wb.addWorksheet(name);
    ws.addRow(['阶段', '项目预算', '加权预测']);
    for (const r of STAGES) ws.addRow(r);
  }
  const rule = { type: 'dataBar', cfvo: [{ type: 'min' }, { type: 'max' }], color: { argb: 'FF638EC6' } };
  wb.getWorksheet('管道')?.addConditionalFormatting({ ref: 'B2:B4', rules: [rule as unknown as ExcelJS.ConditionalFormattingRule] });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function chartFormulas(file: Buffer): Promise<string[][]> {
  const zip = await JSZip.loadAsync(file);
  const charts = Object.keys(zip.files)
    .filter((f) => /^xl\/charts\/chart\d+\.xml$/.test(f))
    .sort();
  const out: string[][] = [];
  for (const c of charts) {
    const xml = (await zip.file(c)?.async('string')) ?? '';
    out.push(
      [...xml.matchAll(/<c:f>([^<]*)<\/c:f>/g)].map((m) =>
        m[1]
          .replace(/&apos;|&#39;/g, "'")
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&amp;/g, '&'),
      ),
    );
  }
  return out;
}

describe('native charts in an .xlsx', () => {
  let original: Buffer;
  let resaved: Buffer;

  beforeAll(async () => {
    original = await addCharts(await workbook(), [spec('管道', '按阶段', 'clustered'), spec('History <&>', '历史', 'stacked')]);
    const dir = mkdtempSync(join(tmpdir(), 'ka-charts-'));
    writeFileSync(join(dir, 'charts.xlsx'), original);
    resaved = readFileSync(resaveAsXlsx([join(dir, 'charts.xlsx')], join(dir, 'lo'))[join(dir, 'charts.xlsx')]);
  });

  it('writes a chart LibreOffice loads: its re-save keeps both charts, series on the same cells', async () => {
    const ours = await chartFormulas(original);
    expect(ours).toHaveLength(2);
    const theirs = await chartFormulas(resaved);
    expect(theirs).toHaveLength(2);
    const cells = (fs: string[][]) => fs.map((f) => f.map((x) => x.replace(/\$/g, '').replace(/^'(.*)'!/, '$1!')).sort()).sort();
    expect(cells(theirs)).toEqual(cells(ours));
  });

  it('places the drawing where the schema wants it, not inside a data-bar rule', async () => {
    const zip = await JSZip.loadAsync(original);
    const sheet = (await zip.file('xl/worksheets/sheet1.xml')?.async('string')) ?? '';
    const at = sheet.indexOf('<drawing ');
    expect(at).toBeGreaterThan(sheet.lastIndexOf('</conditionalFormatting>'));
    expect(at).toBeGreaterThan(sheet.indexOf('<pageMargins'));
    expect(at).toBeLessThan(sheet.lastIndexOf('<extLst>'));
  });

  it('leaves a workbook ExcelJS still reads, with its cells', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(original as unknown as ArrayBuffer);
    expect(wb.getWorksheet('管道')?.getCell('B3').value).toBe(500);
  });

  it('escapes titles and names, and refuses a sheet that does not exist', async () => {
    expect(chartXml({ ...spec('管道', '<b>&', 'stacked') })).toContain('<a:t>&lt;b&gt;&amp;</a:t>');
    await expect(addCharts(await workbook(), [spec('missing', 't', 'stacked')])).rejects.toThrow(/no sheet named missing/);
  });
});
