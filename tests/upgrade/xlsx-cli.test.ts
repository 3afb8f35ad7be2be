/**
 * @needs libreoffice
 * `ka-sales upgrade FILE.xlsx [-o OUT.xlsx]` on workbooks of the previous
 * definition of the forms (tests/upgrade/support.ts), through the CLI's
 * main() as the binary runs it: in place with a backup, to another file,
 * already current, refused when a value would be lost, other tabs carried
 * over, and a workbook last saved by LibreOffice.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { TEMPLATE_VERSION } from '../../sheets-templates/forms';
import { backupPath } from '../../src/cli/commands/upgrade';
import { a1 } from '../../src/domain/a1';
import { TABLE_TAB } from '../../src/domain/layout';
import { type ReadResult, readAccountFromGrids } from '../../src/domain/read-workbook';
import { planUpgrade } from '../../src/domain/upgrade';
import { readXlsx } from '../../src/xlsx/read-xlsx';
import { accountWorkbookBuffer } from '../../src/xlsx/render-workbook';
import { runCli, scratchFolder } from '../support/cli-in-process';
import { convert } from '../support/libreoffice';
import {
  APPENDED,
  GONE_COLUMN,
  GONE_ROW,
  KP,
  META_TAB,
  OLD_VERSION,
  OV,
  colOfHeader,
  fieldLabel,
  filledCells,
  oldAccount,
  oldXlsx,
  rowOfLabel,
} from './support';

const scratch = scratchFolder('ka-upgrade-');

let n = 0;
function folder(): string {
  const d = join(scratch(), `t${++n}`);
  mkdirSync(d);
  return d;
}

/** Runs the CLI in-process; stdout and stderr as text. */
const run = runCli;

async function read(bytes: Buffer): Promise<ReadResult & { grids: ReturnType<typeof readXlsx>['grids'] }> {
  const { grids, definedNames } = readXlsx(bytes);
  return { ...readAccountFromGrids(grids, definedNames), grids };
}

const render = (a: Parameters<typeof accountWorkbookBuffer>[0]) => accountWorkbookBuffer(a, 'zh');

/** What every upgraded file must show: the column and row back, every value of the old file, the current version. */
async function expectUpgraded(newBytes: Buffer, oldBytes: Buffer): Promise<void> {
  const before = await read(oldBytes);
  const after = await read(newBytes);
  expect(colOfHeader(before.grids[KP], fieldLabel('age'))).toBe(-1);
  expect(colOfHeader(after.grids[KP], fieldLabel('age'))).toBe(GONE_COLUMN.col);
  expect(rowOfLabel(before.grids[OV], GONE_ROW.label.zh)).toBe(-1);
  expect(rowOfLabel(after.grids[OV], GONE_ROW.label.zh)).toBeGreaterThan(0);
  expect(before.templateVersion).toBe(OLD_VERSION);
  expect(after.templateVersion).toBe(TEMPLATE_VERSION);
  // The upgrade adds the bindings: the old file was read by its labels, the new one by its defined names.
  expect([before.bound, after.bound]).toEqual([false, true]);
  expect(after.unbound).toEqual([]);
  expect(after.account).toEqual(before.account);
  // The test data is really there: appended visits, bad values, formula-like text.
  expect(after.account.keyPeople).toHaveLength(oldAccount().keyPeople.length + APPENDED.length);
  expect(after.account.keyPeople[2].peopleInfo).toBe('=SUM(A1:A3)');
  expect(after.account.keyPeople[3].visitNo).toBe('x');
  expect(after.account.overview.budget).toBe('=380*2');
  expect(after.account.overview.visitNo).toBe('第三次');
  expect(after.account.roleMap[2].focus).toBe('=HYPERLINK("http://x","y")');
  // Formula-like text is a text cell, never a formula.
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(newBytes as unknown as ExcelJS.Buffer);
  const loc = after.locations['keyPeople.2.peopleInfo'];
  expect(wb.getWorksheet(KP)!.getCell(loc.cell).type).toBe(ExcelJS.ValueType.String);
  expect(wb.getWorksheet(OV)!.getCell(after.locations['overview.budget'].cell).type).toBe(ExcelJS.ValueType.String);
}

