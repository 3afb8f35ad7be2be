/**
 * Reading workbooks the way people leave them after WPS or Excel: blank rows
 * inserted, visits appended far below, numbers typed as text, dates as date
 * cells or as text, rich text, hyperlinks, formulas, error values, a third
 * competitor added. And workbooks that are not readable at all.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { UnreadableAccountError, parseAccountJson } from '../../src/domain/account';
import { COMP, OPP, tabName } from '../../src/domain/layout';
import { renderAccountWorkbook } from '../../src/xlsx/render-workbook';
import { readXlsxBuffer } from '../../src/xlsx/read-workbook';
import { loadXlsxAccount } from '../../src/cli/xlsx-loader';

const EXAMPLE = join(__dirname, '..', 'fixtures', 'example-account.json');
const example = () => parseAccountJson(readFileSync(EXAMPLE, 'utf8')).account;
const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));

async function edit(change: (wb: ExcelJS.Workbook) => void, locale: 'zh' | 'en' = 'zh'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await renderAccountWorkbook(example(), locale).xlsx.writeBuffer()) as ExcelJS.Buffer);
  change(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const sheet = (wb: ExcelJS.Workbook, form: Parameters<typeof tabName>[0], locale: 'zh' | 'en' = 'zh') =>
  wb.getWorksheet(tabName(form, locale)) as ExcelJS.Worksheet;

describe('a workbook edited in WPS / Excel', () => {
  test('key people: blank rows inserted, visits appended far below, numbers as text, dates either way, rich text, links, formulas, errors', async () => {
    const bytes = await edit((wb) => {
      const kp = sheet(wb, 'keyPeople');
      kp.spliceRows(4, 0, [], []); // two blank rows between the first and the second visit
      const append = (row: number, values: Record<string, ExcelJS.CellValue>) => {
        const header = kp.getRow(2);
        header.eachCell((cell, col) => {
          const label = String(cell.value);
          if (label in values) kp.getCell(row, col).value = values[label];
        });
      };
      append(30, {
        姓名: '周建国',
        第几次拜访: '3',
        拜访日期: utc(2026, 11, 5),
        年龄: ' 53 ',
        '机构&职务': { richText: [{ text: '临江市财政局 ' }, { font: { bold: true }, text: '副局长' }] },
        爱好: { text: '书法', hyperlink: 'https://example.com/书法' },
        生日: '03-18',
        目前该人的角色: '关键决策者',
        是否有可能成为我们的教练: '否',
        本次沟通中亲近度变化: '下降',
        本次沟通中信任度变化: { formula: '"持"&"平"', result: '持平' },
        其他人对该人的评价: { error: '#N/A' },
      } as Record<string, ExcelJS.CellValue>);
      append(61, { 姓名: '王芳', 第几次拜访: 1, 拜访日期: '2026-11-20', 性别: '女' });
    });
    const { account, locations } = await readXlsxBuffer(bytes);
    const want = example().keyPeople.map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== '')));
    expect(account.keyPeople).toEqual([
      want[0],
      want[1],
      {
        name: '周建国',
        // Numbers typed as text stay text, as typed (issue #9): validation names them, the reader never guesses.
        visitNo: '3',
        visitDate: '2026-11-05',
        age: ' 53 ',
        orgTitle: '临江市财政局 副局长',
        hobbies: '书法',
        birthday: '03-18',
        role: '关键决策者',
        couldCoach: '否',
        closeness: '下降',
        trust: '持平',
      },
      { name: '王芳', visitNo: 1, visitDate: '2026-11-20', gender: '女' },
    ]);
    // Problems point at where the rows are now.
    expect(locations['keyPeople.1.name']).toEqual({ sheet: '关键人物', cell: 'A6' });
    expect(locations['keyPeople.2.visitDate']).toEqual({ sheet: '关键人物', cell: 'C30' });
    expect(locations['keyPeople.3.name']).toEqual({ sheet: '关键人物', cell: 'A61' });
  });

  test('overview and assessments: rows inserted in a table, budget as text, a date cell, full-width marks, a third competitor', async () => {
    const bytes = await edit((wb) => {
      const ov = sheet(wb, 'overview');
      // Find the key-contacts table and insert a contact after its first row.
      let contactsHeader = 0;
      ov.eachRow((row, n) => {
        if (row.getCell(1).value === '姓名' && !contactsHeader) contactsHeader = n;
      });
      ov.spliceRows(contactsHeader + 2, 0, ['王强', '办公室', '主任', '低', '低']);
      ov.eachRow((row) => {
        const label = String(row.getCell(1).value ?? '');
        if (label.startsWith('项目预算')) row.getCell(2).value = '1,200';
        if (label === '时间') row.getCell(2).value = utc(2026, 10, 30);
        if (label === '阶段') row.getCell(2).value = ' 谈判成交 ';
      });
      const opp = sheet(wb, 'opportunity');
      opp.getCell(OPP.firstItemRow + 6 + 1, OPP.cols.mark + 1).value = '＋'; // item 7
      opp.getCell(OPP.firstItemRow + 1, OPP.cols.weight + 1).value = '2';
      const comp = sheet(wb, 'competitiveness');
      comp.getCell(COMP.namesRow + 1, COMP.cols.firstCompetitor + 3).value = '华为';
      for (let i = 0; i < 10; i++) comp.getCell(COMP.firstItemRow + i + 1, COMP.cols.firstCompetitor + 3).value = i < 8 ? '＋' : '？';
    });
    const { account } = await readXlsxBuffer(bytes);
    const ex = example();
    expect(account.overview.keyContacts).toEqual([
      (ex.overview.keyContacts as object[])[0],
      { name: '王强', department: '办公室', title: '主任', influence: '低', support: '低' },
      ...(ex.overview.keyContacts as object[]).slice(1),
    ]);
    expect(account.overview.budget).toBe('1,200');
    expect(account.overview.date).toBe('2026-10-30');
    expect(account.overview.stage).toBe(' 谈判成交 ');
    expect(account.opportunity.items[6].mark).toBe('+');
    expect(account.opportunity.weights).toEqual(['2', null, null, null, null, null, null, null, null, null]);
    expect(account.competitiveness.competitors).toEqual(['用友', '中科江南', '华为']);
    expect(account.competitiveness.items.map((i) => i.competitors[2])).toEqual(['+', '+', '+', '+', '+', '+', '+', '+', '?', '?']);
    expect(account.competitiveness.items[0].competitors).toEqual(['+', '-', '+']);
  });

  test('problems of an edited workbook name the tab and the cell', async () => {
    const bytes = await edit((wb) => {
      sheet(wb, 'opportunity').getCell(OPP.firstItemRow + 3, OPP.cols.mark + 1).value = 'x';
      sheet(wb, 'keyPeople').getCell('E3').value = '五十二';
    });
    const dir = mkdtempSync(join(tmpdir(), 'ka-edit-'));
    const file = join(dir, 'edited.xlsx');
    writeFileSync(file, bytes);
    const { problems } = await loadXlsxAccount(file, readFileSync(file), 'en');
    rmSync(dir, { recursive: true, force: true });
    expect(problems).toEqual([
      { path: 'keyPeople.0.age', rule: 'type', message: expect.stringContaining('五十二'), sheet: '关键人物', cell: 'E3' },
      { path: 'opportunity.items.2.mark', rule: 'mark', message: expect.stringContaining('"x"'), sheet: '机会评估', cell: 'E8' },
    ]);
    expect(Object.keys(problems[0])).toEqual(['path', 'rule', 'message', 'sheet', 'cell']);
  });
});

describe('files that are not readable account workbooks', () => {
  const reason = async (bytes: Buffer) => {
    try {
      await readXlsxBuffer(bytes);
    } catch (e) {
      expect(e).toBeInstanceOf(UnreadableAccountError);
      const msg = (e as Error).message;
      expect(msg).not.toContain('\n');
      return msg;
    }
    throw new Error('read without complaint');
  };

  test('empty, not a zip, an old .xls, a truncated or foreign zip, a workbook of something else', async () => {
    const good = Buffer.from(await renderAccountWorkbook(example()).xlsx.writeBuffer());
    const zip = new JSZip();
    zip.file('hello.txt', 'not a workbook');
    const foreign = await zip.generateAsync({ type: 'nodebuffer' });
    const other = new ExcelJS.Workbook();
    other.addWorksheet('Sheet1').getCell('A1').value = 'budget';
    const otherBytes = Buffer.from(await other.xlsx.writeBuffer());

    expect(await reason(Buffer.alloc(0))).toBe('the file is empty');
    expect(await reason(Buffer.from('name,stage\n临江,方案\n'))).toMatch(/not an \.xlsx workbook \(it is not a zip archive\)/);
    expect(await reason(Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]))).toMatch(
      /old \.xls/,
    );
    expect(await reason(good.subarray(0, Math.floor(good.length / 2)))).toMatch(/^not (a readable|an) \.xlsx workbook/);
    expect(await reason(foreign)).toMatch(/^not (a readable|an) \.xlsx workbook/);
    expect(await reason(otherBytes)).toMatch(/not a ka-sales account workbook/);
  });
});
