/**
 * An account is read from the tabs it is in, and no other tab of the file is
 * inflated (accountTabs in src/domain/read-workbook.ts, used by
 * readXlsxBuffer): the health tab (output only) and the glossary are never
 * read. The account, its locations and its unbound content are what reading
 * every tab gives — for a workbook of today, one in English, one whose form
 * tab a rep renamed (the bindings follow it), and one made before bindings
 * (read by its tab names) — and a health or glossary part that is not even
 * XML does not stop the account being read.
 */
import { HEALTH_TAB } from '../../sheets-templates/health';
import { readAccountFromGrids } from '../../src/domain/read-workbook';
import { tabName } from '../../src/domain/layout';
import { generateAccount } from '../../src/domain/sample-accounts';
import { readXlsxBuffer } from '../../src/xlsx/read-workbook';
import { readXlsx } from '../../src/xlsx/read-xlsx';
import { accountWorkbookBuffer } from '../../src/xlsx/render-workbook';
import { type Parts, setText, sheetPart, text, unzipParts, zipParts } from '../support/zip-edit';
import { oldAccount, oldXlsx } from '../upgrade/support';

/** The account as read from every tab of the file. */
function fromEveryTab(bytes: Buffer) {
  const { grids, definedNames } = readXlsx(bytes);
  return readAccountFromGrids(grids, definedNames);
}

async function edited(bytes: Buffer, change: (parts: Parts) => void): Promise<Buffer> {
  const parts = await unzipParts(bytes);
  change(parts);
  return zipParts(parts);
}

/** A form tab renamed as a spreadsheet program renames it: the sheet and every defined name on it. */
function renameTab(parts: Parts, from: string, to: string): void {
  setText(
    parts,
    'xl/workbook.xml',
    text(parts, 'xl/workbook.xml').split(`name="${from}"`).join(`name="${to}"`).split(`&apos;${from}&apos;!`).join(`&apos;${to}&apos;!`),
  );
}

test.each([
  ['a workbook of today', () => accountWorkbookBuffer(generateAccount(3, '2026-11-01'))],
  ['an English workbook', () => accountWorkbookBuffer(generateAccount(4, '2026-11-01'), 'en')],
  [
    'a workbook whose key-people tab was renamed',
    async () =>
      edited(await accountWorkbookBuffer(generateAccount(5, '2026-11-01')), (p) => renameTab(p, tabName('keyPeople', 'zh'), '拜访记录')),
  ],
  ['a workbook made before bindings', () => oldXlsx(oldAccount(), (a) => accountWorkbookBuffer(a))],
])('%s: the account read from its own tabs is the one read from every tab', async (_what, make) => {
  const bytes = await make();
  const read = await readXlsxBuffer(bytes);
  expect(read).toEqual(fromEveryTab(bytes));
  expect(read.account.keyPeople.length).toBeGreaterThan(0);
});

test('a rep renaming a form tab keeps it read: the bindings name it', async () => {
  const bytes = await edited(await accountWorkbookBuffer(generateAccount(5, '2026-11-01')), (p) =>
    renameTab(p, tabName('keyPeople', 'zh'), '拜访记录'),
  );
  const read = await readXlsxBuffer(bytes);
  expect(read.bound).toBe(true);
  expect(read.locations['keyPeople.0.name']?.sheet).toBe('拜访记录');
});

test('the health and glossary tabs are not read at all: parts that are not XML do not stop the account', async () => {
  const good = await accountWorkbookBuffer(generateAccount(6, '2026-11-01'));
  const garbled = await edited(good, (p) => {
    for (const tab of [HEALTH_TAB.zh, tabName('glossary', 'zh')]) setText(p, sheetPart(p, tab), '<worksheet><sheetData><row>not xml');
  });
  expect(() => readXlsx(garbled)).toThrow(/not XML|XML/i);
  expect(await readXlsxBuffer(garbled)).toEqual(await readXlsxBuffer(good));
});