test('in place: a backup FILE.bak-YYYYMMDD-HHMMSS.xlsx next to it, then the upgraded workbook; says from → to and how many values were kept', async () => {
  const d = folder();
  const file = join(d, '临江市财政局.xlsx');
  const oldBytes = await oldXlsx(oldAccount(), render);
  writeFileSync(file, oldBytes);
  const kept = planUpgrade(readXlsx(oldBytes).grids).kept;
  const r = await run('upgrade', file);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const backups = readdirSync(d).filter((f) => f !== '临江市财政局.xlsx');
  expect(backups).toHaveLength(1);
  expect(backups[0]).toMatch(/^临江市财政局\.bak-\d{8}-\d{6}\.xlsx$/);
  expect(readFileSync(join(d, backups[0])).equals(oldBytes)).toBe(true);
  expect(r.stdout).toBe(
    `已升级 ${file}：模板版本 ${OLD_VERSION} → ${TEMPLATE_VERSION}，保留 ${kept} 个值。\n备份：${join(d, backups[0])}\n`,
  );
  expect(kept).toBeGreaterThan(150);
  await expectUpgraded(readFileSync(file), oldBytes);
  // Upgrading again: already current, nothing written.
  const mtime = statSync(file).mtimeMs;
  const again = await run('upgrade', file, '--lang', 'en');
  expect(again.code).toBe(0);
  expect(again.stdout).toBe(`${file} already uses the latest template (version ${TEMPLATE_VERSION}); unchanged.\n`);
  expect(statSync(file).mtimeMs).toBe(mtime);
  expect(readdirSync(d)).toHaveLength(2);
});

test('-o OUT: the original and its folder stay as they were; OUT is the upgraded workbook', async () => {
  const d = folder();
  const file = join(d, 'old.xlsx');
  const out = join(d, 'new.xlsx');
  const oldBytes = await oldXlsx(oldAccount(), render);
  writeFileSync(file, oldBytes);
  const r = await run('upgrade', file, '-o', out, '--lang', 'en');
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(
    new RegExp(`^upgraded .*old\\.xlsx → .*new\\.xlsx: template version ${OLD_VERSION} → ${TEMPLATE_VERSION}, \\d+ values kept\\.\\n$`),
  );
  expect(readFileSync(file).equals(oldBytes)).toBe(true);
  expect(readdirSync(d).sort()).toEqual(['new.xlsx', 'old.xlsx']);
  await expectUpgraded(readFileSync(out), oldBytes);
  // An existing OUT is not overwritten without --force.
  const again = await run('upgrade', file, '-o', out);
  expect(again.code).toBe(2);
  expect(again.stderr).toMatch(/已存在.*--force/);
});

test('a current workbook: says so, exit 0, the file untouched', async () => {
  const d = folder();
  const file = join(d, 'current.xlsx');
  const bytes = await render(oldAccount());
  writeFileSync(file, bytes);
  const r = await run('upgrade', file);
  expect(r).toEqual({ code: 0, stdout: `${file} 已是最新模板（版本 ${TEMPLATE_VERSION}），未改动。\n`, stderr: '' });
  expect(readFileSync(file).equals(bytes)).toBe(true);
  expect(readdirSync(d)).toEqual(['current.xlsx']);
});

test('a value the new template has no place for: refused, naming tab, cell and column; the file unchanged, no backup', async () => {
  const d = folder();
  const file = join(d, 'notes.xlsx');
  const account = oldAccount();
  let noteCell = '';
  const oldBytes = await oldXlsx(account, render, (wb) => {
    const ws = wb.getWorksheet(KP)!;
    const col = ws.getRow(TABLE_TAB.headerRow + 1).cellCount + 2; // a gap, then the rep's own column (1-based)
    ws.getCell(TABLE_TAB.headerRow + 1, col).value = '备注';
    ws.getCell(TABLE_TAB.firstRow + 2, col).value = '周末约了打球';
    noteCell = a1(TABLE_TAB.firstRow + 1, col - 1);
  });
  writeFileSync(file, oldBytes);
  const r = await run('upgrade', file);
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr.split('\n').filter(Boolean)).toEqual([
    `${file}: 未升级，工作簿未改动：1 个值在新模板中没有位置。请把它们移进表中的字段（或删除）后再升级。`,
    `${file}: ${KP}!${noteCell}：值 "周末约了打球"（"备注"下）在新模板中没有字段，会丢失`,
  ]);
  expect(readFileSync(file).equals(oldBytes)).toBe(true);
  expect(readdirSync(d)).toEqual(['notes.xlsx']);
});

