/**
 * @needs libreoffice
 * Bindings in .xlsx workbooks: the reader finds every field by the workbook's
 * defined names, which LibreOffice (like Excel and WPS) moves when a user
 * inserts rows and columns. The edits here are made BY LibreOffice (a Basic
 * macro run headless), not by us: a row inserted inside the key-people table
 * is a visit; a column inserted between two overview fields moves them; what
 * a rep types outside every binding is reported as `unbound-content`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import { TEMPLATE_VERSION } from '../../sheets-templates/forms';
import { parseAccountJson } from '../../src/domain/account';
import { META_TAB, workbookLayout } from '../../src/domain/layout';
import { validateRead } from '../../src/domain/validate';
import { renderAccountWorkbook } from '../../src/xlsx/render-workbook';
import { readXlsxBuffer } from '../../src/xlsx/read-workbook';
import { ensureBuilt, runBin } from '../support/cli';
import { sofficeBinary } from '../support/libreoffice';

const EXAMPLE = join(__dirname, '..', 'fixtures', 'example-account.json');
const example = () => parseAccountJson(readFileSync(EXAMPLE, 'utf8')).account;

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

/** Runs a StarBasic macro body `Sub Main(inPath, outPath)` on a copy of `input` in headless LibreOffice; returns what it saved as .xlsx. */
function withLibreOffice(input: Buffer, body: string): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'ka-lo-macro-'));
  try {
    const profile = join(dir, 'profile');
    const basic = join(profile, 'user', 'basic', 'Standard');
    mkdirSync(basic, { recursive: true });
    const run = (args: string[]) =>
      execFileSync(
        sofficeBinary(),
        ['--headless', '--norestore', '--nolockcheck', `-env:UserInstallation=${pathToFileURL(profile).href}`, ...args],
        {
          stdio: 'pipe',
          timeout: 180_000,
          env: { ...process.env, HOME: profile },
        },
      );
    // First start: LibreOffice sets up the profile (and its Standard library), then our module replaces the empty one.
    writeFileSync(join(dir, 'in.xlsx'), input);
    run(['--convert-to', 'csv', '--outdir', join(dir, 'warm'), join(dir, 'in.xlsx')]);
    const source = [
      'Sub Main(inPath As String, outPath As String)',
      '  On Error GoTo Failed',
      '  Dim args(0) As New com.sun.star.beans.PropertyValue',
      '  args(0).Name = "Hidden"',
      '  args(0).Value = True',
      '  doc = StarDesktop.loadComponentFromURL(ConvertToURL(inPath), "_blank", 0, args())',
      body,
      '  Dim sargs(0) As New com.sun.star.beans.PropertyValue',
      '  sargs(0).Name = "FilterName"',
      '  sargs(0).Value = "Calc MS Excel 2007 XML"',
      '  doc.storeToURL(ConvertToURL(outPath), sargs())',
      '  doc.close(True)',
      '  Exit Sub',
      'Failed:',
      '  Open outPath & ".err" For Output As #1',
      '  Print #1, Err, Error$, Erl',
      '  Close #1',
      '  If Not IsNull(doc) Then doc.close(True)',
      'End Sub',
    ].join('\n');
    writeFileSync(
      join(basic, 'Module1.xba'),
      `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">\n` +
        `<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">${xml(source)}</script:module>\n`,
    );
    const out = join(dir, 'out.xlsx');
    run([`macro:///Standard.Module1.Main("${join(dir, 'in.xlsx')}","${out}")`]);
    if (existsSync(`${out}.err`)) throw new Error(`LibreOffice macro failed: ${readFileSync(`${out}.err`, 'utf8')}`);
    return readFileSync(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const bytesOf = async (wb: ExcelJS.Workbook) => Buffer.from(await wb.xlsx.writeBuffer());

describe('a workbook edited in LibreOffice', () => {
  test('a row inserted inside the key-people table is a visit; a column inserted between overview fields moves them; text outside every field is unbound-content', async () => {
    const account = example();
    const layout = workbookLayout(account, 'zh');
    const ovNames = layout.find((t) => t.form === 'overview')?.names ?? [];
    const customerRow = ovNames.find((n) => n.name === 'ka_overview_header_customerName')?.range.row1 as number;
    const contactsRow = ovNames.find((n) => n.name === 'ka_overview_keyContacts_name')?.range.row1 as number;
    expect(account.keyPeople.length).toBeGreaterThanOrEqual(2);
    // 关键人物: a row inserted at 0-based row 3 (between the table's first and second visits).
    // 客户全貌: a column inserted before C (between 所在处(科)室 and 职位 of the key contacts,
    // and inside the value cells of the form fields), then a note beside the customer name and one in the contacts table.
    const ours = await bytesOf(renderAccountWorkbook(account, 'zh'));
    const saved = withLibreOffice(
      ours,
      [
        // As a rep would: sheet protection off first (no password), then the edits.
        '  kp = doc.Sheets.getByName("关键人物")',
        '  kp.unprotect("")',
        '  kp.Rows.insertByIndex(3, 1)',
        '  kp.getCellByPosition(0, 3).setString("新来的人")',
        '  kp.getCellByPosition(1, 3).setValue(1)',
        '  kp.getCellByPosition(5, 3).setString("财政局 科员")',
        '  ov = doc.Sheets.getByName("客户全貌")',
        '  ov.unprotect("")',
        '  ov.Columns.insertByIndex(1, 1)',
        `  ov.getCellByPosition(1, ${customerRow}).setString("旁注：客户很重视")`,
        `  ov.getCellByPosition(1, ${contactsRow}).setString("加的一列")`,
      ].join('\n'),
    );
    const read = await readXlsxBuffer(saved);
    expect(read.bound).toBe(true);
    // The account as our own workbook gives it back (empty optional fields omitted), plus the inserted visit.
    const want = (await readXlsxBuffer(ours)).account;
    want.keyPeople.splice(1, 0, { name: '新来的人', visitNo: 1, orgTitle: '财政局 科员' });
    expect(read.account).toEqual(want);
    // The fields moved one column right: the customer name is now in C.
    expect(read.locations['overview.customerName']).toEqual({ sheet: '客户全貌', cell: `C${customerRow + 1}` });
    expect(read.locations['keyPeople.1.name']).toEqual({ sheet: '关键人物', cell: 'A4' });
    expect(read.unbound).toEqual([
      { sheet: '客户全貌', cell: `B${customerRow + 1}` },
      { sheet: '客户全貌', cell: `B${contactsRow + 1}` },
    ]);
    const problems = validateRead(read).filter((p) => p.rule === 'unbound-content');
    expect(problems.map((p) => read.locations[p.path])).toEqual(read.unbound);
  }, 300_000);
});

describe('what the reader refuses and reports', () => {
  beforeAll(() => ensureBuilt());

  async function edited(change: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await bytesOf(renderAccountWorkbook(example(), 'zh'))) as unknown as ExcelJS.Buffer);
    change(wb);
    return bytesOf(wb);
  }

  test('a workbook from a newer template: one line telling the rep to update ka-sales, exit 2', async () => {
    const bytes = await edited((wb) => {
      const meta = wb.getWorksheet(META_TAB) as ExcelJS.Worksheet;
      meta.eachRow((row) => {
        if (row.getCell(1).value === 'templateVersion') row.getCell(2).value = TEMPLATE_VERSION + 1;
      });
    });
    await expect(readXlsxBuffer(bytes)).rejects.toThrow(/newer ka-sales.*update ka-sales/);
    const dir = mkdtempSync(join(tmpdir(), 'ka-newer-'));
    try {
      writeFileSync(join(dir, 'newer.xlsx'), bytes);
      for (const [cmd, said] of [
        [['export', 'newer.xlsx'], /newer\.xlsx: .*请更新 ka-sales/],
        [['validate', 'newer.xlsx'], /newer\.xlsx: .*请更新 ka-sales/],
        [['export', 'newer.xlsx', '--lang', 'en'], /newer\.xlsx: .*update ka-sales/],
        [['validate', 'newer.xlsx', '--lang', 'en'], /newer\.xlsx: .*update ka-sales/],
      ] as const) {
        const r = await runBin(dir, [...cmd]);
        expect(r.code).toBe(2);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
        expect(r.stderr).toMatch(said);
        expect(r.stdout).toBe('');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  test('a note typed beside the form and text below the overview’s last table: unbound-content with tab and cell, in validate', async () => {
    const bytes = await edited((wb) => {
      const ov = wb.getWorksheet('客户全貌') as ExcelJS.Worksheet;
      ov.getCell('F4').value = '记得送资料';
      ov.getCell(`A${ov.rowCount + 3}`).value = '表格下面的字';
    });
    const read = await readXlsxBuffer(bytes);
    expect(read.unbound.map((u) => u.cell)).toEqual(['F4', expect.stringMatching(/^A\d+$/)]);
    const dir = mkdtempSync(join(tmpdir(), 'ka-unbound-'));
    try {
      writeFileSync(join(dir, 'a.xlsx'), bytes);
      const r = await runBin(dir, ['validate', 'a.xlsx', '--json']);
      expect(r.code).toBe(1);
      const found = JSON.stringify(JSON.parse(r.stdout));
      expect(found).toContain('unbound-content');
      expect(found).toContain('F4');
      expect(found).not.toContain('记得送资料');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
