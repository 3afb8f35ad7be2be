/**
 * @needs libreoffice
 * The decision-chain picture on the role-map tab (src/xlsx/role-map-picture.ts):
 * the workbook with it reads back as the same account, and LibreOffice opens
 * it, recalculates it and keeps the picture when it saves it again.
 */
import JSZip from 'jszip';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAccountJson } from '../../src/domain/account';
import { assessAccount } from '../../src/domain/assessment';
import { readXlsxAccount, readXlsxBuffer } from '../../src/xlsx/read-workbook';
import { accountWorkbookBuffer } from '../../src/xlsx/render-workbook';
import { writeAccountWorkbookWithPicture } from '../../src/xlsx/role-map-picture';
import { resaveAsXlsx } from '../support/libreoffice';

const EXAMPLE = readFileSync(join(__dirname, '..', 'fixtures', 'example-account.json'), 'utf8');
const media = async (file: string) =>
  Object.keys((await JSZip.loadAsync(readFileSync(file))).files).filter((f) => /^xl\/media\/.+\.png$/.test(f));

test('a workbook with the picture: same account back, and LibreOffice keeps the picture on a re-save', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ka-pic-'));
  const { account } = parseAccountJson(EXAMPLE);
  const file = join(dir, 'pic.xlsx');
  expect(await writeAccountWorkbookWithPicture(account, file, 'zh')).toBe(true);
  expect(await media(file)).toHaveLength(1);
  // The picture changes nothing the reader sees: the same account as the workbook without it.
  const plain = (await readXlsxBuffer(await accountWorkbookBuffer(account, 'zh'))).account;
  const back = await readXlsxAccount(file);
  expect(back.account).toEqual(plain);
  expect(assessAccount(back.account, '2026-11-01')).toEqual(assessAccount(account, '2026-11-01'));

  const resaved = resaveAsXlsx([file], join(dir, 'lo'))[file];
  expect(await media(resaved)).toHaveLength(1);
  const again = await readXlsxAccount(resaved);
  expect(again.account.roleMap).toEqual(plain.roleMap);
  expect(assessAccount(again.account, '2026-11-01')).toEqual(assessAccount(account, '2026-11-01'));
});