test('tabs the rep added are carried over as they are; not an account workbook, a truncated file, a newer template: one clear line, exit 2, nothing written', async () => {
  const d = folder();
  const file = join(d, 'extra.xlsx');
  const oldBytes = await oldXlsx(oldAccount(), render, (wb) => {
    const ws = wb.addWorksheet('我的笔记');
    ws.getCell('A1').value = '周五前回电话';
    ws.getCell('B3').value = 42;
    ws.getCell('C5').value = { formula: 'B3*2', result: 84 } as ExcelJS.CellFormulaValue;
    ws.mergeCells('A7:C7');
    ws.getCell('A7').value = '合并的格子';
  });
  writeFileSync(file, oldBytes);
  const r = await run('upgrade', file);
  expect(r.code).toBe(0);
  const after = await read(readFileSync(file));
  const before = await read(oldBytes);
  expect(filledCells(after.grids, '我的笔记')).toEqual(['A1=周五前回电话', 'B3=42', 'C5=84', 'A7=合并的格子']);
  expect(filledCells(after.grids, '我的笔记')).toEqual(filledCells(before.grids, '我的笔记'));
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync(file) as unknown as ExcelJS.Buffer);
  expect(wb.getWorksheet('我的笔记')!.getCell('C5').formula).toBe('B3*2');
  expect(wb.worksheets.map((w) => w.name).slice(-2)).toEqual([META_TAB, '我的笔记']);

  const notAccount = join(d, 'other.xlsx');
  const other = new ExcelJS.Workbook();
  other.addWorksheet('Sheet1').getCell('A1').value = 'x';
  writeFileSync(notAccount, Buffer.from(await other.xlsx.writeBuffer()));
  const r2 = await run('upgrade', notAccount);
  expect(r2.code).toBe(2);
  expect(r2.stderr).toMatch(/^ka-sales: .*other\.xlsx: 无法读取：不是客户文件/);
  expect((await run('upgrade', notAccount, '--lang', 'en')).stderr).toMatch(
    /^ka-sales: .*other\.xlsx: cannot be read: not a ka-sales account workbook/,
  );

  const truncated = join(d, 'truncated.xlsx');
  const cut = oldBytes.subarray(0, Math.floor(oldBytes.length / 2));
  writeFileSync(truncated, cut);
  const r4 = await run('upgrade', truncated);
  expect(r4.code).toBe(2);
  expect(r4.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  expect(r4.stderr).toMatch(/^ka-sales: .*truncated\.xlsx: 无法读取：不是可读的 \.xlsx 工作簿/);
  expect(readFileSync(truncated).equals(cut)).toBe(true);

  const newer = join(d, 'newer.xlsx');
  const wbNewer = new ExcelJS.Workbook();
  await wbNewer.xlsx.load((await render(oldAccount())) as unknown as ExcelJS.Buffer);
  wbNewer.getWorksheet(META_TAB)!.getCell('B1').value = TEMPLATE_VERSION + 1;
  const newerBytes = Buffer.from(await wbNewer.xlsx.writeBuffer());
  writeFileSync(newer, newerBytes);
  const r3 = await run('upgrade', newer);
  expect(r3.code).toBe(2);
  expect(r3.stderr).toMatch(/由更新版本的 ka-sales 制作，请更新 ka-sales/);
  expect(readFileSync(newer).equals(newerBytes)).toBe(true);
});

test('backupPath: local time stamp next to the file', () => {
  expect(backupPath(join('a', 'b', 'x.xlsx'), new Date(2026, 0, 2, 3, 4, 5))).toBe(join('a', 'b', 'x.bak-20260102-030405.xlsx'));
});

test('an old workbook last saved by LibreOffice upgrades with every value kept', async () => {
  const d = folder();
  const src = join(d, 'src');
  mkdirSync(src);
  const oldBytes = await oldXlsx(oldAccount(), render);
  writeFileSync(join(src, 'lo.xlsx'), oldBytes);
  convert([join(src, 'lo.xlsx')], 'xlsx:Calc MS Excel 2007 XML', d);
  const file = join(d, 'lo.xlsx');
  expect(existsSync(file)).toBe(true);
  const saved = readFileSync(file);
  expect(saved.equals(oldBytes)).toBe(false);
  const r = await run('upgrade', file);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  await expectUpgraded(readFileSync(file), saved);
}, 180_000);
